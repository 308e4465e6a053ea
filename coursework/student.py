"""Write student versions of the notebooks: every solution region becomes a NotImplementedError.

    python -m coursework.student [SOURCE_DIR] [OUTPUT_DIR] [NB ...]   (default: notebooks build/student, every notebook)

A solution region is the lines from ``# BEGIN SOLUTION`` to ``# END SOLUTION`` in a code cell (the
markers nbgrader and otter-grader parse). The instructor notebooks are left as they are.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from . import write_from_command_line

BEGIN = re.compile(r"^(\s*)# BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*# END SOLUTION\s*$")
PLACEHOLDER = 'raise NotImplementedError("Exercise: write your solution here")'


def strip_solutions(source: str) -> str:
    """The code with each solution region replaced by a placeholder at the region's indentation."""
    out, inside = [], False
    for number, line in enumerate(source.splitlines(), start=1):
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise ValueError(f"line {number}: BEGIN SOLUTION inside another solution region")
            inside = True
            out.append(begin.group(1) + PLACEHOLDER)
        elif END.match(line):
            if not inside:
                raise ValueError(f"line {number}: END SOLUTION without BEGIN SOLUTION")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("BEGIN SOLUTION without END SOLUTION")
    return "\n".join(out)


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with solutions stripped and outputs cleared."""
    copy = nbformat.from_dict(notebook)
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs, cell.execution_count = [], None
    return copy


def selected(source_dir: Path, only=()) -> list[Path]:
    """The notebooks of ``source_dir`` whose names start with one of ``only`` (e.g. ``03``); all if empty."""
    return [p for p in sorted(Path(source_dir).glob("*.ipynb")) if not only or p.name.startswith(tuple(only))]


def write_student_versions(source_dir: Path, output_dir: Path, only=()) -> list[Path]:
    """Write a student version of every notebook in ``source_dir`` (or of those named in ``only``) into ``output_dir``."""
    source_dir, output_dir = Path(source_dir), Path(output_dir)
    if not source_dir.is_dir():
        raise ValueError(f"source_dir must be a folder of notebooks, got {source_dir}")
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in selected(source_dir, only):
        target = output_dir / path.name
        nbformat.write(student_notebook(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def main(argv: list[str]) -> None:
    write_from_command_line(argv, write_student_versions, "build/student")


if __name__ == "__main__":
    main(sys.argv[1:])
