"""Every number in a notebook's prose is a constant of the lesson, never a value only its run knows.

    python -m coursework.prose_numbers [NOTEBOOK ...]     (default: every notebook of coursework.plan.PLAN)

lists each number in a Markdown cell that the rules below do not explain, with its notebook, cell id and
sentence, and exits with 1 when there is one. A number is explained when it is

* a parameter: the same value as a numeric literal in a code cell of the notebook (``10 %`` matches ``0.1``);
* part of a formula: an integer inside ``$...$`` or ``$$...$$`` (exponents, coefficients, indices). A decimal
  or a power of ten typed into LaTeX is checked like prose: a run's value does not become a constant by
  being typeset;
* code: inside backticks (the literal is the code's, and the code is what runs);
* a year (1950 to 2030, not a count of steps, points, ...), or part of a citation: a bibliography entry (a
  list item with a year and an italic title, an arXiv id, a DOI or a [bibkey]), a volume(issue), pages and
  year, a link's address, an arXiv id, a DOI, a page, equation, figure, table or theorem number;
* a section, exercise, notebook, question, part or list number, a heading's number, an ordinal (1st, 2nd)
  or a dimension (1D, 2D);
* on the notebook's allow-list ``metadata["fplib"]["prose_numbers"]``: ``{"number as written": "reason"}``,
  each reason saying what constant it is (a closed form, a fact of the mathematics or the data, a setting
  of fplib or of an exercise). A reason of fewer than four words, or an entry no Markdown cell uses, is
  reported too: the list stays short and every entry explains itself.

The header's "What you will learn", "Builds on" and "Time" paragraphs and the graded-answer cells are written
by ``coursework.notebook_furniture`` from ``coursework.plan`` and its measured record (not typed by hand):
they are skipped where they stand as the furniture writes them.
"""
from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .notebook_furniture import header_fields
from .plan import PLAN, files

METADATA_KEY = "prose_numbers"
MIN_REASON_WORDS = 4
# a number as written: 1,000 / 2.5 / .5 / 1e-8 / 10⁻⁸ / 63² / 4/5 (signs are not part of it)
NUMBER = re.compile(r"(?<![\w./])(?:\d+/\d+(?![\d/])|\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|\.\d+)"
                    r"(?:[eE][-+−]?\d+|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")
SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", flags=re.S)
CODE = re.compile(r"``.+?``|`[^`\n]+`", flags=re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>\n]+>|https?://\S+|arXiv:\s*\S+|doi:\s*\S+|\b10\.\d{4,}/\S+", flags=re.I)
# words before a number that make it a citation's or a document's own number, not a measurement
REFERENCE = re.compile(r"(?:\b(?:notebooks?|sections?|§|exercises?|questions?|parts?|chapters?|appendix|eqs?\.?|"
                       r"equations?|figs?\.?|figures?|tables?|theorems?|lemmas?|propositions?|corollary|definitions?|"
                       r"algorithms?|pp?\.|pages?|vol\.?|volumes?|no\.|ref\.?|cells?)\s*"
                       r"(?:\d+[a-z]?(?:\s*(?:,|and|or|to|–|-|&)\s*)+)*|§\s*)$", flags=re.I)
ORDINAL_OR_DIMENSION = re.compile(r"(?:st|nd|rd|th|D)\b")
COUNTED = re.compile(r"\s*(?:steps?|iterations?|sweeps?|points?|epochs?|samples?|pixels?|seconds?|s\b|ms\b|"
                     r"minutes?|parameters?|neurons?|units?|runs?|cycles?|modes?)", flags=re.I)
LIST_ITEM = re.compile(r"\s*\d+[.)]\s")
HEADING = re.compile(r"#{1,6}\s+[\d.]+[a-z]?\s")
# a bibliography entry: a list item with a year and a title in italics, an arXiv id, a DOI or a [bibkey]
LIST_ENTRY = re.compile(r"^[-*] .*?(?=^[-*] |^\s*$|\Z)", flags=re.M | re.S)
BIBLIOGRAPHIC = re.compile(r"\b(?:19|20)\d\d\b.*(?:\*[^*]+\*|arXiv|doi|\[\w+\d{4}\w*\])|"
                           r"(?:\*[^*]+\*|arXiv|doi|\[\w+\d{4}\w*\]).*\b(?:19|20)\d\d\b", flags=re.S | re.I)
