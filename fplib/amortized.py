"""Train once, solve many: one operator network, trained once on a family of right-hand sides, replaces
every m-th iteration of weighted Jacobi (HINTS: Zhang, Kahana et al., Nature Machine Intelligence 2024).

The network (``nets.DeepONet``) reads the lowest sine coefficients of a residual (``sine_inputs``), trained on
banded or sine-transform solves of random sources (``train_operator``). ``OperatorCorrection`` applies it on one
grid and measures what it leaves of each sine mode; ``interleaved_solve`` runs the iteration; ``cycle_parts``,
``predicted_rates`` and ``predicted_iterations`` predict it from Jacobi's exact factors and the network's response,
``ideal_iterations`` from the unread modes alone; ``breakeven_solves``: when the training has paid for itself.
Which modes training corrects first: ``train.learning_order`` (measure: ``OperatorCorrection.factors``).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.fft
import scipy.sparse.linalg
import torch

from . import _check, nets, poisson, relax, timing, train
from .poisson import Problem
from .spectrum import dirichlet_dst
from .sweeper import Sweeper


def sine_inputs(values, x, inputs: int, dim: int = 1) -> np.ndarray:
    """The first ``inputs`` sine coefficients (``spectrum.dirichlet_dst``) of ``values`` on the interior points ``x``:
    what the branch of a ``nets.DeepONet`` reads. The same numbers on every grid for the same function.
    With ``dim=2`` (``values`` of shape (..., n, n)): the lowest K x K block of the 2D sine coefficients,
    K^2 = ``inputs``, flattened (k-major)."""
    inputs = _check.integer(inputs, "inputs", minimum=1)
    if _check.dim(dim) == 1:
        return dirichlet_dst(values, x).coef[..., :inputs]
    side, values = _side(inputs, 2), np.asarray(values, dtype=float)
    coef = scipy.fft.dstn(values, type=1, axes=(-2, -1))[..., :side, :side] / (len(x) + 1) ** 2
    return coef.reshape(values.shape[:-2] + (inputs,))


def _side(inputs: int, dim: int) -> int:
    """The K of the lowest modes the branch reads along each axis: ``inputs`` in 1D, K x K = ``inputs`` in 2D."""
    side = round(inputs ** (1 / dim))
    if side**dim != inputs:
        raise ValueError(f"inputs must be a square number in 2D (a K x K block of modes), got {inputs}")
    return side


LOSSES = ("solution", "residual")


def train_operator(model: nets.DeepONet, sources, *, steps: int, lr: float, batch_size: int | None = None,
                   loss: str = "solution", on_step=None) -> train.History:
    """Train ``model`` (Adam) to map a right-hand side f to the discrete solution of A u = f on its grid.

    ``sources``: shape (count, n), e.g. ``fields.random_sources``, or (count, n, n) in 2D; each is solved
    by the banded solve (the sine solve in 2D) on its grid (nothing is downloaded). The loss is the mean
    squared error of u divided by the norm of the source's sine inputs (the network's own scale), so
    that every source counts alike. ``loss="solution"`` (default) takes the error of u, in which sine mode k
    counts by about (a_k / mu_k)^2 (a_k: the sources' amplitude, mu_k: A's eigenvalue);
    ``loss="residual"`` takes A u - f instead, in which mode k counts by a_k^2.
    ``on_step``: as in ``train.fit`` (a hook that records, e.g. for ``train.learning_order``; it cannot stop training).
    """
    _check.one_of(loss, "loss", LOSSES)
    _check.instance(model, nets.DeepONet, "model", "nets.DeepONet")
    sources = _check.real_array(sources, "sources", ndim=None)
    if sources.ndim not in (2, 3):
        raise ValueError(f"sources must have shape (count, n) or (count, n, n), got {sources.shape}")
    dim = sources.ndim - 1
    x, h = poisson.grid(sources.shape[1])
    inputs = sine_inputs(sources, x, model.inputs, dim)
    scale = np.linalg.norm(inputs, axis=1, keepdims=True)
    if np.any(scale == 0):
        raise ValueError("sources must not contain a source with zero sine inputs (nothing to learn from)")
    solutions = np.stack([poisson.direct_solve(f, h).reshape(-1) for f in sources])
    first = next(model.parameters())
    points = torch.as_tensor(poisson.grid_points(len(x), dim), dtype=first.dtype, device=first.device)

    matrix = None
    if loss == "residual":  # the output goes through A and is compared with the source itself
        matrix = torch.as_tensor(poisson.laplacian(len(x), h, dim).toarray(), dtype=first.dtype, device=first.device)
        solutions = sources.reshape(len(sources), -1)

    def objective(model, c, u, s):
        out = model(c, points)
        return torch.mean(((out if matrix is None else out @ matrix.T) - u) ** 2 / s**2)

    return train.fit(model, objective, (inputs, solutions, scale), steps=steps, lr=lr, batch_size=batch_size,
                     on_step=on_step, desc="operator network")


class OperatorCorrection:
    """The network's correction on one grid: for a residual r = g - A u, e = model(r) approximates A^-1 r.

    The trunk is evaluated once at the grid's points (cached); each correction costs one sine transform,
    one branch evaluation and one (n x basis) product, in float64 outside the branch.
    """

    def __init__(self, model: nets.DeepONet, prob: Problem):
        _check.instance(model, nets.DeepONet, "model", "nets.DeepONet")
        _check.instance(prob, Problem, "prob", "poisson.Problem")
        first = next(model.parameters())
        self.model, self.prob, self.dtype, self.device = model, prob, first.dtype, first.device
        with torch.no_grad():
            points = torch.as_tensor(prob.points, dtype=first.dtype, device=first.device)
            self.basis = model.basis(points).double().cpu().numpy()

    def __call__(self, r: np.ndarray) -> np.ndarray:
        c = sine_inputs(r, self.prob.x, self.model.inputs, self.prob.dim)
        s = np.linalg.norm(c)
        if s == 0:
            return np.zeros(self.prob.shape)
        with torch.no_grad():
            b = self.model.coefficients(torch.as_tensor(c / s, dtype=self.dtype, device=self.device)).double().cpu().numpy()
        return (s * (self.basis @ b)).reshape(self.prob.shape)

    def response(self, mode_count: int | None = None) -> np.ndarray:
        """What one correction leaves of each sine mode: column k (k = 1..P) holds the first P sine
        coefficients of the error left when the error is mode k alone (P = ``mode_count``, default n).

        Measured, all modes at once (their residual is mu_k times the mode). Modes the branch does not
        read (k > inputs) are left as they are. For a linear branch this matrix is the correction.
        """
        if self.prob.dim != 1:
            raise ValueError("response is measured mode by mode on a 1D grid only")
        n, inputs = self.prob.n, self.model.inputs
        size = n if mode_count is None else min(_check.integer(mode_count, "mode_count", minimum=1), n)
        read = min(inputs, size)
        with torch.no_grad():
            b = self.model.coefficients(torch.eye(inputs, dtype=self.dtype, device=self.device)[:read]).double().cpu().numpy()
        mu = poisson.eigenvalues(n)[:read, None]
        corrections = mu * (b @ self.basis.T)  # row k: the correction for the error mode k
        left = np.eye(size)
        left[:, :read] -= (scipy.fft.dst(corrections, type=1, axis=-1)[:, :size] / (n + 1)).T
        return left

    def factors(self, mode_count: int | None = None) -> np.ndarray:
        """|what one correction leaves of mode k in mode k itself|, k = 1..P: the network's per-mode reduction."""
        return np.abs(np.diag(self.response(mode_count)))


