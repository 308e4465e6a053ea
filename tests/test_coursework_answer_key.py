"""make answer-key (coursework.answer_key): every solution, model answer and rubric in one instructor-only page,
none of which the public site (coursework.book's staging) carries."""
from pathlib import Path

import nbformat
from helpers import solution_lines

from coursework import answer_key, book, plan
from coursework.answers import MANUAL

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [ROOT / "notebooks" / f"{stem}.ipynb" for stem in plan.stems()]


def private_phrases() -> list[str]:
    """Phrases only the answer key may hold: the start of every model answer and rubric."""
    return [answer.model[:60] for answer in MANUAL.values()] + [answer.rubric[:60] for answer in MANUAL.values()]


def test_the_answer_key_holds_every_solution_model_answer_and_rubric(tmp_path):
    written = answer_key.write_key(ROOT / "notebooks", tmp_path)
    key = nbformat.read(tmp_path / "answer-key.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in key.cells)
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            assert all(line in text for line in solution_lines(cell.source)), path.name
    assert not [p for p in private_phrases() if p not in text]
    page = (tmp_path / "index.html").read_text()
    assert tmp_path / "index.html" in written and page.count("Model answer.") == len(MANUAL) == 2 * len(NOTEBOOKS)
    assert "for instructors only" in page and "jacobi_sweep" in page


def test_the_public_site_carries_no_answer_key(tmp_path):
    book.stage(ROOT / "notebooks", tmp_path / "site")  # what `make book` hands to Sphinx (here from the sources)
    staged = [p for p in (tmp_path / "site").rglob("*") if p.is_file() and p.suffix in (".md", ".ipynb", ".html", ".txt")]
    assert staged and not [p for p in staged if "answer" in p.name.lower()]
    for path in staged:
        text = path.read_text(errors="replace")
        assert not [p for p in private_phrases() if p in text], path
