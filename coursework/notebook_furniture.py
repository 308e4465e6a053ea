"""Put the course furniture into notebooks; idempotent (re-running replaces what it put there before).

    python -m coursework.notebook_furniture notebooks/*.ipynb

* the install cell, first code cell (id ``fp-install``): installs this release of the bundle only where
  ``fplib`` is missing (Colab); the address and version come from ``CITATION.cff``. That is the self-study
  install: graded copies replace it by ``course_install_source`` (the course copy, never the full library);
* exercises 3 and 4 each in their own Markdown cell, followed by an answer cell (id ``fp-answer-N``,
  metadata ``fprinciple.answer = N``) that the graders turn into manually graded answers with the points of
  ``coursework.answers`` (whose model answers and rubrics stay out of every notebook);
* the header's "What you will learn", "Builds on" and "Time" lines, only where the header lacks them
  (from ``coursework.plan``).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

from . import repository
from .answers import manual
from .plan import PLAN, builds_on

INSTALL_ID = "fp-install"
EXERCISE = re.compile(r"^\*\*Exercise (\d+) \(", flags=re.M)
MANUAL_EXERCISES = (3, 4)


def release() -> tuple[str, str]:
    """(repository address, version) from CITATION.cff, the one place they are set."""
    citation = yaml.safe_load((repository() / "CITATION.cff").read_text())
    return citation["repository-code"], citation["version"]


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


def course_install_source(wheel: str | None) -> str:
    """The install cell of a graded copy: the course copy of fplib from ``wheel`` (the address or path where the
    instructor publishes it, named at release), never the full library; with no ``wheel``, a cell that says so."""
    head = ("# Where fplib is missing (Colab, a fresh environment): install the course's copy of fplib, published by your "
            "instructor.\n# Elsewhere this cell does nothing.\nimport importlib.util\n\n"
            "if importlib.util.find_spec(\"fplib\") is None:\n")
    if wheel is None:
        return head + ('    raise RuntimeError("fplib is missing: install the course copy of fplib from where your instructor '
                       'publishes it (pip install <its address>)")')
    if any(c in wheel for c in "\"'\n"):
        raise ValueError(f"wheel must be an address or path without quotes or newlines, got {wheel!r}")
    return head + f'    %pip install --quiet "{wheel}"'


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
    header, plan = notebook.cells[0], PLAN[number]
    if "**What you will learn" not in header.source:
        header.source = header.source.rstrip() + f"\n\n**What you will learn.** {plan.learn[0].upper()}{plan.learn[1:]}"
    for field, text in (("Builds on", builds_on(number)),
                        ("Time", f"about {plan.minutes} minutes (our estimate, not measured with students: reading, running "
                                 "in the classroom profile, exercises 1–2); exercises 3–4 are homework.")):
        line = f"**{field}.** {text[0].upper()}{text[1:]}"  # this script's own lines: rewritten from coursework.plan
        if re.search(rf"^\*\*{field}\.\*\*.*$", header.source, flags=re.M):
            header.source = re.sub(rf"^\*\*{field}\.\*\*.*$", lambda _, line=line: line, header.source, flags=re.M)
        else:
            header.source = header.source.rstrip() + "\n\n" + line
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
