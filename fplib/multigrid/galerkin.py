"""Multigrid for a variable coefficient k, built from the matrix of -div(k grad): Galerkin coarse operators
P^T A P for a chosen interpolation P (``multigrid.interpolation``), the V-cycle as a CG preconditioner; the
two-grid method's error propagation, to measure what an interpolation leaves (its factor, per low-energy mode);
the growth of iteration counts with the grid; and pyamg's hierarchies, the algebraic baseline.
The examples assume ``import numpy as np`` and ``from fplib import krylov, multigrid, poisson``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

from .. import _check, krylov, relax
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


class TwoGrid:
    """The two-grid method of ``Galerkin``'s finest level, to measure an interpolation: ``sweeps`` weighted
    Jacobi sweeps S, the exact coarse correction with A_c = P^T A P, ``sweeps`` sweeps. Its error propagation
    E = S^v (I - P A_c^-1 P^T A) S^v is self-adjoint and positive semi-definite in the energy inner product
    (e, f)_A = e^T A f, so its factor ||E||_A is its largest eigenvalue (at most 1). With ``sweeps=0``, E is the
    A-orthogonal projection onto what the coarse space misses. ``error(e)``: E e (columns of e).

    >>> A = poisson.laplacian(63, 1 / 64, 2)
    >>> two = multigrid.TwoGrid(A, 63, 2)
    >>> print(round(two.factor(), 2))  # about the smoothing factor of 4 sweeps, (3/5)^4 = 0.13
    0.13
    >>> print(round(multigrid.TwoGrid(A, 63, 2, sweeps=0).factor(), 2))  # the coarse space alone misses some errors
    1.0
    """

    def __init__(self, matrix, n: int, dim: int, *, interpolation="bilinear", sweeps: int = 2):
        a, n, dim = _checked(matrix, n, dim)
        self.sweeps = _check.integer(sweeps, "sweeps", minimum=0)
        self.a, self.p = a, _interpolation(_builder(interpolation), a, n, dim)
        self.scale = relax.WEIGHTS[dim] / a.diagonal()
        self.coarse = scipy.sparse.linalg.splu((self.p.T @ a @ self.p).tocsc())

    def error(self, e: np.ndarray) -> np.ndarray:
        """E e: what one two-grid cycle leaves of the error ``e`` (a vector, or one error per column)."""
        e = np.array(e, dtype=float)
        scale = self.scale.reshape((-1,) + (1,) * (e.ndim - 1))
        for _ in range(self.sweeps):
            e -= scale * (self.a @ e)
        e -= self.p @ self.coarse.solve(np.asarray(self.p.T @ (self.a @ e)))
        for _ in range(self.sweeps):
            e -= scale * (self.a @ e)
        return e

    def factor(self, iterations: int = 50, seed: int = 0) -> float:
        """||E||_A, by ``iterations`` steps of the power iteration from a random error (``seed``), read as the
        Rayleigh quotient (e, E e)_A / (e, e)_A: from below, exact as the iteration converges."""
        e = np.random.default_rng(seed).normal(size=self.a.shape[0])
        for _ in range(_check.integer(iterations, "iterations", minimum=1)):
            e = self.error(e / np.sqrt(e @ (self.a @ e)))
        return float(self.error(e) @ (self.a @ e) / (e @ (self.a @ e)))

    def leftover(self, vectors: np.ndarray) -> np.ndarray:
        """||E v||_A / ||v||_A for each column v of ``vectors``: the share one cycle leaves of each error."""
        v = _check.real_array(vectors, "vectors", ndim=2)
        if v.shape[0] != self.a.shape[0]:
            raise ValueError(f"vectors must hold {self.a.shape[0]} rows (one error per column), got {v.shape[0]}")
        left = self.error(v)
        return np.sqrt(np.sum(left * (self.a @ left), axis=0) / np.sum(v * (self.a @ v), axis=0))


@dataclass(frozen=True)
class Modes:
    """The lowest eigenpairs of a matrix: ``values`` ascending, unit ``vectors`` (one per column).

    >>> modes = multigrid.low_energy_modes(poisson.laplacian(7, 1.0), 2)
    >>> print(modes.values.round(4), modes.vectors.shape)  # 2 - 2 cos(k pi / 8), k = 1, 2
    [0.1522 0.5858] (7, 2)
    """

    values: np.ndarray
    vectors: np.ndarray


def low_energy_modes(matrix, count: int) -> Modes:
    """The ``count`` eigenpairs of the symmetric ``matrix`` with the smallest eigenvalues (shift-invert
    Lanczos about 0): the errors of least energy, which relaxation barely touches and a coarse space must hold.

    >>> print(multigrid.low_energy_modes(poisson.laplacian(15, 1.0, 2), 3).values.round(4))  # 4 - 2 cos(k pi/16) - 2 cos(l pi/16)
    [0.0769 0.1907 0.1907]
    """
    if not scipy.sparse.issparse(matrix) or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"matrix must be a square scipy sparse matrix, got {getattr(matrix, 'shape', type(matrix).__name__)}")
    count = _check.integer(count, "count", minimum=1)
    if count >= matrix.shape[0] - 1:
        raise ValueError(f"count must be below the matrix's size - 1 ({matrix.shape[0] - 1}), got {count}")
    values, vectors = scipy.sparse.linalg.eigsh(matrix.tocsc(), k=count, sigma=0, which="LM")
    order = np.argsort(values)
    return Modes(values[order], vectors[:, order])


def growth_exponent(sizes, iterations) -> float:
    """The slope b of the least-squares fit log(iterations) = a + b log(size): iterations grow like size^b
    (b = 0: grid-independent; b = 1: like the number of points per axis). inf where a run did not converge.

    >>> print(round(multigrid.growth_exponent([63, 127, 255], [10, 14, 20]), 2))
    0.5
    """
    sizes, iterations = _check.real_array(sizes, "sizes"), _check.real_array(iterations, "iterations", allow_inf=True)
    _check.same_length(sizes, iterations, "sizes", "iterations")
    if len(sizes) < 2 or np.any(sizes <= 0) or np.any(iterations <= 0) or len(set(sizes)) < 2:
        raise ValueError("sizes and iterations must hold positive values at two sizes at least")
    if not np.all(np.isfinite(iterations)):
        return float("inf")
    return float(np.polyfit(np.log(sizes), np.log(iterations), 1)[0])


PYAMG_KINDS = ("smoothed_aggregation", "ruge_stuben")


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

    build = dict(zip(PYAMG_KINDS, (pyamg.smoothed_aggregation_solver, pyamg.ruge_stuben_solver)))
    _check.one_of(kind, "kind", PYAMG_KINDS)
    if not scipy.sparse.issparse(matrix):
        raise TypeError(f"matrix must be a scipy sparse matrix, got {type(matrix).__name__}")
    start = time.perf_counter()
    hierarchy = build[kind](matrix.tocsr())
    return hierarchy.aspreconditioner(cycle="V"), time.perf_counter() - start


def preconditioned_cg(matrix, g, n: int, coarse, *, rtol: float = 1e-8, max_iterations: int = 10_000) -> krylov.KrylovRun:
    """CG on ``matrix`` (n x n points) from zero, preconditioned by one V-cycle whose hierarchy is built inside the
    call, so that timing the call counts the set-up: ``coarse`` one of pyamg's ``PYAMG_KINDS``
    (``algebraic_preconditioner``), or an interpolation ``Galerkin`` takes ("bilinear", "operator_dependent" or a
    function (A, n) -> P).

    >>> prob = poisson.problem(63, dim=2, coefficient=lambda x, y: 1 + 99 * (x * y > 0))
    >>> A = poisson.laplacian(prob.n, prob.h, 2, prob.faces)
    >>> runs = {c: multigrid.preconditioned_cg(A, prob.g.ravel(), 63, c) for c in ("bilinear", "ruge_stuben")}
    >>> print(all(run.converged for run in runs.values()))
    True
    """
    if isinstance(coarse, str):
        _check.one_of(coarse, "coarse", PYAMG_KINDS + tuple(INTERPOLATIONS))
    elif not callable(coarse):
        raise TypeError(f"coarse must be a name ({', '.join(PYAMG_KINDS + tuple(INTERPOLATIONS))}) or a function "
                        f"(A, n) -> P, got {type(coarse).__name__}")
    if coarse in PYAMG_KINDS:
        preconditioner = algebraic_preconditioner(matrix, coarse)[0]
    else:
        preconditioner = Galerkin(matrix, n, 2, interpolation=coarse).precondition
    return krylov.cg(matrix, g, preconditioner, rtol=rtol, max_iterations=max_iterations)
