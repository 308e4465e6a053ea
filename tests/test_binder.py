"""Binder, checked without Docker: repo2docker's rendered build picks binder/, installs our environment
and runs postBuild; and the pip equivalent of binder/environment.yml, in a fresh virtual environment,
runs a notebook and opens JupyterLab in a browser as a student sees it (no instructor menu, no news prompt).

The fresh environment takes PyTorch as FPLIB_TORCH says (default torch==2.13.0, like the Makefile):
conda-forge's pytorch-cpu has no pip twin of the same name.
"""
import os
import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import INSTRUCTOR_TOOLS, KERNEL_IDLE, TOKEN, chrome, fresh_venv, install, jupyterlab, tracked_copy, wait_for

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PIP_NAMES = {"pytorch-cpu": os.environ.get("FPLIB_TORCH", "torch==2.13.0")}


def pip_equivalent(environment: Path) -> list[str]:
    requirements = []
    deps = yaml.safe_load(environment.read_text())["dependencies"]
    from_pip = [s for d in deps if isinstance(d, dict) for s in d.get("pip", [])]  # what conda-forge lacks
    for spec in [d for d in deps if isinstance(d, str)] + from_pip:
        name = re.match(r"[A-Za-z0-9_.\-]+", spec).group(0)
        if name in ("python", "pip"):
            continue
        requirements.append(PIP_NAMES.get(name, spec))
    return requirements


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A copy of the repository's tracked files and a fresh venv with binder's packages, after postBuild."""
    base = tmp_path_factory.mktemp("binder")
    copy = tracked_copy(ROOT, base / "repo")
    venv = base / "venv"
    install(fresh_venv(venv), *pip_equivalent(copy / "binder" / "environment.yml"), "jupyter-repo2docker", check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    subprocess.run(["bash", "binder/postBuild"], cwd=copy, env=env, check=True)
    return copy, venv, env


def test_binder_environment_runs_a_notebook(fresh, tmp_path):
    copy, venv, env = fresh
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import fplib; print(fplib.__file__)"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(copy) in where  # postBuild installed the repository itself
    overrides = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert '"fetchNews": "false"' in overrides.read_text()  # and JupyterLab's settings override (no news prompt)
    done = subprocess.run([str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                           "--output-dir", str(tmp_path), "notebooks/03_jacobi_poisson.ipynb"],
                          cwd=copy, env={**env, "FPLIB_PROFILE": "quick", "FPLIB_PROGRESS": "0"},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


def test_repo2docker_renders_a_build_from_binder(fresh):
    copy, venv, env = fresh
    done = subprocess.run([str(venv / "bin" / "jupyter-repo2docker"), "--no-build", "--debug", str(copy)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    text = done.stdout + done.stderr
    assert "Building conda environment for python=3.11" in text
    assert "src/binder/environment.yml" in text and '--file "binder/environment.yml"' in text
    assert "RUN ./binder/postBuild" in text
    assert "COPY --chown=0:0 src/environment.yml" not in text  # binder/ takes precedence over the root file


@pytest.fixture
def student_lab(fresh, tmp_path):
    """JupyterLab from the Binder-equivalent environment, serving the copy's notebooks."""
    copy, venv, env = fresh
    yield from jupyterlab(venv / "bin" / "python", copy / "notebooks", tmp_path,
                          {**env, "JUPYTER_PATH": str(venv / "share" / "jupyter")})


def test_student_jupyterlab_shows_no_instructor_tools(student_lab, tmp_path):
    driver = chrome(tmp_path / "chrome")
    try:
        driver.get(f"{student_lab}/lab/tree/03_jacobi_poisson.ipynb?token={TOKEN}")
        wait_for(driver, KERNEL_IDLE, "the notebook and an idle kernel", 120)
        time.sleep(2)  # let every extension add its menus and panels
        menus = driver.execute_script("return [...document.querySelectorAll('.lm-MenuBar-itemLabel')].map(e => e.textContent);")
        assert "Kernel" in menus  # the menu bar is there ...
        assert driver.execute_script(INSTRUCTOR_TOOLS) == []  # ... without nbgrader's menu or Create Assignment panel
        page = driver.execute_script("return document.body.innerText;")
        assert "official Jupyter news" not in page  # postBuild installed the settings override
    finally:
        driver.quit()


@pytest.mark.parametrize("side", ["student", "grader"])
def test_repo2docker_renders_each_hub_image(fresh, tmp_path, side):
    """The folder each side of a graded hub is built from (coursework.hub.context): repo2docker's rendered build
    installs its requirements.txt and runs its postBuild, which installs the wheel beside it (binder/ is not used)."""
    from coursework import hub

    copy, venv, env = fresh
    folder = hub.context(side, tmp_path / side)
    (wheel,) = folder.glob("fprinciple-*.whl")
    done = subprocess.run([str(venv / "bin" / "jupyter-repo2docker"), "--no-build", "--debug", str(folder)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    text = done.stdout + done.stderr
    assert "requirements.txt" in text and "RUN ./postBuild" in text, text[-3000:]
    assert "binder/environment.yml" not in text
    with zipfile.ZipFile(wheel) as archive:
        public = "form_only" in archive.read("fplib/exercises/nb03.py").decode()
    assert public == hub.SIDES[side]  # students get the course copy, the grader the full library
