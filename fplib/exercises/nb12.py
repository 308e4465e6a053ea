"""Exercises of notebook 12 (variable coefficients: Jacobi modes and HINTS)."""
import numpy as np

from . import Exercise, Wrong, require_callable, require_number

_A = np.array([[4.0, -1.0, 0.0], [-1.0, 3.0, -1.0], [0.0, -1.0, 2.0]])
_E, _R = np.array([1.0, 0.5, -0.25]), np.array([0.3, 1.0, 0.2])


def _damped(answer):
    require_callable(answer, "a function damped(e, r, apply_a)")
    apply_a = _A.__matmul__
    got = np.asarray(answer(_E.copy(), _R.copy(), apply_a), dtype=float)
    right = _E * (_E @ _R) / (_E @ _A @ _E)
    if got.shape != _E.shape:
        raise Wrong(f"return the scaled correction, a vector of the shape of e {_E.shape}; you returned shape {got.shape}.")
    if np.allclose(got, right):
        negative = np.asarray(answer(_E.copy(), _R.copy(), lambda v: -apply_a(v)), dtype=float)
        if not np.allclose(negative, 0):
            raise Wrong("where e · A e ≤ 0 the step is not a minimum (the energy is not convex along e): return zeros.")
        return "a = (e · r) / (e · A e): the error's energy is a parabola in a, and this is its lowest point."
    for wrong, why in ((_E, "that is the undamped correction: scale it by a = (e · r) / (e · A e)."),
                       (_E * (_E @ _E) / (_E @ _A @ _E), "use e · r in the numerator: the residual r = A (error) carries "
                                                          "what the error is, e · e does not."),
                       (_E * (_R @ _R) / (_R @ _A @ _R), "that is steepest descent's step along r; the direction here is e."),
                       (-right, "the sign: the step moves along +e when e · r > 0.")):
        if np.allclose(got, wrong):
            raise Wrong(why)
    raise Wrong("minimize ||error - a e||_A² over a: setting the derivative to zero gives a = (e · r) / (e · A e).")


damped_step = Exercise(
    "the damped (energy-optimal) step along a correction",
    _damped,
    "The error after the step is x - a e (x the error before, A x = r); its energy is a parabola in a.",
    "```python\ndef damped(e, r, apply_a):\n    curvature = e @ apply_a(e)\n"
    "    return e * (e @ r) / curvature if curvature > 0 else np.zeros_like(e)\n```",
)


def smoothest_sweeps(theta: float) -> Exercise:
    """Weighted Jacobi sweeps that shrink the smoothest Jacobi mode (generalized eigenvalue ``theta``) by 1e-8."""
    right = np.log(1e-8) / np.log(1 - 2 / 3 * theta)

    def test(answer):
        got = require_number(answer, "a number of sweeps")
        if abs(got - right) <= 0.01 * right:
            return (f"about {right:,.0f} sweeps: weighted Jacobi multiplies this mode by exactly 1 - (2/3) θ per sweep, "
                    "so a mode with a small θ takes that many; the network exists to remove it sooner.")
        for wrong, why in ((np.log(1e-8) / np.log(1 - theta), "that is plain Jacobi (w = 1); the sweeps here are weighted, w = 2/3."),
                           (np.log(1e-8) / np.log(1 - 2 / 3 * theta) / np.log(10), "use the natural logarithm in both places "
                                                                                    "(or the same base in both)."),
                           (1e8 * 2 / 3 * theta, "solve (1 - w θ)^t = 1e-8 for t: t = log(1e-8) / log(1 - w θ).")):
            if abs(got - wrong) <= 0.01 * abs(wrong):
                raise Wrong(why)
        raise Wrong(f"your number is {got / right:.2g}× the right one. Solve (1 - w θ)^t = 1e-8 with w = 2/3 and θ = theta[0].")

    return Exercise(
        "Weighted Jacobi sweeps to shrink the smoothest Jacobi mode by 1e-8",
        test,
        "Each sweep multiplies the mode by 1 - w θ (section 1); take logarithms.",
        "```python\nsweeps = np.log(1e-8) / np.log(1 - 2 / 3 * theta[0])\n```",
    )
