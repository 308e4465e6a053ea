"""Exercises of notebook 04 (a network on the Poisson problem)."""
import numpy as np

from . import Exercise, Wrong, multiple_choice, require_callable

_RNG = np.random.default_rng(4)
_U = _RNG.standard_normal(7)
_G = _RNG.standard_normal(7)
_H = 0.25


def _apply_a(u, h):
    padded = np.concatenate(([0.0], u, [0.0]))
    return (2 * u - padded[:-2] - padded[2:]) / h**2


def _gradient(answer):
    require_callable(answer, "a function energy_gradient(u, g, h)")
    got = np.asarray(answer(_U.copy(), _G.copy(), _H), dtype=float)
    right = _apply_a(_U, _H) - _G
    if got.shape != right.shape:
        raise Wrong(f"expected one derivative per interior point, shape {right.shape}; got {got.shape}.")
    if np.allclose(got, right):
        return "Setting it to zero gives A u = g: the energy's minimizer is the finite-difference solution."
    if np.allclose(got, -right):
        raise Wrong("sign error: E = ½ uᵀAu - gᵀu, so the gradient is A u - g (not g - A u).")
    if np.allclose(got, _apply_a(_U, 1.0) - _G):
        raise Wrong("the factor 1/h² of A is missing: A = tridiag(-1, 2, -1) / h².")
    if np.allclose(got, 2 * _apply_a(_U, _H) - _G):
        raise Wrong("the quadratic term is doubled: the derivative of ½ uᵀAu is A u (A is symmetric).")
    raise Wrong("compare with A u - g, where (A u)_i = (2u_i - u_{i-1} - u_{i+1}) / h² and u_0 = u_{n+1} = 0.")


energy_gradient = Exercise(
    "The gradient of the discrete energy",
    _gradient,
    "Differentiate ½ uᵀAu - gᵀu with respect to u; A is symmetric.",
    "```python\ndef energy_gradient(u, g, h):\n    padded = np.concatenate(([0.0], u, [0.0]))\n"
    "    return (2 * u - padded[:-2] - padded[2:]) / h**2 - g\n```",
)


_ENDS = "look at the condition the penalized minimizer satisfies at the ends: h'(±1) = ∓2β h(±1)."

larger_beta = multiple_choice(
    "Predict: with β = 100 instead of 10, are the boundary values 'closer' to 0, 'farther', or the 'same'?",
    "closer",
    {"closer": "The boundary values scale like |u'| / (2β): ten times β, about ten times closer to 0 — at a cost in speed.",
     "farther": _ENDS, "same": _ENDS},
    hint="The penalty's minimizer satisfies h'(±1) = ∓2β h(±1): solve for h(±1).",
    solution="`closer`: |h(±1)| ≈ |u'(±1)| / (2β) shrinks as β grows.",
)
