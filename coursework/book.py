"""Build the course website from the executed notebooks (``make book``): Sphinx, MyST-NB and the book theme.

    python -m coursework.book [--profile classroom] [--executed build/reproduce/PROFILE] [--out build/book]

The notebooks are **not** executed again: the site shows the outputs of ``make reproduce``. Nothing is
downloaded: the theme comes with its Python package and MathJax with ``sphinx-mathjax-offline``.
Staging (in OUT/../book-source): the pages of ``book/``, ``references.bib``, the executed notebooks
— each with a first cell linking its source and its student version, widget outputs dropped (their
static figure stays), the arXiv identifiers of its references cell turned into citations, the cell
metadata of its source notebook (``mystnb.image.alt``: each figure's alt text, also given to an animation's
frame) — and, under ``files/``, every source notebook and student version.
"""
from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from . import catalogue, plan, repository
from .notebook_furniture import colab_url
from .student import student_notebook

ROOT = repository()
WIDGET = "application/vnd.jupyter.widget-view+json"
MYSTNB = "mystnb"  # MyST-NB's cell metadata: {"image": {"alt": ...}} is the alt text of the cell's figure
# matplotlib's animation controls load Font Awesome from a CDN: the site draws their icons as characters
ICONS = {"fa-minus": "\u2212", "fa-fast-backward": "\u23ee", "fa-step-backward": "\u23f4", "fa-play reverse": "\u25c0",
         "fa-pause": "\u23f8", "fa-play": "\u25b6", "fa-step-forward": "\u23f5", "fa-fast-forward": "\u23ed", "fa-plus": "+"}
MATHJAX_PARTS = ("tex-chtml.js", "input", "output", "ui", "a11y", "adaptors")


def bibliography(path: Path) -> dict[str, str]:
    """arXiv identifier -> key of each entry of the .bib file at ``path`` that has one."""
    text = path.read_text()
    ids = {}
    for match in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, flags=re.S):
        eprint = re.search(r"eprint\s*=\s*\{([^}]*)\}", match.group(2))
        if eprint:
            ids[eprint.group(1)] = match.group(1).strip()
    return ids


def offline_html(html) -> str:
    """An HTML output without links to a CDN: Font Awesome icons become characters."""
    html = "".join(html) if isinstance(html, list) else html
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", html)
    html = re.sub(r'<i class="fa fa-play fa-flip-horizontal"></i>', ICONS["fa-play reverse"], html)
    return re.sub(r'<i class="fa (fa-[a-z-]+)"></i>', lambda m: ICONS.get(m.group(1), m.group(0)), html)


def alt_text(cell) -> str | None:
    """The alt text of the figure ``cell`` draws (MyST-NB's ``mystnb.image.alt``), or None."""
    return cell.get("metadata", {}).get(MYSTNB, {}).get("image", {}).get("alt")


def described_animation(html_text: str, alt: str | None) -> str:
    """matplotlib's animation HTML with ``alt`` on its frame, ``<img id="_anim_img...">``."""
    return html_text if alt is None else html_text.replace('<img id="_anim_img', f'<img alt="{html.escape(alt)}" id="_anim_img')


def page_notebook(executed: Path, citations: dict[str, str], profile: str = "classroom",
                  source: Path | None = None) -> nbformat.NotebookNode:
    """The executed notebook as a site page: links first, no widget views, citations in its references, the
    MyST-NB metadata (alt texts) of ``source`` (default: notebooks/ of the same name) matched by cell id."""
    nb = nbformat.read(executed, as_version=4)
    original = {c.id: c for c in nbformat.read(source or ROOT / "notebooks" / executed.name, as_version=4).cells}
    changed = [c.id for c in nb.cells if c.id not in original or original[c.id].source != c.source]
    if changed:
        print(f"warning: {executed} is older than its source notebook (cells {', '.join(changed)} differ): "
              "alt texts may not match its figures; run `make reproduce`", file=sys.stderr)
    nb.metadata.pop("widgets", None)  # no widget state: the page would load the widget manager from a CDN
    stem = executed.stem
    links = (f"<a href=\"{colab_url(stem)}\">Open in Colab</a> · <a href=\"../files/source/{stem}.ipynb\">Source notebook</a> · "
             f"<a href=\"../files/student/{stem}.ipynb\">Student version</a> · "
             f"outputs from `make reproduce` ({profile} profile)")
    for cell in nb.cells:
        if cell.cell_type == "code":
            if cell.id in original and MYSTNB in original[cell.id].metadata:
                cell.metadata[MYSTNB] = original[cell.id].metadata[MYSTNB]
            kept = []
            for output in cell.get("outputs", []):
                data = output.get("data")
                if data is not None and WIDGET in data:
                    data.pop(WIDGET)
                    data.pop("text/plain", None)
                    if not data:
                        continue
                if data is not None and "text/html" in data:
                    data["text/html"] = described_animation(offline_html(data["text/html"]), alt_text(cell))
                kept.append(output)
            cell.outputs = kept
        elif cell.cell_type == "markdown" and "## References" in cell.source:
            cell.source = re.sub(r"arXiv:(\d{4}\.\d{4,5})",
                                 lambda m: f"arXiv:{m.group(1)} {{cite:p}}`{citations[m.group(1)]}`"
                                 if m.group(1) in citations else m.group(0), cell.source)
    title_cell = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
    nb.cells.insert(title_cell + 1, nbformat.v4.new_markdown_cell(links))
    return nb