@dataclass
class Interleaved:
    """What ``interleaved_solve`` saw. ``residuals``: ||g - A u||_2 / ||g||_2 after each cycle (``iterations``);
    ``mode_errors``: |the error's sine coefficient| / its start value at each iteration up to ``record_until``,
    one column per tracked mode (None when no modes were tracked); ``seconds``: wall time, recording excluded;
    ``stalled``: stopped because the cycles no longer reduced the true residual enough (see ``interleaved_solve``)."""

    iterations: np.ndarray
    residuals: np.ndarray
    mode_errors: np.ndarray | None
    seconds: float
    converged: bool
    final: np.ndarray
    stalled: bool = False

    def rate(self) -> float:
        """The measured factor per cycle by which the residual fell over the second half of the cycles (at least
        three cycles needed): it approaches the long-run rate that ``predicted_rates`` predicts."""
        half = len(self.residuals) // 2
        if len(self.residuals) < 3:
            raise ValueError(f"rate needs at least 3 cycles, this run has {len(self.residuals)}")
        return float((self.residuals[-1] / self.residuals[half]) ** (1 / (len(self.residuals) - 1 - half)))


def interleaved_solve(prob: Problem, correction: OperatorCorrection, *, every: int, rtol: float = 1e-8,
                      max_iterations: int = 2_000_000, weight: float | None = None, u0=None, modes=None,
                      record_until: int = 0, stall: float | None = None, window: int = 1) -> Interleaved:
    """Weighted Jacobi on ``prob`` with iterations 1, m + 1, 2m + 1, ... (m = ``every``) replaced by one network
    correction u += correction(g - A u) (weight ``weight``: 2/3 in 1D, 4/5 in 2D by default; 1D or 2D);
    until ||g - A u||_2 <= ``rtol`` ||g||_2 (checked once per cycle, the check timed), ``max_iterations``,
    or a relative residual above 1e6 (diverging). ``modes`` (a list of 1-based sine mode numbers, 1D) are
    recorded against the discrete solution at every iteration up to ``record_until``, off the clock.
    With a variable k, ``correction`` is a ``hints.CoefficientCorrection`` for this problem. ``stall``: stop, flagged
    ``stalled``, when the last ``window`` cycles leave more than this fraction of the true residual — their
    smallest residual against the smallest before them (a correction that no longer helps: a false fixed point,
    Wu, van Beek, Dolean & Heinlein 2026); None: never. A window of many cycles: the residual's norm may rise
    for a few cycles while the error falls.
    """
    if not callable(correction) or getattr(getattr(correction, "prob", None), "shape", None) != prob.shape:
        raise TypeError("correction must be a correction built for this problem's grid "
                        "(amortized.OperatorCorrection, or hints.CoefficientCorrection for a variable k)")
    stall = None if stall is None else _check.positive(stall, "stall")
    window = _check.integer(window, "window", minimum=1)
    every = _check.integer(every, "every", minimum=1)
    rtol = _check.positive(rtol, "rtol")
    mu = poisson.eigenvalues(prob.n, prob.dim)
    floor = np.finfo(float).eps * mu.max() / mu.min()
    if rtol < floor:
        raise ValueError(f"rtol={rtol:g} is below what float64 can reach on this grid (about {floor:.1e}: "
                         f"machine epsilon x the condition number of A); use a larger rtol")
    max_iterations = _check.integer(max_iterations, "max_iterations", minimum=1)
    u = np.zeros(prob.shape) if u0 is None else _check.grid_values(u0, prob.shape)
    if modes is not None and prob.dim != 1:
        raise ValueError("modes are recorded on a 1D grid only")
    tracked = modes is not None
    sweeper = Sweeper(prob, "weighted-jacobi", relax.weight_for("weighted-jacobi", weight, prob.dim), u)
    g_norm = np.linalg.norm(prob.g)
    target = rtol * g_norm
    iterates, iterations, residuals = [], [], []
    seconds, done, converged, stalled = 0.0, 0, False, False

    def record():
        iterates.append(sweeper.interior().copy())

    if tracked:
        record()
    while done < max_iterations and not converged:
        start = time.perf_counter()
        u = sweeper.interior()
        u += correction(poisson.residual(u, prob.g, prob.h, prob.faces))
        done += 1
        seconds += time.perf_counter() - start
        if tracked and done <= record_until:
            record()
        sweeps = min(every - 1, max_iterations - done)
        recorded = max(0, min(sweeps, record_until - done)) if tracked else 0
        for _ in range(recorded):  # one sweep at a time while the modes are recorded
            seconds += timing.elapsed(sweeper.run, 1)
            done += 1
            record()
        seconds += timing.elapsed(sweeper.run, sweeps - recorded)
        done += sweeps - recorded
        start = time.perf_counter()
        left = np.linalg.norm(poisson.residual(sweeper.interior(), prob.g, prob.h, prob.faces))
        converged = left <= target
        seconds += time.perf_counter() - start
        iterations.append(done)
        residuals.append(left / g_norm)
        if not residuals[-1] <= 1e6:  # diverging (or NaN): stop before it overflows
            break
        stalled = (stall is not None and not converged and len(residuals) >= window
                   and min(residuals[-window:]) > stall * min(residuals[:-window], default=1.0))
        if stalled:
            break
    errors = relax.error_left_per_mode(prob, np.array(iterates), modes) if tracked else None
    return Interleaved(np.array(iterations), np.array(residuals), errors, seconds, bool(converged),
                       sweeper.interior().copy(), bool(stall is not None and stalled))


