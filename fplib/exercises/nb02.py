"""Exercises of notebook 02 (image memorization)."""
import numpy as np

from . import Exercise, Wrong, multiple_choice, require_callable

_TARGET = np.linspace(0, 1, 50)
_PREDICTION = _TARGET + 0.05 * np.cos(np.arange(50))


def _psnr(answer):
    require_callable(answer, "a function psnr(prediction, target)")
    got = np.asarray(answer(_PREDICTION.copy(), _TARGET.copy()), dtype=float)
    mse = np.mean((_PREDICTION - _TARGET) ** 2)
    right = 10 * np.log10(1 / mse)
    if got.shape != ():
        raise Wrong(f"return one number (the PSNR of the whole picture), got an array of shape {got.shape}.")
    if np.isclose(got, right):
        return f"{right:.2f} dB here; every 10 dB means 10× less squared error."
    if np.isclose(got, 10 * np.log(1 / mse)):
        raise Wrong("you used the natural logarithm; decibels use log base 10 (np.log10).")
    if np.isclose(got, right / 2):
        raise Wrong("half the right value: did you use the root-mean-square error instead of the mean squared error?")
    if np.isclose(got, right / 10):
        raise Wrong("the factor 10 of the decibel scale is missing: 10 log10(1 / MSE).")
    if np.isclose(got, -right):
        raise Wrong("sign error: PSNR is 10 log10(range² / MSE), positive for a good picture.")
    raise Wrong(f"expected {right:.3f} dB for this test picture, got {float(got):.3f}.")


psnr_formula = Exercise(
    "PSNR of a picture with gray values in [0, 1]",
    _psnr,
    "Mean squared error first; then 10 times the base-10 logarithm of (1 / MSE).",
    "```python\ndef psnr(prediction, target):\n    return 10 * np.log10(1 / np.mean((prediction - target) ** 2))\n```",
)


_SHAPE = "the training-pixel curve keeps its shape (the network still memorizes); think about which pixels stop being unseen."

all_pixels = multiple_choice(
    "Predict: training on all pixels, which PSNR curve changes most — 'training', 'held-out' or 'both'?",
    "held-out",
    {"held-out": "Trained on every pixel, nothing is held out any more: the 'held-out' curve becomes training data too.",
     "training": _SHAPE, "both": _SHAPE},
    hint="Which pixels were never seen before, and are they still unseen?",
    solution="`held-out`: the formerly unseen pixels are now trained on, so their PSNR climbs like the training curve.",
)
