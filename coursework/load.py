"""How notebooks fare when N students run them at once on one machine (the sizing of a shared hub).

    python -m coursework.load --kernels N [--profile classroom] [--notebooks notebooks/05_*.ipynb ...] [--threads T]

For each notebook: one run alone, then N copies at once, each in its own kernel (``coursework.reproduce``'s
child process, as ``make reproduce`` runs a notebook), with the notebook's claims strict (``FPLIB_STRICT_CLAIMS``:
a claim that fails under load stops that copy and is reported). Prints, per notebook, the time and peak memory
of each copy against the run alone, and whether every claim held; ``--out`` keeps the executed copies and a JSON
of the rows. ``--threads T`` gives each kernel ``FPLIB_THREADS=T``, as a hub's CPU quota of T cores would
(``fplib.config``); without it each kernel takes the CPUs this machine lets it use.
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


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Run N copies of each notebook at once, against each run alone.")
    parser.add_argument("--kernels", type=int, required=True, help="how many kernels run each notebook at once")
    parser.add_argument("--profile", default="classroom", choices=("quick", "classroom", "paper"))
    parser.add_argument("--notebooks", nargs="*", help="notebook files (default: all in notebooks/)")
    parser.add_argument("--threads", type=int, help="FPLIB_THREADS for each kernel (a hub's CPU quota per student)")
    parser.add_argument("--out", type=Path, help="keep the executed copies and load.json here (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.kernels < 1:
        parser.error("--kernels must be at least 1")
    notebooks = [Path(p) for p in args.notebooks] if args.notebooks else sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        rows = []
        for notebook in notebooks:
            for kernels in sorted({1, args.kernels}):
                rows.append(run_together(notebook, kernels, args.profile, out, args.threads))
                print(f"{notebook.name}: {kernels} at once done", file=sys.stderr)
        if args.out:
            (out / "load.json").write_text(json.dumps([asdict(r) for r in rows], indent=1))
    print(f"profile {args.profile}, {os.cpu_count()} CPUs, threads per kernel: "
          f"{args.threads if args.threads else 'as fplib.config finds'}\n")
    print(table(rows))


if __name__ == "__main__":
    main()
