"""The hybrid solver against Jacobi from zero, a banded direct solve and multigrid, in one process.

    .venv/bin/python benchmarks/hybrid.py [--budget SECONDS]

Grids: n = 999 and 9999 interior points (10^3 and 10^4 intervals; odd, so that multigrid's coarse
grids nest; the keys say n999 and n9999, n as in ``poisson.problem(n)``). Times are wall-clock seconds
to reach a max error against the exact solution, training included. The best switch and Jacobi from
zero (``standings.scaling``) run for at most --budget seconds each, the automatic switch's Jacobi phase
for 10x that; beyond it a time is extrapolated from the exact mode decay and the measured cost per
sweep, and marked so. The last line holds key=value pairs (tolerance 1e-3 unless the key says otherwise).
"""
from __future__ import annotations

import argparse
import time

import torch

from fplib import config, hybrid, multigrid, nets, poisson, standings, timing

GRIDS = (999, 9999)
TOLERANCES = (1e-3, 1e-5)
TRAIN_N = 1001
NETWORK = dict(widths=[1, 64, 64, 1], adam=1000, lbfgs=40, lr=1e-2)


def float64_network():
    config.seed_everything(0)
    return nets.ZeroBoundary(nets.mlp(NETWORK["widths"], "tanh", dtype=torch.float64))


def train(prob, model, **kw):
    return hybrid.train_network(prob, model, train_n=TRAIN_N, adam_steps=NETWORK["adam"],
                                lbfgs_steps=NETWORK["lbfgs"], lr=NETWORK["lr"], record_every=25, **kw)


def multigrid_seconds(prob, tol):
    """FMG + V-cycles to ``tol``: the solver's own time, best of three."""
    return min(multigrid.solve(prob, tol=tol).seconds for _ in range(3))


def measure(recorded, net, budget):
    """{n: {tol: times}}: the best switch and Jacobi from zero (``standings.scaling``), the automatic switch,
    the banded solve and multigrid, for each grid and each tolerance above its discretization error."""
    results = {n: {} for n in GRIDS}
    for tol in TOLERANCES:
        reachable = []
        for prob in map(poisson.problem, GRIDS):
            if tol > prob.discretization_error:
                reachable.append(prob)
            else:
                print(f"n = {prob.n}: tolerance {tol:g} is below the discretization error "
                      f"{prob.discretization_error:.1e}: not reachable, skipped")
        for row in standings.scaling(recorded, net, reachable, tol=tol, budget=budget):
            prob = row.prob
            model = float64_network()
            rule = hybrid.AutoSwitch(tol, row.seconds_per_iteration)
            train(prob, model, switch=rule)
            rule.restore()
            auto = hybrid.jacobi_curve(prob, nets.predict(model, prob.x), tol=tol, budget=10 * budget,
                                       start=rule.elapsed() + row.eval_seconds)
            _, t_banded = timing.best_of(lambda prob=prob: poisson.banded_solve(prob.g, prob.h))
            results[prob.n][tol] = dict(best=row.hybrid_seconds, best_extrapolated=row.best.extrapolated,
                                        auto=hybrid.time_to(auto, tol), auto_extrapolated=auto.extrapolated,
                                        jacobi=row.jacobi_seconds, jacobi_extrapolated=row.zero.extrapolated,
                                        banded=t_banded, multigrid=multigrid_seconds(prob, tol),
                                        switch_step=int(recorded.steps[row.switch]))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of measured Jacobi from zero per run")
    args = parser.parse_args()
    start = time.perf_counter()
    finest = poisson.problem(max(GRIDS))
    net = float64_network()
    recorded = train(finest, net)
    print(f"network {NETWORK['widths']} float64, Adam {NETWORK['adam']} + L-BFGS {NETWORK['lbfgs']} steps on "
          f"{TRAIN_N} points: {recorded.times[-1]:.2f} s of training")
    results = measure(recorded, net, args.budget)
    print(f"\n{'n':>6} {'tol':>6} {'best hybrid':>12} {'auto':>9} {'Jacobi':>11} {'banded':>9} {'multigrid':>10}  (s)")
    for n, by_tol in results.items():
        for tol, r in by_tol.items():
            mark = {key: "*" if r[f"{key}_extrapolated"] else " " for key in ("best", "auto", "jacobi")}
            print(f"{n:6d} {tol:6g} {r['best']:11.3f}{mark['best']} {r['auto']:8.3f}{mark['auto']} "
                  f"{r['jacobi']:10.2f}{mark['jacobi']} {r['banded']:9.5f} {r['multigrid']:10.5f}")
    print("* extrapolated beyond the time budget from the exact mode decay and the measured cost per sweep")
    pairs = {}
    for n, by_tol in results.items():
        name = f"n{n}"
        for tol, r in by_tol.items():
            suffix = "" if tol == 1e-3 else f"_tol{tol:g}"
            pairs[f"t_hybrid_over_t_jacobi_{name}{suffix}"] = r["best"] / r["jacobi"]
            pairs[f"t_auto_over_t_best_{name}{suffix}"] = r["auto"] / r["best"]
            pairs[f"t_hybrid_over_t_banded_{name}{suffix}"] = r["best"] / r["banded"]
            pairs[f"t_hybrid_over_t_multigrid_{name}{suffix}"] = r["best"] / r["multigrid"]
            pairs[f"jacobi_extrapolated_{name}{suffix}"] = float(r["jacobi_extrapolated"])
    print(f"total benchmark time: {time.perf_counter() - start:.0f} s")
    print(" ".join(f"{key}={value:.3g}" for key, value in pairs.items()))


if __name__ == "__main__":
    main()
