"""make reproduce (coursework.reproduce): executes a notebook, writes it with HTML and its tagged figure, reports time and memory."""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_reproduce_writes_outputs_figures_and_measurements(tmp_path):
    nb = nbformat.v4.new_notebook()
    figure = nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([0, 1]); plt.show()")
    figure.metadata["tags"] = ["figure:line"]
    nb.cells = [nbformat.v4.new_code_cell("from fplib import config\nprint(config.profile())"), figure]
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "coursework.reproduce", "--profile", "quick", "--out", str(out),
                           "--notebooks", str(path)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| tiny.ipynb |" in done.stdout and "GB |" in done.stdout
    executed = nbformat.read(out / "quick" / "tiny.ipynb", as_version=4)
    assert executed.cells[0].outputs[0]["text"].strip() == "quick"
    assert (out / "quick" / "tiny.html").stat().st_size > 1000
    assert (out / "quick" / "figures" / "line.png").read_bytes()[:4] == b"\x89PNG"


def test_reproduce_reports_a_failing_notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("raise RuntimeError('boom')")]
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    done = subprocess.run([sys.executable, "-m", "coursework.reproduce", "--profile", "quick", "--out",
                           str(tmp_path / "out"), "--notebooks", str(path)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode != 0 and "bad.ipynb failed" in done.stderr and "boom" in done.stderr


def _claiming(tmp_path, *flags):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from fplib.claims import claim\n"
                                          "claim('one is more than two', 1 > 2, shown='1 < 2', meaning='arithmetic broke')"),
                nbformat.v4.new_code_cell("print('the end')")]
    path = tmp_path / "claims.ipynb"
    nbformat.write(nb, path)
    return subprocess.run([sys.executable, "-m", "coursework.reproduce", "--profile", "quick", "--out", str(tmp_path / "out"),
                           "--notebooks", str(path), *flags], capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_reproduce_runs_claims_strict(tmp_path):
    done = _claiming(tmp_path)
    assert done.returncode != 0 and "claims.ipynb failed" in done.stderr and "ClaimFailed" in done.stderr


def test_reproduce_lenient_goes_on_and_lists_the_claims_that_did_not_hold(tmp_path):
    done = _claiming(tmp_path, "--lenient")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "claims.ipynb: ✗ one is more than two — not shown: 1 < 2" in done.stdout
    executed = nbformat.read(tmp_path / "out" / "quick" / "claims.ipynb", as_version=4)
    assert executed.cells[1].outputs[0]["text"].strip() == "the end"
