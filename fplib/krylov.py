"""Preconditioned conjugate gradients for A u = g (A symmetric positive definite): ``cg`` for a fixed linear
preconditioner (scipy's CG), ``flexible_cg`` for one that may change from call to call or be nonlinear,
such as a network correction (Notay, SIAM J. Sci. Comput. 2000). Both start from zero and stop at
||g - A u||_2 <= rtol ||g||_2; pure numerics on flat float64 vectors. The examples assume ``import numpy as np``
and ``from fplib import krylov, multigrid, poisson``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse.linalg

from . import _check


@dataclass
class KrylovRun:
    """What a CG run saw: ``u`` (flat), ``iterations``, ``residuals`` (||g - A u|| / ||g||: ``flexible_cg``'s after
    each iteration, the recurrence's, the last recomputed from u; ``cg``'s the final one only) and
    ``converged`` (the true residual met rtol).

    >>> prob = poisson.problem(63)
    >>> run = krylov.flexible_cg(poisson.laplacian(prob.n, prob.h), prob.g, lambda r: r)  # the identity: plain CG
    >>> print(run.converged, len(run.residuals) == run.iterations, run.residuals[-1] <= 1e-8, run.u.shape)
    True True True (63,)
    """

    u: np.ndarray
    iterations: int
    residuals: np.ndarray
    converged: bool


def _problem(matrix, g):
    g = _check.real_array(g, "g", ndim=None).ravel()
    if not hasattr(matrix, "shape") or matrix.shape != (g.size, g.size):
        raise ValueError(f"matrix must be a ({g.size} x {g.size}) matrix or operator, got {getattr(matrix, 'shape', None)}")
    if not np.any(g):
        raise ValueError("g must not be zero (the relative residual is undefined)")
    return g


def cg(matrix, g, preconditioner=None, *, rtol: float = 1e-8, max_iterations: int = 10_000) -> KrylovRun:
    """scipy's preconditioned CG from zero; ``preconditioner``: M^-1 as a matrix, a LinearOperator or a function of
    a flat residual, such as ``multigrid.Galerkin(...).precondition`` (None: none).

    >>> prob = poisson.problem(127, dim=2)  # g: three sine modes, so three eigenvalues of A
    >>> run = krylov.cg(poisson.laplacian(prob.n, prob.h, dim=2), prob.g)
    >>> print(run.iterations, run.converged)  # CG needs at most one step per eigenvalue that g holds
    3 True
    """
    g, rtol = _problem(matrix, g), _check.positive(rtol, "rtol")
    max_iterations = _check.integer(max_iterations, "max_iterations", minimum=1)
    count = [0]

    def tick(_):
        count[0] += 1

    if callable(preconditioner) and not isinstance(preconditioner, scipy.sparse.linalg.LinearOperator):
        preconditioner = scipy.sparse.linalg.LinearOperator(matrix.shape, preconditioner)
    u, _ = scipy.sparse.linalg.cg(matrix, g, rtol=rtol, atol=0.0, maxiter=max_iterations, M=preconditioner,
                                  callback=tick)
    left = np.linalg.norm(g - matrix @ u) / np.linalg.norm(g)
    return KrylovRun(u, count[0], np.array([left]), bool(left <= rtol * (1 + 1e-6)))


def flexible_cg(matrix, g, precondition, *, rtol: float = 1e-8, max_iterations: int = 1000,
                keep: int = 5) -> KrylovRun:
    """Flexible CG (Notay 2000): z = ``precondition``(r) may be any map (a network, a varying cycle); each new
    direction is made A-orthogonal to the last ``keep`` ones, which keeps the recurrence valid where z is not
    a fixed symmetric linear function of r. When the recurrence's residual meets rtol, the true one is
    recomputed and, if it does not, the run restarts from it.

    >>> prob = poisson.problem(63, dim=2, coefficient=lambda x, y: 1 + 99 * (x * y > 0))  # k = 1 | 100, checkerboard
    >>> A = poisson.laplacian(prob.n, prob.h, 2, prob.faces)
    >>> run = krylov.flexible_cg(A, prob.g, multigrid.Galerkin(A, prob.n, 2).precondition)  # a V-cycle per step
    >>> print(run.iterations, run.converged)  # plain CG: over a thousand iterations
    10 True
    """
    g, rtol = _problem(matrix, g), _check.positive(rtol, "rtol")
    if not callable(precondition):
        raise TypeError(f"precondition must be a function of the residual, got {type(precondition).__name__}")
    max_iterations = _check.integer(max_iterations, "max_iterations", minimum=1)
    keep = _check.integer(keep, "keep", minimum=1)
    g_norm, u, r = np.linalg.norm(g), np.zeros_like(g), g.copy()
    directions, residuals, converged = [], [], False
    while len(residuals) < max_iterations and not converged:
        z = np.asarray(precondition(r), dtype=float).ravel()
        p = z.copy()
        for q, aq, qaq in directions:
            p -= (z @ aq) / qaq * q
        ap = matrix @ p
        pap = p @ ap
        if not pap > 0:  # the preconditioner returned nothing useful: stop rather than divide by zero
            break
        alpha = (p @ r) / pap
        u += alpha * p
        r -= alpha * ap
        directions = (directions + [(p, ap, pap)])[-keep:]
        residuals.append(np.linalg.norm(r) / g_norm)
        if residuals[-1] <= rtol:
            r = g - matrix @ u
            residuals[-1] = np.linalg.norm(r) / g_norm
            converged = residuals[-1] <= rtol
            directions = []  # restart from the true residual: the kept directions carry the drift
    return KrylovRun(u, len(residuals), np.array(residuals), converged)


def residual_floor(matrix, g) -> float:
    """eps ||A||_inf ||u||_2 / ||g||_2 with u = A^-1 g (a sparse LU): the order of the smallest relative residual
    that rounding lets an iteration hold to: a recursively updated residual drifts from the true one by about this
    much per step (Greenbaum, SIAM J. Matrix Anal. Appl. 18(3), 1997, on the attainable accuracy of recursively
    computed residual methods). A target within a small factor of it may stagnate.

    >>> prob = poisson.problem(127, dim=2)
    >>> print(f"{krylov.residual_floor(poisson.laplacian(prob.n, prob.h, dim=2), prob.g):.0e}")  # rtol = 1e-8 is safe
    2e-14
    """
    g = _problem(matrix, g)
    if not scipy.sparse.issparse(matrix):
        raise ValueError("matrix must be a scipy sparse matrix (it is factorized)")
    u = scipy.sparse.linalg.splu(scipy.sparse.csc_matrix(matrix)).solve(g)
    return float(np.finfo(float).eps * abs(matrix).sum(axis=1).max() * np.linalg.norm(u) / np.linalg.norm(g))
