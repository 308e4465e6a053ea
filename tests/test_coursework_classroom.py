"""make release / make autograde (coursework.classroom): one command each, both graders, graded in the profile
the student ran; the otter zip installs what it declares in a fresh environment and grades there; a released
notebook's install cell installs the course copy in a fresh environment, where no solution is reachable."""
import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml
from helpers import fresh_venv, install
from test_coursework_course_copy import assert_no_solution_reachable

from coursework import classroom
from coursework.answers import MANUAL

ROOT = Path(__file__).resolve().parents[1]
STEM = "03_jacobi_poisson"
RUN = [sys.executable, "-m", "coursework.classroom"]


def test_the_profile_is_read_from_the_submission():
    nb = nbformat.v4.new_notebook()
    assert classroom.submission_profile(nb) == "classroom"
    cell = nbformat.v4.new_code_cell('print(f"profile: {PROFILE}")')
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="profile: quick\n")]
    nb.cells = [cell]
    assert classroom.submission_profile(nb) == "quick"
    with pytest.raises(ValueError, match="NB must name one notebook"):
        classroom.notebook_path("99")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """`make release NB=03` into a fresh course folder."""
    course = tmp_path_factory.mktemp("classroom") / "course"
    done = subprocess.run(RUN + ["release", "03", "--course", str(course)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    print(done.stdout)
    assert (course / "nbgrader_config.py").exists() and "course_copy" in done.stdout
    assert "Manual:       4" in done.stdout and f"{STEM}-exercise-3" in done.stdout  # otter's points summary
    return course


@pytest.mark.slow
def test_release_then_autograde_a_classroom_submission_gives_full_marks(course, tmp_path):
    released = (course / "release" / STEM / f"{STEM}.ipynb").read_text()
    assert "BEGIN SOLUTION" not in released and ".solution()" not in released
    # a student who ran the classroom profile and answered right; one who ran the quick profile and answered nothing
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for student, notebook, profile in (("ada", course / "source", "classroom"), ("bob", course / "release", "quick")):
        ran = nbformat.read(notebook / STEM / f"{STEM}.ipynb", as_version=4)
        first = next(c for c in ran.cells if c.cell_type == "code" and "profile: " in c.source)
        first.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"profile: {profile}\n")]
        nbformat.write(ran, submissions / f"{student}.ipynb")
    done = subprocess.run(RUN + ["autograde", "03", str(submissions), "--course", str(course)], cwd=ROOT,
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    print(done.stdout)
    with open(course / "grades-otter.csv") as f:
        otter = {row["student_id"]: row for row in csv.DictReader(f)}
    with open(course / "grades-nbgrader.csv") as f:
        nbgrader = {row["student_id"]: row for row in csv.DictReader(f) if row["assignment"] == STEM}
    assert (otter["ada"]["profile"], otter["bob"]["profile"]) == ("classroom", "quick")
    assert float(otter["ada"]["score"]) == float(otter["ada"]["max_score"]) > 0 and float(otter["bob"]["score"]) == 0
    # exercises 3-4 (2 points each) are graded by hand: in nbgrader's maximum, not in otter's, in neither score yet
    assert "to grade by hand" in done.stdout and float(nbgrader["ada"]["max_score"]) == float(otter["ada"]["max_score"]) + 4
    assert float(nbgrader["ada"]["raw_score"]) == float(nbgrader["ada"]["max_score"]) - 4 > 0
    assert float(nbgrader["bob"]["raw_score"]) == 0


@pytest.mark.slow
def test_the_otter_zip_installs_what_it_declares_and_grades_in_a_fresh_environment(course, tmp_path):
    """As a hosted autograder runs it: unpack the zip, install only the pip requirements of its environment.yml
    (working in the unpacked folder, as conda's pip step does; uv resolves them as pip would) into a fresh
    virtual environment, and
    grade the instructor's copy (full marks) and the untouched student copy (zero) with that environment's otter."""
    (archive,) = (course / "otter" / STEM / "autograder").glob("*.zip")
    source = tmp_path / "source"
    with zipfile.ZipFile(archive) as z:
        z.extractall(source)
    environment = yaml.safe_load((source / "environment.yml").read_text())
    (declared,) = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    assert any(d.startswith("torch==") for d in declared) and any(d.startswith("files/grader/fprinciple-") for d in declared)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    python = fresh_venv(tmp_path / "venv", sys.executable)
    done = install(python, *declared, cwd=source, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    env = {**env, "PATH": f"{python.parent}{os.pathsep}{env['PATH']}", "FPLIB_PROFILE": "quick", "FPLIB_PROGRESS": "0"}
    scores = {}
    for who in ("autograder", "student"):
        out = tmp_path / f"results-{who}"
        out.mkdir()
        done = subprocess.run([python, "-m", "otter", "run", "-a", str(archive), "-o", str(out),
                               str(course / "otter" / STEM / who / f"{STEM}.ipynb")],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        tests = json.loads((out / "results.json").read_text())["tests"]
        graded = [t for t in tests if "score" in t]  # (otter adds an entry without a score: the public tests run)
        scores[who] = (sum(t["score"] for t in graded), sum(t["max_score"] for t in graded))
    where = subprocess.run([python, "-c", "import fplib; print(fplib.__file__)"], cwd=tmp_path, env=env,
                           capture_output=True, text=True).stdout
    assert where.startswith(str(tmp_path / "venv")), where
    assert scores["autograder"][0] == scores["autograder"][1] > 0 and scores["student"][0] == 0, scores


@pytest.mark.slow
def test_a_released_notebooks_own_install_cell_installs_the_course_copy_with_no_solution_reachable(course, tmp_path):
    """Both graders' released notebooks carry the same install cell; run as Colab's kernel would in a fresh
    environment (IPython only, offline: the wheel is a local path, PyTorch the local CPU wheel), it installs the
    course copy and nothing it brings reveals a solution, a model answer or a rubric."""
    (wheel,) = (course / "course-copy").glob("*.whl")
    cells = {}
    for grader, released in (("nbgrader", course / "release" / STEM), ("otter", course / "otter" / STEM / "student")):
        notebook = nbformat.read(released / f"{STEM}.ipynb", as_version=4)
        (cells[grader],) = [c.source for c in notebook.cells if c.cell_type == "code" and 'find_spec("fplib")' in c.source]
    assert cells["nbgrader"] == cells["otter"] and f'%pip install --quiet "{wheel}"' in cells["nbgrader"]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    python = fresh_venv(tmp_path / "venv", sys.executable)
    install(python, "ipython", env=env, check=True, timeout=600)
    done = subprocess.run([python, "-m", "IPython", "--quick", "-c", cells["nbgrader"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=900)
    failed = [w for w in ("ERROR:", "Traceback", "Error") if w in done.stdout + done.stderr]
    assert done.returncode == 0 and not failed, (done.stdout + done.stderr)[-3000:]
    site = subprocess.run([python, "-c", "import fplib, pathlib; print(pathlib.Path(fplib.__file__).parents[1])"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert site.startswith(str(tmp_path / "venv")), site
    assert_no_solution_reachable(python, site, tmp_path)
    elsewhere = cells["nbgrader"].replace(str(wheel), str(tmp_path / "nowhere.whl"))  # would fail, if pip ran
    again = subprocess.run([python, "-m", "IPython", "--quick", "-c", elsewhere], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and not again.stdout + again.stderr  # where fplib is, the cell does nothing
    installed = "\n".join(p.read_text(errors="replace") for p in Path(site).glob("fprinciple-*.dist-info/*") if p.is_file())
    phrases = [m.model[:60] for m in MANUAL.values()] + [m.rubric[:60] for m in MANUAL.values()]
    assert not [p for p in phrases if p in installed]
