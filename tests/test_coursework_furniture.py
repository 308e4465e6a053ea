"""coursework.notebook_furniture: the install cell, the answer cells of exercises 3-4, the header's plan lines —
in every processed notebook, idempotent; model answers and rubrics in no notebook a student or the site gets."""
import json
import re
import shutil
from pathlib import Path

import nbformat
import yaml

from coursework import notebook_furniture, plan
from coursework.answers import MANUAL
from coursework.student import student_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = plan.files()



def test_every_processed_notebook_has_its_furniture_and_a_rerun_changes_nothing(tmp_path):
    import fplib

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    pin = f"fprinciple @ git+{citation['repository-code']}@v{fplib.__version__}"
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert code[0].id == notebook_furniture.INSTALL_ID and pin in code[0].source, path.name
        assert 'find_spec("fplib") is None' in code[0].source  # installs only where fplib is missing
        answers = [c.metadata["fprinciple"]["answer"] for c in notebook.cells if "fprinciple" in c.metadata]
        assert answers == [3, 4], path.name
        header = notebook.cells[0].source
        for field in ("What you will learn", "Builds on", "Time"):
            assert len(re.findall(rf"^\*\*{field}\b", header, flags=re.M)) == 1, f"{path.name}: not one {field!r} line"
        copy = tmp_path / path.name
        shutil.copy(path, copy)
        notebook_furniture.furnish(copy)
        assert copy.read_text() == path.read_text(), f"{path.name}: run python -m coursework.notebook_furniture on it"


def test_model_answers_reach_neither_the_notebooks_nor_the_student_versions():
    phrases = [answer.model[:60] for answer in MANUAL.values()] + [answer.rubric[:60] for answer in MANUAL.values()]
    for path in NOTEBOOKS:
        text = path.read_text() + json.dumps(student_notebook(nbformat.read(path, as_version=4)))
        assert not [p for p in phrases if p in text], path.name
    assert {n for n, _ in MANUAL} >= {p.name[:2] for p in NOTEBOOKS}


def test_the_header_is_written_from_the_plan_and_the_measured_run():
    """The three plan paragraphs replace every earlier version of themselves, once each, where the first was."""
    typed = ("# 10 · Title\n\n**What you will learn**\n\n- one;\n- two\n\n**Builds on**: 03.\n\n**Time**: about 50 "
             "minutes.\n\n**Predict before you run.** Guess.\n\n**Builds on.** Old.\n\n**Time.** About 60 minutes.")
    header = notebook_furniture.furnished_header(typed, "10")
    paragraphs = header.split("\n\n")
    assert paragraphs[0] == "# 10 · Title" and paragraphs[-1] == "**Predict before you run.** Guess."
    assert paragraphs[1:-1] == "\n\n".join(notebook_furniture.header_fields("10")).split("\n\n")
    assert notebook_furniture.furnished_header(header, "10") == header
    seconds = plan.measured("10")["seconds"]
    assert f"takes {notebook_furniture.running_time(seconds)} in the classroom profile" in header
    assert f"About {plan.PLAN['10'].minutes} minutes" in header and "Notebook 03 (Jacobi on Poisson)" in header
    assert [notebook_furniture.running_time(s) for s in (26, 82, 133)] == ["under a minute", "about 1 minute", "about 2 minutes"]


def test_readme_opens_every_notebook_in_colab_at_the_release():
    readme = (ROOT / "README.md").read_text()
    for path in NOTEBOOKS:
        assert f"({notebook_furniture.colab_url(path.stem)})" in readme, path.name


def images_without_alt_text(markdown: str) -> list[str]:
    """The Markdown images ``![](…)`` and HTML ``<img>`` tags of ``markdown`` that say nothing about what they show."""
    empty = re.findall(r"!\[\s*\]\([^)]*\)", markdown)
    return empty + [tag for tag in re.findall(r"<img\b[^>]*>", markdown) if not re.search(r'\balt="[^"]{10,}"', tag)]


def test_every_figure_in_the_notebooks_markdown_readme_and_site_pages_has_alt_text():
    texts = {p.name: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "markdown")
             for p in NOTEBOOKS}
    texts.update({p.name: p.read_text() for p in [ROOT / "README.md", *sorted((ROOT / "book").glob("*.md"))]})
    assert {name: found for name, found in ((n, images_without_alt_text(t)) for n, t in texts.items()) if found} == {}
    assert images_without_alt_text("![](a.png) <img src='b.png'>") == ["![](a.png)", "<img src='b.png'>"]
