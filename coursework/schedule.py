"""The instructors' 14-week schedules and the course objectives (the site's page book/schedule.md is written here).

    python -m coursework.schedule [OUT.md]     (default: book/schedule.md)

One schedule per path of ``coursework.plan.PATHS``: week 1 sets the course up, the last ``PROJECT_WEEKS`` weeks
are a project, and the weeks between go to the path's notebooks in proportion to their estimated times
(``PLAN[...].minutes``), at least one week each. A notebook's first week: its lecture, exercises 1-2 in the lab,
exercises 3-4 as homework. This arrangement is ours, a suggestion: no term has been taught with it.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import repository
from .plan import PATHS, PLAN

WEEKS = 14
PROJECT_WEEKS = 3
# what a student can do after the course -> the notebooks that teach it (every notebook teaches at least one)
OBJECTIVES = {
    "State the Frequency Principle and measure it: the error at each frequency of a fit, over training.":
        ("01", "02", "08"),
    "Predict how relaxation damps each sine mode of the error, and explain why multigrid exists.": ("03", "10"),
    "Explain spectral bias through the neural tangent kernel, and where that explanation stops.": ("07",),
    "Change what a network learns first: Fourier features, multiscale networks, losses.": ("04", "06"),
    "Build a solver that combines a network with a classical iteration, and compare it honestly with multigrid and "
    "direct solves, training time included.": ("05", "09", "10", "11", "12", "13", "14"),
    "Train an operator once and reuse it across problems, including a new coefficient in every solve.": ("09", "11", "12", "13"),
    "Explain which error a smoother leaves where the coefficient jumps, and build a coarse space that carries it: from "
    "the operator's stencils, or learned.": ("14",),
}


def allot(notebooks: tuple[str, ...], weeks: int) -> dict[str, int]:
    """Weeks per notebook: at least one each, the rest in proportion to the estimated minutes (largest remainder)."""
    if not notebooks or weeks < len(notebooks):
        raise ValueError(f"weeks must be at least the number of notebooks ({len(notebooks)}), got {weeks}")
    minutes = {n: PLAN[n].minutes for n in notebooks}
    spare, total = weeks - len(notebooks), sum(minutes.values())
    shares = {n: spare * m / total for n, m in minutes.items()}
    given = {n: 1 + int(share) for n, share in shares.items()}
    left = weeks - sum(given.values())
    for n in sorted(notebooks, key=lambda n: shares[n] - int(shares[n]), reverse=True)[:left]:
        given[n] += 1
    return given


def weeks(path: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(lecture, lab, homework) of each of the ``WEEKS`` weeks of ``path``."""
    plan = [("The question of the course: what a network learns first, and what an iteration fixes first; the course's "
             "tools and how work is graded.", "Set-up: JupyterLab (locally, on Binder or on the course hub), the run "
             "profiles, fetching and submitting an assignment.", "None.")]
    for number, count in allot(path, WEEKS - 1 - PROJECT_WEEKS).items():
        name = f"{number} · {PLAN[number].title}"
        plan.append((f"{name}: {PLAN[number].summary}.", f"Notebook {number} in the classroom profile; exercises 1–2 "
                     "(checked in the notebook).", f"Notebook {number}, exercises 3–4 (graded by hand), due in a week."))
        plan += [(f"{name}, continued: the notebook's later sections and its claims, read against the printed run.",
                  f"Notebook {number}'s try-it and open exercises.", f"Notebook {number}'s open exercise, written up.")
                 ] * (count - 1)
    plan += [("Project: a question of your own, measured with fplib (the researchers' page shows how).",
              "Project work, with the instructor.", "Project proposal: the question, the measurement, the control.")]
    plan += [("Project work.", "Project work.", "Project report and notebook.")] * (PROJECT_WEEKS - 2)
    plan += [("Project presentations.", "Project presentations.", "None.")]
    assert len(plan) == WEEKS, len(plan)
    return plan


def page() -> str:
    """The Markdown of the schedule page."""
    lines = ["# Schedules and objectives", "",
             "*Written by `python -m coursework.schedule` from `coursework/plan.py` (the notebooks, their estimated times "
             "and the three paths) and `coursework/schedule.py` (the objectives and this arrangement); edit those, not "
             "this page.*", "",
             f"Each path fills a {WEEKS}-week term: a set-up week, the path's notebooks, a project of {PROJECT_WEEKS} "
             "weeks. A notebook's weeks follow its estimated time (our estimate, not measured with students), at least "
             "one week each. The arrangement is ours, a suggestion: no term has been taught with it yet. A path named as a "
             "shorter module fills a term here with each notebook's second week and the project; as the module it "
             "names, take each notebook's first week only.", "",
             "## Course objectives", "", "| after the course, a student can | taught in notebooks |", "|---|---|"]
    lines += [f"| {objective} | {', '.join(numbers)} |" for objective, numbers in OBJECTIVES.items()]
    for name, path in PATHS.items():
        lines += ["", f"## {name}", "", f"Notebooks {', '.join(path)}.", "", "| week | lecture | lab | homework |",
                  "|---|---|---|---|"]
        lines += [f"| {week} | {lecture} | {lab} | {homework} |" for week, (lecture, lab, homework)
                  in enumerate(weeks(path), start=1)]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else repository() / "book" / "schedule.md"
    out.write_text(page())
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