def predicted_rates(correction: OperatorCorrection, everies, *, weight: float = relax.WEIGHTS[1],
                    mode_count: int | None = None) -> np.ndarray:
    """Per m in ``everies``: the factor by which one cycle (a correction, then m - 1 weighted Jacobi sweeps)
    shrinks the error in the long run — the spectral radius of diag(lambda_k^(m-1)) x ``correction.response``
    over the first ``mode_count`` sine modes (Jacobi's exact factors, the network's measured response)."""
    return np.array([cycle_parts(correction, m, weight=weight, mode_count=mode_count).rate for m in everies])


@dataclass
class CycleParts:
    """A cycle's spectral radius in two parts: ``read``, rho(Lambda_1 R_11); ``unread``, |lambda_(P+1)|^(m-1)."""

    read: float
    unread: float

    @property
    def rate(self) -> float:  # the spectral radius: predicted_rates up to round-off
        return max(self.read, self.unread)

    @property
    def pace(self) -> str:  # which part sets the pace: "read" (the network's modes) or "unread"
        return "read" if self.read >= self.unread else "unread"


def cycle_parts(correction: OperatorCorrection, every: int, *, weight: float = relax.WEIGHTS[1],
                mode_count: int | None = None) -> CycleParts:
    """The cycle matrix C = diag(lambda^(m-1)) R (1D, m = ``every``) in two: the branch reads modes 1..P only, so R's
    columns beyond P are the identity's and C is block lower-triangular; its eigenvalues are the read block
    Lambda_1 R_11's and the unread modes' lambda_k^(m-1), the largest of which is mode P + 1's (as lambda_k > 1/3)."""
    every = _check.integer(every, "every", minimum=1)
    left = correction.response(mode_count)
    lam = relax.damping_factors(correction.prob.n, weight)[: len(left)]
    read = min(correction.model.inputs, len(left))
    block = lam[:read, None] ** (every - 1) * left[:read, :read]
    unread = float(np.max(np.abs(lam[read:])) ** (every - 1)) if read < len(left) else 0.0
    return CycleParts(float(np.max(np.abs(np.linalg.eigvals(block)))), unread)


