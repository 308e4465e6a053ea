"""make release / make autograde (coursework.classroom): one command each, both graders, graded in the profile
the student ran."""
import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursework import classroom

ROOT = Path(__file__).resolve().parents[1]


def test_the_profile_is_read_from_the_submission():
    nb = nbformat.v4.new_notebook()
    assert classroom.submission_profile(nb) == "classroom"
    cell = nbformat.v4.new_code_cell('print(f"profile: {PROFILE}")')
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="profile: quick\n")]
    nb.cells = [cell]
    assert classroom.submission_profile(nb) == "quick"
    with pytest.raises(ValueError, match="NB must name one notebook"):
        classroom.notebook_path("99")


@pytest.mark.slow
def test_release_then_autograde_a_classroom_submission_gives_full_marks(tmp_path):
    course = tmp_path / "course"
    run = [sys.executable, "-m", "coursework.classroom"]
    done = subprocess.run(run + ["release", "03", "--course", str(course)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (course / "nbgrader_config.py").exists() and "course_copy" in done.stdout
    stem = "03_jacobi_poisson"
    released = (course / "release" / stem / f"{stem}.ipynb").read_text()
    assert "BEGIN SOLUTION" not in released and ".solution()" not in released
    # a student who ran the classroom profile and answered right; one who handed in the release untouched
    answered = nbformat.read(course / "source" / stem / f"{stem}.ipynb", as_version=4)
    first = next(c for c in answered.cells if c.cell_type == "code" and "profile: " in c.source)
    first.outputs = [nbformat.v4.new_output("stream", name="stdout", text="profile: classroom\n")]
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    nbformat.write(answered, submissions / "ada.ipynb")
    shutil.copy(course / "release" / stem / f"{stem}.ipynb", submissions / "bob.ipynb")
    done = subprocess.run(run + ["autograde", "03", str(submissions), "--course", str(course)], cwd=ROOT,
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    print(done.stdout)
    with open(course / "grades-otter.csv") as f:
        otter = {row["student_id"]: row for row in csv.DictReader(f)}
    with open(course / "grades-nbgrader.csv") as f:
        nbgrader = {row["student_id"]: row for row in csv.DictReader(f) if row["assignment"] == stem}
    assert otter["ada"]["profile"] == "classroom"
    assert float(otter["ada"]["score"]) == float(otter["ada"]["max_score"]) > 0 and float(otter["bob"]["score"]) == 0
    assert float(nbgrader["ada"]["raw_score"]) == float(nbgrader["ada"]["max_score"]) > 0
    assert float(nbgrader["bob"]["raw_score"]) == 0
