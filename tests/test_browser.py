"""A person's view: JupyterLab in headless Chromium runs a notebook; no errors, widgets render, figures show.

Needs Debian's chromium and chromium-driver (``make test`` installs them where it can). Without them
the test is skipped, unless FPLIB_REQUIRE_BROWSER is set (as in CI), where it fails.
"""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import free_port, stop, wait_for_url

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "03_jacobi_poisson.ipynb"
TOKEN = "fplib-browser-test"


def tools():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    if os.environ.get("FPLIB_REQUIRE_BROWSER"):
        pytest.fail("chromium and chromedriver are required here (FPLIB_REQUIRE_BROWSER is set)")
    pytest.skip("chromium and chromedriver are not installed")


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


def wait_for(driver, script, what, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


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
    chromium, chromedriver = tools()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", f"--user-data-dir={tmp_path / 'chrome'}", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
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
        widget_views = driver.execute_script("return document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length;")
        sliders = driver.execute_script("return document.querySelectorAll('.jp-OutputArea-output .widget-slider').length;")
        figures = driver.execute_script("return document.querySelectorAll('.jp-OutputArea-output img').length;")
        assert widget_views >= 1 and sliders >= 3, (widget_views, sliders)
        assert figures >= 5, figures
    finally:
        driver.quit()