def predicted_iterations(correction: OperatorCorrection, everies, rtol: float, *, weight: float = relax.WEIGHTS[1],
                         mode_count: int | None = None) -> np.ndarray:
    """Iterations for the error to shrink by ``rtol`` at the rates of ``predicted_rates``: m x ceil(log rtol / log rate)
    (inf where a cycle does not shrink it)."""
    rates = predicted_rates(correction, everies, weight=weight, mode_count=mode_count)
    rtol = _check.positive(rtol, "rtol")
    cycles = np.full(len(rates), np.inf)
    shrinking = rates < 1 - 1e-9  # a factor of 1 up to round-off (an unread mode with m = 1) does not shrink it
    cycles[shrinking] = np.ceil(np.log(rtol) / np.log(rates[shrinking]))
    return np.asarray(everies, dtype=float) * cycles


@dataclass
class Scan:
    """Iterations and seconds to the target for each m (``everies``), predicted (``predicted_iterations``, with
    the measured cost of a sweep and of a correction) and measured (``interleaved_solve``); inf: never got there."""

    everies: np.ndarray
    predicted: np.ndarray
    measured: np.ndarray
    predicted_seconds: np.ndarray
    measured_seconds: np.ndarray

    def table(self) -> str:
        """One line per m: predicted and measured iterations, their ratio, predicted and measured seconds."""
        lines = [f"{'m':>5} {'predicted':>10} {'measured':>9} {'ratio':>6} {'predicted s':>12} {'measured s':>11}"]
        for m, p, q, ps, qs in zip(self.everies, self.predicted, self.measured, self.predicted_seconds,
                                   self.measured_seconds):
            ratio = f"{q / p:6.2f}" if np.isfinite(p) and np.isfinite(q) else "     -"
            lines.append(f"{m:5d} {p:10.0f} {q:9.0f} {ratio} {ps:12.3f} {qs:11.3f}")
        return "\n".join(lines + ["inf: the predicted factor per cycle is not below 1 / the run did not converge"])


