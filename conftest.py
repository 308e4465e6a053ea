"""Every notebook run (nbval collects notebooks/*.ipynb) is a slow test: `-m "not slow"` leaves the unit tests."""
import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
