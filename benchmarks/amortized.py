"""Notebook 09's amortized solver against Jacobi, multigrid and direct solvers, in one process.

    .venv/bin/python benchmarks/amortized.py [--every M] [--budget SECONDS]

One operator network (notebook 09's classroom settings: a DeepONet reading 32 sine modes, trained
once on 1000 random-field sources on n = 255) is reused inside weighted Jacobi, a network correction
every M iterations, on a held-out source per grid (n = 255, 1023, 4095), to a relative residual of
1e-8 from zero. Plain and weighted Jacobi run when their closed-form sweep count fits in --budget
seconds, else that count times the measured cost per sweep (extrapolated, marked *). The training
time is printed apart; the break-even columns say after how many solves it has paid for itself.
The last line holds key=value pairs.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from fplib import amortized, config, fields, nets, poisson, standings, timing

GRIDS = (255, 1023, 4095)
TRAIN_N, LENGTH, COUNT, STEPS, RTOL = 255, 0.03, 1000, 1500, 1e-8


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=256, help="a network correction every M iterations")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds of measured Jacobi per run")
    args = parser.parse_args()
    start = time.perf_counter()
    config.seed_everything(0)
    sources = fields.random_sources(COUNT, TRAIN_N, length=LENGTH)
    config.seed_everything(0)
    net = nets.DeepONet(32, 64, hidden=(128, 128), branch_hidden=(), sigma=4.0)
    training = timing.elapsed(lambda: amortized.train_operator(net, sources, steps=STEPS, lr=1e-3))
    print(f"operator network: {nets.parameter_count(net):,} parameters, {STEPS} Adam steps on {COUNT} sources "
          f"(n = {TRAIN_N}): {training:.1f} s of training")
    config.seed_everything(3)
    tables = {}
    for n in GRIDS:
        prob = poisson.problem(n, source=fields.random_sources(1, n, length=LENGTH)[0])
        tables[n] = standings.solver_standings(prob, amortized.OperatorCorrection(net, prob), every=args.every,
                                               rtol=RTOL, budget=args.budget)
    print(f"\nseconds to a relative residual of {RTOL:g} (iterations in brackets)")
    print(f"{'solver':32s}" + "".join(f"{'n = ' + str(n):>24s}" for n in GRIDS))
    for key, first in tables[GRIDS[0]].items():
        cells = [tables[n][key] for n in GRIDS]
        print(f"{first.label:32s}" + "".join(f"{c.seconds:12.4f}{'*' if c.extrapolated else ' '} ({c.iterations:>9,.0f})"
                                             for c in cells))
    print("* extrapolated: the closed-form sweep count times the measured cost per sweep")
    pairs = {"training_seconds": training}
    for n in GRIDS:
        table = tables[n]
        solve, jacobi, multigrid = table["interleaved"].seconds, table["jacobi"].seconds, table["multigrid"].seconds
        key = f"n{n}"
        pairs[f"t_solve_over_t_jacobi_{key}"] = solve / jacobi
        pairs[f"t_solve_over_t_multigrid_{key}"] = solve / multigrid
        pairs[f"t_solve_over_t_banded_{key}"] = solve / table["banded"].seconds
        pairs[f"iterations_over_jacobi_{key}"] = table["interleaved"].iterations / table["jacobi"].iterations
        pairs[f"breakeven_solves_vs_jacobi_{key}"] = amortized.breakeven_solves(training, jacobi, solve)
        pairs[f"breakeven_solves_vs_multigrid_{key}"] = amortized.breakeven_solves(training, multigrid, solve)
        pairs[f"jacobi_extrapolated_{key}"] = float(table["jacobi"].extrapolated)
    print(f"\ntotal benchmark time: {time.perf_counter() - start:.0f} s")
    print(" ".join(f"{key}={value:.3g}" if np.isfinite(value) else f"{key}=inf" for key, value in pairs.items()))


if __name__ == "__main__":
    main()
