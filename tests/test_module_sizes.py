"""Every fplib module stays readable in one sitting: none over 350 lines, and each figure module at most 250."""
from pathlib import Path

import pytest

FPLIB = Path(__file__).resolve().parents[1] / "fplib"
MODULES = sorted(FPLIB.rglob("*.py"))
FIGURES = sorted((FPLIB / "plots").glob("*.py"))


def lines(path: Path) -> int:
    return len(path.read_text().splitlines())


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(FPLIB).as_posix())
def test_no_fplib_module_is_over_350_lines(path):
    count = lines(path)
    assert count <= 350, f"fplib/{path.relative_to(FPLIB).as_posix()} has {count} lines (at most 350): split it by topic"


@pytest.mark.parametrize("path", FIGURES, ids=lambda p: p.name)
def test_each_figure_module_is_at_most_250_lines(path):
    count = lines(path)
    assert count <= 250, f"fplib/plots/{path.name} has {count} lines (at most 250): move a topic to a module of its own"


def test_the_figure_modules_are_found():
    assert {p.stem for p in FIGURES} >= {"spectra", "convergence", "damping", "pictures", "kernels"}
    assert FPLIB / "relax.py" in MODULES and len(MODULES) > 20
