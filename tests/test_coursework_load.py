"""python -m coursework.load: N copies of a notebook at once, each in its own kernel, against its run alone; a claim
that fails under load is reported, not hidden (tiny notebooks here; the real measurement takes the whole machine)."""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursework import load

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def tiny(path: Path, holds: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import time\nfrom fplib.claims import claim\ntime.sleep(1.0)\n"
                                          f"claim('the tiny claim', {holds}, shown='{holds}')")]
    nbformat.write(nb, path)
    return path


def test_two_kernels_at_once_are_timed_against_one_alone_and_a_failing_claim_is_reported(tmp_path):
    good, bad = tiny(tmp_path / "good.ipynb", "1 < 2"), tiny(tmp_path / "bad.ipynb", "2 < 1")
    done = subprocess.run([sys.executable, "-m", "coursework.load", "--kernels", "2", "--profile", "quick", "--threads", "1",
                           "--out", str(tmp_path / "out"), "--notebooks", str(good), str(bad)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [r for r in done.stdout.splitlines() if r.startswith("| ") and ".ipynb" in r]
    rows = {(r.split("|")[1].strip(), int(r.split("|")[2])): r for r in lines}
    assert set(rows) == {("good.ipynb", 1), ("good.ipynb", 2), ("bad.ipynb", 1), ("bad.ipynb", 2)}, done.stdout
    assert rows["good.ipynb", 2].endswith("| all held |") and "× alone" in done.stdout
    assert "2 of 2 stopped" in rows["bad.ipynb", 2] and "ClaimFailed" in rows["bad.ipynb", 2]
    assert len(list((tmp_path / "out" / "2-kernels").glob("copy*/quick/good.ipynb"))) == 2  # each copy its own outputs
    seconds = [float(s) for s in rows["good.ipynb", 2].split("|")[3].strip().split("–")]
    assert all(s >= 1.0 for s in seconds)  # each copy slept its second
    with pytest.raises(ValueError, match="kernels"):
        load.run_together(good, 0, "quick", tmp_path)
