"""Exercises of notebook 07 (why low frequencies first: the tangent kernel)."""
import numpy as np

from . import Exercise, Wrong, multiple_choice, require_callable

_CASES = [(0.8, 0.5), (0.01, 0.48), (1e-3, 0.9), (1.2, 1.5)]  # (mu, lr): lr mu from 4e-4 to 1.8


def _right(mu, lr, threshold=0.1):
    return np.log(threshold) / np.log(abs(1 - lr * mu))


def _decay_steps(answer):
    require_callable(answer, "a function decay_steps(mu, lr)")
    got = np.array([float(answer(mu, lr)) for mu, lr in _CASES])
    right = np.array([_right(mu, lr) for mu, lr in _CASES])
    if np.allclose(got, right, rtol=1e-6) or np.allclose(got, np.ceil(right)):
        return "A mode keeps (1 - η μ) of its error per step: small μ, many steps — the high frequencies."
    if np.any(~np.isfinite(got)):
        raise Wrong("for η μ > 1 the factor 1 - η μ is negative (the mode flips sign each step): take its absolute value.")
    if np.allclose(got, np.log(10) / np.array([lr * mu for mu, lr in _CASES]), rtol=1e-6):
        raise Wrong("that is the small-step approximation ln 10 / (η μ); it is off when η μ is not small "
                    "(the first case has η μ = 0.4). Solve |1 - η μ|^t = 0.1 exactly.")
    if np.allclose(got, [_right(mu, lr, 0.9) for mu, lr in _CASES], rtol=1e-6):
        raise Wrong("10 % of the error must remain, not 90 %: solve |1 - η μ|^t = 0.1.")
    raise Wrong(f"for (μ, η) = {_CASES} expected {right.round(2)}, got {got.round(2)}.")


decay_steps = Exercise(
    "Steps for one mode to fall below 10 %",
    _decay_steps,
    "Each step multiplies the mode's residual by (1 - η μ). Solve |1 - η μ|^t = 0.1 for t with logarithms.",
    "```python\ndef decay_steps(mu, lr):\n    return np.log(0.1) / np.log(abs(1 - lr * mu))\n```",
)

half_lr = multiple_choice(
    "Predict: with half the learning rate, does the predicted step count for k = 5 'halve', stay the 'same', or 'double'?",
    "double",
    {"double": "For small η μ the count is ln 10 / (η μ): half η, twice the steps.",
     "same": "the factor per step is 1 - η μ: a smaller η removes less of the mode at every step.",
     "halve": "a smaller step removes less of the mode per step, not more: look at 1 - η μ."},
    hint="Write the step count for a small η μ: t ≈ ln 10 / (η μ).",
    solution="`double`: t ≈ ln 10 / (η μ_5) is inversely proportional to η.",
)

double_width = multiple_choice(
    "Predict: with twice the width (same learning rate), does the predicted step count for k = 5 'halve', stay 'same', or 'double'?",
    "same",
    {"same": "In the NTK parameterization the kernel tends to a fixed limit as the width grows: μ_5 barely moves.",
     "halve": "more neurons do not make each eigenvalue larger here: the 1/√m in front of the sum averages them.",
     "double": "more neurons do not make each eigenvalue smaller either: the kernel is an average over neurons."},
    hint="The kernel is (1/m) Σ_r (a sum of one term per neuron): what does an average do as m doubles?",
    solution="`same`: the kernel is an average over the m neurons, so it converges as m grows.",
)
