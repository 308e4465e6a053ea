"""Relaxation for A u = g (the Poisson problem, also with a variable coefficient k): Jacobi, weighted Jacobi
and red-black Gauss-Seidel; closed forms for k = 1.

``textbook_jacobi`` is the textbook step, u + w D^-1 (g - A u), written to be read. ``relax`` runs the same
step (and Gauss-Seidel) through ``sweeper.Sweeper``, its fast form: in-place NumPy calls on preallocated
buffers, close to the memory-bandwidth bound (see ``benchmarks/relax.py``). One iteration is one sweep:
one pass that updates every grid point (red-black Gauss-Seidel: both colours); the API counts iterations.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.fft
import scipy.linalg

from . import _check, poisson, timing
from .poisson import Problem, eigenvalues
from .sweeper import METHODS, Sweeper

# the weights that damp the upper half of the modes best: 2/3 on the interval, 4/5 on the square
WEIGHTS = {1: 2.0 / 3.0, 2: 4.0 / 5.0}


@dataclass
class Relaxation:
    """What ``relax`` saw at the recorded iterations.

    ``times``: wall-clock seconds spent iterating up to each record (recording excluded);
    ``u``: the iterates, shape (records, n), or None with ``keep_iterates=False``;
    ``errors``: max |u - prob.reference| (the exact u where known, else the discrete solution);
    ``final``: the last iterate.

    >>> run = relax(poisson.problem(31), iterations=100, record_at=[0, 50, 100])
    >>> run.iterations.tolist(), run.u.shape
    ([0, 50, 100], (3, 31))
    """

    iterations: np.ndarray
    times: np.ndarray
    u: np.ndarray | None
    errors: np.ndarray
    final: np.ndarray


def relax(prob: Problem, *, iterations: int, method: str = "jacobi", weight: float | None = None, u0=None,
          record_at=None, keep_iterates: bool = True, tol: float | None = None) -> Relaxation:
    """Run ``iterations`` iterations of ``method`` on ``prob`` from ``u0`` (default zero).

    ``weight`` (in (0, 1]) weights Jacobi: by default 2/3 in 1D and 4/5 in 2D for "weighted-jacobi" (the
    weights that damp the upper half of the modes best), 1 for plain Jacobi.
    ``record_at``: iteration counts to record (default: 0 and the last). ``tol``: stop at the first
    record where max |u - prob.reference| is at most ``tol``.

    >>> prob = poisson.problem(31, source=np.ones(31))  # no exact u given: errors against the discrete solution
    >>> run = relax(prob, iterations=5000, method="gauss-seidel", tol=1e-3, record_at=range(0, 5001, 10))
    >>> print(run.iterations[-1], f"{run.errors[-1]:.1e}")  # Jacobi takes about twice as many
    650 9.7e-04
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    iterations = _check.integer(iterations, "iterations", minimum=0)
    _check.one_of(method, "method", METHODS)
    weight = weight_for(method, weight, prob.dim)
    u0 = np.zeros(prob.shape) if u0 is None else _check.grid_values(u0, prob.shape)
    record = _record_points(record_at, iterations)
    tol = None if tol is None else _check.positive(tol, "tol")
    reference = prob.reference

    sweeper = Sweeper(prob, method, weight, u0)
    done, clock = 0, 0.0
    its, times, snaps, errors = [], [], [], []
    for target in record:
        clock += timing.elapsed(sweeper.run, target - done)
        done = target
        u = sweeper.interior()
        its.append(done)
        times.append(clock)
        errors.append(np.max(np.abs(u - reference)))
        if keep_iterates:
            snaps.append(u.copy())
        if tol is not None and errors[-1] <= tol:
            break
    return Relaxation(np.array(its), np.array(times), np.array(snaps) if keep_iterates else None,
                      np.array(errors), sweeper.interior().copy())


