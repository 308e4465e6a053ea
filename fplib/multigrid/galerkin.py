"""Multigrid for a variable coefficient k, built from the matrix of -div(k grad): Galerkin coarse operators
P^T A P for a chosen interpolation P (``multigrid.interpolation``), the V-cycle as a CG preconditioner; the
two-grid method's error propagation, to measure what an interpolation leaves (its factor, per low-energy mode);
the growth of iteration counts with the grid; and pyamg's hierarchies, the algebraic baseline.
The examples assume ``import numpy as np`` and ``from fplib import krylov, multigrid, poisson``.
"""
from __future__ import annotations

import time

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

from .. import _check, relax
from .geometric import COARSEST
from .interpolation import bilinear_interpolation, operator_dependent_interpolation

INTERPOLATIONS = {"bilinear": bilinear_interpolation, "operator_dependent": operator_dependent_interpolation}


def _nests(n):
    return n >= COARSEST and n % 2 == 1


def _builder(interpolation):
    if callable(interpolation):
        return interpolation
    return INTERPOLATIONS[_check.one_of(interpolation, "interpolation", tuple(INTERPOLATIONS))]


def _interpolation(build, a, n, dim):
    """``build(a, n)``, checked: a sparse n^dim x m^dim matrix."""
    p, m = build(a, n), (n - 1) // 2
    if not scipy.sparse.issparse(p) or p.shape != (n**dim, m**dim):
        raise ValueError(f"interpolation must return a sparse ({n**dim} x {m**dim}) matrix on n = {n}, "
                         f"got {getattr(p, 'shape', type(p).__name__)}")
    return p.tocsr()


def _checked(matrix, n, dim):
    n, dim = _check.integer(n, "n", minimum=3), _check.dim(dim)
    if not scipy.sparse.issparse(matrix) or matrix.shape != (n**dim, n**dim):
        raise ValueError(f"matrix must be a sparse ({n**dim} x {n**dim}) matrix (poisson.laplacian on n = {n})")
    if not _nests(n):
        raise ValueError(f"n must be odd and at least {COARSEST} so that the grids nest; got {n}")
    return matrix.tocsr(), n, dim


class Galerkin:
    """Multigrid for a variable coefficient, built from the matrix ``matrix`` of -div(k grad) on ``n``
    points per axis (1D or 2D): coarse operators A_c = P^T A P (Galerkin) for the interpolation P onto the grid
    twice as coarse, down to fewer than ``COARSEST`` points, solved there by a sparse LU. ``interpolation``:
    "bilinear" (linear in 1D; the default), "operator_dependent" (built from each level's stencils, Alcouffe et
    al. 1981, Dendy 1982), or a function ``build(a, n) -> P`` called on every level with that level's matrix
    (coarse levels are 9-point in 2D). Our choice of Galerkin over rediscretizing: P^T A P inherits the jumps
    of k exactly, whereas averaging k onto a coarse grid smears a high-contrast coefficient (and it keeps the
    V-cycle symmetric, so that it preconditions CG). Smoother: weighted Jacobi with A's own diagonal (weight
    2/3 in 1D, 4/5 in 2D), ``sweeps`` before and after the coarse correction. ``precondition(r)``: one V-cycle
    from zero, M^-1 r; ``setup_seconds``: the time the hierarchy took.

    >>> prob = poisson.problem(63, dim=2, coefficient=lambda x, y: 1 + 99 * (x * y > 0))  # k = 1 | 100, checkerboard
    >>> A = poisson.laplacian(prob.n, prob.h, 2, prob.faces)
    >>> mg = multigrid.Galerkin(A, prob.n, 2)  # levels of 63, 31, 15 points per axis; LU on 7
    >>> run = krylov.flexible_cg(A, prob.g, mg.precondition, rtol=1e-8)
    >>> print(len(mg.levels), run.iterations, np.abs(run.u.reshape(prob.shape) - prob.discrete).max() < 1e-6)
    3 10 True
    >>> mg = multigrid.Galerkin(A, prob.n, 2, interpolation="operator_dependent")
    >>> print(krylov.flexible_cg(A, prob.g, mg.precondition, rtol=1e-8).iterations)
    7
    """

    def __init__(self, matrix, n: int, dim: int, *, sweeps: int = 2, interpolation="bilinear"):
        a, n, dim = _checked(matrix, n, dim)
        build = _builder(interpolation)
        self.sweeps, self.weight = _check.integer(sweeps, "sweeps", minimum=1), relax.WEIGHTS[dim]
        start = time.perf_counter()
        self.levels = []
        while _nests(n):
            p = _interpolation(build, a, n, dim)
            self.levels.append((a, p, self.weight / a.diagonal()))
            a, n = (p.T @ a @ p).tocsr(), (n - 1) // 2
        self.coarse = scipy.sparse.linalg.splu(a.tocsc())
        self.setup_seconds = time.perf_counter() - start

    def precondition(self, r: np.ndarray) -> np.ndarray:
        """One V-cycle for A e = ``r`` from e = 0 (flat vectors)."""
        return self._cycle(0, np.asarray(r, dtype=float).ravel())

    def _cycle(self, level, r):
        if level == len(self.levels):
            return self.coarse.solve(r)
        a, p, scale = self.levels[level]
        e = scale * r
        for _ in range(self.sweeps - 1):
            e += scale * (r - a @ e)
        e += p @ self._cycle(level + 1, p.T @ (r - a @ e))
        for _ in range(self.sweeps):
            e += scale * (r - a @ e)
        return e


def algebraic_preconditioner(matrix, kind: str):
    """pyamg's hierarchy for ``matrix`` as a CG preconditioner (one V-cycle): ``kind`` "smoothed_aggregation"
    (Vanek, Mandel & Brezina) or "ruge_stuben" (classical AMG); its default settings. Returns (M^-1 as a
    scipy LinearOperator, set-up seconds).

    >>> prob = poisson.problem(63, dim=2, coefficient=lambda x, y: 1 + 99 * (x * y > 0))
    >>> A = poisson.laplacian(prob.n, prob.h, 2, prob.faces)
    >>> M, seconds = multigrid.algebraic_preconditioner(A, "smoothed_aggregation")
    >>> print(krylov.cg(A, prob.g, M, rtol=1e-8).iterations)
    9
    """
    import pyamg

    build = {"smoothed_aggregation": pyamg.smoothed_aggregation_solver, "ruge_stuben": pyamg.ruge_stuben_solver}
    _check.one_of(kind, "kind", tuple(build))
    if not scipy.sparse.issparse(matrix):
        raise TypeError(f"matrix must be a scipy sparse matrix, got {type(matrix).__name__}")
    start = time.perf_counter()
    hierarchy = build[kind](matrix.tocsr())
    return hierarchy.aspreconditioner(cycle="V"), time.perf_counter() - start
