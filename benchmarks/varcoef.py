"""A variable coefficient, a new k in every solve: the k-reading network inside flexible CG against the same
flexible CG without the network (its Jacobi sweeps alone), pyamg, the bundle's Galerkin multigrid, sparse LU and
Jacobi-CG, per new coefficient, set-up included, in one process.

    .venv/bin/python benchmarks/varcoef.py [--steps STEPS] [--count COUNT] [--grids 63 127 255]

One DeepONet (branch: log k at 16 x 16 points and a residual's 8 x 8 lowest sine modes; trunk: the point) is
trained once on COUNT random (k, f) pairs on 31 x 31 (k = exp(Gaussian field), contrasts 10, 100, 1e4), then
used as HINTS's Krylov preconditioner (a Jacobi sweep, the network, a Jacobi sweep) in flexible CG keeping 5
directions, beside the two sweeps without the network, on held-out k and f per grid, to a relative residual of
1e-8 from zero. Contrast 100 on every grid, 1e4 at n = 127. Times are the best of three, the network's set-up
(its inputs for this k and the trunk on this grid) included; training is printed apart. The last line holds
key=value pairs.
"""
from __future__ import annotations

import argparse

import numpy as np

from fplib import config, fields, hints, nets, poisson, standings, timing

TRAIN_N, SIDE, READ, LENGTH, RTOL = 31, 16, 64, 0.1, 1e-8
KEEP = 5  # flexible CG's kept directions, as in notebook 13 (fewer than the unknowns: no finite termination)


def train(count, steps):
    config.seed_everything(0)
    ks = np.concatenate([fields.random_coefficients(count // 3, TRAIN_N, length=LENGTH, contrast=c, dim=2)
                         for c in (10.0, 100.0, 1e4)])
    fs = fields.random_sources(len(ks), TRAIN_N, length=LENGTH, dim=2)
    net = nets.DeepONet(SIDE**2 + READ, 64, hidden=(128, 128), branch_hidden=(128, 128), dim=2)
    seconds = timing.elapsed(lambda: hints.train_coefficient_operator(net, ks, fs, side=SIDE, steps=steps,
                                                                          lr=1e-3, batch_size=128))
    return net, seconds


def table(net, n, contrast):
    config.seed_everything(n + int(contrast))
    k = fields.random_coefficients(1, n, length=LENGTH, contrast=contrast, dim=2)[0]
    prob = poisson.problem(n, source=fields.random_sources(1, n, length=LENGTH, dim=2)[0], coefficient=k, dim=2)

    def setup():
        return hints.hints_preconditioner(prob, hints.CoefficientCorrection(net, prob, SIDE))

    return standings.coefficient_standings(prob, setup=setup, baseline=lambda: hints.hints_preconditioner(prob, None),
                                           rtol=RTOL, keep=KEEP)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000, help="Adam steps of the one training")
    parser.add_argument("--count", type=int, default=1500, help="training pairs (k, f)")
    parser.add_argument("--grids", type=int, nargs="+", default=[63, 127, 255], help="n per axis (odd, include 127)")
    args = parser.parse_args()
    net, training = train(args.count, args.steps)
    print(f"network: {nets.parameter_count(net):,} parameters, {args.steps} Adam steps on {args.count} pairs "
          f"(31 x 31): {training:.1f} s of training")
    cases = [(n, 100.0) for n in args.grids] + [(127, 1e4)]
    tables = {case: table(net, *case) for case in cases}
    print(f"\nseconds per new coefficient to a relative residual of {RTOL:g}, set-up included (CG iterations)")
    print(f"{'solver':38s}" + "".join(f"{f'n={n}, c={c:g}':>22s}" for n, c in cases))
    for key, first in tables[cases[0]].items():
        print(f"{first.label:38s}" + "".join(f"{tables[case][key].seconds:12.4f} ({tables[case][key].iterations:>6,.0f})"
                                             for case in cases))
    pairs = {"training_seconds": training}
    for (n, c), rows in tables.items():
        pyamg = min(rows["pyamg_sa"].seconds, rows["pyamg_rs"].seconds)
        pairs[f"t_network_over_t_pyamg_2d_n{n}_c{c:g}"] = rows["network_cg"].seconds / pyamg
    rows = tables[(127, 100.0)]
    pyamg = min(rows["pyamg_sa"], rows["pyamg_rs"], key=lambda row: row.seconds)
    pairs["iterations_network_krylov_over_pyamg_2d_n127_c100"] = rows["network_cg"].iterations / pyamg.iterations
    pairs["t_multigrid_over_t_pyamg_2d_n127_c100"] = rows["multigrid_cg"].seconds / pyamg.seconds
    pairs["iterations_network_over_sweeps_alone_2d_n127_c100"] = rows["network_cg"].iterations / rows["baseline_cg"].iterations
    saving = pyamg.seconds - rows["network_cg"].seconds
    pairs["breakeven_solves_vs_pyamg_2d_n127_c100"] = float(np.ceil(training / saving)) if saving > 0 else np.inf
    grids = [n for n in args.grids]
    iterations = [tables[(n, 100.0)]["network_cg"].iterations for n in grids]
    pairs["iterations_growth_exponent_network_krylov"] = float(np.polyfit(np.log(grids), np.log(iterations), 1)[0])
    print(" ".join(f"{key}={value:.4g}" for key, value in pairs.items()))


if __name__ == "__main__":
    main()
