"""Exercises of notebook 06 (Fourier features and multiscale networks)."""
import numpy as np

from . import Exercise, Wrong, multiple_choice, require_callable

_RNG = np.random.default_rng(6)
_V = _RNG.uniform(-1, 1, (5, 2))
_B = _RNG.normal(0, 2, (3, 2))


def _features(answer):
    require_callable(answer, "a function fourier_features(v, B)")
    got = np.asarray(answer(_V.copy(), _B.copy()), dtype=float)
    angles = 2 * np.pi * _V @ _B.T
    right = np.concatenate([np.cos(angles), np.sin(angles)], axis=1)
    if got.shape != right.shape:
        raise Wrong(f"for 5 points in 2D and B of shape (3, 2) expected shape {right.shape} "
                    f"(cosines, then sines, per point); got {got.shape}.")
    if np.allclose(got, right):
        return "Each row of B is one random frequency, in cycles per unit of v."
    if np.allclose(got, np.concatenate([np.sin(angles), np.cos(angles)], axis=1)):
        raise Wrong("sines and cosines are swapped: the convention is [cos 2πBv, sin 2πBv].")
    plain = _V @ _B.T
    if np.allclose(got, np.concatenate([np.cos(plain), np.sin(plain)], axis=1)):
        raise Wrong("the factor 2π is missing: B holds frequencies in cycles per unit, so the angle is 2π Bv.")
    raise Wrong("compare with np.concatenate([np.cos(2π v Bᵀ), np.sin(2π v Bᵀ)], axis=1).")


fourier_features = Exercise(
    "The Fourier-feature mapping",
    _features,
    "The angles are 2π v Bᵀ (one column per row of B); stack cosines and sines side by side.",
    "```python\ndef fourier_features(v, B):\n    angles = 2 * np.pi * v @ B.T\n"
    "    return np.concatenate([np.cos(angles), np.sin(angles)], axis=1)\n```",
)


large_sigma = multiple_choice(
    "Predict: with the largest σ, is the held-out PSNR 'higher' or 'lower' than the plain MLP's?",
    "lower",
    {"lower": "Large σ offers frequencies the training pixels cannot pin down in between: the held-out pixels fill "
              "with noise. Section 2 asserts it for this run.",
     "higher": "Large σ makes the training pixels easy to fit, but it offers frequencies up to the pixel scale that "
               "the training pixels do not pin down in between; section 2 measures the held-out PSNR."},
    hint="Large σ offers frequencies up to the pixel scale; the training pixels do not pin them down in between.",
    solution="`lower`: section 2 asserts it for this run.",
)
