"""Every solver timed to one target in one run, extrapolation marked; and the hybrid against Jacobi across grids.

``solver_standings``: iterations and seconds to a relative residual for notebook 09's trained-once solver
(``amortized``) beside Jacobi, multigrid and direct solves. ``classical_standings``: seconds to the
discretization error (or a tolerance) for the classical solvers. ``scaling``: the one-switch hybrid
(``hybrid``) against Jacobi from zero on each grid. Jacobi is run when its closed-form sweep count fits
the time budget; beyond it, that count times the measured cost per sweep is the time, marked
``extrapolated``. Each table is a dict of ``Standing`` rows under stable keys ("jacobi", "multigrid",
...); a row's ``label`` is for display only.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse.linalg
import torch

from . import _check, hybrid, krylov, multigrid, poisson, relax, timing, train
from .amortized import OperatorCorrection, breakeven_solves, interleaved_solve
from .hybrid import Curve
from .poisson import Problem

EXTRAPOLATED = "* extrapolated from the exact mode decay and the measured cost per sweep"  # every table's key to *


@dataclass(frozen=True)
class Standing:
    """One solver's row: ``seconds`` from zero to the target (``extrapolated``: predicted, not run) and
    ``iterations`` (sweeps, V-cycles or cycles; 1 for a direct solve; inf if it never got there)."""

    label: str
    seconds: float
    extrapolated: bool
    iterations: float


def solver_standings(prob: Problem, correction: OperatorCorrection, *, every: int, rtol: float = 1e-8,
                     budget: float = 5.0) -> dict[str, Standing]:
    """Iterations and seconds to ||g - A u||_2 <= ``rtol`` ||g||_2 from zero, for every solver of notebook 09.

    Keys: "jacobi" and "weighted_jacobi" (the closed-form sweep count, ``relax.iterations_to_residual``,
    within ``budget``, see the module); "interleaved" (``amortized.interleaved_solve``, a correction every
    ``every`` iterations) and "multigrid" (V-cycles from zero, residual checks included), measured, best of
    three; direct solves, one "iteration": "banded" in 1D ("sine_solve", the fast sine solve, in 2D) and
    "splu" (a sparse LU, factorization included).
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    zero, damped = np.zeros(prob.shape), relax.WEIGHTS[prob.dim]
    rows = {}
    for key, label, method, weight in (("jacobi", "Jacobi", "jacobi", 1.0),
                                       ("weighted_jacobi", f"weighted Jacobi ({damped:.2g})", "weighted-jacobi", damped)):
        count = relax.iterations_to_residual(prob, zero, rtol, weight)
        rows[key] = _relaxation(prob, count, method, weight, budget=budget, label=label)
    run, seconds = timing.best_of(lambda: interleaved_solve(prob, correction, every=every, rtol=rtol),
                                  seconds=lambda result: result.seconds)
    rows["interleaved"] = Standing(f"interleaved (network every {every})", seconds, False,
                                   run.iterations[-1] if run.converged else np.inf)
    solved, seconds = timing.best_of(lambda: multigrid.solve(prob, rtol=rtol), seconds=_multigrid_seconds)
    rows["multigrid"] = Standing("multigrid V-cycles", seconds, False, solved.cycles)
    rows["banded" if prob.dim == 1 else "sine_solve"] = _banded(prob) if prob.dim == 1 else _sine_solve(prob)
    rows["splu"] = _splu(prob)
    return rows


def payback(tables: dict[int, dict[str, Standing]], training_seconds: float) -> str:
    """Per grid n (``tables``: n -> ``solver_standings``): the interleaved solve's time over Jacobi's, multigrid's
    and the fastest direct solve's, and the solves after which the training has paid for itself
    (``amortized.breakeven_solves``); ``*`` where a column comes from an extrapolated time."""
    lines = [f"{'n':>6} {'solve/Jacobi':>13} {'solve/multigrid':>16} {'solve/direct':>13} "
             f"{'pays back vs Jacobi':>20} {'vs multigrid':>13}"]
    for n, rows in tables.items():
        solve, jacobi, mg = rows["interleaved"].seconds, rows["jacobi"].seconds, rows["multigrid"].seconds
        direct = min(rows[key].seconds for key in ("banded", "sine_solve", "splu") if key in rows)
        star = "*" if rows["jacobi"].extrapolated else " "
        vs_jacobi = breakeven_solves(training_seconds, jacobi, solve)
        vs_mg = breakeven_solves(training_seconds, mg, solve)
        lines.append(f"{n:6d} {solve / jacobi:12.2e}{star} {solve / mg:16.1f} {solve / direct:13.0f} "
                     f"{vs_jacobi:12,.0f} solves{star} {'never' if np.isinf(vs_mg) else f'{vs_mg:,.0f} solves':>13}")
    return "\n".join(lines + ["* from an extrapolated Jacobi time"])


