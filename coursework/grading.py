"""Generate what nbgrader and otter-grader need from the instructor notebooks (the one source of truth).

    python -m coursework.grading [SOURCE_DIR] [OUTPUT_DIR] [NB ...]   (default: notebooks build/grading, every notebook)

writes ``OUTPUT_DIR/nbgrader/source/<notebook>/<notebook>.ipynb`` (an nbgrader course's source folder)
and ``OUTPUT_DIR/otter/<notebook>.ipynb`` (an otter-grader assignment notebook, for ``otter assign``).

An exercise is a code cell with a solution region (``# BEGIN SOLUTION`` ... ``# END SOLUTION``) and
one or more ``assert ....check(...)`` lines. Each becomes an answer cell (the cell without its checks)
and a test cell, worth ``POINTS`` by kind: the visible check ``ex.check(answer)`` (in the student's course
copy of fplib a form check: see ``coursework.course_copy``) and a hidden test ``ex.grade(answer)``, the
full check, which only the instructor's fplib can run (nbgrader ``### BEGIN HIDDEN TESTS``, otter
``hidden: true``). A student who edits a check cell is caught by nbgrader's locked-cell check, and otter
re-runs its own copy of the tests. Markdown that points at ``.solution()`` is replaced: graded copies
have no solutions. The install cell (``fp-install``) installs the course copy from where the instructor
publishes it (``course_wheel``, named at release: ``coursework.classroom``), never the full library.

Exercises 3 and 4 are graded by hand: their answer cells (``coursework.notebook_furniture``) become
nbgrader's manually graded answers and otter's ``manual: true`` questions, each holding the model answer
and rubric of ``coursework.answers`` in the instructor's copy only (both graders blank it for students).
"""
from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import nbformat

from . import write_from_command_line
from .answers import manual
from .notebook_furniture import INSTALL_ID, course_install_source
from .student import BEGIN, selected

POINTS = {"code": 2, "prediction": 1}  # a function to write, or a value to predict
CHECK = re.compile(r"^\s*assert\s+(\w+)\.(?:(\w+)\.)?check\(")
SOLUTION_POINTER = re.compile(r"(?:(?<=^)|(?<=\.\s)|(?<=\n\n))(?:(?!\.\s|\n\n).)*?\.solution\(\)(?:(?!\.\s|\n\n).)*\.(?=\s|$)",
                              flags=re.S)  # a sentence naming .solution()
GRADED_NOTE = "Your answers are graded when you submit: the checks here test their form, and solutions come after grading."


def hidden(checks: str) -> str:
    """The hidden tests of an exercise: each visible ``….check(answer)`` as the full ``….grade(answer)``."""
    return "\n".join(line.replace(".check(", ".grade(", 1) for line in checks.splitlines())


def graded_markdown(cell) -> None:
    """Replace sentences pointing at ``.solution()`` in a markdown cell by the graded course's note."""
    if cell.cell_type == "markdown" and ".solution()" in cell.source:
        cell.source = SOLUTION_POINTER.sub(GRADED_NOTE, cell.source)


def answer_number(cell) -> int | None:
    """The exercise number of a manually graded answer cell (see ``coursework.notebook_furniture``), else None."""
    return cell.metadata.get("fprinciple", {}).get("answer") if cell.cell_type == "markdown" else None


def instructor_answer(stem: str, number: int) -> str:
    """The model answer and rubric of a manually graded exercise, as the instructor's copy shows them."""
    found = manual(stem, number)
    return f"**Model answer.** {found.model}\n\n**Rubric ({found.points} points).** {found.rubric}"


