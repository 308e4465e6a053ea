"""Fixtures shared by test files."""
from pathlib import Path

import pytest

from coursework import grading

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("grading")
    grading.write_grading(ROOT / "notebooks", out)
    return out
