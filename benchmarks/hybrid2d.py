"""Notebooks 10 and 11's 2D solvers side by side, in one process: the hybrid, Jacobi, geometric and algebraic multigrid.

    .venv/bin/python benchmarks/hybrid2d.py [--budget SECONDS]

-Laplace(u) = g on (-1, 1)^2 (``cases.square_source``), n x n interior points, n = 63, 127, 255. The
hybrid: a float64 network trained (Adam 600 + L-BFGS 30 steps) on a 31 x 31 grid's discrete energy,
once, recorded on the finest grid and restricted to the others; its best switch (in hindsight: an oracle) then
Jacobi, to a max error of 5e-3 against the exact solution, training included (``standings.scaling``). The
classical solvers (``standings.classical_standings``; both multigrids stopped by one timed residual rule) to that
tolerance and to the discretization error. Jacobi beyond
--budget seconds is extrapolated from the exact mode decay (marked *). The last line holds key=value pairs.
"""
from __future__ import annotations

import argparse
import time

import torch

from fplib import config, hybrid, nets, poisson, standings

GRIDS = (63, 127, 255)
TOL, TRAIN_N = 5e-3, 31


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=30.0, help="seconds of measured Jacobi per run")
    args = parser.parse_args()
    start = time.perf_counter()
    finest = poisson.problem(GRIDS[-1], dim=2)
    config.seed_everything(0)
    net = nets.ZeroBoundary(nets.mlp([2, 64, 64, 1], "tanh", dtype=torch.float64))
    run = hybrid.train_network(finest, net, train_n=TRAIN_N, adam_steps=600, lbfgs_steps=30, lr=1e-2,
                               record_every=20)
    print(f"network: {run.times[-1]:.1f} s of training on {TRAIN_N} x {TRAIN_N} points")
    problems = [poisson.problem(n, dim=2) for n in GRIDS]
    rows = {}
    for row in standings.scaling(run, net, problems, tol=TOL, budget=args.budget):
        rows[row.n] = dict(hybrid=row.hybrid_seconds, hybrid_extrapolated=row.best.extrapolated,
                           to_tol=standings.classical_standings(row.prob, tol=TOL, budget=args.budget),
                           to_floor=standings.classical_standings(row.prob, budget=args.budget))
    for target in ("to_tol", "to_floor"):
        title = f"to a max error of {TOL:g}" if target == "to_tol" else "to the discretization error"
        print(f"\nseconds {title}")
        print(f"{'solver':38s}" + "".join(f"{f'{n} x {n}':>14s}" for n in GRIDS))
        if target == "to_tol":
            marks = ["*" if rows[n]["hybrid_extrapolated"] else " " for n in GRIDS]
            print(f"{'hybrid (best switch, training included)':38s}"
                  + "".join(f"{rows[n]['hybrid']:13.4f}{mark}" for n, mark in zip(GRIDS, marks)))
        for key, first in rows[GRIDS[0]][target].items():
            cells = [rows[n][target][key] for n in GRIDS]
            print(f"{first.label:38s}" + "".join(f"{c.seconds:13.4f}{'*' if c.extrapolated else ' '}" for c in cells))
    print("* extrapolated from the exact mode decay and the measured cost per sweep")
    pairs = {}
    for n in GRIDS:
        to_tol, to_floor = rows[n]["to_tol"], rows[n]["to_floor"]
        pairs[f"t_hybrid_over_t_jacobi_2d_n{n}"] = rows[n]["hybrid"] / to_tol["jacobi"].seconds
        pairs[f"t_hybrid_over_t_pyamg_2d_n{n}"] = rows[n]["hybrid"] / to_tol["pyamg"].seconds
        pairs[f"t_multigrid_over_t_pyamg_2d_n{n}"] = to_floor["multigrid"].seconds / to_floor["pyamg"].seconds
        pairs[f"jacobi_extrapolated_2d_n{n}"] = float(to_tol["jacobi"].extrapolated)
    print(f"\ntotal benchmark time: {time.perf_counter() - start:.0f} s")
    print(" ".join(f"{key}={value:.3g}" for key, value in pairs.items()))


if __name__ == "__main__":
    main()
