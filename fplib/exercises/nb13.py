"""Exercises of notebook 13 (the network inside a Krylov method: standings per new coefficient)."""
import numpy as np

from . import Exercise, Wrong, require_number


def _termination(answer):
    got = require_number(answer, "a number of iterations")
    if got == 63:
        return ("n = 63: each direction is A-orthogonal to all before it, and 63 such directions span the whole space, "
                "so the 63rd step lands on the solution (in exact arithmetic), whatever the preconditioner.")
    if got == 100:
        raise Wrong("KEEP is how many directions are kept, not how many steps are needed: count the unknowns.")
    if got in (64, 65):
        raise Wrong("the two boundary values are not unknowns: the matrix is 63 × 63.")
    raise Wrong("how many nonzero vectors can be A-orthogonal to each other in a space of 63 unknowns?")


finite_termination = Exercise(
    "Predict: flexible CG's iterations at most, KEEP >= n = 63, exact arithmetic",
    _termination,
    "A-orthogonal directions are linearly independent.",
    "```python\nmax_iterations = 63\n```",
)


def _left(n, weight, sweeps=2):
    """What ``sweeps`` Jacobi sweeps of weight ``weight`` leave of each sine mode, k = 1."""
    m = np.arange(1, n + 1)
    return np.abs(1 - 2 * weight * np.sin(m * np.pi / (2 * (n + 1))) ** 2) ** sweeps


def _band(answer):
    got = require_number(answer, "a number of modes")
    right = int(np.sum(_left(255, 2 / 3) > 0.5))
    if got == right:
        return (f"{right} modes, nearly a third of them: the band the sweeps cannot clear grows like n, and the network "
                "takes only the few lowest out of it; this is why the iterations grow with n.")
    for wrong, why in ((int(np.sum(_left(255, 1.0) > 0.5)), "that is plain Jacobi (w = 1), which also leaves the "
                                                             "highest modes; the sweeps here are weighted, w = 2/3."),
                       (int(np.sum(_left(255, 2 / 3, 1) > 0.5)), "that is one sweep; the preconditioner has two: "
                                                                  "square the factor."),
                       (int(np.sum(_left(63, 2 / 3) > 0.5)), "that is for n = 63; the question is about n = 255."),
                       (255 - right, "that counts the modes it removes to below one half; count those it leaves more than half of.")):
        if got == wrong:
            raise Wrong(why)
    raise Wrong("count the m = 1 ... 255 with (1 - (4/3) sin²(mπ / 512))² > 0.5.")


band_size = Exercise(
    "Sine modes that two weighted Jacobi sweeps leave more than half of, k = 1, n = 255",
    _band,
    "Evaluate the factor for every m with NumPy and count.",
    "```python\nm = np.arange(1, 256)\nmodes_left = int(np.sum((1 - 4 / 3 * np.sin(m * np.pi / (2 * 256)) ** 2) ** 2 > 0.5))\n```",
)
