"""Geometric multigrid for the Poisson problem with k = 1 (1D, and 2D on the square): the classical answer to
Jacobi's slow low frequencies; and pyamg's algebraic multigrid on the same problem.

A V-cycle smooths with weighted Jacobi (which removes the high frequencies), moves the remaining smooth
error to a grid twice as coarse (where it looks twice as rough), solves there recursively, and
interpolates the correction back. Full multigrid (FMG) starts from the coarsest grid and reaches the
discretization error in O(n) work. Float64, vectorized. In 2D the smoother is weighted Jacobi with weight
4/5, the restriction full weighting and the interpolation bilinear (each the 1D operation along both axes).
The examples assume ``import numpy as np`` and ``from fplib import krylov, multigrid, poisson``.
"""
from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from .. import _check, relax
from ..poisson import Problem, direct_solve, laplacian, residual

COARSEST = 15  # below this many points (or on an even count) the level is solved directly


def _smooth(u, g, h, sweeps):
    scale = relax.WEIGHTS[u.ndim] * h**2 / (2 * u.ndim)  # weighted Jacobi: u + w D^-1 (g - A u), D = 2 dim / h^2
    for _ in range(sweeps):
        u = u + scale * residual(u, g, h)
    return u


def _restrict(r):
    """Full weighting onto the coarse points (the odd fine points, 1-based), along every axis."""
    for axis in range(r.ndim):
        r = np.moveaxis(r, axis, 0)
        r = np.moveaxis(0.25 * r[0:-2:2] + 0.5 * r[1:-1:2] + 0.25 * r[2::2], 0, axis)
    return r


def _interpolate(e_coarse, n_fine):
    """Linear interpolation from the coarse points back to the fine grid, along every axis (bilinear in 2D)."""
    e = e_coarse
    for axis in range(e.ndim):
        coarse = np.moveaxis(e, axis, 0)
        fine = np.zeros((n_fine,) + coarse.shape[1:])
        fine[1::2] = coarse
        padded = np.concatenate([np.zeros((1,) + coarse.shape[1:]), coarse, np.zeros((1,) + coarse.shape[1:])])
        fine[0::2] = 0.5 * (padded[:-1] + padded[1:])
        e = np.moveaxis(fine, 0, axis)
    return e


def _direct(n):
    return n < COARSEST or n % 2 == 0


