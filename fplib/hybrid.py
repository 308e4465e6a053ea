"""The hybrid solver: a network for the low frequencies, then Jacobi for the high ones, timed end to end.

The network is mesh-free: it trains on the discrete energy of a fixed grid of ``train_points`` points,
whatever the fine grid, and is evaluated on the fine grid only at the switch. Times are wall-clock
seconds with the training included; errors are max |u - exact| on the fine grid (float64).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import scipy.fft
import torch

from . import _check, multigrid, nets, poisson, relax, train
from .poisson import Problem


@dataclass
class Curve:
    """Error against wall-clock time; ``extrapolated``: the last point is a prediction, not a measurement."""

    label: str
    time: np.ndarray
    error: np.ndarray
    extrapolated: bool = False


def time_to(curve: Curve, tol: float) -> float:
    """The first recorded time at which the error is at most ``tol`` (inf if never)."""
    tol = _check.positive(tol, "tol")
    hit = np.flatnonzero(curve.error <= tol)
    return float(curve.time[hit[0]]) if hit.size else np.inf


def sweep_seconds(prob: Problem, sweeps: int = 2000) -> float:
    """Measured seconds per Jacobi sweep on ``prob`` (best of three runs)."""
    best = np.inf
    for _ in range(3):
        run = relax.relax(prob, iterations=sweeps, keep_iterates=False)
        best = min(best, run.times[-1])
    return best / sweeps


def _jacobi_error(prob: Problem, u0):
    """error(t): max |u - exact| after t Jacobi sweeps from ``u0``, from the exact decay of each sine mode."""
    reference = prob.reference
    coef = scipy.fft.dst(np.asarray(u0, dtype=float) - prob.discrete, type=1)
    lam = relax.damping_factors(prob.n)
    log_lam, sign = np.log(np.abs(lam)), np.sign(lam)

    def error(t):
        decay = np.exp(t * log_lam) * sign ** (int(t) % 2)
        return np.abs(scipy.fft.idst(coef * decay, type=1) + prob.discrete - reference).max()

    return error


def predicted_errors(prob: Problem, u0, sweeps) -> np.ndarray:
    """max |u - exact| after each number of Jacobi ``sweeps`` from ``u0``, in closed form.

    Each sine mode of the error decays exactly as lambda_k^t (notebook 03), so no sweep is run.
    """
    error = _jacobi_error(prob, u0)
    return np.array([error(t) for t in np.atleast_1d(sweeps)])


def sweeps_to_tolerance(prob: Problem, u0, tol: float, *, limit: float = 1e13) -> float:
    """Jacobi sweeps from ``u0`` until max |u - exact| <= ``tol``, from the exact mode-by-mode decay.

    The first t that meets ``tol`` is found by doubling, then bisection (to 0.1 %). inf if beyond
    ``limit`` (e.g. below the grid's discretization error).
    """
    tol = _check.positive(tol, "tol")
    return _first_sweep(_jacobi_error(prob, u0), tol, limit)


def _first_sweep(value, target: float, limit: float) -> float:
    """Smallest sweep count t with value(t) <= target, for value falling with t: doubling, then
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


def jacobi_curve(prob: Problem, u0, *, tol: float, budget: float, start: float = 0.0, label: str = "Jacobi",
                 first_chunk: int = 10) -> Curve:
    """Run Jacobi from ``u0`` until max |u - exact| <= ``tol`` or ``budget`` seconds; times offset by ``start``.

    Records at geometrically growing sweep counts. When the budget runs out first, one more point is
    appended: the closed-form sweep count to ``tol`` times the measured cost per sweep (extrapolated).
    """
    tol, budget = _check.positive(tol, "tol"), _check.positive(budget, "budget")
    u = np.asarray(u0, dtype=float).copy()
    reference = prob.reference
    floor = np.abs(prob.discrete - reference).max()
    if tol <= floor:
        raise ValueError(f"tol={tol:g} is not above this grid's discretization error {floor:.2g}: "
                         f"no iteration can reach it; use a finer grid or a larger tol")
    times, errors = [start], [np.abs(u - reference).max()]
    clock, done, chunk = 0.0, 0, _check.integer(first_chunk, "first_chunk", minimum=1)
    while errors[-1] > tol and clock < budget:
        run = relax.relax(prob, iterations=chunk, u0=u, keep_iterates=False)
        u, clock, done = run.final, clock + run.times[-1], done + chunk
        times.append(start + clock)
        errors.append(run.error_exact[-1] if prob.exact is not None else run.error_discrete[-1])
        chunk = max(chunk, done // 8)
    extrapolated = errors[-1] > tol
    if extrapolated:
        remaining = sweeps_to_tolerance(prob, u, tol)
        times.append(start + clock + remaining * clock / done)
        errors.append(tol)
    return Curve(label, np.array(times), np.array(errors), extrapolated)


def train_network(prob: Problem, model: torch.nn.Module, *, train_points: int, adam_steps: int, lbfgs_steps: int,
                  lr: float, record_every: int, seed: int = 0, stop=None, record: bool = True) -> train.History:
    """Adam, then L-BFGS, on the discrete energy of a fixed ``train_points`` grid; output recorded on ``prob.x``.

    One ``History`` for both phases (steps and times continue). ``stop`` ends training early, in
    either phase. With ``record=False`` nothing is recorded (for timing the automatic switch).
    """
    first = next(model.parameters())
    coarse = poisson.problem(_check.integer(train_points, "train_points", minimum=3), source=prob.source)
    loss = poisson.discrete_loss(coarse, dtype=first.dtype, device=first.device)
    every = _check.integer(record_every, "record_every", minimum=1)
    x = prob.x if record else None
    adam = train.fit(model, loss, steps=adam_steps, lr=lr, record_x=x, seed=seed, stop=stop, desc="network (Adam)",
                     record_at=np.arange(0, adam_steps + 1, every) if record else None)
    if adam.stopped_early or lbfgs_steps == 0:
        return adam
    lbfgs = train.fit(model, loss, steps=lbfgs_steps, lr=1.0, optimizer="lbfgs", record_x=x, seed=seed, stop=stop,
                      record_at=np.arange(lbfgs_steps + 1) if record else None, desc="network (L-BFGS)")
    offset = adam.times[-1] if record else 0.0
    return train.History(
        steps=np.concatenate([adam.steps, lbfgs.steps[1:] + len(adam.loss)]),
        times=np.concatenate([adam.times, lbfgs.times[1:] + offset]),
        outputs=np.concatenate([adam.outputs, lbfgs.outputs[1:]]) if record else adam.outputs,
        loss=np.concatenate([adam.loss, lbfgs.loss]),
        x=adam.x,
        stopped_early=lbfgs.stopped_early,
    )


def on_coarser_grid(history: train.History, prob: Problem) -> train.History:
    """The recorded outputs restricted to ``prob``'s grid, which must nest in the recorded one
    (n + 1 dividing the recorded n + 1, as for n = 2^k - 1)."""
    recorded = len(history.x)
    stride, rest = divmod(recorded + 1, prob.n + 1)
    if rest or stride < 1:
        raise ValueError(f"prob.n + 1 = {prob.n + 1} must divide the recorded grid's n + 1 = {recorded + 1}")
    return replace(history, outputs=history.outputs[:, stride - 1::stride], x=history.x[stride - 1::stride])


def network_curve(prob: Problem, history: train.History, label: str = "network alone") -> Curve:
    """The network's max error on the fine grid at each recorded step, against training time."""
    reference = prob.reference
    return Curve(label, history.times, np.abs(history.outputs - reference).max(axis=1))


def evaluation_seconds(model: torch.nn.Module, prob: Problem) -> float:
    """Measured cost of evaluating the network on the fine grid (paid once, at the switch); best of three."""
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        nets.predict(model, prob.x)
        best = min(best, time.perf_counter() - start)
    return best


def predicted_hybrid_times(prob: Problem, history: train.History, tol: float, seconds_per_sweep: float,
                           eval_seconds: float) -> np.ndarray:
    """Time to ``tol`` when switching at each recorded step: training + evaluation + Jacobi sweeps.

    The sweeps come from the exact mode decay (``sweeps_to_tolerance``) times the measured cost per
    sweep: a prediction for every recorded step, cheap enough to scan them all.
    """
    sweeps = np.array([sweeps_to_tolerance(prob, u, tol) for u in history.outputs])
    return history.times + eval_seconds + sweeps * seconds_per_sweep


class AutoSwitch:
    """A stop rule for ``fit`` that decides when to hand over to Jacobi, from what training can see.

    What training can see: the residual r = g - A u of the network on its own training grid. A is
    diagonal in the sine modes (eigenvalue mu_k), so the network's k-th sine coefficient is
    (g_k - r_k) / mu_k, while the fine grid's discrete solution has g_k / mu_k(fine): their difference
    is the error per mode that Jacobi on the fine grid must remove, shrinking it by |lambda_k| per
    sweep. So at each check (every ``check_interval`` seconds) the rule predicts

        total = elapsed time + (sweeps until sum_k |error_k| |lambda_k|^t <= tol / 2) x seconds per sweep

    (the sum bounds the max error of those modes),

    keeps a copy of the network with the best prediction so far (a new best must be ``gain`` better:
    5 % by default, so that noise does not reset the wait), and stops once the time spent since
    that best check exceeds ``patience`` times the Jacobi time it predicted (with ``patience=1``,
    training longer could no longer win). ``restore()`` puts the best network back. The rule's own
    cost is part of the elapsed time.
    """

    def __init__(self, model, coarse: Problem, fine_n: int, tol: float, seconds_per_sweep: float, *,
                 check_interval: float = 0.05, patience: float = 0.5, gain: float = 0.05):
        self.model, self.coarse = model, coarse
        self.tol = _check.positive(tol, "tol")
        self.seconds_per_sweep = _check.positive(seconds_per_sweep, "seconds_per_sweep")
        self.check_interval = _check.positive(check_interval, "check_interval")
        self.patience = _check.positive(patience, "patience")
        self.gain = _check.positive(gain, "gain")
        m, n = coarse.n, _check.integer(fine_n, "fine_n", minimum=3)
        self.modes = min(m, n)  # the sine modes both grids carry
        k = np.arange(1, self.modes + 1)
        self.mu_coarse = 4 / coarse.h**2 * np.sin(k * np.pi / (2 * (m + 1))) ** 2
        self.mu_fine = (n + 1) ** 2 * np.sin(k * np.pi / (2 * (n + 1))) ** 2  # 4 / h_fine^2 = (n + 1)^2
        self.g_hat = scipy.fft.dst(coarse.g, type=1)[: self.modes] / (m + 1)
        self.log_lam = np.log(np.abs(relax.damping_factors(n)[: self.modes]))
        self.start = time.perf_counter()
        self.last_check = -np.inf
        self.best, self.best_time, self.best_state, self.checks = np.inf, 0.0, None, []

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def predicted_total(self) -> float:
        u = nets.predict(self.model, self.coarse.x)
        r = multigrid.residual(u, self.coarse.g, self.coarse.h)
        r_hat = scipy.fft.dst(r, type=1)[: self.modes] / (self.coarse.n + 1)
        error = np.abs((self.g_hat - r_hat) / self.mu_coarse - self.g_hat / self.mu_fine)
        return self.elapsed() + _sweeps_for_sum(error, self.log_lam, self.tol / 2) * self.seconds_per_sweep

    def __call__(self, step: int, loss: float) -> bool:
        if self.elapsed() - self.last_check < self.check_interval:
            return False
        predicted = self.predicted_total()
        self.last_check = self.elapsed()
        self.checks.append((self.last_check, predicted))
        if predicted < self.best * (1 - self.gain):
            self.best, self.best_time = predicted, self.last_check
            self.best_state = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
        return self.last_check - self.best_time >= self.patience * (self.best - self.best_time)

    def restore(self) -> None:
        """Load the network with the best predicted total (call when training has stopped)."""
        if self.best_state is not None:
            self.model.load_state_dict(self.best_state)


def _sweeps_for_sum(amplitudes, log_lam, target, limit=1e13):
    """Smallest t with sum_k amplitudes_k exp(t log_lam_k) <= target."""
    return _first_sweep(lambda t: np.sum(amplitudes * np.exp(t * log_lam)), target, limit)


def banded_baseline(prob: Problem):
    """(u, seconds): the banded direct solve, best of three."""
    best, u = np.inf, None
    for _ in range(3):
        start = time.perf_counter()
        u = poisson.banded_solve(prob.g, prob.h)
        best = min(best, time.perf_counter() - start)
    return u, best


def multigrid_baseline(prob: Problem, tol: float):
    """(u, seconds, V-cycles): full multigrid plus V-cycles to ``tol``, best of three."""
    best, result = np.inf, None
    for _ in range(3):
        result = multigrid.solve(prob, tol=tol)
        best = min(best, result[1])
    return result[0], best, result[2]
