"""Shared by the tests: a free loopback port, waiting for a server's answer, a clean stop; solution lines; a browser;
a copy of the repository's tracked files; a fresh virtual environment with PyTorch linked in."""
import os
import signal
import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_url(url: str, server: subprocess.Popen, timeout: float = 60.0, log=None) -> bytes:
    """The body at ``url`` once the server answers; fails if it exits or ``timeout`` passes first, with the end of
    the server's ``log`` file (where it writes one) in the message."""
    deadline = time.monotonic() + timeout

    def written() -> str:
        return "" if log is None else f"; the end of its log:\n{open(log, errors='replace').read()[-4000:]}"

    while True:
        try:
            return urllib.request.urlopen(url, timeout=5).read()
        except OSError as error:
            assert server.poll() is None, f"the server exited early (status {server.returncode}){written()}"
            assert time.monotonic() < deadline, f"no answer from {url} within {timeout} s ({error}){written()}"
            time.sleep(0.5)


def stop(server: subprocess.Popen) -> None:
    """Terminate the server's whole process group; kill it if it does not stop within 15 s."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def solution_lines(cell_source: str) -> list[str]:
    """The non-empty lines inside the ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` regions of a cell, stripped."""
    lines, inside = [], False
    for line in cell_source.splitlines():
        if line.strip() == "# BEGIN SOLUTION":
            inside = True
        elif line.strip() == "# END SOLUTION":
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def chrome(profile_dir, *, window: str = "1400,1000", console_log: bool = False):
    """Headless Debian chromium through chromedriver, isolated in ``profile_dir``; skips (or fails where
    FPLIB_REQUIRE_BROWSER is set, as in CI) when the two are not installed."""
    import shutil

    import pytest

    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        if os.environ.get("FPLIB_REQUIRE_BROWSER"):
            pytest.fail("chromium and chromedriver are required here (FPLIB_REQUIRE_BROWSER is set)")
        pytest.skip("chromium and chromedriver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--allow-file-access-from-files", f"--user-data-dir={profile_dir}", f"--window-size={window}"):
        options.add_argument(flag)
    if console_log:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    return driver


def wait_for(driver, script: str, what: str, timeout: float = 30.0):
    """The first truthy value of ``script`` in the page; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def site_packages(python):
    """The folder where ``python``'s environment installs pure-Python packages (its purelib)."""
    from pathlib import Path

    return Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())


def wheel_environment(wheel, venv):
    """A fresh venv at ``venv`` with ``wheel`` installed (no editable hook) and the dependencies borrowed from
    this environment; returns (python, site-packages)."""
    import sys
    import sysconfig
    from pathlib import Path

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = Path(venv) / "bin" / "python"
    site = site_packages(python)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, str(wheel)],
                   check=True, capture_output=True)
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python, Path(site)


def fresh_venv(venv, python=None):
    """A new virtual environment at ``venv`` (with pip) holding one package already: this environment's PyTorch,
    hard-linked in (its files and their compiled bytecode, no copy). pip (or uv) then finds the same 2.13.0 CPU wheel
    installed, as Colab has PyTorch installed, instead of unpacking 760 MB and compiling what it imports again
    in every fresh environment of the suite; whatever else the environment declares is installed, and a
    requirement that excludes this PyTorch replaces it. ``python``: the interpreter that makes it (default:
    python3 on the PATH). Returns the environment's python."""
    import importlib.metadata
    import shutil
    from pathlib import Path

    subprocess.run([python or shutil.which("python3"), "-m", "venv", str(venv)], check=True)
    venv_python = Path(venv) / "bin" / "python"
    site = site_packages(venv_python)
    torch = importlib.metadata.distribution("torch")
    for top in sorted({f.parts[0] for f in torch.files if f.parts[0] != ".."}):  # torch, its dist-info, torchgen, ...
        source = Path(torch.locate_file(top))
        if source.is_dir():
            shutil.copytree(source, site / top, copy_function=_link_or_copy)
        else:
            _link_or_copy(source, site / top)
    return venv_python


def install(python, *requirements, **kw) -> subprocess.CompletedProcess:
    """``pip install requirements`` into ``python``'s environment, done by uv (make setup's): the versions pip
    would resolve, in a fraction of pip's time. Where the student's or the grader's own command is pip (a notebook's
    install cell, Binder's postBuild), the tests run pip itself. Keywords go to ``subprocess.run``."""
    import sys
    from pathlib import Path

    uv = Path(sys.executable).parent / "uv"
    return subprocess.run([uv, "pip", "install", "--quiet", "--python", python, *requirements], **kw)


def _link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:  # another file system
        import shutil

        shutil.copy2(source, target)


def tracked_copy(root, dest):
    """Copy the git-tracked files of ``root`` to ``dest`` (what a clone holds); returns ``dest``."""
    import shutil
    from pathlib import Path

    files = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        (Path(dest) / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(root) / name, Path(dest) / name)
    return Path(dest)


KERNEL_IDLE = """
const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
return k && k.status === 'idle' && w.content ? true : false;
"""
TOKEN = "fplib-browser-test"


def jupyterlab(python, served, tmp_path, env=None):
    """JupyterLab from ``python``'s environment on loopback, serving ``served``, with per-test settings (a
    notebook renders all its cells); a generator yielding its address, for a fixture; stopped afterwards."""
    import json

    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port = free_port()
    env = {**(env or os.environ), "FPLIB_PROFILE": "quick", "FPLIB_PROGRESS": "0", "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "ws")}
    command = [str(python), "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.root_dir={served}", f"--IdentityProvider.token={TOKEN}",
               "--LabApp.expose_app_in_browser=True", "--allow-root"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        wait_for_url(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", server)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)


INSTRUCTOR_TOOLS = """
const menus = [...document.querySelectorAll('.lm-MenuBar-itemLabel')].map(e => e.textContent);
const panels = [...window.jupyterapp.shell.widgets('right'), ...window.jupyterapp.shell.widgets('left')]
  .map(w => w.title.caption + ' ' + w.title.label);
return menus.concat(panels).filter(t => /nbgrader|create assignment/i.test(t));
"""


def variable_problem(n: int = 31, dim: int = 2, contrast: float = 100.0):
    """A Poisson problem with a random coefficient k = exp(Gaussian field) at ``contrast`` and a random source (seeded)."""
    from fplib import config, fields, poisson

    config.seed_everything(1)
    k = fields.random_coefficients(1, n, length=0.2, contrast=contrast, dim=dim)[0]
    return poisson.problem(n, source=fields.random_sources(1, n, length=0.2, dim=dim)[0], coefficient=k, dim=dim)


def operator_matrix(prob):
    """The sparse matrix of ``prob``'s operator -div(k grad)."""
    from fplib import poisson

    return poisson.laplacian(prob.n, prob.h, prob.dim, prob.faces)
