"""coursework.student: the student copies keep every cell but the solutions, and fail only at the exercises."""
import json
from pathlib import Path

import nbformat
import pytest
from helpers import solution_lines
from nbclient import NotebookClient

from coursework import plan, student

ROOT = Path(__file__).resolve().parents[1]


def test_strip_solutions_keeps_indentation_and_everything_else():
    source = "def f(x):\n    # BEGIN SOLUTION\n    return 2 * x\n    # END SOLUTION\n\nassert check(f)"
    assert student.strip_solutions(source) == (
        'def f(x):\n    raise NotImplementedError("Exercise: write your solution here")\n\nassert check(f)')
    with pytest.raises(ValueError, match="END SOLUTION"):
        student.strip_solutions("# BEGIN SOLUTION\nx = 1")
    with pytest.raises(ValueError, match="without BEGIN"):
        student.strip_solutions("# END SOLUTION")


SOLUTION_MARK = "# BEGIN SOLUTION"


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    student.write_student_versions(ROOT / "notebooks", out)
    return out


def test_every_notebook_has_checked_exercises_and_no_solution_leaks(student_dir):
    for source_path in plan.files():
        source = nbformat.read(source_path, as_version=4)
        solutions = [line for c in source.cells if c.cell_type == "code" for line in solution_lines(c.source)]
        assert len([c for c in source.cells if SOLUTION_MARK in c.source]) >= 2, source_path.name
        text = json.dumps(nbformat.read(student_dir / source_path.name, as_version=4))
        assert "BEGIN SOLUTION" not in text
        for line in solutions:
            assert line not in text, (source_path.name, line)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01_f_principle_1d.ipynb", "03_jacobi_poisson.ipynb"])
def test_student_notebook_fails_only_at_exercise_cells(student_dir, name, monkeypatch):
    monkeypatch.setenv("FPLIB_PROFILE", "quick")
    notebook = nbformat.read(student_dir / name, as_version=4)
    NotebookClient(notebook, timeout=300, allow_errors=True, kernel_name="python3").execute()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "NotImplementedError(\"Exercise" in cell.source:
            assert errors and errors[0].ename == "NotImplementedError", cell.source
        else:
            assert not errors, (cell.source, errors)


