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
}

PATHS = {
    "A two-week module on spectral bias": ("01", "02", "03", "04", "05"),
    "A numerical-analysis course (iterative solvers)": ("03", "04", "05", "09", "10", "11"),
    "A machine-learning theory course": ("01", "02", "07", "08", "06"),
}


def builds_on(number: str) -> str:
    """The header's "Builds on" sentence of notebook ``number``."""
    before = PLAN[number].builds_on
    if not before:
        return "nothing: this notebook stands alone."
    names = [f"notebook {n} ({PLAN[n].title})" for n in before]
    return (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]) + "."


def levels() -> dict[str, int]:
    """Each notebook's depth in the graph: 0 for those that stand alone, else one more than its deepest prerequisite."""
    depth: dict[str, int] = {}
    for number in PLAN:  # PLAN is ordered: every prerequisite comes before the notebooks that build on it
        depth[number] = 1 + max((depth[n] for n in PLAN[number].builds_on), default=-1)
    return depth


def draw(out: Path) -> Path:
    """Draw the dependency graph into ``out`` (PNG): one column per depth, an arrow per prerequisite."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    depth = levels()
    columns: dict[int, list[str]] = {}
    for number, d in depth.items():
        columns.setdefault(d, []).append(number)
    where = {n: (d, -row) for d, ns in columns.items() for row, n in enumerate(ns)}
    fig, ax = plt.subplots(figsize=(11, 5.2))
    for number, (x, y) in where.items():
        for before in PLAN[number].builds_on:
            bx, by = where[before]
            ax.annotate("", xy=(x - 0.33, y), xytext=(bx + 0.33, by),
                        arrowprops=dict(arrowstyle="->", color="0.45", shrinkA=2, shrinkB=2, connectionstyle="arc3,rad=0.08"))
        ax.text(x, y, f"{number}\n{PLAN[number].title}\n~{PLAN[number].minutes} min", ha="center", va="center", fontsize=9,
                bbox=dict(boxstyle="round,pad=0.4", facecolor="#e8f0fb" if PLAN[number].builds_on else "#eaf6e4", edgecolor="0.4"))
    ax.set_xlim(-0.6, max(depth.values()) + 0.6)
    ax.set_ylim(-max(len(c) for c in columns.values()) + 0.4, 0.6)
    ax.axis("off")
    ax.set_title("Course plan: an arrow from A to B means B builds on A (green: stands alone; times are our estimates)")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return out


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else repository() / "figures" / "course_plan.png"
    print(f"wrote {draw(out)}")


if __name__ == "__main__":
    main(sys.argv[1:])
