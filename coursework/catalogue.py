"""The generated blocks of the README and the site's pages, written from the course plan and the measured runs.

    python -m coursework.catalogue          (rewrites every block of README.md and book/*.md in place)

A block sits between ``<!-- begin NAME ... -->`` and ``<!-- end NAME -->``; what is between is written here
from ``coursework.plan.PLAN`` (titles, what each notebook shows and asserts, a student's time, the paths),
``coursework/measured.json`` (the measured run times and memory, from ``coursework.reproduce --record``) and
``CITATION.cff`` (the release's Binder and Colab addresses). A test fails when a block differs from what this
writes. ``coursework.book`` renders the pages again for the notebooks a build includes.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable

from . import load, repository
from .notebook_furniture import colab_url, release
from .plan import MEASURED, PATHS, PLAN, measured, stem

BLOCK = re.compile(r"(<!-- begin (?P<name>[\w-]+)[^>]*-->\n)(.*?)(<!-- end (?P=name) -->)", flags=re.S)
BEGIN = "<!-- begin {name}: written by python -m coursework.catalogue from coursework/plan.py; do not edit -->"


def _seconds(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _link(number: str, site: bool) -> str:
    target = f"notebooks/{stem(number)}" + ("" if site else ".ipynb")
    return f"[{number} · {PLAN[number].title}]({target})"


def _table(columns: list[str], rows: Iterable[str]) -> str:
    """A Markdown table: the header of ``columns``, then ``rows`` (each already ``| ... |``)."""
    return "\n".join(["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns), *rows])


def notebooks(numbers: list[str], site: bool) -> str:
    """The landing table: each notebook's link, what you see, a student's time, the measured classroom run."""
    return _table(["notebook", "what you see", "a student's time: exercises 1–2 + 3–4 (our estimate)",
                   "the classroom run (measured)"],
                  (f"| {_link(n, site)} | {PLAN[n].summary} | {PLAN[n].minutes} + {PLAN[n].homework} min "
                   f"| {_seconds(measured(n)['seconds'])} |" for n in numbers))


def catalogue(numbers: list[str], site: bool) -> str:
    """What each notebook shows and what it asserts in every profile."""
    return _table(["notebook", "what you see", "asserted in every profile"],
                  (f"| {_link(n, site)} | {PLAN[n].see} | {PLAN[n].asserted} |" for n in numbers))


def timings(numbers: list[str], site: bool) -> str:
    """The measured time and peak memory of each notebook in each profile, and where and when they were measured."""
    rows, runs = [], []
    for n in numbers:
        quick, classroom = measured(n, "quick"), measured(n, "classroom")
        try:
            paper = measured(n, "paper")
            paper_cell = f"{_seconds(paper['seconds'])}, {paper['peak_gb']:.2f} GB"
        except KeyError:
            paper, paper_cell = None, "not measured"
        runs += [run for run in (quick, classroom, paper) if run]
        rows.append(f"| {n} | {_seconds(quick['seconds'])} | {_seconds(classroom['seconds'])} | {classroom['peak_gb']:.2f} GB "
                    f"| {paper_cell} |")
    dates = sorted({run["date"] for run in runs})
    machines = "; ".join(sorted({run["machine"] for run in runs}))
    table = _table(["notebook", "`quick`", "`classroom`", "peak memory (`classroom`)", "`paper`"], rows)
    return table + (f"\n\nMeasured by `python -m coursework.reproduce --record` (kernel time and the kernel's peak "
                              f"resident memory, one notebook at a time) between {dates[0]} and {dates[-1]} on: {machines}. "
                              f"Each run's date is in `coursework/{MEASURED.name}`.")


def capacity(numbers: list[str], site: bool) -> str:
    """Per notebook: N copies at once against one alone (``coursework/capacity.json``), and the cores and memory
    that keep 10 students at their pace: cores / N and N's peak memory for the largest N whose copies keep pace."""
    record = load.measured_capacity()
    rows = []
    for n in numbers:
        if stem(n) not in record:
            rows.append(f"| {n} | not measured | | | | | |")
            continue
        entry = record[stem(n)]
        runs = {row.kernels: row for row in entry["rows"]}
        alone = runs[1]
        ratio = {k: (f"{max(s for s in runs[k].seconds if s is not None) / alone.seconds[0]:.1f}"
                     if k in runs and any(s is not None for s in runs[k].seconds) else "–") for k in (2, 4)}
        held = "all held" if all(row.held for row in runs.values()) else "; ".join(
            f"{k} at once: {runs[k].failures[0]}" for k in sorted(runs) if not runs[k].held)
        paced = max(k for k, row in runs.items() if k == 1 or load.keeps_pace(row, alone))
        memory = max(p for p in runs[paced].peak_gb if p is not None)
        rows.append(f"| {n} | {alone.seconds[0]:.0f} | {ratio[2]} | {ratio[4]} | {held} "
                    f"| {10 * entry['cores'] / paced:g} | {10 * memory:.1f} |")
    table = _table(["notebook", "alone (s)", "2 at once: slowest × alone", "4 at once: slowest × alone",
                    "claims under load", "cores per 10 students", "GB per 10 students"], rows)
    entries = list(record.values())
    if not entries:
        return table
    first = entries[0]
    return table + (
        f"\n\nMeasured by `python -m coursework.load --kernels 2 4 --threads {first['threads']} --profile "
        f"{first['profile']} --record` on {first['machine']} ({first['cores']} cores), "
        f"{' to '.join(sorted({min(e['date'] for e in entries), max(e['date'] for e in entries)}))}: each notebook alone, "
        f"then 2 and 4 "
        f"copies at once, each kernel limited to {first['threads']} thread (`FPLIB_THREADS`). A copy keeps pace when "
        f"it takes at most {load.PACE:g} × its run alone (our choice); the cores per 10 students are 10 × cores / N "
        f"for the largest N whose copies all keep pace, and the memory is 10 × the largest peak of a kernel there.")


