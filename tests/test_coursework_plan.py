"""One list of the notebooks, ``coursework.plan.PLAN``: the notebooks on disk, their exercise modules, the sets the
leak and solution tests loop over and the measured runs are the plan's; the README's and the site's tables are
written from it; the README is a front door; no list or count of notebooks is typed by hand anywhere."""
import json
import re
from pathlib import Path

import test_coursework_course_copy
import test_exercises

from coursework import catalogue, plan

ROOT = Path(__file__).resolve().parents[1]


def test_the_notebooks_on_disk_are_the_plan_numbered_without_a_gap():
    assert sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")) == plan.stems()
    assert list(plan.PLAN) == [f"{i:02d}" for i in range(1, len(plan.PLAN) + 1)]
    for number, notebook in plan.PLAN.items():
        assert all(before < number and before in plan.PLAN for before in notebook.builds_on), number
        assert notebook.learn and notebook.minutes > 0 and notebook.homework > 0, number
    assert all(set(path) <= set(plan.PLAN) for path in plan.PATHS.values()) and len(plan.PATHS) == 3
    assert plan.builds_on("03").startswith("nothing") and "notebook 03" in plan.builds_on("04")


def test_every_notebook_has_its_exercise_module_and_no_module_is_left_over():
    modules = sorted(p.stem for p in (ROOT / "fplib" / "exercises").glob("nb*.py"))
    assert modules == plan.exercise_modules()


def test_the_leak_check_and_the_stored_solutions_cover_exactly_the_plan():
    assert test_coursework_course_copy.NOTEBOOKS == plan.files()
    assert {name.split(".")[0] for name, _, _ in test_exercises.STORED} == set(plan.exercise_modules())


def test_every_notebook_has_a_measured_quick_and_classroom_run_and_no_other_is_recorded():
    recorded = json.loads(plan.MEASURED.read_text())
    assert set(recorded) == set(plan.stems()), "coursework/measured.json names a notebook that is not in the plan"
    for number in plan.PLAN:
        quick, classroom = plan.measured(number, "quick"), plan.measured(number, "classroom")
        assert quick["seconds"] > 0 and classroom["seconds"] > 0 and classroom["peak_gb"] > 0, number
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", classroom["date"]) and classroom["machine"], number


def test_every_generated_block_is_as_the_plan_and_the_measured_runs_write_it():
    used = set()
    for path in catalogue.pages():
        text = path.read_text()
        assert catalogue.render(text, site=path.parent.name == "book") == text, \
            f"{path.name}: a generated block differs; run python -m coursework.catalogue"
        used |= {m.group("name") for m in catalogue.BLOCK.finditer(text)}
    assert used == set(catalogue.BLOCKS)


def test_a_hand_edit_of_a_block_is_undone_and_a_partial_site_lists_only_its_notebooks():
    text = (ROOT / "README.md").read_text()
    title = plan.PLAN["01"].title
    edited = text.replace(f"01 · {title}", "01 · A title typed by hand")
    assert edited != text and catalogue.render(edited, site=False) == text
    index = catalogue.render((ROOT / "book" / "index.md").read_text(), site=True, only=["01", "03"])
    assert f"notebooks/{plan.stem('03')}" in index and f"notebooks/{plan.stem('02')}" not in index


def test_the_readme_is_a_front_door():
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 150
    for needed in ("make lab", "make test", "conda env create", "mybinder.org", "colab.research.google.com", "figures/"):
        assert needed in text, needed
    pages = re.findall(r"\]\((book/[\w.]+\.md)\)", text)
    assert {"book/instructors.md", "book/researchers.md", "book/benchmarks.md", "book/reference.md", "book/testing.md",
            "book/reproducing.md", "book/catalogue.md", "book/course_plan.md"} <= set(pages)
    assert all((ROOT / page).exists() for page in pages)
    assert "| `spectrum` |" not in text, "the module reference is generated on the site, not typed in the README"


def test_no_list_or_count_of_notebooks_is_typed_by_hand():
    files = [*ROOT.glob("tests/*.py"), *ROOT.glob("coursework/*.py"), *ROOT.glob("fplib/**/*.py"), *ROOT.glob("book/*.md"),
             ROOT / "README.md", ROOT / "Makefile"]
    typed = re.compile(r"range\(1, 1\d\)|``nb\d\d`` \.\.\.|\b(ten|eleven|twelve|thirteen|fourteen) (narrated )?notebooks\b")
    found = {p.name: m.group(0) for p in files if p != Path(__file__) for m in [typed.search(p.read_text())] if m}
    assert found == {}
