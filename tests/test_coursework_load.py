"""python -m coursework.load: N copies of a notebook at once, each in its own kernel, against its run alone; a claim
that fails under load is reported, not hidden (tiny notebooks here; the real measurement takes the whole machine)."""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursework import catalogue, load

ROOT = Path(__file__).resolve().parents[1]


def tiny(path: Path, holds: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import time\nfrom fplib.claims import claim\ntime.sleep(1.0)\n"
                                          f"claim('the tiny claim', {holds}, shown='{holds}')")]
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
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


def test_the_record_keeps_each_notebook_and_the_capacity_table_sizes_from_the_largest_load_that_keeps_pace(tmp_path, monkeypatch):
    path = tmp_path / "capacity.json"
    rows = [load.Load("05_hybrid_solver.ipynb", 1, [100.0], [0.5], []),
            load.Load("05_hybrid_solver.ipynb", 2, [120.0, 140.0], [0.5, 0.6], []),  # within 1.5x: keeps pace
            load.Load("05_hybrid_solver.ipynb", 4, [210.0, None, 190.0, 200.0], [0.5, None, 0.5, 0.5], ["ClaimFailed: x"])]
    load.record(rows, "classroom", 1, path)
    load.record([load.Load("03_jacobi_poisson.ipynb", 1, [5.0], [0.3], []),
                 load.Load("03_jacobi_poisson.ipynb", 4, [7.0] * 4, [0.3] * 4, [])], "classroom", 1, path)
    kept = load.measured_capacity(path)
    assert list(kept) == ["03_jacobi_poisson", "05_hybrid_solver"] and kept["05_hybrid_solver"]["rows"][2].failures
    assert load.keeps_pace(rows[1], rows[0]) and not load.keeps_pace(rows[2], rows[0])
    monkeypatch.setattr(load, "CAPACITY", path)
    table = {line.split("|")[1].strip(): line for line in catalogue.capacity(["03", "05", "01"], site=True).splitlines()
             if line.startswith("| 0")}
    cores = kept["05_hybrid_solver"]["cores"]
    # 05: 2 at once keep pace (1.4x), 4 do not (2.1x and a failed claim): cores / 2 per student, 0.6 GB each
    assert table["05"].split("|")[3:8] == [" 1.4 ", " 2.1 ", " 4 at once: ClaimFailed: x ", f" {10 * cores / 2:g} ", " 6.0 "]
    assert table["03"].split("|")[3:5] == [" – ", " 1.4 "] and table["03"].split("|")[6] == f" {10 * cores / 4:g} "
    assert "not measured" in table["01"]
