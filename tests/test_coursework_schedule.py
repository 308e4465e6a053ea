"""coursework.schedule: the site's schedule page is generated (one source), every notebook serves an objective,
and each path's 14 weeks hold each of its notebooks at least once."""
from pathlib import Path

import pytest

from coursework import schedule
from coursework.plan import PATHS, PLAN

ROOT = Path(__file__).resolve().parents[1]


def test_the_schedule_page_is_the_generated_one():
    assert (ROOT / "book" / "schedule.md").read_text() == schedule.page(), "run python -m coursework.schedule"


def test_every_notebook_serves_an_objective_and_every_path_fills_the_term():
    taught = {n for numbers in schedule.OBJECTIVES.values() for n in numbers}
    assert taught == set(PLAN), set(PLAN) ^ taught
    for path in PATHS.values():
        weeks = schedule.weeks(path)
        assert len(weeks) == schedule.WEEKS
        for number in path:
            first = [i for i, (lecture, _, _) in enumerate(weeks) if lecture.startswith(f"{number} · ")]
            assert first and "exercises 3–4" in weeks[first[0]][2], number
        order = [next(i for i, w in enumerate(weeks) if w[0].startswith(f"{n} · ")) for n in path]
        assert order == sorted(order)  # in the path's order, so each notebook comes after what it builds on
    allotted = schedule.allot(("03", "05"), 5)
    assert sum(allotted.values()) == 5 and allotted["05"] >= allotted["03"] >= 1
    with pytest.raises(ValueError, match="weeks must be at least"):
        schedule.allot(("01", "02", "03"), 2)