def exercises(notebook: nbformat.NotebookNode) -> list[dict]:
    """The exercise cells of ``notebook``: index, name (of the first check), kind, answer and check sources."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or not any(BEGIN.match(line) for line in cell.source.splitlines()):
            continue
        lines = cell.source.splitlines()
        checks = [line for line in lines if CHECK.match(line)]
        if not checks:
            raise ValueError(f"cell {index} has a solution region but no `assert ....check(...)` line")
        owner, attribute = CHECK.match(checks[0]).groups()
        name = (attribute or owner.removeprefix("ex_")).replace("_", "-")
        answer = "\n".join(line for line in lines if not CHECK.match(line)).rstrip()
        kind = "code" if re.search(r"^\s*def ", answer, flags=re.M) else "prediction"
        found.append(dict(index=index, name=name, kind=kind, answer=answer, checks="\n".join(checks)))
    return found


def _graded_cells(result: nbformat.NotebookNode, course_wheel: str | None):
    """Each cell of ``result`` (a copy, edited in place) after ``graded_markdown`` and with the course copy's install
    cell, as (index, cell, its exercise from ``exercises`` or None, the number of the hand-graded exercise it answers
    or None)."""
    by_index = {e["index"]: e for e in exercises(result)}
    for index, cell in enumerate(result.cells):
        graded_markdown(cell)
        if cell.get("id") == INSTALL_ID:
            cell.source = course_install_source(course_wheel)
        yield index, cell, by_index.get(index), answer_number(cell)


def nbgrader_notebook(notebook: nbformat.NotebookNode, stem: str, course_wheel: str | None = None) -> nbformat.NotebookNode:
    """``notebook`` with each exercise split into an nbgrader solution cell and a locked, graded test cell; its install
    cell installs the course copy from ``course_wheel`` (see ``notebook_furniture.course_install_source``)."""
    result = copy.deepcopy(notebook)
    cells = []
    for index, cell, exercise, number in _graded_cells(result, course_wheel):
        if number:
            cell.source = instructor_answer(stem, number)  # nbgrader's release replaces it by "YOUR ANSWER HERE"
            cell.metadata["nbgrader"] = _nbgrader(f"{stem}-exercise-{number}", solution=True, grade=True,
                                                  points=manual(stem, number).points)
        if exercise is None:
            if cell.cell_type == "code" and "fplib.exercises import" in cell.source:
                cell.metadata["nbgrader"] = _nbgrader(f"{stem}-exercise-setup-{index}", locked=True)
            cells.append(cell)
            continue
        answer = nbformat.v4.new_code_cell(exercise["answer"])
        answer.metadata["nbgrader"] = _nbgrader(f"{stem}-{exercise['name']}-answer", solution=True)
        tests = f"{exercise['checks']}\n### BEGIN HIDDEN TESTS\n{hidden(exercise['checks'])}\n### END HIDDEN TESTS"
        check = nbformat.v4.new_code_cell(tests)
        check.metadata["nbgrader"] = _nbgrader(f"{stem}-{exercise['name']}-check", grade=True, locked=True,
                                               points=POINTS[exercise["kind"]])
        cells += [answer, check]
    result.cells = cells
    return _clean(result)


def otter_notebook(notebook: nbformat.NotebookNode, stem: str, requirements: tuple[str, ...] = (),
                   autograder_files: tuple[str, ...] = (), course_wheel: str | None = None) -> nbformat.NotebookNode:
    """``notebook`` in otter-grader's assignment format: its config, and one question block per exercise.
    ``requirements``: what the autograder zip declares for its environment (pip lines); ``autograder_files``:
    files (relative to the notebook's folder) that only the zip carries, under ``files/``; ``course_wheel``: where
    the install cell takes the course copy from."""
    result = copy.deepcopy(notebook)
    config = {"name": stem, "init_cell": True, "check_all_cell": False, "export_cell": False, "generate": True,
              "run_tests": False}  # the test suite runs the autograder itself (otter run), on chosen notebooks
    if requirements:
        config["requirements"] = list(requirements)
    if autograder_files:
        config["autograder_files"] = list(autograder_files)
    cells = [nbformat.v4.new_raw_cell("# ASSIGNMENT CONFIG\n" + "\n".join(f"{k}: {_yaml(v)}" for k, v in config.items()))]
    for _, cell, exercise, number in _graded_cells(result, course_wheel):
        if number:
            cells += [
                nbformat.v4.new_raw_cell(f"# BEGIN QUESTION\nname: {stem}-exercise-{number}\n"
                                         f"points: {manual(stem, number).points}\nmanual: true"),
                nbformat.v4.new_raw_cell("# BEGIN SOLUTION"),
                nbformat.v4.new_markdown_cell(instructor_answer(stem, number)),
                nbformat.v4.new_raw_cell("# END SOLUTION"),
                nbformat.v4.new_raw_cell("# END QUESTION"),
            ]
            continue
        if exercise is None:
            cells.append(cell)
            continue
        name = f"{stem}-{exercise['name']}"
        cells += [
            nbformat.v4.new_raw_cell(f"# BEGIN QUESTION\nname: {name}\npoints: {POINTS[exercise['kind']]}"),
            nbformat.v4.new_raw_cell("# BEGIN SOLUTION"),
            nbformat.v4.new_code_cell(exercise["answer"] + "\n# otter's grader.check runs: " + exercise["checks"].replace("\n", "; ")),
            nbformat.v4.new_raw_cell("# END SOLUTION"),
            nbformat.v4.new_raw_cell("# BEGIN TESTS"),
            nbformat.v4.new_code_cell(exercise["checks"]),
            nbformat.v4.new_code_cell('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\n' + hidden(exercise["checks"])),
            nbformat.v4.new_raw_cell("# END TESTS"),
            nbformat.v4.new_raw_cell("# END QUESTION"),
        ]
    result.cells = cells
    return _clean(result)


def write_grading(source_dir: Path, output_dir: Path, only=()) -> list[Path]:
    """Write the nbgrader source tree and the otter assignment notebooks for every notebook with exercises."""
    source_dir, output_dir = Path(source_dir), Path(output_dir)
    if not source_dir.is_dir():
        raise ValueError(f"source_dir must be a folder of notebooks, got {source_dir}")
    written = []
    for path in selected(source_dir, only):
        notebook = nbformat.read(path, as_version=4)
        if not exercises(notebook):
            continue
        stem = path.stem
        for target, make in ((output_dir / "nbgrader" / "source" / stem / path.name, nbgrader_notebook),
                             (output_dir / "otter" / path.name, otter_notebook)):
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(make(notebook, stem), target)
            written.append(target)
    return written


def _nbgrader(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False, points: int = 0) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if grade:
        meta["points"] = points
    return meta


def _clean(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notebook


def _yaml(value) -> str:
    return json.dumps(value) if not isinstance(value, bool) else str(value).lower()


def main(argv: list[str]) -> None:
    write_from_command_line(argv, write_grading, "build/grading")


if __name__ == "__main__":
    main(sys.argv[1:])