def stage(executed_dir: Path, source: Path, profile: str = "classroom", only=()) -> list[str]:
    """Everything Sphinx needs, in ``source`` (the notebooks named in ``only``, or all); returns the notebook stems."""
    notebooks = [Path(executed_dir) / f"{stem}.ipynb" for stem in plan.stems() if not only or stem.startswith(tuple(only))]
    notebooks = [p for p in notebooks if p.exists()]
    if not notebooks:
        raise FileNotFoundError(f"no executed notebooks in {executed_dir}: run `make reproduce` first")
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(ROOT / "book", source)
    shutil.copy(ROOT / "references.bib", source / "references.bib")
    shutil.copy(ROOT / "figures" / "course_plan.png", source / "course_plan.png")
    citations = bibliography(ROOT / "references.bib")
    (source / "notebooks").mkdir()
    files = source / "_extra" / "files"
    (files / "source").mkdir(parents=True)
    (files / "student").mkdir()
    for executed in notebooks:
        nbformat.write(page_notebook(executed, citations, profile), source / "notebooks" / executed.name)
        original = ROOT / "notebooks" / executed.name
        shutil.copy(original, files / "source" / executed.name)
        nbformat.write(student_notebook(nbformat.read(original, as_version=4)), files / "student" / executed.name)
    import importlib.util

    mathjax = Path(importlib.util.find_spec("sphinx-mathjax-offline").origin).parent / "static" / "mathjax"
    (source / "_static" / "mathjax").mkdir(parents=True)
    for part in MATHJAX_PARTS:
        target = source / "_static" / "mathjax" / part
        (shutil.copytree if (mathjax / part).is_dir() else shutil.copy)(mathjax / part, target)
    present = {n.stem[:2] for n in notebooks}  # a partial set (e.g. the test's two) keeps only their tables' rows
    for page in source.glob("*.md"):
        page.write_text(catalogue.render(page.read_text(), site=True, only=present))
    return [n.stem for n in notebooks]


def build(executed_dir: Path, out: Path, profile: str = "classroom", only=()) -> dict:
    """Stage and run Sphinx; returns seconds, size in MB and the notebook stems."""
    start = time.perf_counter()
    out = Path(out)
    source = out.parent / f"{out.name}-source"
    stems = stage(Path(executed_dir), source, profile, only)
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "2", str(source), str(out)], check=True)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    return {"seconds": time.perf_counter() - start, "megabytes": size, "notebooks": stems}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Build the course website from the executed notebooks.")
    parser.add_argument("--profile", default="classroom", help="the profile make reproduce ran (names the folder)")
    parser.add_argument("--executed", help="folder of executed notebooks (default: build/reproduce/PROFILE)")
    parser.add_argument("--out", default=str(ROOT / "build" / "book"))
    parser.add_argument("--notebooks", nargs="*", default=(), help="numbers of the notebooks to include (default: all)")
    args = parser.parse_args(argv)
    executed = Path(args.executed) if args.executed else ROOT / "build" / "reproduce" / args.profile
    result = build(executed, Path(args.out), args.profile, args.notebooks)
    print(f"built {len(result['notebooks'])} notebook pages into {args.out} in {result['seconds']:.0f} s, "
          f"{result['megabytes']:.1f} MB; open {Path(args.out) / 'index.html'}")


if __name__ == "__main__":
    main()
