"""A notebook's claims, both behaviours (``fplib.claims``): a student who changes a parameter so that a claim no
longer holds reads ✗ and what it means, and the notebook runs to its end; the same notebook under nbval (strict,
as in CI) fails on that claim.

The notebook is notebook 03 (Jacobi only: no training, seconds in the quick profile) with one parameter changed:
so few sweeps that the lowest tracked peak never reaches 10 %."""
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from coursework import repository

pytestmark = pytest.mark.slow  # each test runs a notebook kernel
NOTEBOOK = "03_jacobi_poisson.ipynb"
PARAMETER = re.compile(r"^ITERATIONS = .*$", flags=re.M)
TOO_FEW = "ITERATIONS = 40  # changed by the test: too few sweeps for the lowest peak"


def too_few_sweeps(folder: Path) -> Path:
    """A copy of notebook 03 in ``folder`` whose Jacobi run is too short to reach the lowest peak."""
    notebook = nbformat.read(repository() / "notebooks" / NOTEBOOK, as_version=4)
    setting = [c for c in notebook.cells if c.cell_type == "code" and PARAMETER.search(c.source)]
    assert len(setting) == 1, f"{NOTEBOOK}: expected one code cell setting ITERATIONS, found {len(setting)}"
    setting[0].source = PARAMETER.sub(TOO_FEW, setting[0].source)
    path = folder / NOTEBOOK
    nbformat.write(notebook, path)
    return path


def kernel_environment(strict: str) -> dict:
    return {**os.environ, "FPLIB_PROFILE": "quick", "FPLIB_PROGRESS": "0", "FPLIB_STRICT_CLAIMS": strict,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(repository()), os.environ.get("PYTHONPATH")]))}


def test_a_broken_claim_prints_its_meaning_and_the_notebook_goes_on(tmp_path, monkeypatch):
    path = too_few_sweeps(tmp_path)
    for name, value in kernel_environment("0").items():
        monkeypatch.setenv(name, value)  # the kernel inherits this process's environment: a student's session
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "✗ every tracked peak reaches 10 % within the run — not shown" in printed
    assert "What it means: 40 sweeps were too few" in printed
    assert "✗ Jacobi fixes the highest tracked frequency first" in printed  # the order claim is not vacuous
    assert "✓ each sine mode of the error decays exactly as λ_k^t" in printed  # what holds still says so
    last = [c for c in notebook.cells if c.cell_type == "code"][-1]
    assert last.get("execution_count"), "the notebook did not run to its last code cell"
    assert not any(o.output_type == "error" for c in notebook.cells if c.cell_type == "code" for o in c.outputs)


def test_the_same_claim_fails_the_notebook_under_nbval(tmp_path):
    path = too_few_sweeps(tmp_path)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--nbval-lax",
                          "--nbval-current-env", "--rootdir", str(tmp_path), str(path)],
                         env=kernel_environment("1"), cwd=tmp_path, capture_output=True, text=True, timeout=600)
    report = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout)  # nbval colours the traceback
    assert run.returncode == 1, report[-3000:]
    assert "ClaimFailed: every tracked peak reaches 10 % within the run: not shown" in report, report[-3000:]
    # the claims' cells, and only they: section 5's relaxation runs a multiple of the same too few sweeps, so its
    # order of reaching the discretization error cannot be shown either
    assert "ClaimFailed: red-black Gauss-Seidel comes within 10 % of the dashed line first" in report, report[-3000:]
    assert "2 failed" in report