def scan_every(prob: Problem, correction: OperatorCorrection, everies, rtol: float, *, mode_count: int = 256) -> Scan:
    """Predict, then run, ``interleaved_solve`` for each m in ``everies`` (1D), each for at most twice its predicted
    iterations; where none are predicted (no convergence), twice the fewest predicted for any m."""
    everies = np.array([_check.integer(m, "each of everies", minimum=1) for m in everies])
    predicted = predicted_iterations(correction, everies, rtol, mode_count=mode_count)
    sweep = relax.seconds_per_iteration(prob, method="weighted-jacobi")
    fix = timing.best_of(lambda: correction(prob.g)).seconds
    predicted_seconds = predicted / everies * ((everies - 1) * sweep + fix)
    finite = predicted[np.isfinite(predicted)]
    caps = np.where(np.isfinite(predicted), 2 * predicted, 2 * finite.min() if len(finite) else 100_000)
    runs = [interleaved_solve(prob, correction, every=int(m), rtol=rtol, max_iterations=int(cap))
            for m, cap in zip(everies, caps)]
    measured = np.array([run.iterations[-1] if run.converged else np.inf for run in runs], dtype=float)
    return Scan(everies, predicted, measured, predicted_seconds, np.array([run.seconds for run in runs]))


def ideal_iterations(prob: Problem, inputs: int, every: int, rtol: float, *, weight: float | None = None) -> float:
    """Iterations of ``interleaved_solve`` from zero with an ideal network, which removes the modes it reads (1..inputs;
    in 2D the lowest K x K, K^2 = inputs) exactly and writes nothing else: the unread modes decide, by Jacobi's exact
    factors: m x the first c with ||lambda^(c (m - 1)) r_unread|| <= rtol ||g|| (r: g's sine coefficients)."""
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    inputs = _check.integer(inputs, "inputs", minimum=1)
    every = _check.integer(every, "every", minimum=2)
    rtol = _check.positive(rtol, "rtol")
    r = scipy.fft.dstn(prob.g, type=1)
    lam = np.abs(relax.damping_factors(prob.n, relax.WEIGHTS[prob.dim] if weight is None else weight, prob.dim))
    unread = np.ones(r.shape, dtype=bool)
    unread[(slice(_side(inputs, prob.dim)),) * prob.dim] = False
    r_unread, lam, g_norm = r[unread], lam[unread], np.linalg.norm(r)
    cycles = relax.first_iteration(lambda c: np.linalg.norm(r_unread * lam ** (c * (every - 1))) / g_norm, rtol)
    return every * cycles


def breakeven_solves(training_seconds: float, baseline_seconds: float, solve_seconds: float) -> float:
    """How many solves pay for the training: training / (baseline - solve) seconds, rounded up; inf (never) when
    the solve is not faster than the baseline."""
    training_seconds = _check.positive(training_seconds, "training_seconds")
    saving = _check.positive(baseline_seconds, "baseline_seconds") - _check.positive(solve_seconds, "solve_seconds")
    return float(np.ceil(training_seconds / saving)) if saving > 0 else np.inf
