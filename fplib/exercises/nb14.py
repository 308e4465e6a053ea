"""Exercises of notebook 14 (coarse spaces built from k: operator-dependent and learned interpolation)."""
import numpy as np

from . import Exercise, Wrong, require_callable, require_number

_RNG = np.random.default_rng(14)
_LEFT, _RIGHT = _RNG.normal(size=6), _RNG.normal(size=6)
_K_LEFT, _K_RIGHT = 10.0 ** _RNG.uniform(-4, 4, size=6), 10.0 ** _RNG.uniform(-4, 4, size=6)


def _fine_value(answer):
    require_callable(answer, "a function fine_value(u_left, u_right, k_left, k_right)")
    got = np.asarray(answer(_LEFT.copy(), _RIGHT.copy(), _K_LEFT.copy(), _K_RIGHT.copy()), dtype=float)
    right = (_K_LEFT * _LEFT + _K_RIGHT * _RIGHT) / (_K_LEFT + _K_RIGHT)
    if got.shape != right.shape:
        raise Wrong(f"return one value per fine point, shape {right.shape} here; you returned shape {got.shape}.")
    if np.allclose(got, right):
        return ("the flux k (u_fine - u_left) / h through the left face equals the flux through the right face: the "
                "fine value leans towards the side that conducts better, and equals the average only where k_left = "
                "k_right (bilinear interpolation's case).")
    for wrong, why in ((0.5 * (_LEFT + _RIGHT), "that is the plain average, bilinear interpolation: right only where "
                                                "k_left = k_right. Make the two faces' fluxes equal."),
                       ((_K_RIGHT * _LEFT + _K_LEFT * _RIGHT) / (_K_LEFT + _K_RIGHT), "the weights are swapped: the "
                        "better-conducting face pulls the fine value towards its own coarse neighbour."),
                       (_K_LEFT * _LEFT + _K_RIGHT * _RIGHT, "divide by k_left + k_right: the weights must add up to 1, "
                                                             "so that a constant stays a constant.")):
        if np.allclose(got, wrong):
            raise Wrong(why)
    raise Wrong("solve k_left (u - u_left) = k_right (u_right - u) for u: the flux in equals the flux out.")


fine_value = Exercise(
    "The fine value between two coarse values that keeps the flux continuous (1D)",
    _fine_value,
    "The flux through a face is k times the slope across it; set the two fluxes equal and solve for the fine value.",
    "```python\ndef fine_value(u_left, u_right, k_left, k_right):\n"
    "    return (k_left * u_left + k_right * u_right) / (k_left + k_right)\n```",
)

_N, _ITERATIONS = (63, 255), (20, 40)  # exercise 2: a solver's counts on two grids (our numbers, not a run's)
_P = np.log(_ITERATIONS[1] / _ITERATIONS[0]) / np.log(_N[1] / _N[0])


def _exponent(answer):
    got = require_number(answer, "an exponent p")
    if abs(got - _P) <= 0.02 * _P:
        return (f"p ≈ {_P:.2f}: twice the iterations on a grid about four times finer. A grid-independent solver has p ≈ 0; "
                "benchmarks/varcoef.py measures the growth of notebook 13's network-CG this way.")
    for wrong, why in ((np.log(_ITERATIONS[1] / _ITERATIONS[0]) / np.log((_N[1] / _N[0]) ** 2),
                        "that fits against the number of unknowns n²; the exponent here is against n."),
                       (1 / _P, "the ratio is upside down: p = log(I₂ / I₁) / log(n₂ / n₁)."),
                       ((_ITERATIONS[1] - _ITERATIONS[0]) / (_N[1] - _N[0]), "that is a slope on linear axes; the "
                                                                              "exponent is the slope on log-log axes.")):
        if abs(got - wrong) <= 0.02 * abs(wrong):
            raise Wrong(why)
    raise Wrong("I = c n^p on both grids: divide the two equations and take logarithms.")


iteration_exponent = Exercise(
    "The growth exponent p of I = c n^p from 20 iterations at n = 63 and 40 at n = 255",
    _exponent,
    "Divide I₂ = c n₂^p by I₁ = c n₁^p: c drops out.",
    "```python\np = np.log(40 / 20) / np.log(255 / 63)\n```",
)
