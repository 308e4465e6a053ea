"""The course website as a reader sees it: built from two notebooks executed in the quick profile, opened in
headless Chromium. Every page loads without console errors; images are present, each with alt text; internal
links resolve; math is typeset; the animation has its controls; the search finds "Jacobi"; screenshots are saved.
Fast: every figure cell of the notebooks carries its alt text, and the staged page takes it from the source."""
import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from helpers import chrome, wait_for
from nbclient import NotebookClient

from coursework import book, plan

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOKS = ("01_f_principle_1d.ipynb", "03_jacobi_poisson.ipynb")
# a cell draws when it calls plt.show(), a function of an fplib.plots module or of fplib.widgets (their static figure), a
# tracker's heat map or an animation; without plt.show() it draws one figure, shown at the cell's end
DRAWS = re.compile(r"plt\.show\(\)|\bplots\.\w+\.\w+\(|\bwidgets\.\w+\(|\.heatmap\(|to_jshtml\(")
GENERIC = {"figure", "plot", "image", "graph", "chart", "picture", "output", "animation"}


def figures(source: str) -> int:
    """How many figures a code cell with this source draws (0: none)."""
    return source.count("plt.show()") or int(bool(DRAWS.search(source)))


def meaningful(alt) -> bool:
    """Alt text that says something: a sentence or more, not a file name, not one generic word."""
    return (isinstance(alt, str) and len(alt.split()) >= 8 and alt.strip().lower().rstrip(".") not in GENERIC
            and not re.search(r"\.(png|jpe?g|svg|gif)\b|_images/", alt))


@pytest.mark.parametrize("path", plan.files(), ids=lambda p: p.name[:2])
def test_every_figure_has_alt_text(path):
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        alt, count = book.alt_text(cell), figures(cell.source)
        where = f"{path.name} cell {cell.id}"
        assert count <= 1, f"{where} draws {count} figures: MyST-NB gives all of a cell's images its one alt text; split it"
        if count:
            assert meaningful(alt), f"{where} draws a figure: give it metadata mystnb.image.alt saying what it shows ({alt!r})"
        else:
            assert alt is None, f"{where} draws no figure but has alt text"


def test_the_page_takes_alt_texts_from_the_source_notebook(tmp_path):
    """Outputs made before the alt texts were written still get them: the page matches cells by id."""
    code = nbformat.v4.new_code_cell("plots.convergence.loss_curve(loss);", id="fig")
    animation = nbformat.v4.new_code_cell("display(HTML(anim.to_jshtml()))", id="anim")
    source = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title", id="title"), code, animation])
    alt = "The training loss falls from 1 to 0.001 over 2000 steps, fastest at first (\"log scale\")."
    code.metadata["mystnb"] = {"image": {"alt": alt}}
    animation.metadata["mystnb"] = {"image": {"alt": alt}}
    nbformat.write(source, tmp_path / "source.ipynb")
    for cell in source.cells:
        cell.metadata = {}
    png = base64.b64encode(b"\x89PNG").decode()
    code.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})]
    animation.outputs = [nbformat.v4.new_output("display_data", data={"text/html": '<div><img id="_anim_img1a"></div>'})]
    nbformat.write(source, tmp_path / "01_x.ipynb")
    page = book.page_notebook(tmp_path / "01_x.ipynb", {}, source=tmp_path / "source.ipynb")
    cells = {c.id: c for c in page.cells}
    assert book.alt_text(cells["fig"]) == alt
    assert '<img alt="The training loss falls' in cells["anim"].outputs[0].data["text/html"]
    assert "(&quot;log scale&quot;)." in cells["anim"].outputs[0].data["text/html"]


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alts = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt"))


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


@pytest.mark.slow
def test_every_image_has_alt_text(site):
    counted = 0
    for page in pages(site):
        images = Images()
        images.feed(page.read_text())
        missing = [alt for alt in images.alts if not meaningful(alt)]
        assert missing == [], f"{page.relative_to(site)}: {len(missing)} of {len(images.alts)} images lack alt text: {missing[:3]}"
        counted += len(images.alts)
    assert counted >= 10, f"only {counted} images on the site"


@pytest.mark.slow
def test_every_internal_link_resolves(site):
    for page in pages(site):
        for href in re.findall(r'href="([^"]+)"', page.read_text()):
            parsed = urlparse(href)
            if parsed.scheme or href.startswith(("#", "mailto:")):
                continue
            target = (page.parent / unquote(parsed.path)).resolve()
            assert target.exists(), f"{page.relative_to(site)} links to missing {href}"


@pytest.mark.slow
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
