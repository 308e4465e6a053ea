"""Graded mode: what a student of a graded course gets — the course copy of fplib (coursework.course_copy) and
the released notebooks — reveals no solution; answers crafted to pass its form checks fail the hidden tests."""
import json
import os
import subprocess
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest
from helpers import solution_lines, wheel_environment

from coursework import course_copy, grading, plan
from fplib.exercises import nb03, nb09

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [ROOT / "notebooks" / f"{stem}.ipynb" for stem in plan.stems()]
# wrong answers of the right form: a function of the right name and a number
CRAFTED = {"nb03.jacobi_sweep": "lambda u, g, h: np.zeros_like(u)", "nb03.predict_sweeps": "1.0",
           "nb09.breakeven": "lambda t, b, s: 1.0", "nb09.first_unread": "7.0"}


def instructor_solutions() -> list[str]:
    """Every line of every solution region of the instructor notebooks, and of every stored solution text."""
    lines = [line for path in NOTEBOOKS for cell in nbformat.read(path, as_version=4).cells
             if cell.cell_type == "code" for line in solution_lines(cell.source)]
    from test_exercises import STORED

    for _, exercise, _ in STORED:
        code = exercise.solution_text.split("```python", 1)[-1].split("```", 1)[0]
        lines += [line.split("#")[0].strip() for line in code.splitlines() if len(line.split("#")[0].strip()) > 12]
    return sorted(set(lines))


@pytest.mark.parametrize("number", list(plan.PLAN), ids=plan.exercise_modules())
def test_every_public_module_keeps_the_names_and_no_solution(number):
    source = course_copy.public_module(int(number))
    compile(source, f"nb{number}", "exec")
    assert "solution" not in source.replace("no solutions", ""), number


def test_released_notebooks_carry_hidden_tests_and_no_pointer_to_solutions():
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        for make in (grading.nbgrader_notebook, grading.otter_notebook):
            text = json.dumps(make(notebook, path.stem).cells)
            assert ".solution()" not in text, (path.name, make.__name__)
            assert text.count(".grade(") >= len(grading.exercises(notebook)), (path.name, make.__name__)


@pytest.fixture(scope="module")
def student_environment(tmp_path_factory):
    """A fresh virtual environment with the course copy's wheel (no editable hook, no repository on the path)."""
    base = tmp_path_factory.mktemp("course-copy")
    wheel = course_copy.build_wheel(base / "wheel")
    python, site = wheel_environment(wheel, base / "venv")  # numpy, torch, ... borrowed
    return wheel, python, site


@pytest.mark.slow
def test_the_course_copy_holds_no_solution_text(student_environment):
    wheel, _, site = student_environment
    with zipfile.ZipFile(wheel) as archive:
        text = "\n".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    installed = "\n".join(p.read_text(errors="replace") for p in (site / "fplib").rglob("*.py"))
    lines = instructor_solutions()
    assert len(lines) > 30
    for line in lines:
        assert line not in text and line not in installed, line


@pytest.mark.slow
def test_in_the_course_copy_no_solution_is_reachable_and_crafted_answers_pass_only_the_form_check(student_environment, tmp_path):
    _, python, site = student_environment
    script = f"""
import importlib, inspect, numpy as np, fplib
from fplib.exercises import Exercise
assert fplib.__file__.startswith({str(site)!r}), fplib.__file__
count = 0
for module_name in {plan.exercise_modules()!r}:
    module = importlib.import_module("fplib.exercises." + module_name)
    for name, value in vars(module).items():
        if inspect.isfunction(value) and value.__module__ == module.__name__:
            value = value()  # an exercise built from the run: no run data is needed to ask for its solution
        if isinstance(value, Exercise):
            value.solution()
            try:
                value.grade(None)
                raise SystemExit(f"{{name}}: grade ran in the course copy")
            except RuntimeError:
                count += 1
for key, answer in {CRAFTED!r}.items():
    module, name = key.split(".")
    exercise = getattr(importlib.import_module("fplib.exercises." + module), name)
    assert exercise.check(eval(answer)), key
print("exercises", count)
"""
    done = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr[-3000:]
    count = int(done.stdout.split("exercises")[-1])
    assert count >= 20
    assert done.stdout.count("solutions are not part of this course copy") == count
    assert "Solution**" not in done.stdout and "```python" not in done.stdout


def test_the_hidden_tests_catch_the_crafted_answers(capsys):
    modules = {"nb03": nb03, "nb09": nb09}
    for key, answer in CRAFTED.items():
        module, name = key.split(".")
        assert not getattr(modules[module], name).grade(eval(answer, {"np": np})), key
    assert "✗" in capsys.readouterr().out
