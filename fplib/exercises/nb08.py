"""Exercises of notebook 08 (the F-Principle in high dimensions, on real data)."""
import numpy as np

from . import Exercise, Wrong, multiple_choice, require_callable

_RNG = np.random.default_rng(8)
_X = _RNG.standard_normal((12, 3))
_Y = np.eye(2)[np.arange(12) % 2]
_DELTA = 0.7


def _filter(x, y, delta, *, normalize=True, variance=True, square=True):
    distance = np.sqrt(((x[:, None] - x[None]) ** 2).sum(-1))
    scale = 2 * delta if variance else 2 * delta**2
    weights = np.exp(-(distance**2 if square else distance) / scale)
    if normalize:
        weights = weights / weights.sum(axis=1, keepdims=True)
    return weights @ y


def _low_part(answer):
    require_callable(answer, "a function low_part(x, y, delta)")
    got = np.asarray(answer(_X.copy(), _Y.copy(), _DELTA), dtype=float)
    right = _filter(_X, _Y, _DELTA)
    if got.shape != right.shape:
        raise Wrong(f"expected the low part of every label, shape {right.shape} (points x classes); got {got.shape}.")
    if np.allclose(got, right):
        return "Each point's labels averaged with its neighbours, weighted by a Gaussian of variance δ."
    if np.allclose(got, _filter(_X, _Y, _DELTA, normalize=False)):
        raise Wrong("the rows of G must sum to 1 (divide each row by its sum): otherwise a constant is not its own low part.")
    if np.allclose(got, _filter(_X, _Y, _DELTA, variance=False)):
        raise Wrong("δ is a variance, not a width: the exponent is -|x_i - x_j|² / (2δ), not / (2δ²).")
    if np.allclose(got, _filter(_X, _Y, _DELTA, square=False)):
        raise Wrong("the exponent uses the squared distance |x_i - x_j|².")
    if np.allclose(got, _Y - right):
        raise Wrong("that is the high part y - G y; the low part is G y.")
    raise Wrong("not the low part: compare with G_ij = exp(-|x_i - x_j|² / (2δ)), rows normalized, low = G y.")


low_part = Exercise(
    "The low-frequency part of the labels",
    _low_part,
    "Squared distances with broadcasting: ((x[:, None] - x[None]) ** 2).sum(-1); then exp, normalize rows, multiply.",
    "```python\ndef low_part(x, y, delta):\n    squared = ((x[:, None] - x[None]) ** 2).sum(-1)\n"
    "    G = np.exp(-squared / (2 * delta))\n    return (G / G.sum(axis=1, keepdims=True)) @ y\n```",
)


def larger_delta(first_low: dict) -> Exercise:
    """Predict: with the largest delta, does e_low reach the threshold 'earlier', 'later' or at the 'same'
    epoch as with the smallest? Judged by this run's measurement ``first_low`` (delta -> epoch)."""
    deltas = sorted(first_low)
    small, large = first_low[deltas[0]], first_low[deltas[-1]]
    truth = "earlier" if large < small else ("later" if large > small else "same")
    measured = f"this run measured epoch {large:g} for δ = {deltas[-1]:g} and {small:g} for δ = {deltas[0]:g}"
    wrong = f"{measured}. A larger δ averages over wider neighbourhoods: its low part holds only the smoothest content."
    feedback = {"earlier": wrong, "later": wrong, "same": wrong, truth: f"{measured}."}
    return multiple_choice(
        "Predict: with the largest δ, does e_low fall below the threshold 'earlier', 'later' or at the 'same' epoch?",
        truth, feedback,
        hint="A larger δ keeps less in the low part: only what varies slowly over wide neighbourhoods.",
        solution=f"`{truth}` in this run.",
    )

