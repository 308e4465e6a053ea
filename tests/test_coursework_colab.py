"""Colab, checked without Colab: a fresh virtual environment pinned to the versions Colab's runtime ships of the
packages the bundle imports, the bundle installed into it as the notebooks' install cell does (core dependencies
only, nothing of Colab's upgraded), then notebooks 01 and 03 run there (quick profile, through nbclient as
Colab's own kernel runs them), explorers included.

The versions are those of Colab's 2026.01 runtime, the newest listed in googlecolab/backend-info's README
(read 2026-05; its pip-freeze.txt at commit bd8aaa4580401a7fbf96a52fab5a7acf96f50b73). Assumptions, ours:
* Python: Colab's is 3.12.12; this machine has only 3.11, so the venv is 3.11.
* PyTorch: Colab ships torch 2.9.0 (+cpu on CPU runtimes, a CUDA build on GPU ones); neither can be had here,
  so the venv takes the local torch==2.13.0 CPU wheel (FPLIB_TORCH changes it), within the bundle's torch>=2.1,<3.
* pyamg: not on Colab; the install cell brings it within the bundle's own bounds (pyamg>=5.0,<6).
* Colab's frontend renders ipywidgets 7 with its own widget manager, which cannot run here: the test checks the
  kernel's side (each explorer's widget view and its static figure are in the outputs), not the rendering.

Colab's ipython 7.34 and ipywidgets 7.7 lie below the bounds of the bundle's ``notebooks`` extra (>=8): the
install cell installs the bundle without that extra, so nothing of Colab's is touched; the constraints below make
pip fail if the bundle's own bounds ever asked to change a Colab version.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest
from helpers import fresh_venv, install, tracked_copy

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TORCH = os.environ.get("FPLIB_TORCH", "torch==2.13.0")
NOTEBOOKS = ("01_f_principle_1d.ipynb", "03_jacobi_poisson.ipynb")
# Colab 2026.01 (pip-freeze.txt above): what the bundle imports, what runs a notebook, and their Jupyter stack.
COLAB = """numpy==2.0.2 scipy==1.16.3 matplotlib==3.10.0 contourpy==1.3.3 kiwisolver==1.4.9 pyparsing==3.3.1
tqdm==4.67.1 pillow==11.3.0 scikit-learn==1.6.1 joblib==1.5.3 threadpoolctl==3.6.0 packaging==25.0
ipywidgets==7.7.1 widgetsnbextension==3.6.10 jupyterlab_widgets==3.0.16 ipython-genutils==0.2.0
ipython==7.34.0 ipykernel==6.17.1 jupyter_client==7.4.9 jupyter_core==5.9.1 traitlets==5.7.1 pyzmq==26.2.1
tornado==6.5.1 debugpy==1.8.15 matplotlib-inline==0.2.1 nest-asyncio==1.6.0 prompt_toolkit==3.0.52
nbformat==5.10.4 nbclient==0.10.4 nbconvert==7.16.6 notebook==6.5.7 nbclassic==1.3.3 notebook_shim==0.2.4
jupyter_server==2.14.0 Jinja2==3.1.6 sympy==1.14.0 networkx==3.6.1 filelock==3.20.3 fsspec==2025.3.0
typing_extensions==4.15.0""".split()
SHIPPED = ["numpy", "scipy", "matplotlib", "tqdm", "pillow", "scikit-learn", "ipywidgets", "ipython", "ipykernel",
           "nbformat", "nbclient"]
RUN = """
import sys
import nbformat
from nbclient import NotebookClient

for source, target in zip(sys.argv[1::2], sys.argv[2::2]):
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import sys, IPython, ipywidgets, numpy, torch\\n"
        "from fplib import widgets\\n"
        "widgets.jacobi_explorer(n=15).children[2].value = 3  # a control's change redraws under ipywidgets 7\\n"
        "print(sys.executable, IPython.__version__, ipywidgets.__version__, numpy.__version__, torch.__version__)"))
    NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    nbformat.write(nb, target)
"""


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """A venv with Colab's versions and the bundle installed as the install cell does: (venv, environment)."""
    base = tmp_path_factory.mktemp("colab")
    copy = tracked_copy(ROOT, base / "repo")
    (base / "colab.txt").write_text("\n".join(COLAB) + "\n")
    venv = base / "venv"
    python = fresh_venv(venv)  # Colab's own packages (installed by uv), then the install cell's pip command
    install(python, "-c", base / "colab.txt", TORCH, *[c.split("==")[0] for c in COLAB if c.split("==")[0] in SHIPPED],
            check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", base / "colab.txt",
                    copy], check=True)  # the install cell: fprinciple with its core dependencies only
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "FPLIB_PROFILE": "quick",
           "FPLIB_PROGRESS": "0", "JUPYTER_PATH": str(venv / "share" / "jupyter")}
    env.pop("PYTHONPATH", None)
    return venv, env


def test_install_cell_keeps_colabs_versions(colab):
    venv, env = colab
    frozen = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json"], env=env,
                            capture_output=True, text=True, check=True).stdout
    have = {p["name"].lower().replace("_", "-"): p["version"] for p in json.loads(frozen)}
    for pin in COLAB:
        name, version = pin.lower().replace("_", "-").split("==")
        assert have.get(name) == version, (pin, have.get(name))
    assert have["pyamg"].startswith("5.") and "fprinciple" in have


def test_two_notebooks_run_with_colabs_versions(colab, tmp_path):
    venv, env = colab
    script = tmp_path / "run.py"
    script.write_text(RUN)
    pairs = [str(p) for nb in NOTEBOOKS for p in (ROOT / "notebooks" / nb, tmp_path / nb)]
    done = subprocess.run([str(venv / "bin" / "python"), str(script), *pairs], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    for nb in NOTEBOOKS:
        cells = json.loads((tmp_path / nb).read_text())["cells"]
        printed = next(o for o in cells[-1]["outputs"] if o["output_type"] == "stream")["text"]
        executable, ipython, ipywidgets, numpy, torch = "".join(printed).split()
        assert executable.startswith(str(venv)) and (ipython, ipywidgets, numpy) == ("7.34.0", "7.7.1", "2.0.2")
        explorer = next(c for c in cells if c["cell_type"] == "code" and "_explorer(" in "".join(c["source"]))
        kinds = [k for o in explorer["outputs"] for k in o.get("data", {})]
        # ipywidgets 7's view (the model Colab's widget manager renders) and the static figure beside it
        assert "application/vnd.jupyter.widget-view+json" in kinds and "image/png" in kinds, kinds
