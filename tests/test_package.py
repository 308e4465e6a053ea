"""fplib installs as users install it: every imported package declared, every module shipped in the wheel,
the researchers' own-model example runs, and the code is lint-clean."""
import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import wheel_environment

tomllib = pytest.importorskip("tomllib")
ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
                 for p in (ROOT / "fplib").rglob("*.py") if p.name != "__init__.py")
IMPORT_NAMES = {"PIL": "pillow", "IPython": "ipython", "yaml": "pyyaml", "sklearn": "scikit-learn"}


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + [s for extra in project["optional-dependencies"].values() for s in extra]
    return {re.match(r"[A-Za-z0-9_.\-]+", s).group(0).lower() for s in specs}


def imported_packages(folder: str = "fplib") -> set[str]:
    names = set()
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("fplib", "coursework", "__future__")}


def test_every_imported_package_is_declared():
    for folder in ("fplib", "coursework"):
        missing = {IMPORT_NAMES.get(n, n).lower() for n in imported_packages(folder)} - declared()
        assert not missing, f"imported by {folder} but not declared in pyproject.toml: {sorted(missing)}"


def test_the_science_library_is_lean():
    """The course tooling lives outside the installed package: fplib needs neither nbformat nor IPython
    (``widgets`` and the exercises' Markdown import IPython where they use it; it comes with ``[notebooks]``)."""
    core = {re.match(r"[A-Za-z0-9_.\-]+", s).group(0).lower()
            for s in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    assert not core & {"nbformat", "ipython", "nbconvert", "nbclient", "nbgrader", "otter-grader"}, core
    assert "nbformat" not in imported_packages("fplib")
    script = "import importlib, sys; sys.modules['IPython'] = None\n" + "".join(
        f"importlib.import_module('{m}')\n" for m in MODULES)  # every module imports without IPython
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_package_docstring_lists_every_module():
    import fplib

    listed = set(re.findall(r"``(\w+)``", fplib.__doc__))
    top = {m.split(".")[1] for m in MODULES if not m.split(".")[1].startswith("_")}
    assert top <= listed, f"modules missing from fplib/__init__.py: {sorted(top - listed)}"


def within(name: str) -> set[str]:
    """The fplib modules that importing ``name`` loads: the module itself, or every module of a subpackage
    (``fplib.plots`` imports its topic modules)."""
    return {name} & set(MODULES) or {m for m in MODULES if m.startswith(name + ".")}


def package_imports() -> dict[str, set[str]]:
    """fplib module -> the fplib modules it imports, at any depth of its code (lazy imports count)."""
    graph = {}
    for module in MODULES:
        path = ROOT / (module.replace(".", "/") + ".py")
        package = module.split(".")[:-1]
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
                names = [f"{base}.{alias.name}" for alias in node.names]
                found |= set().union(*map(within, names)) or {base}
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("fplib"):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
                found |= set().union(*map(within, names)) or {node.module}
        graph[module] = found & set(MODULES)
    return graph


def test_the_import_graph_has_no_circle_and_spectrum_is_pure_numerics():
    graph = package_imports()
    done, path = set(), []

    def visit(module):
        assert module not in path, f"import circle: {' -> '.join(path[path.index(module):] + [module])}"
        if module not in done:
            path.append(module)
            for other in sorted(graph[module]):
                visit(other)
            path.pop()
            done.add(module)

    for module in sorted(graph):
        visit(module)
    assert graph["fplib.spectrum"] <= {"fplib._check"}
    figures = within("fplib.plots")
    beyond = {m: graph[m] - {"fplib._check", "fplib.spectrum", "fplib.plots._style"} for m in figures}
    assert len(figures) > 1 and not any(beyond.values()), f"figures draw what they are given, they compute nothing: {beyond}"
    assert graph["fplib.tracker"] >= figures  # a subpackage import counts as importing all its modules
    import fplib

    listed = [f"fplib.{name}" for name in re.findall(r"^\* ``(\w+)``", fplib.__doc__, flags=re.M)]
    for i, name in enumerate(listed):
        above = set().union(*map(within, listed[: i + 1])) | {"fplib._check"}  # a subpackage's modules import each other
        for module in within(name):
            assert graph[module] <= above, f"{module} imports a module listed below it in fplib/__init__.py"


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=os.path.dirname(sys.executable)) or shutil.which("ruff")
    assert ruff, "ruff is part of the dev extra: pip install -e '.[dev]'"
    done = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def researchers_example() -> str:
    """The own-model example of the site's page for researchers (book/researchers.md), its first Python block."""
    return (ROOT / "book" / "researchers.md").read_text().split("```python", 1)[1].split("```", 1)[0]


def test_the_researchers_own_model_example_runs(tmp_path):
    code = researchers_example()
    assert "FrequencyTracker" in code and "tracker.record(" in code and len(code.strip().splitlines()) <= 25
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MPLBACKEND": "Agg", "FPLIB_PROGRESS": "0"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "k = 5: first step below 10 % error" in done.stdout, done.stdout


@pytest.mark.slow
def test_a_wheel_installed_without_editable_mode_imports_every_module(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheels.glob("fprinciple-*.whl")
    python, site = wheel_environment(wheel, tmp_path / "venv")  # the wheel itself, dependencies borrowed
    site = str(site)
    script = "import importlib, fplib; print(fplib.__file__)\n" + "".join(f"importlib.import_module('{m}')\n" for m in MODULES)
    done = subprocess.run([python, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith(site), f"fplib came from {done.stdout.strip()}, not the installed wheel"


def test_licence_and_citation_files_say_what_applies_to_what():
    import yaml

    licence = (ROOT / "LICENSE").read_text()
    assert "MIT License" in licence and "CC BY 4.0" in licence and "Applies to" in licence
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["license"] == "MIT" and citation["authors"]
    assert citation["references"][0]["title"].startswith("Frequency Principle")
    assert citation["references"][0]["doi"] == "10.4208/cicp.OA-2020-0085"
    import fplib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    # the version is set once, in fplib/__init__.py: the package's metadata reads it there, CITATION.cff is checked
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "fplib.__version__"}
    assert citation["version"] == fplib.__version__
    assert f"## {fplib.__version__}" in (ROOT / "CHANGELOG.md").read_text()
    address = citation["repository-code"]  # the one place the repository's address is set
    assert address.startswith("https://github.com/")
    binder = re.search(r"mybinder.org/v2/gh/([^/]+/[^/]+)/([^?]+)", (ROOT / "README.md").read_text())
    assert binder.group(1) == address.removeprefix("https://github.com/") and binder.group(2) == f"v{fplib.__version__}"
    assert "CITATION.cff" in (ROOT / "README.md").read_text()
