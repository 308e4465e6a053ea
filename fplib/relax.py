"""Relaxation for A u = g (the Poisson problem, also with a variable coefficient k): Jacobi, weighted Jacobi
and red-black Gauss-Seidel; closed forms for k = 1.

One iteration is one sweep: one pass that updates every grid point (red-black Gauss-Seidel: both
colours); the API counts iterations. Float64, vectorized: each sweep is a fixed list of in-place NumPy
operations on preallocated buffers, so the cost per point is close to the memory-bandwidth bound
(see ``benchmarks/relax.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.fft
import scipy.linalg

from . import _check, poisson, timing
from .poisson import Problem, eigenvalues

METHODS = ("jacobi", "weighted-jacobi", "gauss-seidel")
# the weights that damp the upper half of the modes best: 2/3 on the interval, 4/5 on the square
WEIGHTS = {1: 2.0 / 3.0, 2: 4.0 / 5.0}
BLOCK = 2**14  # flat points per NumPy call: what one call reads and writes stays in cache


@dataclass
class Relaxation:
    """What ``relax`` saw at the recorded iterations.

    ``times``: wall-clock seconds spent iterating up to each record (recording excluded);
    ``u``: the iterates, shape (records, n), or None with ``keep_iterates=False``;
    ``errors``: max |u - prob.reference| (the exact u where known, else the discrete solution);
    ``final``: the last iterate.
    """

    iterations: np.ndarray
    times: np.ndarray
    u: np.ndarray | None
    errors: np.ndarray
    final: np.ndarray


class Sweeper:
    """Preallocated buffers and one vectorized sweep of the chosen method (``interior()``: the current u, a view).

    One path for 1D and 2D: u lives in a flat array padded with the zero boundary values (in 2D rows of
    odd length, so the parity of a flat index is the parity of i + j). Each neighbour of the interior
    points is then a shifted slice, and a sweep is a fixed list of in-place NumPy calls on blocks of
    ``BLOCK`` points: a single pass over memory. In 2D the slices also cover the padding at the ends of
    the rows; it is reset to 0 after each pass. Red-black Gauss-Seidel updates the points of one parity
    (i + j even, 0-based), then the others, with the new values. With a variable coefficient each
    neighbour counts with k at the face between, and the sum is divided by the diagonal (the sum of those k).
    """

    def __init__(self, prob: Problem, method: str, weight: float, u0: np.ndarray):
        n, dim = prob.n, prob.dim
        width = n + 2 + (dim == 2 and n % 2 == 0)  # odd rows in 2D
        strides = (width, 1)[2 - dim:]  # flat distance to the next point along each axis
        first, last = sum(strides), n * sum(strides) + 1  # the flat range holding the interior points
        padded = (n + 2, width)[:dim]
        self.inside = (slice(1, n + 1),) * dim
        buffers = [np.zeros(padded) for _ in range(1 if method == "gauss-seidel" else 2)]
        buffers[0][self.inside] = u0
        links, inverse = self._links(prob, padded)  # k towards each neighbour; 1 / the diagonal of h^2 A
        constant = np.zeros(padded)  # the update's constant term: weight h^2 g / diagonal
        constant[self.inside] = (inverse[self.inside] if links else inverse) * prob.h**2 * prob.g
        constant = (weight * constant).ravel()
        scale = (weight * inverse).ravel() if links else weight * inverse  # the neighbours' sum times this
        self.buffers, self.done = buffers, 0
        flats = [b.ravel() for b in buffers]
        offsets = [sign * s for s in strides for sign in (-1, 1)]
        gaps = [self._gaps(flat, n, width) for flat in flats] if dim == 2 else [[] for _ in flats]
        if method == "gauss-seidel":
            # flat parity dim % 2 holds the points with i + j even (0-based): they go first
            program = [call for colour in (dim % 2, 1 - dim % 2) for call in
                       self._gauss_seidel(flats[0], constant, scale, links, offsets, first, last, colour) + gaps[0]]
            self.programs = (program, program)
        else:
            self.programs = tuple(self._jacobi(flats[a], flats[1 - a], constant, scale, links, offsets, first, last,
                                               weight) + gaps[1 - a] for a in (0, 1))

    def _links(self, prob, padded):
        """Per neighbour (axis by axis, the lower one first) k at the face towards it, as flat padded arrays, and
        1 / the sum of the four (two in 1D); with k = 1: no arrays and 1 / (2 dim)."""
        if prob.faces is None:
            return [], 0.5 if prob.dim == 1 else 0.25
        links = []
        for axis, k in enumerate(prob.faces):
            for cut in (slice(0, prob.n), slice(1, prob.n + 1)):
                link = np.zeros(padded)
                link[self.inside] = k[tuple(cut if a == axis else slice(None) for a in range(prob.dim))]
                links.append(link)
        inverse = np.zeros(padded)
        inverse[self.inside] = 1.0 / sum(link[self.inside] for link in links)
        return [link.ravel() for link in links], inverse

    @staticmethod
    def _gaps(flat, n, width):
        """The padding at the row ends inside the flat range, as a call that zeroes it."""
        start = width + n + 1
        return [(np.copyto, (flat[start:start + (n - 1) * width].reshape(n - 1, width)[:, :width - n], 0.0))]

    @staticmethod
    def _neighbour_sum(near, links, out, part):
        """Calls that leave the sum over neighbours of k u in ``out`` (k = 1 without ``links``)."""
        if not links:
            return [(np.add, (near[0], near[1], out))] + [(np.add, (out, other, out)) for other in near[2:]]
        calls = [(np.multiply, (links[0], near[0], out))]
        for link, other in zip(links[1:], near[1:]):
            calls += [(np.multiply, (link, other, part)), (np.add, (out, part, out))]
        return calls

    @staticmethod
    def _jacobi(source, target, constant, scale, links, offsets, first, last, weight):
        scratch = np.empty(min(BLOCK, last - first))
        calls = []
        for start in range(first, last, BLOCK):
            stop = min(start + BLOCK, last)
            out, near, part = target[start:stop], [source[start + o:stop + o] for o in offsets], scratch[:stop - start]
            calls += Sweeper._neighbour_sum(near, [link[start:stop] for link in links], out, part)
            calls += [(np.multiply, (out, _block(scale, start, stop), out)), (np.add, (out, constant[start:stop], out))]
            if weight != 1:
                calls += [(np.multiply, (source[start:stop], 1.0 - weight, part)), (np.add, (out, part, out))]
        return calls

    @staticmethod
    def _gauss_seidel(u, constant, scale, links, offsets, first, last, colour):
        scratch = np.empty((2, min(BLOCK, last - first) // 2 + 1))
        calls = []
        for start in range(first + (colour - first) % 2, last, BLOCK):  # BLOCK is even: every start has this colour
            stop = min(start + BLOCK, last)
            near = [u[start + o:stop + o:2] for o in offsets]
            total, part = scratch[:, :len(near[0])]
            calls += Sweeper._neighbour_sum(near, [link[start:stop:2] for link in links], total, part)
            calls += [(np.multiply, (total, _block(scale, start, stop, 2), total)),
                      (np.add, (total, constant[start:stop:2], u[start:stop:2]))]
        return calls

    def run(self, iterations: int) -> None:
        programs, done = self.programs, self.done
        for t in range(done, done + iterations):
            for call, args in programs[t & 1]:
                call(*args)
        self.done = done + iterations

    def interior(self) -> np.ndarray:
        return self.buffers[self.done % len(self.buffers)][self.inside]


def _block(value, start, stop, step=1):
    """A number as it is; an array's slice [start:stop:step]."""
    return value[start:stop:step] if isinstance(value, np.ndarray) else value


