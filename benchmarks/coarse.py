"""Coarse spaces built from k: one Galerkin V-cycle as CG's preconditioner with (a) bilinear, (b) operator-dependent
(Alcouffe et al. 1981; Dendy 1982) and (c) learned interpolation, against (d) pyamg smoothed aggregation and
Ruge-Stuben, per new coefficient, set-up included, in one process.

    .venv/bin/python benchmarks/coarse.py [--grids 63 127 255 511] [--contrasts 10 1e4 1e6] [--repeat 3]

Five families of k on the square (``fields.FAMILIES``, as notebook 14 draws them): the notebooks' two (k =
exp(Gaussian field), length 0.1; 8 disc inclusions) and three of ours whose jumps run across every grid (6 slanted
layers; a checkerboard of 4 x 4 squares, turned; 16 Voronoi cells), at each contrast and grid. Each (family,
contrast, grid) draws its own k (seeds 1000 and up, apart from any training) and a random right-hand side; every
solver builds its hierarchy for that k inside the timed call (best of ``--repeat`` below 511 points per axis, one run
at 511), CG from zero to a relative residual of 1e-8 (1e-6 at contrasts above 1e4: there CG's true residual stalls
near 1e-8 in float64, measured here on inclusions at 127^2, contrast 1e6: CG's recurrence reports 1e-8 while
||g - Au|| / ||g|| is 2.8e-8, and a restart from the true residual stops at 1.5e-8). The learned interpolation is trained
once, first (seed 0, the active profile's steps); its seconds are printed apart, with the solves that pay for them.
The two-grid factor (2 + 2 weighted Jacobi sweeps, exact coarse solve; power iteration in the energy norm) is
measured at ``--factor-grid`` points per axis, contrast 1e4. The last line holds key=value pairs, the issue's each
the worst case over the families.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np

from fplib import config, fields, learned_interpolation, multigrid, poisson, timing

HARD = 1e4  # the contrast of the keys


def rtol(contrast):
    return 1e-8 if contrast <= HARD else 1e-6
@dataclass(frozen=True)
class Run:
    """One solver on one k: seconds (set-up included) and CG iterations (inf if it did not converge)."""

    seconds: float
    iterations: float


def learned():
    """(c): the learned interpolation (``fplib.learned_interpolation``), trained once here on the training families
    (seed 0, the active profile's steps), and its training seconds."""
    config.seed_everything(0)
    run = learned_interpolation.train_interpolation(learned_interpolation.InterpolationNet())
    return run.build, run.seconds


def problem(family, contrast, n, index):
    config.seed_everything(1000 + index)
    (k,) = fields.family_coefficients(family, 1, n, contrast=contrast)
    a = poisson.laplacian(n, 2.0 / (n + 1), 2, poisson.faces(k))
    return a, fields.random_sources(1, n, length=0.1, dim=2)[0].ravel()


def measure(coarse, a, g, n, tol, repeat):
    """CG with one V-cycle from ``coarse`` (``multigrid.preconditioned_cg``), its set-up included: the best of ``repeat``."""
    best = timing.best_of(lambda: multigrid.preconditioned_cg(a, g, n, coarse, rtol=tol), repeat)
    return Run(best.seconds, best.result.iterations if best.result.converged else np.inf)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grids", type=int, nargs="+", default=[63, 127, 255, 511], help="n per axis (odd, include 255)")
    parser.add_argument("--contrasts", type=float, nargs="+", default=[10.0, 1e4, 1e6], help="max k / min k (include 1e4)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per solver below 511 points (the best counts)")
    parser.add_argument("--factor-grid", type=int, default=127, help="n of the two-grid factors")
    args = parser.parse_args()
    build, training = learned()
    print(f"learned interpolation: {training:.1f} s of training (once)")
    interpolations = {"bilinear": "bilinear", "operator_dependent": "operator_dependent", "learned": build}
    runs = interpolations | {"pyamg_sa": "smoothed_aggregation", "pyamg_rs": "ruge_stuben"}  # name -> coarse spaces
    cases = [(family, c, n) for family in fields.FAMILIES for c in args.contrasts for n in args.grids]
    table = {}
    for index, (family, c, n) in enumerate(cases):
        a, g = problem(family, c, n, index)
        repeat = args.repeat if n < 511 else 1
        table[family, c, n] = {name: measure(coarse, a, g, n, rtol(c), repeat) for name, coarse in runs.items()}
    print(f"\nCG iterations and seconds per new k to a relative residual of {rtol(HARD):g} ({rtol(10 * HARD):g} at "
          f"contrasts above {HARD:g}), set-up included")
    print(f"{'family':13s}{'contrast':>9s}{'n':>5s}" + "".join(f"{name:>22s}" for name in runs))
    for (family, c, n), row in table.items():
        print(f"{family:13s}{c:9.0e}{n:5d}" + "".join(f"{r.iterations:>6.0f} it {r.seconds:8.4f} s " for r in row.values()))
    factors = {family: {name: multigrid.TwoGrid(problem(family, HARD, args.factor_grid, -1 - i)[0], args.factor_grid, 2,
                                                interpolation=build).factor()
                        for name, build in interpolations.items()} for i, family in enumerate(fields.FAMILIES)}
    print(f"\ntwo-grid factors at n = {args.factor_grid}, contrast {HARD:g}")
    print(f"{'family':13s}" + "".join(f"{name:>20s}" for name in interpolations))
    for family, row in factors.items():
        print(f"{family:13s}" + "".join(f"{value:20.3f}" for value in row.values()))
    print(" ".join(f"{key}={value:.4g}" for key, value in keys(table, factors, args, training).items()))


def keys(table, factors, args, training):
    """The issue's keys, each the worst case over the families, and our extra ones."""
    growth = {name: max(multigrid.growth_exponent(args.grids, [table[f, HARD, n][name].iterations for n in args.grids])
                        for f in fields.FAMILIES) for name in next(iter(table.values()))}
    at = {f: table[f, HARD, 255] for f in fields.FAMILIES}
    pyamg = {f: min(row["pyamg_sa"].seconds, row["pyamg_rs"].seconds) for f, row in at.items()}
    hardest = max(fields.FAMILIES, key=lambda f: at[f]["bilinear"].iterations)
    ratios = [row["learned"].iterations / row["operator_dependent"].iterations for row in table.values()
              if np.isfinite(row["operator_dependent"].iterations) or np.isfinite(row["learned"].iterations)]
    pairs = {"iterations_growth_exponent_learned_mg": growth["learned"],
             "t_learned_mg_over_t_pyamg_2d_n255_c1e4": max(at[f]["learned"].seconds / pyamg[f] for f in fields.FAMILIES),
             "iterations_learned_over_operator_dependent_worst": max(ratios),
             "iterations_learned_over_bilinear_hardest": at[hardest]["learned"].iterations / at[hardest]["bilinear"].iterations,
             "t_operator_dependent_over_t_pyamg_2d_n255_c1e4":
                 max(at[f]["operator_dependent"].seconds / pyamg[f] for f in fields.FAMILIES),
             "t_bilinear_over_t_pyamg_2d_n255_c1e4": max(at[f]["bilinear"].seconds / pyamg[f] for f in fields.FAMILIES),
             "training_seconds": training}
    pairs |= {f"iterations_growth_exponent_{name}": value for name, value in growth.items() if name != "learned"}
    pairs |= {f"two_grid_factor_{name}_n{args.factor_grid}_c1e4_worst": max(row[name] for row in factors.values())
              for name in next(iter(factors.values()))}
    for rival in ("bilinear", "operator_dependent", "pyamg"):  # solves at 255^2, contrast 1e4, to pay for the training
        saving = min((pyamg[f] if rival == "pyamg" else at[f][rival].seconds) - at[f]["learned"].seconds for f in fields.FAMILIES)
        pairs[f"breakeven_solves_learned_vs_{rival}_worst"] = float(np.ceil(training / saving)) if saving > 0 else np.inf
    return pairs


if __name__ == "__main__":
    main()
