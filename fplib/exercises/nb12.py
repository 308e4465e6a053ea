"""Exercises of notebook 12 (variable coefficients, a new k in every solve)."""
import numpy as np

from . import Exercise, Wrong, require_callable, require_number

_K = np.array([1.0, 100.0, 4.0, 4.0, 0.5])


def _faces(answer):
    require_callable(answer, "a function face_coefficients(k)")
    got = np.asarray(answer(_K.copy()), dtype=float)
    right = 2 * _K[:-1] * _K[1:] / (_K[:-1] + _K[1:])
    if got.shape != right.shape:
        raise Wrong(f"5 point values have 4 faces between them; you returned shape {got.shape}.")
    if np.allclose(got, right):
        return "Harmonic means: each face conducts close to its weaker side, as flux through a barrier must."
    if np.allclose(got, (_K[:-1] + _K[1:]) / 2):
        raise Wrong("that is the arithmetic mean: it lets flux through a barrier as if it were not there. "
                    "Flux continuity across the face gives the harmonic mean 2 a b / (a + b).")
    if np.allclose(got, np.sqrt(_K[:-1] * _K[1:])):
        raise Wrong("that is the geometric mean; resistances in series add, so take the harmonic mean 2 a b / (a + b).")
    raise Wrong("face i lies between points i and i + 1: return 2 k[:-1] k[1:] / (k[:-1] + k[1:]).")


face_coefficients = Exercise(
    "k at the faces between grid points",
    _faces,
    "Two half-cells in series: their resistances h / (2 a) and h / (2 b) add.",
    "```python\ndef face_coefficients(k):\n    return 2 * k[:-1] * k[1:] / (k[:-1] + k[1:])\n```",
)


def _face(answer):
    got = require_number(answer, "a number")
    if abs(got - 200 / 101) <= 0.01:
        return "200/101 ≈ 1.98: a face conducts about as well as its weaker side."
    if abs(got - 50.5) <= 0.1:
        raise Wrong("50.5 is the arithmetic mean; the flux through two half-cells in series needs the harmonic mean.")
    if abs(got - 10.0) <= 0.01:
        raise Wrong("10 is the geometric mean; resistances add in series, so take 2 a b / (a + b).")
    raise Wrong("use 2 a b / (a + b) with a = 1 and b = 100.")


face_between = Exercise(
    "Predict: k at the face between a point with k = 1 and one with k = 100",
    _face,
    "Resistances in series add: h / (2 a) + h / (2 b) = h / k_face.",
    "```python\nk_face = 2 * 1 * 100 / (1 + 100)   # 1.98\n```",
)
