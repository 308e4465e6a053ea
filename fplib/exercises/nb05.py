"""Exercises of notebook 05 (the hybrid solver). They are built from the notebook's own run."""
import numpy as np

from .. import hybrid
from . import Exercise, Wrong, multiple_choice, require_number


def choose_switch(prob, history, tol, seconds_per_iteration, eval_seconds) -> Exercise:
    """Pick the training step at which to hand over; judged by the predicted time to ``tol``."""
    predicted = hybrid.predicted_hybrid_times(prob, history, tol, seconds_per_iteration, eval_seconds)
    best = int(np.argmin(predicted))

    def test(answer):
        step = require_number(answer, "a training step (one of history.steps)")
        if step not in set(history.steps.tolist()):
            raise Wrong(f"{step:g} is not a recorded step; choose one of history.steps "
                        f"({history.steps[0]}, {history.steps[1]}, ..., {history.steps[-1]}).")
        i = int(np.flatnonzero(history.steps == step)[0])
        ratio = predicted[i] / predicted[best]
        if ratio <= 1.25:
            return f"predicted {predicted[i]:.2f} s, within {ratio:.2f}× of the best switch (step {history.steps[best]})."
        side = "early: Jacobi inherits low-frequency error it removes slowly" if i < best else \
            "late: the training after the best moment is time Jacobi did not need"
        raise Wrong(f"switching at step {step:g} takes {ratio:.1f}× the best predicted time — too {side}.")

    return Exercise(
        f"Choose a switch step for the tolerance {tol:g}",
        test,
        "For each recorded step, add its training time, one evaluation, and relax.iterations_to_tolerance × seconds per sweep.",
        "```python\nt = hybrid.predicted_hybrid_times(prob, history, tol, seconds_per_iteration, eval_seconds)\n"
        "step = history.steps[np.argmin(t)]\n```",
    )


def fastest_method(times: dict) -> Exercise:
    """Which method of the measured table is fastest? ``times`` maps method name -> seconds."""
    options = {name.lower(): t for name, t in times.items()}
    fastest = min(options, key=options.get)
    feedback = {name: f"'{name}' took {t:.3g} s here; another method in the table was {t / options[fastest]:,.0f}× faster."
                for name, t in options.items()}
    feedback[fastest] = f"{options[fastest]:.2g} s in this run."
    return multiple_choice("Which method reached the tolerance first in this run?", fastest, feedback,
                           hint="Read the table of section 6: the smallest time wins.", solution=f"`{fastest}`.")
