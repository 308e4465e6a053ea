"""Every notebook run (nbval collects notebooks/*.ipynb) is a slow test: `-m "not slow"` leaves the unit tests.

The examples in fplib's docstrings run as doctests (``--doctest-modules``) with ``np``, ``torch`` and every public fplib
module by its short name already imported, as the module docstrings say (NumPy's convention).

Claims are strict in every test and in every notebook kernel a test starts (the kernels inherit this
process's environment): a claim that does not hold fails the run (``fplib.claims``)."""
import importlib
import os
import pkgutil
import sys

import pytest

os.environ.setdefault("FPLIB_STRICT_CLAIMS", "1")
# The fresh environments the slow tests build (Binder's, Colab's, the course copy's, the otter autograder's) install
# without compiling every file's bytecode up front (pip's --no-compile; the imported modules compile on first import).
# pip reads PIP_COMPILE=0 as --no-compile (PIP_NO_COMPILE=1 does not: pip reads it as compile = true).
os.environ.setdefault("PIP_COMPILE", "0")
# ... and every process of the suite keeps the bytecode it compiles (where PYTHONDONTWRITEBYTECODE is set, as on this
# project's machines, each of the hundreds of processes the suite starts would otherwise compile torch's modules again).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _doctest_names(request):
    """``np``, ``torch`` and the public fplib modules (``spectrum``, ``poisson``, ...) in every doctest's namespace,
    under the names the module itself defines (``relax.relax`` stays the function in relax's examples)."""
    test = getattr(request.node, "dtest", None)
    if test is None:
        return
    import numpy as np
    import torch

    import fplib

    names = {"np": np, "torch": torch}
    names.update((m.name, importlib.import_module(f"fplib.{m.name}")) for m in pkgutil.iter_modules(fplib.__path__)
                 if not m.name.startswith("_"))
    for name, value in names.items():
        test.globs.setdefault(name, value)
