"""Execute every notebook in one profile; write executed notebooks, HTML and the key figures.

    python -m coursework.reproduce [--profile classroom|quick|paper] [--out build/reproduce] [--update-figures] [--record]
                                   [--lenient]

Each notebook runs in its own process, so its kernel's peak memory can be measured; the time and
peak memory of each are printed as a table, and with ``--record`` written to ``coursework/measured.json``
(the one record of the measured times: the README's and the site's tables and the notebooks' "Time" lines
are written from it by ``python -m coursework.catalogue`` and ``python -m coursework.notebook_furniture``).
A GPU is used where the notebooks find one (``fplib.config.device``). Cells tagged ``figure:NAME`` give the
key figures, written to OUT/figures (and, with ``--update-figures``, to the repository's ``figures/``).

The claims run strict, as under the tests (``fplib.claims``): a notebook whose claim does not hold in this
run fails, so the figures, times and executed notebooks it writes are those of runs that show every claim.
``--lenient`` runs them as in a student's session instead (each prints ✓ or ✗ and the notebook goes on) and
lists the claims that did not hold: for exploring another profile or device, not for the figures or the record.
"""
from __future__ import annotations

import argparse
import base64
import datetime
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tqdm.auto import tqdm

from fplib import claims, config

from . import plan, repository

ROOT = repository()
FIGURE_TAG = "figure:"


def run_one(notebook: Path, out: Path, profile: str) -> dict:
    """Execute ``notebook`` in this process's child kernel; write its outputs; return time and memory."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    os.environ[config.PROFILE_VARIABLE] = profile
    os.environ.setdefault("FPLIB_PROGRESS", "0")
    nb = nbformat.read(notebook, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=None, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()
    seconds = time.perf_counter() - start
    out.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out / notebook.name)
    (out / notebook.with_suffix(".html").name).write_text(HTMLExporter().from_notebook_node(nb)[0])
    figures = out / "figures"
    figures.mkdir(exist_ok=True)
    written = []
    for cell in nb.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(FIGURE_TAG):
                png = next(o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {}))
                path = figures / f"{tag[len(FIGURE_TAG):]}.png"
                path.write_bytes(base64.b64decode(png))
                written.append(path.name)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the kernel, our only child
    failed = [line for cell in nb.cells for o in cell.get("outputs", []) if o.get("name") == "stdout"
              for line in o.get("text", "").splitlines() if line.startswith("✗ ")]
    return {"notebook": notebook.name, "seconds": seconds, "peak_gb": peak_kb / 2**20, "figures": written,
            "failed_claims": failed}


def machine() -> str:
    """This machine in a few words: cores, processor, GPU (the device the notebooks use)."""
    import torch

    device = config.device()
    gpu = torch.cuda.get_device_name(device) if device.type == "cuda" else "no GPU"
    return f"{os.cpu_count()}-core {platform.processor() or platform.machine()} CPU, {gpu}"


def record(rows: list[dict], profile: str, path: Path | None = None) -> Path:
    """Write the runs ``rows`` (from ``run_one``) into the measured record (default ``plan.MEASURED``), dated."""
    from .plan import MEASURED

    path = path or MEASURED
    data = json.loads(path.read_text()) if path.exists() else {}
    today, where = datetime.date.today().isoformat(), machine()
    for row in rows:
        run = {"seconds": round(row["seconds"]), "peak_gb": round(row["peak_gb"], 2), "date": today, "machine": where}
        data.setdefault(Path(row["notebook"]).stem, {})[profile] = run
    path.write_text(json.dumps(dict(sorted(data.items())), indent=1, ensure_ascii=False) + "\n")
    return path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Execute every notebook in one run profile.")
    parser.add_argument("--profile", default=config.DEFAULT_PROFILE, choices=config.PROFILES)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "reproduce")
    parser.add_argument("--notebooks", nargs="*", help="notebook files (default: all in notebooks/)")
    parser.add_argument("--update-figures", action="store_true", help="copy the key figures into figures/")
    parser.add_argument("--record", action="store_true", help="write the times and peak memory to coursework/measured.json")
    parser.add_argument("--lenient", action="store_true",
                        help="claims print ✓/✗ and the notebook goes on (a student's session) instead of failing the run")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: run one notebook, print JSON
    args = parser.parse_args(argv)
    if args.lenient and (args.update_figures or args.record):
        parser.error("--lenient runs may show claims that do not hold: they update neither figures/ nor the record")
    out = args.out / args.profile
    if args.one:
        print(json.dumps(run_one(args.one, out, args.profile)))
        return
    notebooks = [Path(p) for p in args.notebooks] if args.notebooks else plan.files()
    print(f"profile {args.profile}, device {config.device()}, writing to {out}")
    rows = []
    # the child runs `-m coursework.reproduce` from anywhere: the repository goes first on its path
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           claims.STRICT_VARIABLE: "0" if args.lenient else "1"}
    for notebook in tqdm(notebooks, desc="notebooks", unit="notebook"):
        done = subprocess.run([sys.executable, "-m", "coursework.reproduce", "--one", str(notebook.resolve()), "--profile",
                               args.profile, "--out", str(args.out.resolve())], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            sys.exit(f"{notebook.name} failed:\n{done.stderr[-3000:]}")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print("\n| notebook | time | peak memory |\n|---|---|---|")
    for row in rows:
        print(f"| {row['notebook']} | {row['seconds']:.0f} s | {row['peak_gb']:.2f} GB |")
    failed = [f"{row['notebook']}: {line}" for row in rows for line in row["failed_claims"]]
    if failed:
        print(f"\n{len(failed)} claim(s) did not hold in this run (--lenient):\n" + "\n".join(failed))
    if args.record:
        print(f"recorded in {record(rows, args.profile)}: run python -m coursework.catalogue and "
              "python -m coursework.notebook_furniture notebooks/*.ipynb to update the tables and headers")
    if args.update_figures:
        for path in (out / "figures").glob("*.png"):
            shutil.copy(path, ROOT / "figures" / path.name)
        print(f"figures/ updated from {out / 'figures'}")


if __name__ == "__main__":
    main()
