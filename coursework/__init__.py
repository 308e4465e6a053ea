"""Course tooling: student copies, grader inputs, every notebook executed, the website.

Not part of the installed ``fplib`` (whose science needs neither nbformat nor IPython): run from a clone
of the repository, e.g. ``python -m coursework.student`` (the ``make`` targets do).

* ``plan``      -- the one list of the notebooks: what each teaches and asserts, its prerequisites, a student's time;
* ``catalogue`` -- the README's and the site's tables, written from the plan and the measured runs;
* ``student``   -- student copies of the notebooks (solutions removed);
* ``grading``   -- what nbgrader and otter-grader need, from the instructor notebooks;
* ``reproduce`` -- every notebook run in one profile, with its figures and timings (``--record``: the measured runs);
* ``book``      -- the course website from the executed notebooks.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT_VARIABLE = "FPLIB_REPOSITORY"


def repository(start: Path | None = None) -> Path:
    """The repository's root: ``$FPLIB_REPOSITORY`` if set, else the first folder at or above ``start``
    (default: this package's folder) holding ``pyproject.toml`` and ``notebooks/``."""
    if os.environ.get(ROOT_VARIABLE):
        root = Path(os.environ[ROOT_VARIABLE]).resolve()
        if not (root / "notebooks").is_dir():
            raise FileNotFoundError(f"{ROOT_VARIABLE}={root} has no notebooks/ folder")
        return root
    here = Path(start or __file__).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir():
            return folder
    raise FileNotFoundError(f"no repository (a folder with pyproject.toml and notebooks/) at or above {here}; "
                            f"run from a clone or set {ROOT_VARIABLE}")


def write_from_command_line(argv: list[str], write, default_output: str) -> None:
    """The command line of a notebook writer: ``SOURCE`` (default notebooks/), ``OUTPUT`` (default
    ``default_output``), then the notebooks to take (default all); ``write(source, output, only)`` returns the
    paths it wrote, printed one per line."""
    source = Path(argv[0]) if argv else Path("notebooks")
    output = Path(argv[1]) if len(argv) > 1 else Path(default_output)
    for path in write(source, output, argv[2:]):
        print(f"wrote {path}")
