"""Prose states no number its run does not print (coursework.prose_numbers): every notebook of the plan passes,
and a number typed into a Markdown cell by hand fails with the notebook, the cell and the sentence."""
import re
import subprocess
import sys

import nbformat
import pytest

from coursework import notebook_furniture, plan, prose_numbers, repository


def test_every_notebook_of_the_plan_states_only_constants_in_its_prose():
    paths = plan.files()
    found = [str(o) for path in paths for o in prose_numbers.offenders(path)]
    assert not found, "numbers in prose that no rule explains (python -m coursework.prose_numbers):\n" + "\n".join(found)


WORD_CAP = 2200  # issue 30: no notebook's Markdown over 2,200 words, a lesson's length
SPLIT_CAPS = {"12_variable_coefficients": 1800, "13_network_inside_krylov": 1800}  # issue 30: the old 12, split in two


def markdown_words(path) -> int:
    """The length of a notebook's prose: the whitespace-split words of its Markdown cells' source."""
    return sum(len(cell.source.split()) for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown")


def test_every_notebook_of_the_plan_keeps_to_a_lesson_length():
    assert set(SPLIT_CAPS) <= set(plan.stems()), "a capped notebook was renamed: move its cap with it"
    over = [f"{path.name}: {words} words, cap {cap}" for path in plan.files()
            if (words := markdown_words(path)) > (cap := SPLIT_CAPS.get(path.stem, WORD_CAP))]
    assert not over, "Markdown words over the cap (cut repetition, not content):\n" + "\n".join(over)


def test_the_length_count_is_a_whitespace_split_of_markdown_only(tmp_path):
    path = notebook_with(tmp_path, "One two\nthree $x = 1$", "## Four", code="x = 1  # five six seven")
    assert markdown_words(path) == 8  # One two three $x = 1$ ## Four: code words not counted


def notebook_with(tmp_path, *markdown, code="THRESHOLD = 0.1\nN = 127\n", allowed=None, name="99_test.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code)] + [nbformat.v4.new_markdown_cell(m) for m in markdown]
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    if allowed is not None:
        nb.metadata["fplib"] = {"prose_numbers": allowed}
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def numbers(path):
    return [o.number for o in prose_numbers.offenders(path)]


def test_a_number_typed_into_a_notebook_by_hand_fails_with_its_cell_and_sentence(tmp_path):
    source = repository() / "notebooks" / "03_jacobi_poisson.ipynb"
    nb = nbformat.read(source, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.id != nb.cells[0].id)
    cell.source += "\n\nIn this run the ratio was 3.7, as the sweeps show."
    copy = tmp_path / source.name
    nbformat.write(nb, copy)
    found = prose_numbers.offenders(copy)
    assert [(o.notebook, o.cell, o.number) for o in found] == [(source.name, cell.id, "3.7")]
    assert found[0].sentence == "In this run the ratio was 3.7, as the sweeps show."
    done = subprocess.run([sys.executable, "-m", "coursework.prose_numbers", str(copy)], capture_output=True, text=True,
                          cwd=repository())
    assert done.returncode == 1 and f"{source.name} cell {cell.id}: '3.7' in “In this run the ratio was 3.7" in done.stdout


@pytest.mark.parametrize("prose", [
    "Below 10 % on a grid of 127 points.",                       # parameters set in code (10 % is 0.1)
    "Xu et al. (2019); Commun. Comput. Phys. 28(5), 2020.",     # a year and a volume(issue), year
    "See section 4, exercise 3 and notebooks 09 and 10.",        # the document's own numbers
    "The factor is $\\lambda_k = 1 - w(1 - \\cos\\tfrac{k\\pi}{n+1})$ with $w = 2/3$.",  # a formula's integers
    "A 2D grid; the 3rd mode.",                                  # a dimension, an ordinal
    "1. First point\n2. Second point",                           # list numbers
    "## 4. Results",                                             # a heading's number
    "See [the page](https://example.org/a/123) or arXiv:1901.06523.",
    "The call `train.log_steps(2036, 121)` records them.",       # code
])
def test_constants_of_the_lesson_pass(tmp_path, prose):
    assert numbers(notebook_with(tmp_path, prose)) == []


@pytest.mark.parametrize("prose, flagged", [
    ("The ratio was about 261.", ["261"]),
    ("It took 2036 iterations.", ["2036"]),                     # a count, not a year
    ("It reached $0.198\\,(n+1)^2$ sweeps.", ["0.198"]),          # a run's value typed into LaTeX
    ("Left at 2 % of its start.", ["2"]),                       # 2 % is 0.02: not a parameter here
    ("A residual of $10^{-7}$ at the end.", ["1e-7"]),          # a power of ten in LaTeX is a value
])
def test_run_values_in_prose_fail(tmp_path, prose, flagged):
    assert numbers(notebook_with(tmp_path, prose)) == flagged


def test_the_allow_list_explains_with_a_reason_and_stays_short(tmp_path):
    prose = "The Nyquist frequency is 0.5 cycles per pixel."
    assert numbers(notebook_with(tmp_path, prose, allowed={"0.5": "closed form: half a cycle per pixel"})) == []
    assert numbers(notebook_with(tmp_path, prose, allowed={"0.5": "ok"})) == ["0.5"]  # a reason that explains nothing
    stale = notebook_with(tmp_path, "No number.", allowed={"0.5": "closed form: half a cycle per pixel"})
    assert [(o.cell, o.number) for o in prose_numbers.offenders(stale)] == [("metadata", "0.5")]


def test_the_header_paragraphs_written_by_the_furniture_are_skipped(tmp_path):
    header = "\n\n".join(["# 03 · A notebook", *notebook_furniture.header_fields("03")])
    assert re.search(r"\d+ minutes", header)
    assert numbers(notebook_with(tmp_path, header, "Then 45 minutes.", name="03_test.ipynb")) == ["45"]  # typed: checked
