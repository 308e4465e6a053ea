"""Put the course furniture into notebooks; idempotent (re-running replaces what it put there before).

    python -m coursework.notebook_furniture notebooks/*.ipynb

* the install cell, first code cell (id ``fp-install``): installs this release of the bundle only where
  ``fplib`` is missing (Colab); the address comes from ``CITATION.cff``, the version from ``fplib.__version__``;
* exercises 3 and 4 each in their own Markdown cell, followed by an answer cell (id ``fp-answer-N``,
  metadata ``fprinciple.answer = N``) that the graders turn into manually graded answers with the points of
  ``coursework.answers`` (whose model answers and rubrics stay out of every notebook);
* the header's "What you will learn", "Builds on" and "Time" paragraphs, once each, from ``coursework.plan``
  (the objectives, the prerequisites, a student's time) and ``coursework/measured.json`` (the classroom run's
  measured time): any paragraph of the header starting with one of those labels is replaced by them, in place
  of the first one.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

from fplib import __version__

from . import repository
from .answers import manual
from .plan import PLAN, builds_on, measured

INSTALL_ID = "fp-install"
EXERCISE = re.compile(r"^\*\*Exercise (\d+) \(", flags=re.M)
MANUAL_EXERCISES = (3, 4)
HEADER_FIELD = re.compile(r"^\*\*(What you will learn|Builds on|Time)\b")


def release() -> tuple[str, str]:
    """(repository address, version): the address from CITATION.cff, the version from ``fplib.__version__``, the
    one place each is set (a test keeps CITATION.cff's version equal)."""
    citation = yaml.safe_load((repository() / "CITATION.cff").read_text())
    return citation["repository-code"], __version__


def colab_url(stem: str) -> str:
    """The "Open in Colab" address of notebook ``stem`` at this release."""
    address, version = release()
    return f"https://colab.research.google.com/github/{address.removeprefix('https://github.com/')}/blob/v{version}/notebooks/{stem}.ipynb"


def install_source() -> str:
    address, version = release()
    return ("# Where fplib is missing (Colab): install this bundle's release first. Elsewhere this cell does nothing.\n"
            "import importlib.util\n\n"
            "if importlib.util.find_spec(\"fplib\") is None:\n"
            f"    %pip install --quiet \"fprinciple @ git+{address}@v{version}\"")


def answer_source(stem: str, number: int) -> str:
    points = manual(stem, number).points
    return f"**Your answer to exercise {number}** ({points} points, graded by hand): write it here, in place of this line."


def split_exercises(notebook) -> None:
    """Give exercises 3 and 4 a Markdown cell each (text after exercise 4 from its first heading on, too)."""
    cells = []
    for cell in notebook.cells:
        starts = [m for m in EXERCISE.finditer(cell.source) if int(m.group(1)) in MANUAL_EXERCISES]
        if cell.cell_type != "markdown" or not starts:
            cells.append(cell)
            continue
        cuts = sorted({0, *(m.start() for m in starts)})
        heading = re.search(r"^#{1,3} ", cell.source[starts[-1].start():], flags=re.M)
        if heading:
            cuts.append(starts[-1].start() + heading.start())
        pieces = [cell.source[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(cell.source)])]
        pieces = [p for p in pieces if p]
        for i, piece in enumerate(pieces):
            part = nbformat.v4.new_markdown_cell(piece)
            part.id = cell.get("id", "x") if i == 0 else f"{cell.get('id', 'x')}-{i}"
            part.metadata = dict(cell.metadata) if i == 0 else {}
            cells.append(part)
    notebook.cells = cells


def running_time(seconds: float) -> str:
    """A measured run time in a header's words: coarse, so that a re-measurement rarely changes it."""
    minutes = round(seconds / 60)
    return "under a minute" if seconds < 60 else f"about {minutes} minute{'s' if minutes > 1 else ''}"


def header_fields(number: str) -> list[str]:
    """The header's "What you will learn", "Builds on" and "Time" paragraphs of notebook ``number``."""
    plan, run = PLAN[number], measured(number)
    learn = plan.learn
    objectives = (f"**What you will learn.** {learn[0]}" if len(learn) == 1 else
                  "**What you will learn.**\n\n" + "\n".join(f"{i}. {item}" for i, item in enumerate(learn, 1)))
    before = builds_on(number)
    return [objectives, f"**Builds on.** {before[0].upper()}{before[1:]}",
            f"**Time.** About {plan.minutes} minutes for reading, running and exercises 1–2, and {plan.homework} more for "
            "exercises 3–4 (our estimates, not measured with students). Running every cell takes "
            f"{running_time(run['seconds'])} in the classroom profile (measured on a {run['machine']})."]


def furnished_header(source: str, number: str) -> str:
    """The header cell's ``source`` with its plan paragraphs written from the plan, once each, where the first was."""
    paragraphs = re.split(r"\n[ \t]*\n", source.strip())
    kept, where, skip_list = [], None, False
    for paragraph in paragraphs:
        if skip_list and re.match(r"^(\d+\.|-|\*) ", paragraph):
            skip_list = False
            continue  # the list of a "What you will learn" label standing alone
        skip_list = False
        if HEADER_FIELD.match(paragraph):
            where = len(kept) if where is None else where
            skip_list = re.fullmatch(r"\*\*What you will learn[.:]?\*\*[.:]?", paragraph.strip()) is not None
            continue
        kept.append(paragraph)
    where = len(kept) if where is None else where
    return "\n\n".join(kept[:where] + header_fields(number) + kept[where:])


def furnish(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` with its furniture (see the module's docstring); writes it back."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    stem, number = path.stem, path.stem[:2]
    if number not in PLAN:
        raise KeyError(f"{path.name}: no entry in coursework/plan.py's PLAN")
    notebook.cells = [c for c in notebook.cells if c.get("id") != INSTALL_ID and "answer" not in c.metadata.get("fprinciple", {})]
    split_exercises(notebook)
    first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    install = nbformat.v4.new_code_cell(install_source())
    install.id = INSTALL_ID
    notebook.cells.insert(first_code, install)
    for exercise in MANUAL_EXERCISES:
        where = [i for i, c in enumerate(notebook.cells) if c.cell_type == "markdown" and EXERCISE.match(c.source)
                 and int(EXERCISE.match(c.source).group(1)) == exercise]
        if len(where) != 1:
            raise ValueError(f"{path.name}: expected one Markdown cell starting with **Exercise {exercise} (, found {len(where)}")
        asks = manual(stem, exercise).asks
        if asks not in " ".join(notebook.cells[where[0]].source.split()):
            raise ValueError(f"{path.name}: exercise {exercise}'s prompt no longer mentions {asks!r}: check its model answer "
                             "in coursework/answers.py and update `asks`")
        answer = nbformat.v4.new_markdown_cell(answer_source(stem, exercise))
        answer.id = f"fp-answer-{exercise}"
        answer.metadata["fprinciple"] = {"answer": exercise}
        notebook.cells.insert(where[0] + 1, answer)
    notebook.cells[0].source = furnished_header(notebook.cells[0].source, number)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return notebook


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    for name in argv:
        furnish(Path(name))
        print(f"furnished {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
