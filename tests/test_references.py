"""references.bib serves the notebooks and the README: every notebook ends with a references cell whose
arXiv identifiers are all in the bibliography, and every bibliography entry is cited somewhere."""
import re
from pathlib import Path

import nbformat
import pytest

from coursework import plan

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = plan.files()
ARXIV = re.compile(r"arXiv:(\d{4}\.\d{4,5})")


def bibliography() -> dict:
    """key -> fields (lower-case names, braces stripped) of every entry in references.bib."""
    text = (ROOT / "references.bib").read_text()
    entries = {}
    for match in re.finditer(r"@(\w+)\{([^,]+),(.*?)\n\}", text, flags=re.S):
        fields = dict(re.findall(r"(\w+)\s*=\s*\{(.*?)\},?\s*$", match.group(3), flags=re.M))
        entries[match.group(2).strip()] = {"type": match.group(1).lower(), **{k.lower(): v for k, v in fields.items()}}
    return entries


def test_bibliography_entries_are_complete():
    entries = bibliography()
    assert len(entries) >= 15
    for key, fields in entries.items():
        for name in ("title", "author", "year"):
            assert fields.get(name), f"{key} has no {name}"
        assert re.fullmatch(r"(19|20)\d\d", fields["year"]), f"{key}: year {fields['year']!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_notebook_ends_with_references_in_the_bibliography(path):
    last = nbformat.read(path, as_version=4).cells[-1]
    assert last.cell_type == "markdown" and "## References" in last.source, f"{path.name} does not end with references"
    cited = set(ARXIV.findall(last.source))
    assert cited, f"{path.name}'s references cite no arXiv identifier"
    known = {fields.get("eprint") for fields in bibliography().values()}
    assert cited <= known, f"{path.name} cites {sorted(cited - known)}, missing from references.bib"


def test_every_bibliography_entry_is_cited():
    texts = [nbformat.read(p, as_version=4).cells[-1].source for p in NOTEBOOKS] + [(ROOT / "README.md").read_text()]
    corpus = "\n".join(texts)
    for key, fields in bibliography().items():
        mark = f"arXiv:{fields['eprint']}" if "eprint" in fields else fields["title"]
        assert mark in corpus, f"{key} ({mark}) is cited by no notebook and not by the README"


def test_a_bibtex_parser_reads_every_entry():
    """The site's bibliography (sphinxcontrib-bibtex) parses references.bib with pybtex: one unclosed brace
    there fails the whole site build, and the regular expressions above would not notice."""
    pybtex = pytest.importorskip("pybtex.database")
    parsed = pybtex.parse_file(str(ROOT / "references.bib"))
    assert sorted(parsed.entries) == sorted(bibliography())
    assert len(parsed.entries) == (ROOT / "references.bib").read_text().count("\n@")
