"""Geometric multigrid for the 1D Poisson problem: the classical answer to Jacobi's slow low frequencies.

A V-cycle smooths with weighted Jacobi (which removes the high frequencies), moves the remaining smooth
error to a grid twice as coarse (where it looks twice as rough), solves there recursively, and
interpolates the correction back. Full multigrid (FMG) starts from the coarsest grid and reaches the
discretization error in O(n) work. Float64, vectorized.
"""
from __future__ import annotations

import time

import numpy as np

from . import _check
from .poisson import Problem, banded_solve

COARSEST = 15  # below this many points (or on an even count) the level is solved directly
OMEGA = 2.0 / 3.0


def residual(u: np.ndarray, f: np.ndarray, h: float) -> np.ndarray:
    """f - A u for A = tridiag(-1, 2, -1) / h^2 with zero boundary values."""
    u, f = _check.real_array(u, "u"), _check.real_array(f, "f")
    _check.same_length(u, f, "u", "f")
    h = _check.positive(h, "h")
    padded = np.concatenate(([0.0], u, [0.0]))
    return f - (2 * u - padded[:-2] - padded[2:]) / h**2


def _smooth(u, f, h, sweeps):
    for _ in range(sweeps):
        padded = np.concatenate(([0.0], u, [0.0]))
        u = (1 - OMEGA) * u + OMEGA * 0.5 * (padded[:-2] + padded[2:] + h**2 * f)
    return u


def _restrict(r):
    """Full weighting onto the coarse points (the odd fine points, 1-based)."""
    return 0.25 * r[0:-2:2] + 0.5 * r[1:-1:2] + 0.25 * r[2::2]


def _interpolate(e_coarse, n_fine):
    """Linear interpolation from the coarse points back to the fine grid."""
    e = np.zeros(n_fine)
    e[1::2] = e_coarse
    padded = np.concatenate(([0.0], e_coarse, [0.0]))
    e[0::2] = 0.5 * (padded[:-1] + padded[1:])
    return e


def _direct(n):
    return n < COARSEST or n % 2 == 0


def v_cycle(u: np.ndarray, f: np.ndarray, h: float, *, pre: int = 2, post: int = 2) -> np.ndarray:
    """One V-cycle for A u = f from the guess ``u``; returns the improved u."""
    n = len(u)
    if _direct(n):
        return banded_solve(f, h)
    u = _smooth(u, f, h, pre)
    correction = v_cycle(np.zeros((n - 1) // 2), _restrict(residual(u, f, h)), 2 * h, pre=pre, post=post)
    return _smooth(u + _interpolate(correction, n), f, h, post)


def full_multigrid(f: np.ndarray, h: float) -> np.ndarray:
    """FMG: solve on the coarsest grid, interpolate up, one V-cycle per level."""
    n = len(f)
    if _direct(n):
        return banded_solve(f, h)
    coarse = full_multigrid(_restrict(f), 2 * h)
    return v_cycle(_interpolate(coarse, n), f, h)


def solve(prob: Problem, *, tol: float | None = None, rtol: float | None = None, max_cycles: int = 30):
    """FMG, then V-cycles until max |u - exact| <= ``tol`` (at least 1.01 x the discretization error).

    Returns (u, seconds, v_cycles after the FMG pass). Without an exact u, ``tol`` is measured
    against the discrete solution. The error check is not timed. With ``rtol`` instead, the V-cycles
    run from zero (no FMG) until ||g - A u||_2 <= rtol ||g||_2, the residual check timed with them:
    what a solver that does not know the answer can do.
    """
    if rtol is not None:
        return _solve_to_residual(prob, _check.positive(rtol, "rtol"), _check.integer(max_cycles, "max_cycles", minimum=0))
    if not isinstance(prob, Problem):
        raise TypeError(f"prob must be a poisson.Problem, got {type(prob).__name__}")
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
    return u, seconds, cycles


def _solve_to_residual(prob: Problem, rtol: float, max_cycles: int):
    if not isinstance(prob, Problem):
        raise TypeError(f"prob must be a poisson.Problem, got {type(prob).__name__}")
    if prob.n % 2 == 0:
        raise ValueError(f"prob.n must be odd (n = 2m + 1 interior points) so that the coarse grids nest; got {prob.n}")
    start = time.perf_counter()
    target = rtol * np.linalg.norm(prob.g)
    u, cycles = np.zeros(prob.n), 0
    while np.linalg.norm(residual(u, prob.g, prob.h)) > target and cycles < max_cycles:
        u = v_cycle(u, prob.g, prob.h)
        cycles += 1
    return u, time.perf_counter() - start, cycles
