"""The course copy of fplib that students of a graded course install: no solution, no answer key.

    python -m coursework.course_copy [OUT_DIR]     (default: build/course-copy; writes a wheel there)

The copy is the repository's ``fplib`` with each ``fplib/exercises/nbNN.py`` replaced by a generated
module of the same names holding form checks only (``fplib.exercises.form_only``): a function, a number,
one of the options. Its ``.solution()`` says that solutions are not part of the course copy, and its
``.grade()`` refuses: the full checks run at grading time, as hidden tests, in the instructor's fplib.
"""
from __future__ import annotations

import importlib
import inspect
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fplib.exercises import Exercise, Wrong

from . import repository

ROOT = repository()
# exercises built from the notebook's own run (factories): their kind, and what the answer is
BUILT = {"choose_switch": ("number", "a training step"), "fastest_method": ("choice", "a method of the table"),
         "larger_delta": ("choice", "'earlier', 'later' or 'same'"), "smoothest_sweeps": ("number", "a number of sweeps")}


def _form(exercise: Exercise) -> tuple[str, str]:
    """(kind, what) of a module-level exercise, read from the sentence its check gives an empty answer."""
    if exercise.options:
        return "choice", "one of " + ", ".join(repr(o) for o in exercise.options)
    try:
        exercise.test(None)
    except Wrong as wrong:
        found = re.match(r"expected (.*) \(an? (function|number|array)\)", str(wrong))
        if found:
            return {"function": "code", "number": "number", "array": "array"}[found.group(2)], found.group(1)
    raise ValueError(f"{exercise.title}: its check does not start with require_callable, require_number, require_array "
                     "or options")


def public_module(number: int) -> str:
    """The source of the course copy's ``fplib.exercises.nbNN``: the same names, form checks only."""
    module = importlib.import_module(f"fplib.exercises.nb{number:02d}")
    lines = [f'"""Exercises of notebook {number:02d}, course copy: form checks only, no solutions (graded at submission)."""',
             "from . import form_only", ""]
    for name, value in vars(module).items():
        if isinstance(value, Exercise):
            kind, what = _form(value)
            lines.append(f"{name} = form_only({value.title!r}, {kind!r}, {what!r}, {value.hint_text!r}, {value.options!r})")
        elif inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_"):
            kind, what = BUILT[name]
            title = (value.__doc__ or name).strip().splitlines()[0]
            lines += ["", "", f"def {name}(*args, **kwargs):",
                      f'    """{title} (built from your run; form check only in the course copy)."""',
                      f"    return form_only({title!r}, {kind!r}, {what!r}, 'Read the notebook\\'s output above.')", ""]
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).rstrip() + "\n"


def stage(target: Path, public: bool = True) -> Path:
    """A copy of the package sources in ``target`` (with the public exercise modules if ``public``); returns ``target``."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "fplib", target / "fplib", ignore=shutil.ignore_patterns("__pycache__"))
    for path in sorted((target / "fplib" / "exercises").glob("nb[0-9][0-9].py")) if public else ():
        path.write_text(public_module(int(path.stem[2:])))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, target / name)
    return target


def build_wheel(out: Path, public: bool = True) -> Path:
    """Build the course copy's wheel (or, if not ``public``, the instructor's: the grader's) into ``out``; returns its path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = stage(Path(tmp) / "src", public)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                        "--wheel-dir", str(out), str(source)], check=True, capture_output=True)
    return max(out.glob("*.whl"), key=lambda p: p.stat().st_mtime)


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else ROOT / "build" / "course-copy"
    print(f"wrote {build_wheel(out)}")


if __name__ == "__main__":
    main(sys.argv[1:])