def v_cycle(u: np.ndarray, g: np.ndarray, h: float, *, pre: int = 2, post: int = 2) -> np.ndarray:
    """One V-cycle for A u = g from the guess ``u`` (1D or 2D); returns the improved u.

    >>> prob = poisson.problem(255)
    >>> u = multigrid.v_cycle(np.zeros(prob.shape), prob.g, prob.h)
    >>> print(round(np.linalg.norm(poisson.residual(u, prob.g, prob.h)) / np.linalg.norm(prob.g), 3))  # from 1
    0.125
    """
    n = len(u)
    if _direct(n):
        return direct_solve(g, h)
    u = _smooth(u, g, h, pre)
    correction = v_cycle(np.zeros(((n - 1) // 2,) * u.ndim), _restrict(residual(u, g, h)), 2 * h, pre=pre, post=post)
    return _smooth(u + _interpolate(correction, n), g, h, post)


def residual_history(prob: Problem, cycles: int) -> np.ndarray:
    """||g - A u||_2 / ||g||_2 from zero (entry 0: 1) and after each of ``cycles`` V-cycles.

    >>> print(*(f"{r:.1e}" for r in multigrid.residual_history(poisson.problem(255), 4)))  # about 10 x per cycle
    1.0e+00 1.3e-01 1.1e-02 1.0e-03 8.7e-05
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    u, norms = np.zeros(prob.shape), [np.linalg.norm(prob.g)]
    for _ in range(_check.integer(cycles, "cycles", minimum=1)):
        u = v_cycle(u, prob.g, prob.h)
        norms.append(np.linalg.norm(residual(u, prob.g, prob.h)))
    return np.array(norms) / norms[0]


def full_multigrid(g: np.ndarray, h: float) -> np.ndarray:
    """FMG: solve on the coarsest grid, interpolate up, one V-cycle per level (1D or 2D).

    >>> prob = poisson.problem(255)
    >>> u = multigrid.full_multigrid(prob.g, prob.h)  # one pass, O(n) work
    >>> print(np.abs(u - prob.exact).max() < prob.discretization_error)  # already as accurate as the grid allows
    True
    """
    n = len(g)
    if _direct(n):
        return direct_solve(g, h)
    coarse = full_multigrid(_restrict(g), 2 * h)
    return v_cycle(_interpolate(coarse, n), g, h)


class Solved(NamedTuple):
    """A multigrid solve: the solution in the problem's shape, the seconds it took, and the V-cycles run.

    >>> solved = multigrid.solve(poisson.problem(255, dim=2))
    >>> print(solved.u.shape, solved.cycles, solved.seconds < 10)
    (255, 255) 1 True
    """

    u: np.ndarray
    seconds: float
    cycles: int


class AlgebraicSolved(NamedTuple):
    """pyamg's solve: the solution, the hierarchy's set-up seconds, the solve seconds, the cycles.

    >>> run = multigrid.algebraic(poisson.problem(63, dim=2), rtol=1e-8)
    >>> print(run.u.shape, run.cycles, run.setup_seconds < 10, run.solve_seconds < 10)
    (63, 63) 7 True True
    """

    u: np.ndarray
    setup_seconds: float
    solve_seconds: float
    cycles: int


def solve(prob: Problem, *, tol: float | None = None, rtol: float | None = None, max_cycles: int = 30) -> Solved:
    """FMG, then V-cycles until max |u - exact| <= ``tol`` (at least 1.01 x the discretization error).

    Returns ``Solved(u, seconds, cycles)`` (V-cycles after the FMG pass). Without an exact u, ``tol`` is measured
    against the discrete solution. The error check is not timed and reads the exact solution (an
    oracle stopping rule). With ``rtol`` instead, the V-cycles run from zero (no FMG) until
    ||g - A u||_2 <= rtol ||g||_2, the residual check timed with them: what a solver that does not know
    the answer can do (and the rule ``algebraic`` uses).

    >>> print(multigrid.solve(poisson.problem(1023)).cycles)  # FMG alone reaches 1.01 x the discretization error
    0
    >>> print(multigrid.solve(poisson.problem(1023), rtol=1e-10).cycles)  # V-cycles from zero to a residual
    10
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.coefficient is not None:
        raise ValueError("prob has a variable coefficient k: solve is the constant-coefficient multigrid; "
                         "use multigrid.Galerkin (its V-cycle as a CG preconditioner) for a variable k")
    if rtol is not None:
        return _solve_to_residual(prob, _check.positive(rtol, "rtol"), _check.integer(max_cycles, "max_cycles", minimum=0))
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.n % 2 == 0:
        raise ValueError(f"prob.n must be odd (n = 2m + 1 interior points) so that the coarse grids nest; got {prob.n}")
    max_cycles = _check.integer(max_cycles, "max_cycles", minimum=0)
    reference = prob.reference
    target = max(prob.discretization_error * 1.01, 0.0 if tol is None else _check.positive(tol, "tol"))
    start = time.perf_counter()
    u = full_multigrid(prob.g, prob.h)
    seconds = time.perf_counter() - start
    cycles = 0
    while np.abs(u - reference).max() > target and cycles < max_cycles:
        start = time.perf_counter()
        u = v_cycle(u, prob.g, prob.h)
        seconds += time.perf_counter() - start
        cycles += 1
    return Solved(u, seconds, cycles)


def _solve_to_residual(prob: Problem, rtol: float, max_cycles: int):
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.n % 2 == 0:
        raise ValueError(f"prob.n must be odd (n = 2m + 1 interior points) so that the coarse grids nest; got {prob.n}")
    start = time.perf_counter()
    target = rtol * np.linalg.norm(prob.g)
    u, cycles = np.zeros(prob.shape), 0
    while np.linalg.norm(residual(u, prob.g, prob.h)) > target and cycles < max_cycles:
        u = v_cycle(u, prob.g, prob.h)
        cycles += 1
    return Solved(u, time.perf_counter() - start, cycles)


def algebraic(prob: Problem, *, rtol: float, max_cycles: int = 100) -> AlgebraicSolved:
    """Algebraic multigrid from pyamg (Ruge-Stuben, its default V-cycles) on the problem's sparse matrix, from zero,
    until ||g - A u||_2 <= ``rtol`` ||g||_2: the library a practitioner reaches for.

    Returns ``AlgebraicSolved(u in prob's shape, setup seconds, solve seconds, cycles)``. The setup builds the hierarchy
    from the matrix alone (no grid is given to it); both times are measured here.

    >>> run = multigrid.algebraic(poisson.problem(127, dim=2), rtol=1e-8)
    >>> print(run.cycles, run.u.shape)
    7 (127, 127)
    """
    import pyamg

    _check.instance(prob, Problem, "prob", "poisson.Problem")
    rtol = _check.positive(rtol, "rtol")
    max_cycles = _check.integer(max_cycles, "max_cycles", minimum=1)
    matrix = laplacian(prob.n, prob.h, prob.dim)
    start = time.perf_counter()
    hierarchy = pyamg.ruge_stuben_solver(matrix)
    setup = time.perf_counter() - start
    residuals: list[float] = []
    start = time.perf_counter()
    u = hierarchy.solve(prob.g.ravel(), tol=rtol, maxiter=max_cycles, residuals=residuals)
    solve = time.perf_counter() - start
    return AlgebraicSolved(u.reshape(prob.shape), setup, solve, len(residuals) - 1)
