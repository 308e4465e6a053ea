"""Exercises of notebook 01 (the F-Principle on a 1D function)."""
import numpy as np

from . import Exercise, Wrong, multiple_choice, require_callable

_F = np.array([1.0, 2j, -3.0, 0.5 + 0.5j])
_H = np.array([1.0, -2j, -1.5, 0.5 - 0.5j])  # right amplitude/wrong phase, half the amplitude, conjugate


def _relative_error(answer):
    require_callable(answer, "a function relative_error(h, f)")
    got = np.asarray(answer(_H.copy(), _F.copy()))
    right = np.abs(_H - _F) / np.abs(_F)
    if got.shape != right.shape:
        raise Wrong(f"for 4 coefficients your function returned shape {got.shape}; expected one error per "
                    f"coefficient, shape {right.shape}.")
    if np.iscomplexobj(got) and np.any(np.abs(got.imag) > 1e-12):
        raise Wrong("your result is complex: a relative error is a real, non-negative number (take np.abs).")
    got = got.real.astype(float)
    if np.allclose(got, right):
        return "Amplitude and phase must both match for this error to be small."
    if np.allclose(got, np.abs(np.abs(_H) - np.abs(_F)) / np.abs(_F)):
        raise Wrong("that is the magnitude form ||h|-|f||/|f|: it is zero when only the phase is wrong. "
                    "The complex form subtracts the coefficients first: |h - f| / |f|.")
    if np.allclose(got, np.abs(_H - _F) / np.abs(_H)):
        raise Wrong("you divided by |h| (the network's coefficient); the error is relative to the target: divide by |f|.")
    if np.allclose(got, right**2):
        raise Wrong("your values are the squares of the right ones: use |h - f| / |f|, not squared magnitudes.")
    if np.allclose(got, 2 * right) or np.allclose(got, right / 2):
        raise Wrong("off by a factor of 2: the relative error is exactly |h - f| / |f|.")
    raise Wrong(f"for h = {_H}, f = {_F} expected {right.round(3)}, got {got.round(3)}.")


relative_error = Exercise(
    "Relative error at a frequency",
    _relative_error,
    "Subtract the two complex coefficients, take the modulus with np.abs, divide by the target's modulus.",
    "```python\ndef relative_error(h, f):\n    return np.abs(h - f) / np.abs(f)\n```",
)


first_learned = multiple_choice(
    "Predict, before training: which peak of sin x + 2 sin 3x + 3 sin 5x falls below 10 % first?",
    "1",
    {"1": "The F-Principle's answer: the lowest frequency, although it has the smallest amplitude. Section 5 "
          "checks it against this run.",
     "3": "k = 3 has neither the lowest frequency nor the largest amplitude: neither hypothesis picks it.",
     "5": "k = 5 has the largest amplitude, but the F-Principle orders by frequency, not by amplitude: "
          "section 4's heat map shows k = 5 learned last."},
    hint="Two hypotheses disagree here: 'the biggest component first' says k = 5; the F-Principle says the "
         "lowest frequency first.",
    solution="`1`: the lowest frequency is learned first, although k = 5 has three times its amplitude "
             "(section 5 asserts it for this run).",
)
