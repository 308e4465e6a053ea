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
from .amortized import OperatorCorrection, interleaved_solve
from .hybrid import Curve
from .poisson import Problem


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
    (_, _, cycles), seconds = timing.best_of(lambda: multigrid.solve(prob, rtol=rtol), seconds=_multigrid_seconds)
    rows["multigrid"] = Standing("multigrid V-cycles", seconds, False, cycles)
    rows["banded" if prob.dim == 1 else "sine_solve"] = _banded(prob) if prob.dim == 1 else _sine_solve(prob)
    rows["splu"] = _splu(prob)
    return rows


def classical_standings(prob: Problem, *, tol: float | None = None, budget: float = 5.0) -> dict[str, Standing]:
    """Seconds from zero to max |u - exact| <= 1.01 x the discretization error (or ``tol``, if given and larger),
    for the classical solvers (1D or 2D).

    Keys: "jacobi" (the closed-form sweep count, within ``budget``, see the module); "multigrid" (the
    bundle's geometric multigrid: FMG, then V-cycles); "pyamg" (algebraic multigrid, setup included; the
    loosest residual tolerance that reaches the target); "splu" (a sparse LU, factorization included);
    "sine_solve" (the fast sine solve).
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.exact is None:
        raise ValueError("prob must know its exact solution (the discretization error is the target)")
    target = max(1.01 * prob.discretization_error, 0.0 if tol is None else _check.positive(tol, "tol"))
    count = relax.iterations_to_tolerance(prob, np.zeros(prob.shape), target)
    rows = {"jacobi": _relaxation(prob, count, "jacobi", 1.0, budget=budget, label="Jacobi")}
    (_, _, cycles), seconds = timing.best_of(lambda: multigrid.solve(prob, tol=target), seconds=_multigrid_seconds)
    rows["multigrid"] = Standing("multigrid (bundle: FMG + V-cycles)", seconds, False, cycles)
    rtol = _pyamg_rtol(prob, target)
    (*_, cycles), seconds = timing.best_of(lambda: multigrid.algebraic(prob, rtol=rtol), seconds=_pyamg_seconds)
    rows["pyamg"] = Standing("algebraic multigrid (pyamg)", seconds, False, cycles)
    rows["splu"] = _splu(prob)
    rows["sine_solve"] = _sine_solve(prob)
    return rows


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


def _relaxation(prob: Problem, count: float, method: str, weight: float, *, budget: float, label: str) -> Standing:
    """``count`` sweeps of ``method`` from zero: run and timed if the measured cost per sweep says they fit in
    ``budget`` seconds, else that count times the cost per sweep (extrapolated)."""
    estimate = count * relax.seconds_per_iteration(prob, method=method)
    if estimate > _check.positive(budget, "budget"):
        return Standing(label, estimate, True, count)
    run = relax.relax(prob, iterations=int(count), method=method, weight=weight, keep_iterates=False)
    return Standing(label, run.times[-1], False, count)


def _pyamg_rtol(prob: Problem, target: float) -> float:
    """The loosest of 1e-2, 1e-3, ..., 1e-12 at which pyamg's solution is within ``target`` of the exact one."""
    for rtol in 10.0 ** -np.arange(2, 13):
        u, *_ = multigrid.algebraic(prob, rtol=rtol)
        if np.abs(u - prob.exact).max() <= target:
            break
    return rtol


def _multigrid_seconds(result) -> float:
    _, seconds, _ = result  # multigrid.solve: (u, seconds, V-cycles)
    return seconds


def _pyamg_seconds(result) -> float:
    _, setup, solve, _ = result  # multigrid.algebraic: (u, setup seconds, solve seconds, cycles)
    return setup + solve


def _banded(prob: Problem) -> Standing:
    return Standing("banded direct solve", timing.best_of(lambda: poisson.banded_solve(prob.g, prob.h))[1], False, 1)


def _sine_solve(prob: Problem) -> Standing:
    return Standing("sine transform solve", timing.best_of(lambda: poisson.sine_solve(prob.g, prob.h))[1], False, 1)


def _splu(prob: Problem) -> Standing:
    matrix = poisson.laplacian(prob.n, prob.h, prob.dim).tocsc()
    seconds = timing.best_of(lambda: scipy.sparse.linalg.splu(matrix).solve(prob.g.ravel()))[1]
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
    seconds = timing.best_of(lambda: scipy.sparse.linalg.splu(matrix.tocsc()).solve(g), repeat)[1]
    rows["splu"] = Standing("sparse LU (factor + solve)", seconds, False, 1)
    if prob.coefficient is None:
        rows["sine_solve"] = _sine_solve(prob)
    return rows