def relax(prob: Problem, *, iterations: int, method: str = "jacobi", weight: float | None = None, u0=None,
          record_at=None, keep_iterates: bool = True, tol: float | None = None) -> Relaxation:
    """Run ``iterations`` iterations of ``method`` on ``prob`` from ``u0`` (default zero).

    ``weight`` (in (0, 1]) weights Jacobi: by default 2/3 in 1D and 4/5 in 2D for "weighted-jacobi" (the
    weights that damp the upper half of the modes best), 1 for plain Jacobi.
    ``record_at``: iteration counts to record (default: 0 and the last). ``tol``: stop at the first
    record where max |u - prob.reference| is at most ``tol``.
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


def damping_factors(n: int, weight: float = 1.0, dim: int = 1) -> np.ndarray:
    """Jacobi's factor per sine mode k = 1..n: lambda_k = 1 - weight h^2 mu_k / 2 = 1 - weight (1 - cos(k pi / (n + 1))).

    In 2D (``dim=2``), per mode (k, l): lambda_kl = 1 - weight h^2 (mu_k + mu_l) / 4
    = 1 - weight (1 - (cos(k pi / (n + 1)) + cos(l pi / (n + 1))) / 2), shape (n, n).
    After t iterations the error's sine coefficient is exactly lambda^t times its start value.
    """
    n = _check.integer(n, "n", minimum=3)
    weight = weight_for("weighted-jacobi", weight)
    h = 2.0 / (n + 1)
    return 1.0 - weight * h**2 * eigenvalues(n, dim) / (2 * dim)


def predict_error(error0, iterations: int, weight: float = 1.0) -> np.ndarray:
    """The error after ``iterations`` Jacobi iterations, in closed form: each sine mode of ``error0`` (a vector, or an
    n x n array in 2D) times lambda^t."""
    error0 = _check.real_array(error0, "error0", ndim=None, min_size=3)
    if error0.ndim not in (1, 2) or len(set(error0.shape)) != 1:
        raise ValueError(f"error0 must be an n-vector or an n x n array, got shape {error0.shape}")
    return _mode_decay(error0, weight)(_check.integer(iterations, "iterations", minimum=0))


def predicted_errors(prob: Problem, u0, iterations) -> np.ndarray:
    """max |u - prob.reference| after each of ``iterations`` plain Jacobi iterations from ``u0``, in closed form (no sweep is run)."""
    error = _error_after(prob, u0)
    counts = _check.real_array(iterations, "iterations", ndim=None)
    if np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise ValueError("iterations must hold non-negative integer iteration counts")
    return np.array([error(int(t)) for t in np.atleast_1d(counts)])


def iterations_to_tolerance(prob: Problem, u0, tol: float, *, limit: float = 1e13) -> float:
    """Plain Jacobi iterations from ``u0`` until max |u - prob.reference| <= ``tol``, from the exact mode-by-mode decay.

    The first t that meets ``tol`` is found by doubling, then bisection (to 0.1 %). inf if beyond
    ``limit`` (e.g. below the grid's discretization error).
    """
    return first_iteration(_error_after(prob, u0), _check.positive(tol, "tol"), limit)


def iterations_to_residual(prob: Problem, u0, rtol: float, weight: float = 1.0, *, limit: float = 1e13) -> float:
    """(Weighted) Jacobi iterations from ``u0`` until ||g - A u||_2 <= ``rtol`` ||g||_2, from the exact mode decay.

    With k = 1 the residual's k-th sine coefficient is mu_k lambda_k^t times the error's; with a variable k (1D)
    the error's part in each mode v of ``jacobi_modes`` is multiplied by 1 - w theta per iteration. No sweep is run.
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
    bisection to 0.1 %; inf beyond ``limit``."""
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


def mode_errors(prob: Problem, iterates, modes) -> np.ndarray:
    """|the error's sine coefficient| in each of ``modes`` (1-based) for each row of ``iterates``, divided by its
    value in the first row: how much of each mode's error is left. Errors are against the discrete solution."""
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
    times its iterations (set-up and error recording excluded)."""
    iterations = _check.integer(iterations, "iterations", minimum=1)
    _, seconds = timing.best_of(lambda: relax(prob, iterations=iterations, method=method, keep_iterates=False),
                                repeat, seconds=lambda run: run.times[-1])
    return seconds / iterations


def _mode_decay(error0: np.ndarray, weight: float):
    """t -> the error after t iterations: the sine coefficients of ``error0`` times lambda^t (1D or 2D)."""
    coef = scipy.fft.dstn(error0, type=1)
    lam = damping_factors(len(error0), weight, error0.ndim)
    return lambda t: scipy.fft.idstn(coef * lam**t, type=1)


def _error_after(prob: Problem, u0):
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
    "weighted-jacobi" and 1 for the other methods."""
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
    returned vectors have unit 2-norm. With k = 1 they are the sine modes."""
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.dim != 1:
        raise ValueError("jacobi_modes is a dense computation on a 1D grid only")
    a = poisson.laplacian(prob.n, prob.h, 1, prob.faces).toarray()
    theta, vectors = scipy.linalg.eigh(a, np.diag(np.diag(a)))
    return theta, vectors / np.linalg.norm(vectors, axis=0)
