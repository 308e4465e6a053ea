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


# The longest files of `make test`, longest first, as one run measured them (per file, in seconds: the hub 111, classroom
# 109, the site 63, Colab 46, notebook 12 43, 10 41, otter 38, 06 37, 05 36, Binder 36, nbgrader 36, 09 34, 11 30, the
# load test 29, reproduce 27, 14 25, the student copy 25, 08 24, 07 23, the browser 19, 04 19, 01 17). They start first
# and every other file follows in its collection order (`make test` passes --no-loadscope-reorder), so the two workers
# end together; xdist's own order, most tests first, left the hub's term, two tests, running alone at the end.
LONGEST_FIRST = ("tests/test_hub.py", "tests/test_coursework_classroom.py", "tests/test_coursework_book.py",
                 "tests/test_coursework_colab.py", "notebooks/12_variable_coefficients.ipynb",
                 "notebooks/10_two_dimensions.ipynb", "tests/test_coursework_grading_otter.py",
                 "notebooks/06_beyond_the_article.ipynb", "notebooks/05_hybrid_solver.ipynb", "tests/test_binder.py",
                 "tests/test_coursework_grading.py", "notebooks/09_train_once_solve_many.ipynb",
                 "notebooks/11_two_dimensions_train_once.ipynb", "tests/test_coursework_load.py",
                 "tests/test_coursework_reproduce.py", "notebooks/14_coarse_spaces.ipynb", "tests/test_coursework_student.py",
                 "notebooks/08_high_dimensions.ipynb", "notebooks/07_why_low_frequencies_first.ipynb",
                 "tests/test_browser.py", "notebooks/04_network_poisson.ipynb", "notebooks/01_f_principle_1d.ipynb")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.relative_to(config.rootpath).as_posix(), len(rank)))  # stable


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