def classical_standings(prob: Problem, *, tol: float | None = None, rtol: float | None = None,
                        budget: float = 5.0) -> dict[str, Standing]:
    """Seconds from zero to max |u - exact| <= 1.01 x the discretization error (or ``tol``, if given and larger),
    for the classical solvers (1D or 2D).

    Keys: "jacobi" (the closed-form sweep count, within ``budget``, see the module); "multigrid" (the
    bundle's geometric V-cycles) and "pyamg" (algebraic multigrid, setup included), both from zero and
    both stopped by the same timed rule, ||g - A u||_2 <= ``rtol`` ||g||_2 (by default ``shared_rtol``);
    "splu" (a sparse LU, factorization included); "sine_solve" (the fast sine solve).
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.exact is None:
        raise ValueError("prob must know its exact solution (the discretization error is the target)")
    target = max(1.01 * prob.discretization_error, 0.0 if tol is None else _check.positive(tol, "tol"))
    count = relax.iterations_to_tolerance(prob, np.zeros(prob.shape), target)
    rows = {"jacobi": _relaxation(prob, count, "jacobi", 1.0, budget=budget, label="Jacobi")}
    rtol = shared_rtol(prob, target) if rtol is None else _check.positive(rtol, "rtol")
    solved, seconds = timing.best_of(lambda: multigrid.solve(prob, rtol=rtol), seconds=_multigrid_seconds)
    rows["multigrid"] = Standing("multigrid (bundle: V-cycles)", seconds, False, solved.cycles)
    solved, seconds = timing.best_of(lambda: multigrid.algebraic(prob, rtol=rtol), seconds=_pyamg_seconds)
    rows["pyamg"] = Standing("algebraic multigrid (pyamg)", seconds, False, solved.cycles)
    rows["splu"] = _splu(prob)
    rows["sine_solve"] = _sine_solve(prob)
    return rows


def shared_rtol(prob: Problem, target: float) -> float:
    """The loosest of 1e-2, 1e-3, ..., 1e-12 at which both the bundle's V-cycles and pyamg, each stopped at
    ||g - A u||_2 <= rtol ||g||_2, are within ``target`` of the exact solution: chosen in hindsight (it
    reads the exact solution), the same for both solvers."""
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    target = _check.positive(target, "target")
    for rtol in 10.0 ** -np.arange(2, 13):
        if all(np.abs(u - prob.exact).max() <= target
               for u in (multigrid.solve(prob, rtol=rtol).u, multigrid.algebraic(prob, rtol=rtol).u)):
            break
    return rtol


def growth(sizes, seconds) -> float:
    """The exponent p of the least-squares fit seconds ~ sizes^p on log-log axes."""
    sizes, seconds = _check.real_array(sizes, "sizes", min_size=2), _check.real_array(seconds, "seconds")
    _check.same_length(sizes, seconds, "sizes", "seconds")
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def table(tables: dict, title: str, *, dim: int | None, iterations: bool = False, ms: bool = False) -> str:
    """``tables`` (a column -> the standings in it) as text: a row per solver, a column per key of ``tables``,
    the seconds (``*`` where extrapolated; with ``iterations``, the count in brackets; with ``ms``, milliseconds
    to 3 significant digits, so that the fastest solves show). Columns are grids n (``dim``: 1 or 2), headed
    n or n x n, with the growth exponent over the unknowns N = n^dim; or, with ``dim=None``, any other labels
    (e.g. tolerances), headed by the key, without growth."""
    ns = list(tables)
    grids = dim is not None
    dim = _check.dim(dim) if grids else None
    width = 14 + 11 * iterations
    header = (lambda n: f"{n} x {n}" if dim == 2 else str(n)) if grids else str
    lines = [f"{title:36s}" + "".join(f"{header(n):>{width}}" for n in ns) + f"{'growth':>9s}" * grids]
    for key, first in tables[ns[0]].items():
        rows = [tables[n][key] for n in ns]
        cells = "".join((f"{r.seconds * 1e3:13.3g}" if ms else f"{r.seconds:13.4f}") + ("*" if r.extrapolated else " ")
                        + (f" ({r.iterations:>8,.0f})" * iterations)
                        for r in rows)
        slope = growth([n**dim for n in ns], [r.seconds for r in rows]) if grids and len(ns) > 1 else np.nan
        lines.append(f"{first.label:36s}{cells}" + f"   N^{slope:.2f}" * grids)
    lines.append(f"times in {'ms' if ms else 's'}; {EXTRAPOLATED}"
                 + "; in brackets: iterations (V-cycles for multigrid)" * iterations
                 + "; growth: the fitted exponent p of seconds ~ N^p over these grids" * grids)
    return "\n".join(lines)


@dataclass
class ScalingRow:
    """The one-switch hybrid against Jacobi from zero on one grid, to ``tol``: ``best``, Jacobi after the best
    switch in hindsight (index ``switch`` into the recorded steps; training included); ``zero``, Jacobi from
    zero; the measured ``seconds_per_iteration`` (a Jacobi sweep) and ``eval_seconds`` (the network)."""

    prob: Problem
    tol: float
    switch: int
    best: Curve
    zero: Curve
    seconds_per_iteration: float
    eval_seconds: float

    @property
    def n(self) -> int:
        return self.prob.n

    @property
    def hybrid_seconds(self) -> float:
        return hybrid.time_to(self.best, self.tol)

    @property
    def jacobi_seconds(self) -> float:
        return hybrid.time_to(self.zero, self.tol)

    @property
    def ratio(self) -> float:
        """T_hybrid / T_Jacobi: below 1 where the hybrid is faster."""
        return self.hybrid_seconds / self.jacobi_seconds


def scaling(history: train.History, model: torch.nn.Module, problems, *, tol: float, budget: float) -> list[ScalingRow]:
    """The hybrid against Jacobi from zero on each of ``problems``: one network run (``history``, recorded on a
    grid in which each problem's grid nests, see ``hybrid.on_coarser_grid``; ``model``, the trained network),
    the best switch for ``tol`` then Jacobi (``hybrid.best_switch``), and Jacobi from zero, each measured for
    at most ``budget`` seconds, then extrapolated (``hybrid.jacobi_curve``). One row per problem, in order."""
    rows = []
    for prob in problems:
        _check.instance(prob, Problem, "each of problems", "poisson.Problem")
        sps = relax.seconds_per_iteration(prob)
        ev = hybrid.evaluation_seconds(model, prob)
        switch, best = hybrid.best_switch(prob, hybrid.on_coarser_grid(history, prob), tol, sps, ev, budget=budget)
        zero = hybrid.jacobi_curve(prob, np.zeros(prob.shape), tol=tol, budget=budget, label="Jacobi from zero")
        rows.append(ScalingRow(prob, tol, switch, best, zero, sps, ev))
    return rows


def scaling_table(rows: list[ScalingRow], switch_label: str = "hybrid") -> str:
    """``scaling``'s rows as text: seconds to the tolerance (``*`` where extrapolated) and their ratio."""
    lines = [f"{'n':>5} {switch_label + ' (s)':>24} {'Jacobi from zero (s)':>21} {'ratio':>7}"]
    for row in rows:
        _check.instance(row, ScalingRow, "each of rows", "standings.ScalingRow")
        lines.append(f"{row.n:5d} {row.hybrid_seconds:23.3f}{'*' if row.best.extrapolated else ' '} "
                     f"{row.jacobi_seconds:20.3f}{'*' if row.zero.extrapolated else ' '} {row.ratio:7.3f}")
    lines.append(EXTRAPOLATED)
    return "\n".join(lines)


def _relaxation(prob: Problem, count: float, method: str, weight: float, *, budget: float, label: str) -> Standing:
    """``count`` sweeps of ``method`` from zero: run and timed if the measured cost per sweep says they fit in
    ``budget`` seconds, else that count times the cost per sweep (extrapolated)."""
    estimate = count * relax.seconds_per_iteration(prob, method=method)
    if estimate > _check.positive(budget, "budget"):
        return Standing(label, estimate, True, count)
    run = relax.relax(prob, iterations=int(count), method=method, weight=weight, keep_iterates=False)
    return Standing(label, run.times[-1], False, count)


def _multigrid_seconds(result: multigrid.Solved) -> float:
    return result.seconds


def _pyamg_seconds(result: multigrid.AlgebraicSolved) -> float:
    return result.setup_seconds + result.solve_seconds


def _banded(prob: Problem) -> Standing:
    return Standing("banded direct solve", timing.best_of(lambda: poisson.banded_solve(prob.g, prob.h)).seconds, False, 1)


def _sine_solve(prob: Problem) -> Standing:
    return Standing("sine transform solve", timing.best_of(lambda: poisson.sine_solve(prob.g, prob.h)).seconds, False, 1)


def _splu(prob: Problem) -> Standing:
    matrix = poisson.laplacian(prob.n, prob.h, prob.dim).tocsc()
    seconds = timing.best_of(lambda: scipy.sparse.linalg.splu(matrix).solve(prob.g.ravel())).seconds
    return Standing("sparse LU (splu)", seconds, False, 1)


def coefficient_standings(prob: Problem, precondition=None, *, setup=None, rtol: float = 1e-8,
                          repeat: int = 3) -> dict[str, Standing]:
    """Seconds per new coefficient, from zero to ||g - A u||_2 <= ``rtol`` ||g||_2, set-up included, best of
    ``repeat``: keys "pyamg_sa" and "pyamg_rs" (pyamg smoothed aggregation / Ruge-Stuben, one V-cycle as the
    CG preconditioner), "multigrid_cg" (``multigrid.Galerkin``'s V-cycle in CG), "jacobi_cg" (CG with the
    diagonal), "splu" (factor and solve; 1 iteration); "sine_solve" (the fast sine solve) where k = 1; and
    "network_cg" where ``setup`` is given: ``setup()`` builds the network preconditioner for this k (timed;
    flexible CG keeping 100 directions)
    and returns a function of the residual for ``krylov.flexible_cg``. Iterations: CG iterations;
    inf where a run did not converge."""
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    matrix = poisson.laplacian(prob.n, prob.h, prob.dim, prob.faces)
    g = prob.g.ravel()
    def amg(kind):
        return lambda: krylov.cg(matrix, g, multigrid.algebraic_preconditioner(matrix, kind)[0], rtol=rtol)

    def geometric():
        cycle = multigrid.Galerkin(matrix, prob.n, prob.dim).precondition
        return krylov.cg(matrix, g, scipy.sparse.linalg.LinearOperator(matrix.shape, cycle), rtol=rtol)

    runs = {"pyamg_sa": ("pyamg smoothed aggregation CG", amg("smoothed_aggregation")),
            "pyamg_rs": ("pyamg Ruge-Stuben CG", amg("ruge_stuben")),
            "multigrid_cg": ("bundle multigrid (Galerkin) CG", geometric),
            "jacobi_cg": ("Jacobi-preconditioned CG",
                          lambda: krylov.cg(matrix, g, scipy.sparse.diags(1.0 / matrix.diagonal()), rtol=rtol))}
    if setup is not None:
        runs["network_cg"] = ("network-preconditioned flexible CG",
                              lambda: krylov.flexible_cg(matrix, g, setup(), rtol=rtol, max_iterations=3000, keep=100))
    rows = {}
    for key, (label, run) in runs.items():
        result, seconds = timing.best_of(run, repeat)
        rows[key] = Standing(label, seconds, False, result.iterations if result.converged else np.inf)
    seconds = timing.best_of(lambda: scipy.sparse.linalg.splu(matrix.tocsc()).solve(g), repeat).seconds
    rows["splu"] = Standing("sparse LU (factor + solve)", seconds, False, 1)
    if prob.coefficient is None:
        rows["sine_solve"] = _sine_solve(prob)
    return rows
