"""The course plan: which notebook builds on which, how long each takes, three suggested paths.

    python -m coursework.plan [OUT.png]     (default: figures/course_plan.png)

draws the dependency graph (the figure of the README and of the site's course plan page). The notebook
headers' "Builds on" and "Time" lines come from here too (``coursework.notebook_furniture``).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from . import repository


@dataclass(frozen=True)
class Notebook:
    title: str
    builds_on: tuple[str, ...]
    minutes: int  # a student's time, our estimate (not measured): reading, running (classroom), exercises 1-2
    learn: str    # the objectives, used only where a notebook's header has none


PLAN = {
    "01": Notebook("The F-Principle in 1D", (), 45, "what the F-Principle says, and how to measure it: the DFT of a "
                   "network's output, the peaks of the target's spectrum, the relative error at each peak over training."),
    "02": Notebook("Image memorization", (), 40, "the F-Principle on a picture: rings of the 2D spectrum learned from "
                   "coarse to fine, and what fitting the training pixels' fine detail does to held-out pixels."),
    "03": Notebook("Jacobi on Poisson", (), 60, "why Jacobi fixes each sine mode of the error by its own factor, high "
                   "frequencies first, and why that is the reason multigrid exists."),
    "04": Notebook("A network on Poisson", ("03",), 50, "the energy (Ritz) loss, and a network on notebook 03's "
                   "problem learning low frequencies first: the reverse of Jacobi."),
    "05": Notebook("The hybrid solver", ("03", "04"), 75, "how to hand a network's output to Jacobi, when to switch, "
                   "and how to compare the hybrid honestly with multigrid and a direct solve, training time included."),
    "06": Notebook("Beyond the article", ("01", "04", "05"), 60, "Fourier features and multiscale networks, which "
                   "learn high frequencies sooner, measured on the tasks of notebooks 01, 02, 04 and 05."),
    "07": Notebook("Why low frequencies first", ("01",), 75, "the neural tangent kernel: its eigenvalues fall with "
                   "frequency, and they predict the heat map before training; where that prediction breaks."),
    "08": Notebook("High dimensions", (), 60, "how to measure frequency where no grid exists (filtering, projection), "
                   "and what the F-Principle says about generalization on the Boolean cube."),
    "09": Notebook("Train once, solve many", ("03", "05"), 60, "an operator network trained once and reused inside "
                   "Jacobi (the HINTS idea): predicting the best correction interval and comparing with classical solvers."),
    "10": Notebook("Two dimensions", ("03", "04", "05"), 60, "Jacobi, a network and the one-switch hybrid on the 2D "
                   "Poisson problem, and how the 1D contrast carries over."),
    "11": Notebook("2D: train once against multigrid", ("09", "10"), 60, "notebook 09's trained-once solver in 2D, timed "
                   "against geometric and algebraic multigrid and a sparse LU solve."),
    "12": Notebook("Variable coefficients: Jacobi modes and HINTS", ("03", "09"), 75, "a new coefficient k in every "
                   "solve: what frequency means then for Jacobi, a network that reads k inside HINTS, and controls with "
                   "several seeds that show which part of its low-first learning order the design makes."),
    "13": Notebook("The network inside a Krylov method", ("11", "12"), 60, "the k-reading network as a flexible-CG "
                   "preconditioner against the same method without it and Jacobi-CG, why its iterations grow with the grid, "
                   "and its standings per new coefficient against algebraic and geometric multigrid, set-up included."),
}

PATHS = {
    "A two-week module on spectral bias": ("01", "02", "03", "04", "05"),
    "A numerical-analysis course (iterative solvers)": ("03", "04", "05", "09", "10", "11", "12", "13"),
    "A machine-learning theory course": ("01", "02", "07", "08", "06"),
}


def builds_on(number: str) -> str:
    """The header's "Builds on" sentence of notebook ``number``."""
    before = PLAN[number].builds_on
    if not before:
        return "nothing: this notebook stands alone."
    names = [f"notebook {n} ({PLAN[n].title})" for n in before]
    return (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]) + "."


# where each notebook sits in the figure: column = depth in the graph, rows chosen to keep arrows apart
PLACE = {"01": (0, 2.2), "07": (1, 3.0), "06": (3, 1.9), "03": (0, -0.3), "04": (1, 0.6), "05": (2, 0.6),
         "10": (3, -0.3), "09": (3, -1.9), "11": (4, -1.1), "12": (4, -2.7), "13": (5, -1.9), "02": (0, -1.7), "08": (0, -2.9)}


def draw(out: Path) -> Path:
    """Draw the dependency graph into ``out`` (PNG): a box per notebook, an arrow per prerequisite."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(14, 7))
    boxes = {}
    for number, (x, y) in PLACE.items():
        alone = not PLAN[number].builds_on
        boxes[number] = ax.text(3.4 * x, y, f"{number} · {PLAN[number].title}\n~{PLAN[number].minutes} min", ha="center",
                                va="center", fontsize=10, bbox=dict(boxstyle="round,pad=0.5", edgecolor="0.35",
                                                                    facecolor="#eaf6e4" if alone else "#e8f0fb"))
    fig.canvas.draw()  # the boxes' sizes, so that arrows start and end on their edges
    for number in PLACE:
        for before in PLAN[number].builds_on:
            span, rise = PLACE[number][0] - PLACE[before][0], PLACE[number][1] - PLACE[before][1]
            rad = 0 if span == 1 else (0.25 if rise < 1 else -0.12)  # long arrows bend around the boxes between
            ax.annotate("", xy=(3.4 * PLACE[number][0], PLACE[number][1]), xytext=(3.4 * PLACE[before][0], PLACE[before][1]),
                        arrowprops=dict(arrowstyle="-|>", color="0.4", lw=1.1, connectionstyle=f"arc3,rad={rad}",
                                        patchA=boxes[before].get_bbox_patch(), patchB=boxes[number].get_bbox_patch()))
    ax.set_xlim(-1.6, 3.4 * max(x for x, _ in PLACE.values()) + 1.8)
    ax.set_ylim(-3.4, 3.4)
    ax.axis("off")
    ax.set_title("Course plan: an arrow from A to B means B builds on A. Green: stands alone. "
                 "Times: our estimates for reading, running and exercises 1-2.", fontsize=11)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return out


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else repository() / "figures" / "course_plan.png"
    print(f"wrote {draw(out)}")


if __name__ == "__main__":
    main(sys.argv[1:])
