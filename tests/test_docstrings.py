"""Every public function and class of the library's core modules shows a runnable example (``>>>``) in its own
docstring, and pytest runs every example in fplib (``--doctest-modules`` over ``fplib``, in ``make check``)."""
import doctest
import importlib
import inspect
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")
ROOT = Path(__file__).resolve().parents[1]
WITH_EXAMPLES = ("spectrum", "radial", "tracker", "cases", "poisson", "fields", "relax", "sweeper", "multigrid.geometric",
                 "multigrid.interpolation", "multigrid.galerkin", "learned_interpolation", "krylov", "nets",
                 "train")


def public_names(module) -> list[str]:
    """The functions and classes ``module`` defines (not imports) whose names do not start with ``_``."""
    return [name for name, obj in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == module.__name__]


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_every_public_function_and_class_has_an_example(name):
    module = importlib.import_module(f"fplib.{name}")
    with_examples = {test.name for test in doctest.DocTestFinder().find(module) if test.examples}
    names = public_names(module)
    missing = [n for n in names if f"{module.__name__}.{n}" not in with_examples]
    assert names and not missing, f"no >>> example in the docstring of fplib.{name}'s {missing}"


def test_the_examples_run_as_tests():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split() and "fplib" in options["testpaths"]


def test_public_names_sees_classes_and_functions_but_not_imports():
    from fplib.multigrid import galerkin, geometric

    names = public_names(geometric)
    assert {"Solved", "solve", "v_cycle"} <= set(names) and "Galerkin" in public_names(galerkin)
    assert not {"Problem", "residual", "relax", "_smooth", "COARSEST", "Galerkin"} & set(names)
