"""otter-grader accepts what coursework.grading generates (a file of its own, so that it runs beside nbgrader's test)."""
import json
import re
import subprocess
import sys

import nbformat
import pytest
from test_coursework_grading import AUTOGRADED, ENV, NOTEBOOKS, ROOT, notebook_solution_lines, run

from coursework import grading

# `otter assign -v` for each (source, result) pair, in one process; each notebook's log after a line "=== <stem>"
ASSIGN_ALL = """
import logging, sys
from pathlib import Path
from otter import logging as otter_logging
from otter.assign import main
otter_logging.set_level(logging.INFO)
for source, result in zip(sys.argv[1::2], sys.argv[2::2]):
    print("=== " + Path(source).stem, file=sys.stderr, flush=True)
    main(source, result)
"""


@pytest.mark.slow
def test_otter_assigns_every_notebook_without_solutions_and_grades_both_copies(generated, tmp_path):
    # one process assigns them all: importing otter is most of a separate `otter assign` call (about 4 of its 5 s)
    pairs = [str(a) for path in NOTEBOOKS for a in (generated / "otter" / path.name, tmp_path / path.stem)]
    done = subprocess.run([sys.executable, "-c", ASSIGN_ALL, *pairs], cwd=generated / "otter", env=ENV,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    logs = dict(re.findall(r"^=== (\S+)\n(.*?)(?=^=== |\Z)", done.stderr, flags=re.M | re.S))
    for path in NOTEBOOKS:
        student = (tmp_path / path.stem / "student" / path.name).read_text()
        assert "BEGIN SOLUTION" not in student and "Model answer" not in student and "Rubric" not in student
        summary = logs[path.stem]  # otter's points summary: one row per question
        manual = re.findall(rf"^\d+\s+{path.stem}-exercise-(\d)\s+(\d+)\s+True$", summary, flags=re.M)
        assert manual == [("3", "2"), ("4", "2")], (path.name, summary[-1500:])
        if manual:
            assert "_Type your answer here, replacing this text._" in student
        for line in notebook_solution_lines(nbformat.read(path, as_version=4)):
            assert line not in student, (path.name, line)
    for stem in AUTOGRADED:
        dist = tmp_path / stem
        (zipfile,) = (dist / "autograder").glob("*.zip")
        scores = {}
        for who in ("autograder", "student"):  # the instructor's solutions, and the untouched student copy
            out = tmp_path / f"results-{stem}-{who}"
            out.mkdir()
            run(["otter", "run", "-a", str(zipfile), "-o", str(out), str(dist / who / f"{stem}.ipynb")], dist, timeout=900)
            tests = json.loads((out / "results.json").read_text())["tests"]
            scores[who] = {t["name"]: (t["score"], t["max_score"]) for t in tests if "score" in t}
        notebook = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
        exercises = {f"{stem}-{e['name']}" for e in grading.exercises(notebook)}
        assert set(scores["autograder"]) == set(scores["student"]) == exercises
        assert all(score == maximum > 0 for score, maximum in scores["autograder"].values()), scores["autograder"]
        assert all(score == 0 for score, _ in scores["student"].values()), scores["student"]
