"""Exercises of notebook 03 (Jacobi on a Poisson problem)."""
import numpy as np

from . import Exercise, Wrong, require_callable, require_number

_RNG = np.random.default_rng(3)
_U = _RNG.standard_normal(9)
_G = _RNG.standard_normal(9)
_H = 0.2


def _reference(u, g, h):
    padded = np.concatenate(([0.0], u, [0.0]))
    return 0.5 * (padded[:-2] + padded[2:] + h**2 * g)


def _sequential(u, g, h):
    padded = np.concatenate(([0.0], u, [0.0]))
    for i in range(1, len(u) + 1):
        padded[i] = 0.5 * (padded[i - 1] + padded[i + 1] + h**2 * g[i - 1])
    return padded[1:-1]


def _jacobi_sweep(answer):
    require_callable(answer, "a function jacobi_sweep(u, g, h)")
    u = _U.copy()
    got = np.asarray(answer(u, _G.copy(), _H), dtype=float)
    right = _reference(_U, _G, _H)
    if not np.array_equal(u, _U):
        raise Wrong("your function changed its input u: Jacobi computes every new value from the old ones "
                    "(updating in place while sweeping is Gauss-Seidel).")
    if got.shape == (len(_U) + 2,):
        raise Wrong("return only the interior values (the boundary values are fixed at 0), shape (n,).")
    if got.shape != right.shape:
        raise Wrong(f"expected the new interior values, shape {right.shape}; got shape {got.shape}.")
    if np.allclose(got, right):
        return "Every value became the average of its neighbours plus h²g/2, all from the old iterate."
    if np.allclose(got, _sequential(_U, _G, _H)):
        raise Wrong("that is a Gauss-Seidel sweep (each update already uses the new left neighbour); "
                    "Jacobi uses only the old values.")
    if np.allclose(got, _reference(_U, _G, 1.0)):
        raise Wrong("the source term is missing its factor h²: u_i <- (u_{i-1} + u_{i+1} + h² g_i) / 2.")
    if np.allclose(got, _reference(_U, -_G, _H)):
        raise Wrong("sign error: for -u'' = g the source enters with a plus sign, + h² g_i.")
    if np.allclose(got, 2 * right):
        raise Wrong("off by a factor of 2: average the neighbours, (u_{i-1} + u_{i+1} + h² g_i) / 2.")
    raise Wrong("not a Jacobi sweep: compare with u_i <- (u_{i-1} + u_{i+1} + h² g_i) / 2 with u_0 = u_{n+1} = 0.")


jacobi_sweep = Exercise(
    "One Jacobi sweep",
    _jacobi_sweep,
    "Pad u with a zero at each end, then combine the shifted slices padded[:-2] and padded[2:].",
    "```python\ndef jacobi_sweep(u, g, h):\n    padded = np.concatenate(([0.0], u, [0.0]))\n"
    "    return 0.5 * (padded[:-2] + padded[2:] + h**2 * g)\n```",
)


def _sweeps(n, k):
    return np.log(0.1) / np.log(np.cos(k * np.pi / (n + 1)))


def _predict_sweeps(answer):
    got = require_number(answer, "a number of sweeps")
    right = _sweeps(255, 2)
    if abs(got - right) <= 0.05 * right:
        return f"λ_2 = cos(2π/256) gives {right:.0f} sweeps: twice the grid, about four times the sweeps."
    if abs(got - _sweeps(127, 2)) <= 0.05 * _sweeps(127, 2):
        raise Wrong("that is the count for n = 127; redo it with n = 255.")
    if abs(got - _sweeps(255, 1)) <= 0.05 * _sweeps(255, 1):
        raise Wrong("you used mode k = 1; the lowest tracked peak is mode k = 2 (ω = π).")
    ratio = got / right
    raise Wrong(f"your number is {ratio:.2g}× the right one. Solve |λ_k|^t = 0.1 for t with λ_k = cos(kπ/(n+1)).")


predict_sweeps = Exercise(
    "Predict: sweeps for the lowest tracked peak to reach 10 % at n = 255",
    _predict_sweeps,
    "Each sweep multiplies the mode's error by λ_k = cos(kπ/(n+1)); the lowest tracked peak is mode k = 2.",
    "```python\nsweeps = np.log(0.1) / np.log(np.cos(2 * np.pi / 256))   # about 7,600\n```",
)
