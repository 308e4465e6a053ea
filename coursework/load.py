"""How notebooks fare when N students run them at once on one machine (the sizing of a shared hub).

    python -m coursework.load --kernels N [N ...] [--profile classroom] [--notebooks notebooks/05_*.ipynb ...]
                              [--threads T] [--record]

For each notebook: one run alone, then N copies at once (for each N given), each in its own kernel (``coursework.reproduce``'s
child process, as ``make reproduce`` runs a notebook), with the notebook's claims strict (``FPLIB_STRICT_CLAIMS``:
a claim that fails under load stops that copy and is reported). Prints, per notebook, the time and peak memory
of each copy against the run alone, and whether every claim held; ``--out`` keeps the executed copies and a JSON
of the rows. ``--threads T`` gives each kernel ``FPLIB_THREADS=T``, as a hub's CPU quota of T cores would
(``fplib.config``); without it each kernel takes the CPUs this machine lets it use. ``--record`` writes the rows
into ``coursework/capacity.json`` (one entry per notebook, dated, with the machine and the threads), from which
``python -m coursework.catalogue`` writes the capacity table of the instructors' guide (``capacity``).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from . import repository

ROOT = repository()
CAPACITY = ROOT / "coursework" / "capacity.json"  # written by `python -m coursework.load --record`
PACE = 1.5  # a copy keeps pace when it takes at most this many times its run alone (our choice)


@dataclass
class Load:
    """One notebook run by ``kernels`` kernels at once: each copy's seconds and peak GB (None where it failed)."""
    notebook: str
    kernels: int
    seconds: list[float | None]
    peak_gb: list[float | None]
    failures: list[str]  # the error of each copy that stopped (a claim that failed under load, ...)

    @property
    def held(self) -> bool:
        return not self.failures


def run_together(notebook: Path, kernels: int, profile: str, out: Path, threads: int | None = None) -> Load:
    """Run ``kernels`` copies of ``notebook`` at once, each in its own process and kernel; wait for all."""
    if not isinstance(kernels, int) or kernels < 1:
        raise ValueError(f"kernels must be a positive whole number, got {kernels!r}")
    env = {**os.environ, "FPLIB_STRICT_CLAIMS": "1", "FPLIB_PROGRESS": "0",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    if threads is not None:
        env["FPLIB_THREADS"] = str(threads)
    copies = [subprocess.Popen([sys.executable, "-m", "coursework.reproduce", "--one", str(Path(notebook).resolve()),
                                "--profile", profile, "--out", str(Path(out) / f"{kernels}-kernels" / f"copy{i}")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
              for i in range(kernels)]
    seconds, peaks, failures = [], [], []
    for copy in copies:
        stdout, stderr = copy.communicate()
        if copy.returncode == 0:
            row = json.loads(stdout.strip().splitlines()[-1])
            seconds.append(row["seconds"])
            peaks.append(row["peak_gb"])
        else:
            seconds.append(None)
            peaks.append(None)
            lines = [line for line in stderr.splitlines() if "ClaimFailed" in line or "Error" in line]
            failures.append((lines or stderr.strip().splitlines() or ["no output"])[-1].strip())
    return Load(Path(notebook).name, kernels, seconds, peaks, failures)


def table(rows: list[Load]) -> str:
    """A Markdown table: each row's times and peak memory beside the notebook's run alone."""
    alone = {row.notebook: row for row in rows if row.kernels == 1}
    lines = ["| notebook | kernels at once | time, each (s) | × alone | peak memory, most (GB) | claims |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        done = [s for s in row.seconds if s is not None]
        base = alone.get(row.notebook)
        ratio = (f"{min(done) / base.seconds[0]:.1f}–{max(done) / base.seconds[0]:.1f}"
                 if done and base and base.seconds[0] else "–")
        times = f"{min(done):.1f}–{max(done):.1f}" if done else "–"
        memory = f"{max(p for p in row.peak_gb if p is not None):.2f}" if done else "–"
        claims = "all held" if row.held else f"{len(row.failures)} of {row.kernels} stopped: {row.failures[0]}"
        lines.append(f"| {row.notebook} | {row.kernels} | {times} | {ratio} | {memory} | {claims} |")
    return "\n".join(lines)


def record(rows: list[Load], profile: str, threads: int | None, path: Path | None = None) -> Path:
    """Merge ``rows`` into the capacity record ``path`` (default ``CAPACITY``, read when called, as
    ``measured_capacity`` reads it): per notebook, its rows, the profile, threads, date, machine."""
    import datetime

    from .reproduce import machine

    path = path or CAPACITY
    kept = json.loads(path.read_text()) if path.exists() else {}
    for name in dict.fromkeys(row.notebook for row in rows):
        kept[Path(name).stem] = {"profile": profile, "threads": threads, "cores": os.cpu_count(),
                                 "date": datetime.date.today().isoformat(), "machine": machine(),
                                 "rows": [asdict(r) for r in rows if r.notebook == name]}
    path.write_text(json.dumps(dict(sorted(kept.items())), indent=1) + "\n")
    return path


def measured_capacity(path: Path | None = None) -> dict:
    """The capacity record (default ``CAPACITY``): notebook stem -> its profile, threads, cores, date, machine and
    ``Load`` rows."""
    path = path or CAPACITY
    kept = json.loads(path.read_text()) if path.exists() else {}
    for entry in kept.values():
        entry["rows"] = [Load(**row) for row in entry["rows"]]
    return kept


def keeps_pace(row: Load, alone: Load) -> bool:
    """Whether every copy of ``row`` finished, its claims held, within ``PACE`` times the run ``alone``."""
    return row.held and all(s is not None and s <= PACE * alone.seconds[0] for s in row.seconds)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Run N copies of each notebook at once, against each run alone.")
    parser.add_argument("--kernels", type=int, nargs="+", required=True, help="how many kernels run each notebook at once")
    parser.add_argument("--profile", default="classroom", choices=("quick", "classroom", "paper"))
    parser.add_argument("--notebooks", nargs="*", help="notebook files (default: all in notebooks/)")
    parser.add_argument("--threads", type=int, help="FPLIB_THREADS for each kernel (a hub's CPU quota per student)")
    parser.add_argument("--out", type=Path, help="keep the executed copies and load.json here (default: a temporary folder)")
    parser.add_argument("--record", action="store_true", help="write the rows to coursework/capacity.json")
    args = parser.parse_args(argv)
    if min(args.kernels) < 1:
        parser.error("--kernels must be at least 1")
    notebooks = [Path(p) for p in args.notebooks] if args.notebooks else sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        rows = []
        for notebook in notebooks:
            for kernels in sorted({1, *args.kernels}):
                rows.append(run_together(notebook, kernels, args.profile, out, args.threads))
                print(f"{notebook.name}: {kernels} at once done", file=sys.stderr)
        if args.out:
            (out / "load.json").write_text(json.dumps([asdict(r) for r in rows], indent=1))
    if args.record:
        print(f"wrote {record(rows, args.profile, args.threads)}", file=sys.stderr)
    print(f"profile {args.profile}, {os.cpu_count()} CPUs, threads per kernel: "
          f"{args.threads if args.threads else 'as fplib.config finds'}\n")
    print(table(rows))


if __name__ == "__main__":
    main()