def textbook_jacobi(prob: Problem, u, weight: float = 1.0) -> np.ndarray:
    """One (weighted) Jacobi sweep in its textbook form: u + w D^-1 (g - A u), with A the finite-difference
    operator of ``prob`` (1D or 2D, k = 1 or variable), D its diagonal and w = ``weight``. Written to be read:
    ``relax`` runs the same step in its fast form (``sweeper.Sweeper``); the tests hold them to 1e-13.

    >>> prob = poisson.problem(15, dim=2)  # the square; coefficient=... gives a variable k
    >>> u = np.zeros(prob.shape)
    >>> for _ in range(100):
    ...     u = textbook_jacobi(prob, u, weight=0.8)
    >>> print(f"{np.abs(u - prob.discrete).max():.3g}")
    0.00168
    >>> fast = relax(prob, iterations=100, method="weighted-jacobi", weight=0.8).final
    >>> bool(np.abs(u - fast).max() <= 1e-13 * np.abs(fast).max())
    True
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    u = _check.grid_values(u, prob.shape, "u")
    weight = weight_for("weighted-jacobi", weight)
    diagonal = poisson.laplacian(prob.n, prob.h, prob.dim, prob.faces).diagonal().reshape(prob.shape)  # D
    return u + weight * poisson.residual(u, prob.g, prob.h, prob.faces) / diagonal  # g - A u: the residual


def damping_factors(n: int, weight: float = 1.0, dim: int = 1) -> np.ndarray:
    """Jacobi's factor per sine mode k = 1..n: lambda_k = 1 - weight h^2 mu_k / 2 = 1 - weight (1 - cos(k pi / (n + 1))).

    In 2D (``dim=2``), per mode (k, l): lambda_kl = 1 - weight h^2 (mu_k + mu_l) / 4
    = 1 - weight (1 - (cos(k pi / (n + 1)) + cos(l pi / (n + 1))) / 2), shape (n, n).
    After t iterations the error's sine coefficient is exactly lambda^t times its start value.

    >>> print(np.round(damping_factors(7), 3))  # plain Jacobi: cos(k pi / 8), the Nyquist mode barely damped
    [ 0.924  0.707  0.383  0.    -0.383 -0.707 -0.924]
    >>> print(np.round(damping_factors(7, 2 / 3), 3))  # weighted: the upper half damped by 1/3 or more
    [ 0.949  0.805  0.588  0.333  0.078 -0.138 -0.283]
    """
    n = _check.integer(n, "n", minimum=3)
    weight = weight_for("weighted-jacobi", weight)
    h = 2.0 / (n + 1)
    return 1.0 - weight * h**2 * eigenvalues(n, dim) / (2 * dim)


def error_after(error0, iterations: int, weight: float = 1.0) -> np.ndarray:
    """The error itself (a vector, or an n x n array in 2D) after ``iterations`` Jacobi iterations with ``weight``,
    in closed form: each sine mode of ``error0`` times lambda^t (``damping_factors``). No sweep is run.

    >>> x, _ = poisson.grid(7)
    >>> print(np.round(error_after(np.sin(np.pi * (x + 1) / 2), 10), 3))  # mode 1 alone: times cos(pi / 8)^10
    [0.173 0.32  0.419 0.453 0.419 0.32  0.173]
    """
    error0 = _check.real_array(error0, "error0", ndim=None, min_size=3)
    if error0.ndim not in (1, 2) or len(set(error0.shape)) != 1:
        raise ValueError(f"error0 must be an n-vector or an n x n array, got shape {error0.shape}")
    return _mode_decay(error0, weight)(_check.integer(iterations, "iterations", minimum=0))


def max_errors_after(prob: Problem, u0, iterations) -> np.ndarray:
    """max |u - prob.reference| after each count in ``iterations`` of plain Jacobi iterations from ``u0``, in closed
    form (k = 1; no sweep is run).

    >>> prob = poisson.problem(31)
    >>> print(np.round(max_errors_after(prob, np.zeros(31), [0, 100, 1000]), 4))
    [0.5892 0.0682 0.0133]
    """
    error = _max_error_after(prob, u0)
    counts = _check.real_array(iterations, "iterations", ndim=None)
    if np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise ValueError("iterations must hold non-negative integer iteration counts")
    return np.array([error(int(t)) for t in np.atleast_1d(counts)])


def iterations_to_tolerance(prob: Problem, u0, tol: float, *, limit: float = 1e13) -> float:
    """Plain Jacobi iterations from ``u0`` until max |u - prob.reference| <= ``tol``, from the exact mode-by-mode decay.

    The first t that meets ``tol`` is found by doubling, then bisection (to 0.1 %). inf if beyond
    ``limit`` (e.g. below the grid's discretization error).

    >>> print(iterations_to_tolerance(poisson.problem(31, source=np.ones(31)), np.zeros(31), 1e-3))
    1295.0
    """
    return first_iteration(_max_error_after(prob, u0), _check.positive(tol, "tol"), limit)


def iterations_to_residual(prob: Problem, u0, rtol: float, weight: float = 1.0, *, limit: float = 1e13) -> float:
    """(Weighted) Jacobi iterations from ``u0`` until ||g - A u||_2 <= ``rtol`` ||g||_2, from the exact mode decay.

    With k = 1 the residual's k-th sine coefficient is mu_k lambda_k^t times the error's; with a variable k (1D)
    the error's part in each mode v of ``jacobi_modes`` is multiplied by 1 - w theta per iteration. No sweep is run.

    >>> print(iterations_to_residual(poisson.problem(31), np.zeros(31), 1e-6))
    645.0
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    u0 = _check.grid_values(u0, prob.shape)
    rtol = _check.positive(rtol, "rtol")
    g_norm = np.linalg.norm(prob.g)
    if prob.coefficient is not None:
        theta, vectors = jacobi_modes(prob)
        residual0 = (poisson.laplacian(prob.n, prob.h, 1, prob.faces) @ vectors) * np.linalg.solve(vectors, u0 - prob.discrete)
        lam = 1 - weight * theta
        return first_iteration(lambda t: np.linalg.norm(residual0 @ lam**t) / g_norm, rtol, limit)
    residual0 = eigenvalues(prob.n, prob.dim) * scipy.fft.dstn(u0 - prob.discrete, type=1, norm="ortho")
    lam = np.abs(damping_factors(prob.n, weight, prob.dim))  # plain Jacobi in 2D has exact zeros (k + l = n + 1)
    return first_iteration(lambda t: np.linalg.norm(residual0 * lam**t) / g_norm, rtol, limit)


def first_iteration(value, target: float, limit: float = 1e13) -> float:
    """Smallest iteration count t with value(t) <= target, for value falling with t: doubling, then
    bisection to 0.1 %; inf beyond ``limit``.

    >>> first_iteration(lambda t: 0.9**t, 1e-3)  # 0.9^65 > 1e-3 >= 0.9^66
    66.0
    """
    if value(0) <= target:
        return 0.0
    high = 1
    while value(high) > target:
        high *= 2
        if high > limit:
            return np.inf
    low = high // 2
    while high - low > max(1, high // 1000):
        mid = (low + high) // 2
        low, high = (low, mid) if value(mid) <= target else (mid, high)
    return float(high)


def error_left_per_mode(prob: Problem, iterates, modes) -> np.ndarray:
    """How much of each sine mode's error is left in each row of ``iterates`` (1D): |the error's sine coefficient| in
    each of ``modes`` (1-based), divided by its value in the first row. Errors are against the discrete solution.

    >>> prob = poisson.problem(31)
    >>> run = relax(prob, iterations=20, u0=np.ones(31), record_at=[0, 10, 20])
    >>> print(np.round(error_left_per_mode(prob, run.u, [1, 15, 31]), 3))  # plain Jacobi: mode 31 as slow as mode 1
    [[1.    1.    1.   ]
     [0.953 0.    0.953]
     [0.908 0.    0.908]]
    """
    iterates = _check.real_array(iterates, "iterates", ndim=2)
    if iterates.shape[1] != prob.n:
        raise ValueError(f"iterates must have one column per interior point ({prob.n}), got shape {iterates.shape}")
    tracked = np.asarray(modes, dtype=int) - 1
    if tracked.ndim != 1 or tracked.size == 0 or tracked.min() < 0 or tracked.max() >= prob.n:
        raise ValueError(f"modes must list sine modes between 1 and n = {prob.n}, got {modes!r}")
    errors = np.abs(scipy.fft.dst(iterates - prob.discrete, type=1, axis=-1)[:, tracked])
    if np.any(errors[0] == 0):
        raise ValueError("the first iterate has no error in some tracked mode: start from an error with every mode in it")
    return errors / errors[0]


def seconds_per_iteration(prob: Problem, iterations: int = 2000, method: str = "jacobi", *, repeat: int = 3) -> float:
    """Measured seconds per iteration of ``method`` on ``prob``: the best of ``repeat`` runs, timed as ``relax``
    times its iterations (set-up and error recording excluded).

    >>> seconds_per_iteration(poisson.problem(1000), 200) < 1e-3  # about a microsecond for 1000 points
    True
    """
    iterations = _check.integer(iterations, "iterations", minimum=1)
    _, seconds = timing.best_of(lambda: relax(prob, iterations=iterations, method=method, keep_iterates=False),
                                repeat, seconds=lambda run: run.times[-1])
    return seconds / iterations


def _mode_decay(error0: np.ndarray, weight: float):
    """t -> the error after t iterations: the sine coefficients of ``error0`` times lambda^t (1D or 2D)."""
    coef = scipy.fft.dstn(error0, type=1)
    lam = damping_factors(len(error0), weight, error0.ndim)
    return lambda t: scipy.fft.idstn(coef * lam**t, type=1)


def _max_error_after(prob: Problem, u0):
    """t -> max |u_t - prob.reference| after t plain Jacobi iterations from ``u0``."""
    _constant_coefficient(prob)
    u0 = _check.grid_values(u0, prob.shape)
    decay, offset = _mode_decay(u0 - prob.discrete, 1.0), prob.discrete - prob.reference
    return lambda t: np.abs(decay(t) + offset).max()


def _constant_coefficient(prob):
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.coefficient is not None:
        raise ValueError("prob has a variable coefficient k: the closed forms (sine modes) hold for k = 1 only")


def weight_for(method: str, weight=None, dim: int = 1) -> float:
    """The Jacobi weight ``method`` runs with: ``weight`` if given (in (0, 1]), else ``WEIGHTS[dim]`` for
    "weighted-jacobi" and 1 for the other methods.

    >>> weight_for("weighted-jacobi", dim=2), weight_for("jacobi")
    (0.8, 1.0)
    """
    if weight is None:
        return WEIGHTS[_check.dim(dim)] if method == "weighted-jacobi" else 1.0
    if isinstance(weight, bool) or not isinstance(weight, (int, float, np.floating)) or not 0 < weight <= 1:
        raise ValueError(f"weight must be a number in (0, 1], got {weight!r}")
    if method != "weighted-jacobi" and weight != 1:
        raise ValueError(f"weight applies to method='weighted-jacobi' only; {method!r} takes weight=1")
    return float(weight)


def _record_points(record_at, iterations: int) -> list[int]:
    if record_at is None:
        return sorted({0, iterations})
    record = _check.real_array(record_at, "record_at")
    if np.any(record < 0) or np.any(record != np.round(record)) or np.any(record > iterations):
        raise ValueError(f"record_at must hold integer iteration counts in [0, {iterations}]")
    return sorted(set(record.astype(int).tolist()))


def jacobi_modes(prob: Problem) -> tuple[np.ndarray, np.ndarray]:
    """The modes Jacobi acts on one by one with a variable k (1D, dense): the generalized eigenpairs A v = theta D v
    (D, A's diagonal), theta ascending; weighted Jacobi multiplies v by 1 - w theta exactly. Columns of the
    returned vectors have unit 2-norm. With k = 1 they are the sine modes.

    >>> theta, _ = jacobi_modes(poisson.problem(7))  # k = 1: theta = 1 - cos(k pi / 8)
    >>> print(np.round(theta, 3))
    [0.076 0.293 0.617 1.    1.383 1.707 1.924]
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.dim != 1:
        raise ValueError("jacobi_modes is a dense computation on a 1D grid only")
    a = poisson.laplacian(prob.n, prob.h, 1, prob.faces).toarray()
    theta, vectors = scipy.linalg.eigh(a, np.diag(np.diag(a)))
    return theta, vectors / np.linalg.norm(vectors, axis=0)
