"""The course website as a reader sees it: built from two notebooks executed in the quick profile, opened in
headless Chromium. Every page loads without console errors; images are present; internal links resolve;
math is typeset; the animation has its controls; the search finds "Jacobi"; screenshots are saved."""
import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from helpers import chrome, wait_for
from nbclient import NotebookClient

from coursework import book

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOKS = ("01_f_principle_1d.ipynb", "03_jacobi_poisson.ipynb")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    executed = tmp_path_factory.mktemp("executed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FPLIB_PROFILE", "quick")
        patch.setenv("FPLIB_PROGRESS", "0")
        for name in NOTEBOOKS:
            nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
            nbformat.write(nb, executed / name)
    out = tmp_path_factory.mktemp("site") / "book"
    result = book.build(executed, out, profile="quick")
    print(f"site built in {result['seconds']:.1f} s, {result['megabytes']:.1f} MB")
    assert result["megabytes"] < 50
    return out


def pages(out: Path):
    return sorted(p for p in out.rglob("*.html") if "_static" not in p.parts and p.name not in ("genindex.html",))


def test_every_internal_link_resolves(site):
    import re

    for page in pages(site):
        for href in re.findall(r'href="([^"]+)"', page.read_text()):
            parsed = urlparse(href)
            if parsed.scheme or href.startswith(("#", "mailto:")):
                continue
            target = (page.parent / unquote(parsed.path)).resolve()
            assert target.exists(), f"{page.relative_to(site)} links to missing {href}"


def test_the_site_in_a_real_browser(site, tmp_path):
    driver = chrome(tmp_path / "chrome", window="1300,1000", console_log=True)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        for page in pages(site):
            driver.get(page.as_uri())
            wait_for(driver, "return document.readyState === 'complete'", f"{page.name} to load")
            if "notebooks" in page.parts:
                wait_for(driver, "return document.querySelectorAll('mjx-container').length > 0", f"math on {page.name}")
            broken = driver.execute_script("return [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
                                           ".map(i => i.src);")
            assert broken == [], f"{page.name}: images missing or empty: {broken}"
            text = driver.execute_script("return document.body.innerText;")
            assert "$$" not in text and "\\frac" not in text and "\\lambda" not in text, f"raw math left on {page.name}"
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert errors == [], f"{page.name}: console errors {json.dumps(errors)[:500]}"
        first = site / "notebooks" / "01_f_principle_1d.html"
        driver.get(first.as_uri())
        wait_for(driver, "return document.querySelectorAll('mjx-container').length > 0", "math")
        controls = driver.execute_script("return document.querySelectorAll('.animation .anim-buttons button').length;")
        assert controls >= 5, f"the animation's controls are missing ({controls} buttons)"
        heading = driver.find_element("css selector", "article h1, main h1")
        driver.execute_script("arguments[0].scrollIntoView();", heading)
        driver.save_screenshot(str(ARTIFACTS / "book_notebook_01.png"))
        driver.get((site / "index.html").as_uri())
        wait_for(driver, "return document.readyState === 'complete'", "the landing page")
        driver.save_screenshot(str(ARTIFACTS / "book_landing.png"))
        driver.get((site / "search.html").as_uri() + "?q=Jacobi")
        found = wait_for(driver, "return document.querySelectorAll('#search-results li, ul.search li').length;",
                         "search results for Jacobi", timeout=60)
        assert found >= 1
    finally:
        driver.quit()
