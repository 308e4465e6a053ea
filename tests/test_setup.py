"""The install routes stay in step, and the README's lab command serves the notebooks."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import free_port, stop, wait_for_url

from coursework import plan

tomllib = pytest.importorskip("tomllib")
ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"torch": "pytorch-cpu"}  # conda-forge's name for the CPU build of PyTorch


def pip_requirements(extras=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    chosen = [v for k, v in project["optional-dependencies"].items() if extras is None or k in extras]
    specs = project["dependencies"] + [s for extra in chosen for s in extra]
    specs = [s for s in specs if not s.startswith(project["name"])]
    return {_name(s): s.replace(_name(s), CONDA_NAMES.get(_name(s), _name(s)), 1) for s in specs}


def conda_requirements(path):
    deps = yaml.safe_load(path.read_text())["dependencies"]
    from_pip = [s for d in deps if isinstance(d, dict) for s in d.get("pip", [])]  # what conda-forge lacks
    return {_name(s): s for s in deps + from_pip if isinstance(s, str) and _name(s) not in ("python", "pip")}


def _name(spec):
    return re.match(r"[A-Za-z0-9_.\-]+", spec).group(0)


def test_environment_files_name_the_same_packages_as_pyproject():
    wanted = sorted(pip_requirements().values())
    assert sorted(conda_requirements(ROOT / "environment.yml").values()) == wanted
    student = sorted(pip_requirements(["notebooks"]).values())
    assert sorted(conda_requirements(ROOT / "binder" / "environment.yml").values()) == student


def test_binder_installs_what_a_student_needs_bounded_and_no_instructor_tool():
    binder = conda_requirements(ROOT / "binder" / "environment.yml")
    assert not set(binder) & {"nbgrader", "otter-grader", "pytest", "selenium", "ruff", "pre-commit", "myst-nb"}, binder
    assert all("<" in spec for spec in binder.values()), binder  # a rebuild next term gives the same majors


def test_binder_installs_fplib_after_conda():
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK)
    assert "pip install --no-deps -e ." in post.read_text() and "binder/lab-settings" in post.read_text()
    assert "python=3.11" in (ROOT / "binder" / "environment.yml").read_text()


def test_notebooks_are_stored_without_outputs_and_the_hooks_keep_them_so():
    import nbformat

    for path in plan.files():
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in cells), f"{path.name} is stored with outputs"
    hooks = [h["id"] for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]
             for h in repo["hooks"]]
    assert {"ruff", "nbstripout"} <= set(hooks)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


@pytest.mark.slow
def test_make_lab_serves_the_notebooks_on_loopback(tmp_path):
    port, token = free_port(), "fplib-test-token"
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    server = subprocess.Popen(
        ["make", "-s", "lab", f"PORT={port}", "LAB_ARGS=--no-browser"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        listing = json.loads(wait_for_url(f"http://127.0.0.1:{port}/api/contents?token={token}", server))
        names = {item["name"] for item in listing["content"]}
        assert any(name.startswith("01_") and name.endswith(".ipynb") for name in names), names
        lab_page = wait_for_url(f"http://127.0.0.1:{port}/lab?token={token}", server)
        assert b"JupyterLab" in lab_page
    finally:
        stop(server)
