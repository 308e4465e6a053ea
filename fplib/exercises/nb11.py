"""Exercises of notebook 11 (two dimensions, trained once: against multigrid and the libraries)."""
import numpy as np

from . import Exercise, Wrong, multiple_choice, require_number


def _mode_sweeps(n: int, k: int, m: int, weight: float = 0.8, reduction: float = 1e-8) -> float:
    factor = 1 - weight * (1 - (np.cos(k * np.pi / (n + 1)) + np.cos(m * np.pi / (n + 1))) / 2)
    return np.log(reduction) / np.log(abs(factor))


slowest_unread = multiple_choice(
    "Predict: which unread mode (k >= l) does weighted Jacobi remove most slowly?",
    "(9, 1)",
    {"(9, 1)": "the branch reads k, l <= 8; among the rest, the lowest are (9, 1) and its mirror (1, 9), with one factor, "
               "and a lower mode has a factor closer to 1 under Jacobi. It is left to Jacobi alone.",
     "(8, 8)": "the branch reads the modes with k, l <= 8, so (8, 8) is corrected by the network.",
     "(9, 9)": "(9, 9) is unread, but higher than (9, 1): its factor is further from 1, Jacobi removes it sooner.",
     "(127, 127)": "the checkerboard mode keeps only |1 - 2w| = 0.6 per weighted sweep: removed in a few dozen sweeps."},
    hint="Jacobi's factor 1 - w (1 - (cos kπ/(n+1) + cos lπ/(n+1)) / 2) is closest to 1 for the lowest modes; "
         "which low modes does an 8 x 8 branch not read?",
    solution="`(9, 1)` (and its mirror (1, 9)): the lowest modes outside the 8 x 8 block the branch reads.",
)


def _unread_sweeps(answer):
    got = require_number(answer, "a number of sweeps")
    right = _mode_sweeps(255, 9, 1)
    if abs(got - right) <= 0.03 * right:
        return (f"about {right:,.0f} sweeps: four times the count at 127 x 127 (the factor's distance from 1 shrinks "
                "like 1/n²), which is why the trained-once solver falls further behind multigrid on finer grids.")
    for wrong, why in ((_mode_sweeps(255, 9, 1, weight=1.0), "that is plain Jacobi (weight 1); the solver sweeps with w = 4/5."),
                       (_mode_sweeps(255, 8, 8), "(8, 8) is read by the branch; the question is about the slowest unread "
                                                 "mode, (9, 1)."),
                       (_mode_sweeps(127, 9, 1), "that is for 127 x 127; the question is about n = 255.")):
        if abs(got - wrong) <= 0.03 * wrong:
            raise Wrong(why)
    raise Wrong(f"your number is {got / right:.2g}× the right one. Solve |λ|^t = 1e-8 for t, with "
                "λ = 1 - w (1 - (cos kπ/(n+1) + cos lπ/(n+1)) / 2), w = 4/5, (k, l) = (9, 1), n = 255.")


unread_sweeps = Exercise(
    "Weighted Jacobi sweeps to shrink the mode (9, 1) by 1e-8 on 255 x 255 points",
    _unread_sweeps,
    "t = log(1e-8) / log|λ_91|; compute λ_91 with relax.damping_factors(255, 0.8, dim=2)[8, 0] or by hand.",
    "```python\nfrom fplib import relax\nsweeps = np.log(1e-8) / np.log(abs(relax.damping_factors(255, 0.8, dim=2)[8, 0]))\n```",
)
