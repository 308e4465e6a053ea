"""Every notebook run (nbval collects notebooks/*.ipynb) is a slow test: `-m "not slow"` leaves the unit tests.

Claims are strict in every test and in every notebook kernel a test starts (the kernels inherit this
process's environment): a claim that does not hold fails the run (``fplib.claims``)."""
import os

import pytest

os.environ.setdefault("FPLIB_STRICT_CLAIMS", "1")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
