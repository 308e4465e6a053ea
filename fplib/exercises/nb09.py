"""Exercises of notebook 09 (train once, solve many: a network inside the iteration)."""
import numpy as np

from . import Exercise, Wrong, require_callable, require_number


def _mode_sweeps(n: int, k: int, weight: float = 2 / 3, reduction: float = 1e-8) -> float:
    return np.log(reduction) / np.log(1 - weight * (1 - np.cos(k * np.pi / (n + 1))))


def _first_unread(answer):
    got = require_number(answer, "a number of iterations")
    right = _mode_sweeps(1023, 33)
    if abs(got - right) <= 0.03 * right:
        return (f"about {right:,.0f} sweeps: whatever the network does for modes 1..32, mode 33 alone keeps the solver "
                "near this count — compare section 4's measured iterations.")
    if abs(got - _mode_sweeps(1023, 33, weight=1.0)) <= 0.03 * right:
        raise Wrong("that is plain Jacobi (weight 1); the solver sweeps with weighted Jacobi, weight w = 2/3.")
    if abs(got - _mode_sweeps(1023, 32)) <= 0.03 * right:
        raise Wrong("mode 32 is the last mode the branch reads; the first one it leaves to Jacobi is mode 33.")
    if abs(got - _mode_sweeps(255, 33)) <= 0.03 * _mode_sweeps(255, 33):
        raise Wrong("that is for the training grid, n = 255; the question is about n = 1023.")
    raise Wrong(f"your number is {got / right:.2g}× the right one. Solve |λ_k|^t = 1e-8 for t, with "
                "λ_k = 1 - w (1 - cos(kπ/(n+1))), w = 2/3, k = 33, n = 1023.")


first_unread = Exercise(
    "Predict: weighted Jacobi sweeps to shrink mode 33 by 1e-8 on n = 1023",
    _first_unread,
    "Weighted Jacobi multiplies mode k by λ_k = 1 - w (1 - cos(kπ/(n+1))) per sweep, w = 2/3.",
    "```python\nlam = 1 - 2 / 3 * (1 - np.cos(33 * np.pi / 1024))\niterations = np.log(1e-8) / np.log(lam)   # about 5,400\n```",
)

_CASES = [(60.0, 2.0, 0.5), (60.0, 0.5, 2.0), (10.0, 1.0, 0.999), (1.0, 3.0, 0.0005)]


def _breakeven(answer):
    require_callable(answer, "a function solves_to_break_even(training_seconds, baseline_seconds, solve_seconds)")
    for training, baseline, solve in _CASES:
        got = answer(training, baseline, solve)
        right = np.ceil(training / (baseline - solve)) if solve < baseline else np.inf
        if np.isinf(right):
            if not (isinstance(got, (int, float, np.number)) and got == np.inf):
                raise Wrong(f"when a solve ({solve} s) is slower than the baseline ({baseline} s), training never pays "
                            f"for itself: return np.inf; you returned {got!r}.")
            continue
        got = require_number(got, "a number of solves")
        if got == right:
            continue
        if got == training / (baseline - solve):
            raise Wrong("a number of solves is a whole number: round up (np.ceil), or the last solve does not pay.")
        if got == np.floor(training / (baseline - solve)):
            raise Wrong("rounded down: after that many solves the training is not yet paid for. Round up (np.ceil).")
        if got == np.ceil(training / baseline):
            raise Wrong("each solve saves baseline - solve seconds, not the whole baseline time.")
        raise Wrong(f"for training {training} s, baseline {baseline} s, solve {solve} s expected {right:.0f}, got {got}.")
    return "Training is a one-off cost; each solve saves baseline - solve seconds, if it saves any."


breakeven = Exercise(
    "Solves to pay for the training",
    _breakeven,
    "Each solve saves (baseline - solve) seconds; how many savings add up to the training time? Never, if none.",
    "```python\ndef solves_to_break_even(training_seconds, baseline_seconds, solve_seconds):\n"
    "    saving = baseline_seconds - solve_seconds\n"
    "    return np.ceil(training_seconds / saving) if saving > 0 else np.inf\n```",
)