# volume(issue), pages, year inside a sentence: "Commun. Comput. Phys. 28(5), 2020"
VOLUME = re.compile(r"\b\d+(?:\(\d+\))?,\s*(?:\d+[–-]\d+,\s*)?(?:\d+,\s*)?(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Offender:
    notebook: str
    cell: str
    number: str
    sentence: str

    def __str__(self) -> str:
        return f"{self.notebook} cell {self.cell}: {self.number!r} in “{self.sentence}”"


def value(text: str) -> float:
    """The value of a number as written (``1,000`` -> 1000.0; ``1e−8`` -> 1e-08)."""
    text = text.replace(",", "").replace("−", "-")
    if "/" in text:
        numerator, denominator = text.split("/")
        return int(numerator) / int(denominator)
    if text[-1] in "⁰¹²³⁴⁵⁶⁷⁸⁹":  # 10⁻⁸ is a power of ten; 63² is the grid of 63 by 63 points: its size is 63
        base, exponent = re.match(r"([\d.]+)(.*)", text).groups()
        return float(base) ** int(exponent.translate(SUPERSCRIPT)) if base == "10" else float(base)
    return float(text)


def code_values(notebook) -> set[float]:
    """Every numeric literal in the notebook's code cells (IPython magics and shell lines left out)."""
    found = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            for token in tokenize.generate_tokens(io.StringIO(source).readline):
                if token.type == tokenize.NUMBER:
                    number = ast.literal_eval(token.string.replace("_", ""))
                    if not isinstance(number, complex):
                        found.add(float(number))
        except (tokenize.TokenError, SyntaxError, IndentationError):
            continue
    return found


def _blank(text: str, pattern: re.Pattern, keep=None) -> str:
    """``text`` with each match of ``pattern`` replaced by spaces (``keep(match)`` returns a replacement)."""
    return pattern.sub(keep or _spaces, text)


def _spaces(match: re.Match) -> str:
    return re.sub(r"\S", " ", match.group())


def _math_keep(match: re.Match) -> str:
    """A formula with its integers blanked: they are the formula's. Decimals stay, and a power of ten (``10^{-8}``,
    ``5 \\times 10^{-3}``) becomes ``1e-8``, ``5e-3`` (same length), to be checked: a run's value typeset is a value."""
    math = re.sub(r"(?:(\d+(?:\.\d+)?)\s*\\(?:times|cdot)\s*)?10\^\{?(-?\d+)\}?",
                  lambda m: f"{m.group(1) or 1}e{m.group(2)}".ljust(len(m.group())), match.group())
    return re.sub(r"(?<![\d.e-])\d+(?![\d.e])", lambda m: " " * len(m.group()), math)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start), -1) + 1
    right = min((i for i in (text.find(". ", end), text.find("\n\n", end)) if i >= 0), default=len(text))
    return " ".join(text[left:right + 1].split())


def explained(text: str, match: re.Match, parameters: set[float]) -> bool:
    """Whether the number ``match`` in ``text`` (a Markdown cell's text with code, math and links blanked) is
    explained without the allow-list."""
    number, before, after = match.group(), text[:match.start()], text[match.end():]
    amount = value(number)
    percent = re.match(r"\s*%", after) is not None
    if (amount / 100 if percent else amount) in parameters:
        return True
    if ORDINAL_OR_DIMENSION.match(after):
        return True
    if REFERENCE.search(before[-60:]):
        return True
    if number.isdigit() and 1950 <= amount <= 2030 and not COUNTED.match(after) and not re.search(r"[=≈×]\s*$", before):
        return True  # a year
    line_start = before.rfind("\n") + 1
    item = LIST_ITEM.match(text, line_start) or HEADING.match(text, line_start)  # "1. ..." or "## 2. ..."
    return item is not None and match.start() < item.end()


def offenders(path: Path) -> list[Offender]:
    """The numbers of ``path``'s Markdown that no rule explains and its allow-list does not hold."""
    notebook = nbformat.read(path, as_version=4)
    allowed = notebook.metadata.get("fplib", {}).get(METADATA_KEY, {})
    parameters = code_values(notebook)
    generated = header_fields(path.name[:2]) if path.name[:2] in PLAN else []
    header = next((c for c in notebook.cells if c.cell_type == "markdown"), None)
    found, used = [], set()
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown" or "answer" in cell.metadata.get("fprinciple", {}):
            continue
        text = cell.source
        for paragraph in generated if cell is header else ():
            text = text.replace(paragraph, re.sub(r"\S", " ", paragraph))
        text = _blank(text, LIST_ENTRY, lambda m: _spaces(m) if BIBLIOGRAPHIC.search(m.group()) else m.group())
        text = _blank(_blank(_blank(_blank(text, LINK_TARGET), VOLUME), CODE), MATH, _math_keep)
        for match in NUMBER.finditer(text):
            if match.group() in allowed:
                used.add(match.group())
                continue
            if explained(text, match, parameters):
                continue
            found.append(Offender(path.name, cell.get("id", str(index)), match.group(),
                                  _sentence(cell.source, match.start(), match.end())))
    for number, reason in allowed.items():
        if not isinstance(reason, str) or len(reason.split()) < MIN_REASON_WORDS:
            found.append(Offender(path.name, "metadata", number, f"allow-list reason too short to explain it: {reason!r}"))
        elif number not in used:
            found.append(Offender(path.name, "metadata", number, "on the allow-list but in no Markdown cell: remove it"))
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or files()
    found = [o for path in paths for o in offenders(path)]
    for offender in found:
        print(offender)
    print(f"{len(found)} unexplained number(s) in the prose of {len(paths)} notebook(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
