"""The real graders accept what coursework.grading generates: nbgrader and otter-grader, run as an instructor would."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import solution_lines

from coursework import grading, plan

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = plan.files()
# graded here by both graders: 02 (a code exercise and a prediction). Notebook 03 is graded by both graders in
# test_coursework_classroom.py (a released course: full marks, and zero) and by nbgrader on the hub (test_hub.py).
AUTOGRADED = ["02_image_memorization"]
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "FPLIB_PROFILE": "quick",
       "FPLIB_PROGRESS": "0"}


def notebook_solution_lines(notebook):
    return [line for cell in notebook.cells for line in solution_lines(cell.source)]


def test_every_exercise_becomes_an_answer_cell_and_a_graded_check():
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        found = grading.exercises(notebook)
        assert len(found) >= 2, path.name
        assert {e["kind"] for e in found} <= set(grading.POINTS)
        split = grading.nbgrader_notebook(notebook, path.stem)
        meta = [c.metadata.get("nbgrader", {}) for c in split.cells]
        answers = [m for m in meta if m.get("solution") and not m.get("grade")]
        checks = [m for m in meta if m.get("grade") and not m.get("solution")]
        by_hand = [(c, m) for c, m in zip(split.cells, meta) if m.get("grade") and m.get("solution")]
        assert len(answers) == len(checks) == len(found)
        assert len(by_hand) == 2, path.name
        for cell, m in by_hand:  # the instructor's copy holds the model answer and rubric, worth their points
            assert cell.cell_type == "markdown" and "**Model answer.**" in cell.source and "**Rubric" in cell.source
            assert m["points"] > 0 and not m["locked"]
        assert all(m["locked"] and m["points"] in grading.POINTS.values() for m in checks)
        assert len({m["grade_id"] for m in meta if m}) == len([m for m in meta if m])  # ids are unique
        for cell, m in zip(split.cells, meta):
            if m.get("solution") and not m.get("grade"):
                assert "BEGIN SOLUTION" in cell.source and ".check(" not in cell.source
            if m.get("grade") and not m.get("solution"):
                assert cell.source.lstrip().startswith("assert") and "BEGIN SOLUTION" not in cell.source
        otter = grading.otter_notebook(notebook, path.stem)
        raw = [c.source.splitlines()[0] for c in otter.cells if c.cell_type == "raw"]
        assert raw[0] == "# ASSIGNMENT CONFIG" and raw.count("# BEGIN QUESTION") == len(found) + len(by_hand)
        assert sum("manual: true" in c.source for c in otter.cells if c.cell_type == "raw") == len(by_hand)


def run(command, cwd, **kw):
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, **kw)
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-3000:])
    return done


@pytest.mark.slow
def test_nbgrader_releases_every_notebook_without_solutions_and_grades_both_copies(generated, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(generated / "nbgrader" / "source", course / "source")
    run(["nbgrader", "generate_assignment", "--CourseDirectory.assignment_id=*", f"--CourseDirectory.root={course}", "--force"],
        course)
    for path in NOTEBOOKS:
        released = (course / "release" / path.stem / path.name).read_text()
        assert "BEGIN SOLUTION" not in released and "Model answer" not in released and "Rubric" not in released
        for line in notebook_solution_lines(nbformat.read(path, as_version=4)):
            assert line not in released, (path.name, line)
    for stem in AUTOGRADED:
        for student, origin in (("instructor", course / "source"), ("untouched", course / "release")):
            target = course / "submitted" / student / stem
            target.mkdir(parents=True)
            shutil.copy(origin / stem / f"{stem}.ipynb", target)
        run(["nbgrader", "autograde", stem, f"--CourseDirectory.root={course}", "--ExecutePreprocessor.timeout=600"],
            course, timeout=900)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for stem in AUTOGRADED:
            full = gradebook.find_submission(stem, "instructor")
            empty = gradebook.find_submission(stem, "untouched")
            cells = gradebook.find_notebook(stem, stem).grade_cells
            by_hand = {c.name: c.max_score for c in cells if c.cell_type == "markdown"}  # manually graded answers
            assert len(by_hand) == 2 and all(by_hand.values()), by_hand
            assert full.max_score == sum(c.max_score for c in cells) > sum(by_hand.values())
            assert full.score == full.max_score - sum(by_hand.values()), (stem, full.score, full.max_score)
            assert full.needs_manual_grade == bool(by_hand)
            assert empty.score == 0, (stem, empty.score)
