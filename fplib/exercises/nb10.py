"""Exercises of notebook 10 (the Poisson problem on the square)."""
import numpy as np

from . import Exercise, Wrong, require_callable, require_number

_RNG = np.random.default_rng(10)
_U = _RNG.normal(size=(7, 7))
_G = _RNG.normal(size=(7, 7))
_H = 0.25


def _reference_sweep(u, g, h):
    padded = np.pad(u, 1)
    return 0.25 * (padded[:-2, 1:-1] + padded[2:, 1:-1] + padded[1:-1, :-2] + padded[1:-1, 2:] + h**2 * g)


def _sweep(answer):
    require_callable(answer, "a function jacobi_sweep_2d(u, g, h)")
    u = _U.copy()
    got = np.asarray(answer(u, _G.copy(), _H), dtype=float)
    right = _reference_sweep(_U, _G, _H)
    if got.shape != right.shape:
        raise Wrong(f"for a 7 x 7 interior u your function returned shape {got.shape}; return the new interior values, "
                    f"shape {right.shape}.")
    if not np.array_equal(u, _U):
        raise Wrong("your function changed u in place (Gauss-Seidel style): Jacobi computes every new value from the old ones.")
    if np.allclose(got, right):
        return "Four neighbours, each weighted 1/4, plus h²g/4: the 5-point stencil solved for the centre."
    padded = np.pad(_U, 1)
    neighbours = padded[:-2, 1:-1] + padded[2:, 1:-1] + padded[1:-1, :-2] + padded[1:-1, 2:]
    if np.allclose(got, 0.25 * (neighbours + _G)):
        raise Wrong("the source term needs h²: the stencil is (4u - neighbours) / h² = g.")
    if np.allclose(got, 0.5 * (neighbours + _H**2 * _G)) or np.allclose(got, 0.5 * (neighbours + _H**2 * _G) / 2 * 2):
        raise Wrong("in 2D a point has four neighbours: divide by 4, not 2.")
    if np.allclose(got, 0.25 * (neighbours - _H**2 * _G)):
        raise Wrong("sign error: -Δu = g gives 4u - neighbours = h²g, so + h²g.")
    raise Wrong("compare with the formula u_ij ← (u_(i-1)j + u_(i+1)j + u_i(j-1) + u_i(j+1) + h² g_ij) / 4, zero outside.")


jacobi_sweep_2d = Exercise(
    "One Jacobi sweep in 2D",
    _sweep,
    "Pad u with zeros (np.pad(u, 1)) and add the four shifted interiors.",
    "```python\ndef jacobi_sweep_2d(u, g, h):\n    p = np.pad(u, 1)\n"
    "    return 0.25 * (p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] + h**2 * g)\n```",
)


def _smoothing(answer):
    got = require_number(answer, "a fraction between 0 and 1")
    if abs(got - 0.6) <= 0.01:
        return ("3/5: the worst high mode keeps 60 % per sweep, whatever n — weighted Jacobi with 4/5 smooths; "
                "the low modes, with factors near 1, are left for a coarser grid.")
    if abs(got - 1.0) <= 0.01:
        raise Wrong("that is plain Jacobi (weight 1), which barely touches the checkerboard mode (k = l = n). Use w = 4/5.")
    if abs(got - 1 / 3) <= 0.01:
        raise Wrong("1/3 is the 1D answer with weight 2/3; in 2D with w = 4/5 compare the mode (n, n) and the mode (n/2, 1).")
    if abs(got - 0.2) <= 0.01:
        raise Wrong("1 - w = 0.2 is what the mode (n/2, n/2) keeps (its two cosines are both about 0): the best-damped "
                    "mode, not the worst. The worst of the upper half sits at its edges: the mode (n, n) keeps "
                    "|1 - 2w| and the mode (n/2, 1) keeps 1 - w/2.")
    if abs(got - 0.8) <= 0.01:
        raise Wrong("0.8 is the weight w itself, not what a mode keeps: put w into λ = 1 - w (1 - (cos kπ/(n+1) + "
                    "cos lπ/(n+1)) / 2) for the modes (n, n) and (n/2, 1).")
    raise Wrong("with λ = 1 - w (1 - (cos kπ/(n+1) + cos lπ/(n+1)) / 2), find the largest |λ| over the modes with "
                "max(k, l) > n/2, for w = 4/5 and large n.")


smoothing_factor = Exercise(
    "Predict: what weighted Jacobi (w = 4/5) leaves of the worst high mode per sweep, for large n",
    _smoothing,
    "Check the corners of the upper half: the mode (n, n) with λ ≈ 1 - 2w and the mode (n/2, 1) with λ ≈ 1 - w/2.",
    "```python\nw = 4 / 5\nsmoothing = max(abs(1 - 2 * w), abs(1 - w / 2))   # 3/5\n```",
)
