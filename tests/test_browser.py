"""A person's view: JupyterLab in headless Chromium runs a notebook; no errors, widgets render, figures show.

Needs Debian's chromium and chromium-driver (``make test`` installs them where it can). Without them
the test is skipped, unless FPLIB_REQUIRE_BROWSER is set (as in CI), where it fails (``helpers.chrome``).
"""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import chrome, free_port, stop, wait_for, wait_for_url

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "03_jacobi_poisson.ipynb"
TOKEN = "fplib-browser-test"


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on loopback serving a copy of the notebook; shut down afterwards."""
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, served / NOTEBOOK)
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port = free_port()
    env = {**os.environ, "FPLIB_PROFILE": "quick", "FPLIB_PROGRESS": "0", "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "ws")}
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.root_dir={served}", f"--IdentityProvider.token={TOKEN}",
               "--LabApp.expose_app_in_browser=True", "--allow-root"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        wait_for_url(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", server)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)


KERNEL_IDLE = """
const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
return k && k.status === 'idle' && w.content ? true : false;
"""
ALL_RUN = """
const w = window.jupyterapp.shell.currentWidget;
const cells = w.content.widgets.filter(c => c.model.type === 'code');
const done = cells.every(c => c.model.executionCount !== null && !c.node.querySelector('.jp-InputPrompt').textContent.includes('*'));
return done && w.sessionContext.session.kernel.status === 'idle';
"""
ERRORS = """
const w = window.jupyterapp.shell.currentWidget;
const out = [];
for (const c of w.content.widgets) {
  if (c.model.type !== 'code') continue;
  for (const o of c.model.outputs.toJSON()) if (o.output_type === 'error') out.push(o.ename + ': ' + o.evalue);
}
return out;
"""


def test_notebook_runs_in_jupyterlab_in_a_real_browser(lab, tmp_path):
    driver = chrome(tmp_path / "chrome")
    try:
        driver.get(f"{lab}/lab/tree/{NOTEBOOK}?token={TOKEN}")
        wait_for(driver, KERNEL_IDLE, "the notebook and an idle kernel", 120)
        driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells');")
        time.sleep(2)
        wait_for(driver, ALL_RUN, "all cells to run", 300)
        time.sleep(2)  # let the widget views render
        driver.execute_script("document.querySelector('.jp-OutputArea-output .jupyter-widgets')"
                              ".scrollIntoView({block: 'start'});")
        time.sleep(1)
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "browser_03_jacobi.png"))
        assert driver.execute_script(ERRORS) == []
        page = driver.execute_script("return document.body.innerText;")
        assert "Error displaying widget" not in page
        # the settings override shipped for `make lab` and Binder (binder/overrides.json) keeps the course clean
        assert "official Jupyter news" not in page, "JupyterLab asked about Jupyter news: the settings override is missing"
        widget_views = driver.execute_script("return document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length;")
        sliders = driver.execute_script("return document.querySelectorAll('.jp-OutputArea-output .widget-slider').length;")
        figures = driver.execute_script("return document.querySelectorAll('.jp-OutputArea-output img').length;")
        assert widget_views >= 1 and sliders >= 3, (widget_views, sliders)
        assert figures >= 5, figures
    finally:
        driver.quit()
