"""The one-switch hybrid solver: a network for the low frequencies, then Jacobi for the high ones, timed end to end.

Three parts, in this order below: error-against-time curves (``Curve``, ``jacobi_curve``); the network
phase (trained on the discrete energy of a fixed coarse grid of ``train_n`` interior points per side,
whatever the fine grid, and evaluated on the fine grid only at the switch), with its classical
counterpart ``coarse_grid_start``; and the switch (``best_switch``, the best fixed switch in hindsight,
and ``AutoSwitch``, a rule that decides during training). The closed-form Jacobi decay lives in
``relax``; timing in ``timing``; the hybrid against Jacobi across grids in ``standings.scaling``.
Times are wall-clock seconds with the training included; errors are max |u - prob.reference| on the
fine grid (float64).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
import scipy.fft
import torch

from . import _check, losses, nets, poisson, relax, timing, train
from .poisson import Problem


@dataclass
class Curve:
    """Error against wall-clock time. The first ``measured`` entries are measurements (all of them when
    ``measured`` is None); the rest are predictions from the exact mode decay (extrapolated)."""

    label: str
    times: np.ndarray
    errors: np.ndarray
    measured: int | None = None

    @property
    def extrapolated(self) -> bool:
        """Whether the curve ends in predicted (extrapolated) entries."""
        return self.measured is not None and self.measured < len(self.times)


def time_to(curve: Curve, tol: float) -> float:
    """The first recorded time at which the error is at most ``tol`` (inf if never)."""
    _check.instance(curve, Curve, "curve", "hybrid.Curve")
    tol = _check.positive(tol, "tol")
    hit = np.flatnonzero(curve.errors <= tol)
    return float(curve.times[hit[0]]) if hit.size else np.inf


def jacobi_curve(prob: Problem, u0, *, tol: float, budget: float, start: float = 0.0, label: str = "Jacobi",
                 first_chunk: int = 10) -> Curve:
    """Run Jacobi from ``u0`` until max |u - prob.reference| <= ``tol`` or ``budget`` seconds; times offset by ``start``.

    Records at geometrically growing sweep counts. When the budget runs out first, the rest of the run is
    predicted: the error after further sweeps from the exact mode decay (``relax.max_errors_after``), at
    the measured cost per sweep, up to the closed-form sweep count that reaches ``tol`` (extrapolated
    entries, ``Curve.measured`` marks where they start).
    """
    tol, budget = _check.positive(tol, "tol"), _check.positive(budget, "budget")
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    u = _check.grid_values(u0, prob.shape)
    floor = prob.discretization_error
    if tol <= floor:
        raise ValueError(f"tol={tol:g} is not above this grid's discretization error {floor:.2g}: "
                         f"no iteration can reach it; use a finer grid or a larger tol")
    times, errors = [start], [np.abs(u - prob.reference).max()]
    clock, done, chunk = 0.0, 0, _check.integer(first_chunk, "first_chunk", minimum=1)
    while errors[-1] > tol and clock < budget:
        run = relax.relax(prob, iterations=chunk, u0=u, keep_iterates=False)
        u, clock, done = run.final, clock + run.times[-1], done + chunk
        times.append(start + clock)
        errors.append(run.errors[-1])
        chunk = max(chunk, done // 8)
    measured = len(times)
    if errors[-1] > tol:
        remaining = relax.iterations_to_tolerance(prob, u, tol)
        sweeps = np.unique(np.geomspace(1, remaining, 16).round())
        times.extend(start + clock + sweeps * clock / done)
        errors.extend(relax.max_errors_after(prob, u, sweeps))
    return Curve(label, np.array(times), np.array(errors), measured)


def coarse_grid_start(prob: Problem, coarse_n: int) -> np.ndarray:
    """The classical counterpart of the network phase: a banded direct solve on a coarse grid of ``coarse_n``
    interior points (the network's training grid), linearly interpolated to ``prob``'s grid."""
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    coarse = poisson.problem(_check.integer(coarse_n, "coarse_n", minimum=3), source=prob.source)  # banded solve inside
    return np.interp(prob.x, np.concatenate([[poisson.LEFT], coarse.x, [poisson.RIGHT]]),
                     np.concatenate([[0.0], coarse.discrete, [0.0]]))


def train_network(prob: Problem, model: torch.nn.Module, *, train_n: int, adam_steps: int, lbfgs_steps: int,
                  lr: float, record_every: int, switch: AutoSwitch | None = None) -> train.History:
    """Adam, then L-BFGS, on the discrete energy of a fixed grid of ``train_n`` interior points per side;
    output recorded on ``prob.points``.

    One ``History`` for both phases (steps and times continue). With an ``AutoSwitch`` as ``switch``,
    the rule watches this training (on this coarse grid, for ``prob``'s fine grid), may end it in either
    phase, and nothing is recorded (the run is timed as the rule sees it).
    """
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if not isinstance(model, torch.nn.Module) or not list(model.parameters()):
        raise TypeError(f"model must be a torch.nn.Module with parameters, got {type(model).__name__}")
    first = next(model.parameters())
    if prob.source is None:
        raise ValueError("prob must have a callable source (the network trains on another grid), not values")
    coarse = poisson.problem(_check.integer(train_n, "train_n", minimum=3), source=prob.source, dim=prob.dim)
    loss = losses.discrete_loss(coarse, dtype=first.dtype, device=first.device)
    adam_steps = _check.integer(adam_steps, "adam_steps", minimum=0)
    lbfgs_steps = _check.integer(lbfgs_steps, "lbfgs_steps", minimum=0)
    every = _check.integer(record_every, "record_every", minimum=1)
    if switch is not None:
        _check.instance(switch, AutoSwitch, "switch", "hybrid.AutoSwitch")
        switch.watch(model, coarse, prob.n)
    record = switch is None
    x = prob.points if record else None
    adam = train.fit(model, loss, steps=adam_steps, lr=lr, record_x=x, stop=switch, desc="network (Adam)",
                     record_at=np.arange(0, adam_steps + 1, every) if record else None)
    if adam.stopped_early or lbfgs_steps == 0:
        return adam
    lbfgs = train.fit(model, loss, steps=lbfgs_steps, lr=1.0, optimizer="lbfgs", record_x=x, stop=switch,
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
    (n + 1 dividing the recorded n + 1 along each axis, as for n = 2^k - 1; 1D or 2D)."""
    points = np.asarray(history.x)
    dim = 1 if points.ndim == 1 else points.shape[1]
    recorded = round(len(points) ** (1 / dim))
    stride, rest = divmod(recorded + 1, prob.n + 1)
    if rest or stride < 1 or dim != prob.dim:
        raise ValueError(f"prob.n + 1 = {prob.n + 1} must divide the recorded grid's n + 1 = {recorded + 1} "
                         f"(and prob must have the recorded grid's dimension, {dim})")
    keep = slice(stride - 1, None, stride)
    if dim == 1:
        return replace(history, outputs=history.outputs[:, keep], x=points[keep])
    outputs = history.outputs.reshape(-1, recorded, recorded)[:, keep, keep].reshape(len(history.outputs), -1)
    return replace(history, outputs=outputs, x=points.reshape(recorded, recorded, 2)[keep, keep].reshape(-1, 2))


def network_curve(prob: Problem, history: train.History, label: str = "network alone") -> Curve:
    """The network's max error on the fine grid at each recorded step, against training time."""
    _check_recorded(history, prob)
    return Curve(label, history.times, np.abs(history.outputs - prob.reference.reshape(-1)).max(axis=1))


def evaluation_seconds(model: torch.nn.Module, prob: Problem) -> float:
    """Measured cost of evaluating the network on the fine grid (paid once, at the switch); best of three."""
    return timing.best_of(lambda: nets.predict(model, prob.points)).seconds


def predicted_hybrid_times(prob: Problem, history: train.History, tol: float, seconds_per_iteration: float,
                           eval_seconds: float) -> np.ndarray:
    """Time to ``tol`` when switching at each recorded step: training + evaluation + Jacobi sweeps.

    The sweeps come from the exact mode decay (``relax.iterations_to_tolerance``) times the measured
    cost per sweep: a prediction for every recorded step, cheap enough to scan them all.
    """
    _check_recorded(history, prob)
    seconds_per_iteration = _check.positive(seconds_per_iteration, "seconds_per_iteration")
    eval_seconds = _check.non_negative(eval_seconds, "eval_seconds")
    sweeps = np.array([relax.iterations_to_tolerance(prob, u.reshape(prob.shape), tol) for u in history.outputs])
    return history.times + eval_seconds + sweeps * seconds_per_iteration


class Switch(NamedTuple):
    """A switch and what followed: ``index`` into the recorded steps, ``curve`` Jacobi from there (times
    with the training and the evaluation included)."""

    index: int
    curve: Curve


def best_switch(prob: Problem, history: train.History, tol: float, seconds_per_iteration: float,
                eval_seconds: float, *, budget: float, label: str | None = None) -> Switch:
    """The switch that ``predicted_hybrid_times`` says is fastest (in hindsight, over the recorded steps),
    and Jacobi measured from there (``jacobi_curve``, within ``budget`` seconds)."""
    i = int(np.argmin(predicted_hybrid_times(prob, history, tol, seconds_per_iteration, eval_seconds)))
    label = label or f"Jacobi after {history.times[i]:.2f} s (best switch for {tol:g})"
    return Switch(i, jacobi_curve(prob, history.outputs[i], tol=tol, budget=budget,
                                  start=history.times[i] + eval_seconds, label=label))


def _check_recorded(history, prob: Problem) -> None:
    if not isinstance(history, train.History) or history.x is None:
        raise TypeError("history must be a train.History with recorded outputs (train_network with record on)")
    if history.outputs.shape[-1] != prob.g.size:
        raise ValueError(f"history holds outputs on {history.outputs.shape[-1]} points, prob has {prob.g.size}: "
                         f"record on prob.points (or use on_coarser_grid)")


class AutoSwitch:
    """A stop rule that decides when to hand over to Jacobi, from what training can see.

    Pass it to ``train_network(..., switch=rule)``: it then watches that training on its own coarse
    grid. What training can see: the residual r = g - A u of the network on the coarse grid. A is
    diagonal in the sine modes (eigenvalue mu_k, ``poisson.eigenvalues``), so the network's k-th sine
    coefficient is (g_k - r_k) / mu_k, while the fine grid's discrete solution has g_k / mu_k(fine):
    their difference is the error per mode that Jacobi on the fine grid must remove, shrinking it by
    |lambda_k| per sweep. So at each check (every ``check_interval`` seconds) the rule estimates

        total = elapsed time + (sweeps until sum_k |error_k| |lambda_k|^t <= tol / 2) x seconds per sweep.

    The sum bounds the max error of those modes, so the Jacobi part is an upper bound, not a
    prediction; the modes above the coarse grid's resolution are not seen at all. The measured
    ``seconds_per_iteration`` is an input: its calibration is not part of the elapsed time.

    The rule keeps a copy of the network with the best estimate so far (a new best must be ``gain``
    better: 5 % by default, so that noise does not reset the wait), and stops once the time spent
    since that best check exceeds ``patience`` times the Jacobi time it estimated. ``restore()`` puts
    the best network back. The rule's own cost is part of the elapsed time.
    """

    def __init__(self, tol: float, seconds_per_iteration: float, *, check_interval: float = 0.05,
                 patience: float = 0.5, gain: float = 0.05):
        self.tol = _check.positive(tol, "tol")
        self.seconds_per_iteration = _check.positive(seconds_per_iteration, "seconds_per_iteration")
        self.check_interval = _check.positive(check_interval, "check_interval")
        self.patience = _check.positive(patience, "patience")
        self.gain = _check.positive(gain, "gain")
        self.model = None

    def watch(self, model: torch.nn.Module, coarse: Problem, fine_n: int) -> None:
        """Start watching ``model`` trained on ``coarse`` for a fine grid of ``fine_n`` interior points
        (``train_network`` calls it)."""
        m, n = coarse.n, _check.integer(fine_n, "fine_n", minimum=3)
        self.model, self.coarse, self.mode_count = model, coarse, min(m, n)  # the sine modes both grids carry
        self.mu_coarse = poisson.eigenvalues(m)[: self.mode_count]
        self.mu_fine = poisson.eigenvalues(n)[: self.mode_count]
        self.g_hat = scipy.fft.dst(coarse.g, type=1)[: self.mode_count] / (m + 1)
        self.log_lam = np.log(np.abs(relax.damping_factors(n)[: self.mode_count]))
        self.start = time.perf_counter()
        self.last_check = -np.inf
        self.best, self.best_time, self.best_state, self.checks = np.inf, 0.0, None, []

    def elapsed(self) -> float:
        return time.perf_counter() - self._started()

    def predicted_total(self) -> float:
        self._started()
        u = nets.predict(self.model, self.coarse.x)
        r = poisson.residual(u, self.coarse.g, self.coarse.h)
        r_hat = scipy.fft.dst(r, type=1)[: self.mode_count] / (self.coarse.n + 1)
        error = np.abs((self.g_hat - r_hat) / self.mu_coarse - self.g_hat / self.mu_fine)
        sweeps = relax.first_iteration(lambda t: np.sum(error * np.exp(t * self.log_lam)), self.tol / 2)
        return self.elapsed() + sweeps * self.seconds_per_iteration

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
        self._started()
        if self.best_state is not None:
            self.model.load_state_dict(self.best_state)

    def _started(self) -> float:
        if self.model is None:
            raise RuntimeError("this AutoSwitch watches no training yet: pass it to train_network(..., switch=rule)")
        return self.start