def student_time(numbers: list[str], site: bool) -> str:
    """A student's time per notebook, our estimates."""
    return _table(["notebook", "reading, running, exercises 1–2", "exercises 3–4 (try it, open question)"],
                  (f"| {n} · {PLAN[n].title} | {PLAN[n].minutes} min | +{PLAN[n].homework} min |" for n in numbers))


def prerequisites(numbers: list[str], site: bool) -> str:
    """What each notebook builds on, the background it uses without teaching, and its measured classroom run."""
    return _table(["notebook", "builds on", "background it assumes, beyond those notebooks", "the classroom run (measured)"],
                  (f"| {n} · {PLAN[n].title} | {_and(PLAN[n].builds_on) if PLAN[n].builds_on else '–'} | "
                   f"{PLAN[n].background} | {_seconds(measured(n)['seconds'])} |" for n in numbers))


def paths(numbers: list[str], site: bool) -> str:
    """The suggested paths through the course (those whose notebooks are all included)."""
    return _table(["path", "notebooks"],
                  (f"| {name} | {' → '.join(path)} |" for name, path in PATHS.items() if set(path) <= set(numbers)))


def plan_figure(numbers: list[str], site: bool) -> str:
    """The course plan's figure, with alt text that reads the graph out."""
    alone = [n for n in PLAN if not PLAN[n].builds_on]
    edges = "; ".join(f"{n} on {_and(PLAN[n].builds_on)}" for n in PLAN if PLAN[n].builds_on)
    alt = (f"The notebooks' dependency graph: {_and(alone)} stand alone; {edges}. "
           "Each box gives our estimate of a student's time.")
    return f"![{alt}]({'' if site else 'figures/'}course_plan.png)"


def _and(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def toctree(numbers: list[str], site: bool) -> str:
    """The site's table of contents of the notebooks."""
    return "```{toctree}\n:maxdepth: 1\n:caption: Notebooks\n\n" + "\n".join(f"notebooks/{stem(n)}" for n in numbers) + "\n```"


def launch(numbers: list[str], site: bool) -> str:
    """Binder and Colab links to this release (address and version from CITATION.cff)."""
    address, version = release()
    repo = address.removeprefix("https://github.com/")
    binder = (f"[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/{repo}/v{version}"
              "?urlpath=lab/tree/notebooks)")
    colab = " · ".join(f"[{n}]({colab_url(stem(n))})" for n in numbers)
    return f"{binder} (version {version})\n\nOpen in Colab: {colab}"


BLOCKS: dict[str, Callable[[list[str], bool], str]] = {
    "notebooks": notebooks, "catalogue": catalogue, "timings": timings, "student-time": student_time, "paths": paths,
    "plan-figure": plan_figure, "toctree": toctree, "launch": launch, "capacity": capacity,
    "prerequisites": prerequisites}


def render(text: str, site: bool, only: Iterable[str] | None = None) -> str:
    """``text`` with every generated block written afresh, for the notebooks ``only`` (numbers; default all)."""
    numbers = [n for n in PLAN if only is None or n in set(only)]

    def block(match: re.Match) -> str:
        name = match.group("name")
        if name not in BLOCKS:
            raise KeyError(f"unknown generated block {name!r}; known: {', '.join(BLOCKS)}")
        return f"{BEGIN.format(name=name)}\n\n{BLOCKS[name](numbers, site)}\n\n<!-- end {name} -->"

    return BLOCK.sub(block, text)


def pages() -> list:
    """Every file with generated blocks: the README and the site's pages."""
    root = repository()
    return [root / "README.md", *sorted((root / "book").glob("*.md"))]


def main(argv: list[str]) -> None:
    for path in pages():
        text = path.read_text()
        new = render(text, site=path.parent.name == "book")
        if new != text:
            path.write_text(new)
            print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
