"""The hybrid solver: a network for the low frequencies, then Jacobi for the high ones, timed end to end.

Three parts, in this order below: error-against-time curves (``Curve``, ``jacobi_curve``); the network
phase (trained on the discrete energy of a fixed coarse grid of ``train_points`` points, whatever the
fine grid, and evaluated on the fine grid only at the switch); and the switch (the best fixed switch
in hindsight, and ``AutoSwitch``, a rule that decides during training). The closed-form Jacobi decay
lives in ``relax``; timing in ``timing``. Times are wall-clock seconds with the training included;
errors are max |u - prob.reference| on the fine grid (float64).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import scipy.fft
import scipy.sparse.linalg
import torch

from . import _check, losses, multigrid, nets, poisson, relax, timing, train
from .poisson import Problem
from .spectrum import dirichlet_dst


@dataclass
class Curve:
    """Error against wall-clock time. The first ``measured`` points are measurements (all of them when
    ``measured`` is None); the rest are predictions from the exact mode decay (extrapolated)."""

    label: str
    times: np.ndarray
    errors: np.ndarray
    measured: int | None = None

    @property
    def extrapolated(self) -> bool:
        """Whether the curve ends in predicted (extrapolated) points."""
        return self.measured is not None and self.measured < len(self.times)


def time_to(curve: Curve, tol: float) -> float:
    """The first recorded time at which the error is at most ``tol`` (inf if never)."""
    if not isinstance(curve, Curve):
        raise TypeError(f"curve must be a hybrid.Curve, got {type(curve).__name__}")
    tol = _check.positive(tol, "tol")
    hit = np.flatnonzero(curve.errors <= tol)
    return float(curve.times[hit[0]]) if hit.size else np.inf


def jacobi_curve(prob: Problem, u0, *, tol: float, budget: float, start: float = 0.0, label: str = "Jacobi",
                 first_chunk: int = 10) -> Curve:
    """Run Jacobi from ``u0`` until max |u - prob.reference| <= ``tol`` or ``budget`` seconds; times offset by ``start``.

    Records at geometrically growing sweep counts. When the budget runs out first, the rest of the run is
    predicted: the error after further sweeps from the exact mode decay (``relax.predicted_errors``), at
    the measured cost per sweep, up to the closed-form sweep count that reaches ``tol`` (extrapolated
    points, ``Curve.measured`` marks where they start).
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
        errors.extend(relax.predicted_errors(prob, u, sweeps))
    return Curve(label, np.array(times), np.array(errors), measured)


def coarse_grid_start(prob: Problem, points: int) -> np.ndarray:
    """The classical counterpart of the network phase: a banded direct solve on a coarse grid of ``points``
    interior points (the network's training grid), linearly interpolated to ``prob``'s grid."""
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    coarse = poisson.problem(_check.integer(points, "points", minimum=3), source=prob.source)  # banded solve inside
    return np.interp(prob.x, np.concatenate([[poisson.LEFT], coarse.x, [poisson.RIGHT]]),
                     np.concatenate([[0.0], coarse.discrete, [0.0]]))


def train_network(prob: Problem, model: torch.nn.Module, *, train_points: int, adam_steps: int, lbfgs_steps: int,
                  lr: float, record_every: int, switch: AutoSwitch | None = None) -> train.History:
    """Adam, then L-BFGS, on the discrete energy of a fixed ``train_points`` grid; output recorded on ``prob.x``.

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
    coarse = poisson.problem(_check.integer(train_points, "train_points", minimum=3), source=prob.source, dim=prob.dim)
    loss = losses.discrete_loss(coarse, dtype=first.dtype, device=first.device)
    adam_steps = _check.integer(adam_steps, "adam_steps", minimum=0)
    lbfgs_steps = _check.integer(lbfgs_steps, "lbfgs_steps", minimum=0)
    every = _check.integer(record_every, "record_every", minimum=1)
    if switch is not None:
        if not isinstance(switch, AutoSwitch):
            raise TypeError(f"switch must be a hybrid.AutoSwitch, got {type(switch).__name__}")
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
    return timing.best_of(lambda: nets.predict(model, prob.points))[1]


def predicted_hybrid_times(prob: Problem, history: train.History, tol: float, seconds_per_iteration: float,
                           eval_seconds: float) -> np.ndarray:
    """Time to ``tol`` when switching at each recorded step: training + evaluation + Jacobi sweeps.

    The sweeps come from the exact mode decay (``relax.iterations_to_tolerance``) times the measured
    cost per sweep: a prediction for every recorded step, cheap enough to scan them all.
    """
    _check_recorded(history, prob)
    seconds_per_iteration = _check.positive(seconds_per_iteration, "seconds_per_iteration")
    if isinstance(eval_seconds, bool) or not np.isfinite(eval_seconds) or eval_seconds < 0:
        raise ValueError(f"eval_seconds must be a non-negative number of seconds, got {eval_seconds!r}")
    sweeps = np.array([relax.iterations_to_tolerance(prob, u.reshape(prob.shape), tol) for u in history.outputs])
    return history.times + eval_seconds + sweeps * seconds_per_iteration


def best_switch(prob: Problem, history: train.History, tol: float, seconds_per_iteration: float,
                eval_seconds: float, *, budget: float, label: str | None = None) -> tuple[int, Curve]:
    """The switch that ``predicted_hybrid_times`` says is fastest (in hindsight, over the recorded steps),
    and Jacobi measured from there (``jacobi_curve``, within ``budget`` seconds): (index, curve)."""
    i = int(np.argmin(predicted_hybrid_times(prob, history, tol, seconds_per_iteration, eval_seconds)))
    label = label or f"Jacobi after {history.times[i]:.2f} s (best switch for {tol:g})"
    return i, jacobi_curve(prob, history.outputs[i], tol=tol, budget=budget, start=history.times[i] + eval_seconds,
                           label=label)


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
        """Start watching ``model`` trained on ``coarse`` for a fine grid of ``fine_n`` points (``train_network`` calls it)."""
        m, n = coarse.n, _check.integer(fine_n, "fine_n", minimum=3)
        self.model, self.coarse, self.modes = model, coarse, min(m, n)  # the sine modes both grids carry
        self.mu_coarse = poisson.eigenvalues(m)[: self.modes]
        self.mu_fine = poisson.eigenvalues(n)[: self.modes]
        self.g_hat = scipy.fft.dst(coarse.g, type=1)[: self.modes] / (m + 1)
        self.log_lam = np.log(np.abs(relax.damping_factors(n)[: self.modes]))
        self.start = time.perf_counter()
        self.last_check = -np.inf
        self.best, self.best_time, self.best_state, self.checks = np.inf, 0.0, None, []

    def elapsed(self) -> float:
        return time.perf_counter() - self._started()

    def predicted_total(self) -> float:
        self._started()
        u = nets.predict(self.model, self.coarse.x)
        r = poisson.residual(u, self.coarse.g, self.coarse.h)
        r_hat = scipy.fft.dst(r, type=1)[: self.modes] / (self.coarse.n + 1)
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


# The amortized solver: one operator network, trained once on a family of right-hand sides, replaces
# every m-th iteration of weighted Jacobi (HINTS: Zhang, Kahana et al., Nature Machine Intelligence 2024).

def sine_inputs(values, x, inputs: int, dim: int = 1) -> np.ndarray:
    """The first ``inputs`` sine coefficients (``spectrum.dirichlet_dst``) of ``values`` on the interior points ``x``:
    what the branch of a ``nets.DeepONet`` reads. The same numbers on every grid for the same function.
    With ``dim=2`` (``values`` of shape (..., n, n)): the lowest K x K block of the 2D sine coefficients,
    K^2 = ``inputs``, flattened (k-major)."""
    inputs = _check.integer(inputs, "inputs", minimum=1)
    if _check.integer(dim, "dim", minimum=1) == 1:
        return dirichlet_dst(values, x).coef[..., :inputs]
    side = round(np.sqrt(inputs))
    if side**2 != inputs:
        raise ValueError(f"inputs must be a square number in 2D (a K x K block of modes), got {inputs}")
    values = np.asarray(values, dtype=float)
    coef = scipy.fft.dstn(values, type=1, axes=(-2, -1))[..., :side, :side] / (len(x) + 1) ** 2
    return coef.reshape(values.shape[:-2] + (inputs,))


def train_operator(model: nets.DeepONet, sources, *, steps: int, lr: float, batch_size: int | None = None) -> train.History:
    """Train ``model`` (Adam) to map a right-hand side f to the discrete solution of A u = f on its grid.

    ``sources``: shape (count, n), e.g. ``poisson.random_sources``, or (count, n, n) in 2D; each is solved
    by the banded solve (the sine solve in 2D) on its grid (nothing is downloaded). The loss is the mean
    squared error of u divided by the norm of the source's sine inputs (the network's own scale), so
    that every source counts alike.
    """
    if not isinstance(model, nets.DeepONet):
        raise TypeError(f"model must be a nets.DeepONet, got {type(model).__name__}")
    sources = _check.real_array(sources, "sources", ndim=None)
    if sources.ndim not in (2, 3):
        raise ValueError(f"sources must have shape (count, n) or (count, n, n), got {sources.shape}")
    dim = sources.ndim - 1
    x, h = poisson.grid(sources.shape[1])
    inputs = sine_inputs(sources, x, model.inputs, dim)
    scale = np.linalg.norm(inputs, axis=1, keepdims=True)
    if np.any(scale == 0):
        raise ValueError("sources must not contain a source with zero sine inputs (nothing to learn from)")
    solve = poisson.banded_solve if dim == 1 else poisson.sine_solve
    solutions = np.stack([solve(f, h).reshape(-1) for f in sources])
    first = next(model.parameters())
    points = torch.as_tensor(poisson.grid_points(len(x), dim), dtype=first.dtype, device=first.device)

    def loss(model, c, u, s):
        return torch.mean(((model(c, points) - u) / s) ** 2)

    return train.fit(model, loss, (inputs, solutions, scale), steps=steps, lr=lr, batch_size=batch_size,
                     desc="operator network")


class OperatorCorrection:
    """The network's correction on one grid: for a residual r = g - A u, e = model(r) approximates A^-1 r.

    The trunk is evaluated once at the grid's points (cached); each correction costs one sine transform,
    one branch evaluation and one (n x basis) product, in float64 outside the branch.
    """

    def __init__(self, model: nets.DeepONet, prob: Problem):
        if not isinstance(model, nets.DeepONet):
            raise TypeError(f"model must be a nets.DeepONet, got {type(model).__name__}")
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
            b = self.model.branch(torch.as_tensor(c / s, dtype=self.dtype, device=self.device)).double().cpu().numpy()
        return (s * (self.basis @ b)).reshape(self.prob.shape)

    def response(self, modes: int | None = None) -> np.ndarray:
        """What one correction leaves of each sine mode: column k (k = 1..P) holds the first P sine
        coefficients of the error left when the error is mode k alone (P = ``modes``, default n).

        Measured, all modes at once (their residual is mu_k times the mode). Modes the branch does not
        read (k > inputs) are left as they are. For a linear branch this matrix is the correction.
        """
        if self.prob.dim != 1:
            raise ValueError("response is measured mode by mode on a 1D grid only")
        n, inputs = self.prob.n, self.model.inputs
        size = n if modes is None else min(_check.integer(modes, "modes", minimum=1), n)
        read = min(inputs, size)
        with torch.no_grad():
            b = self.model.branch(torch.eye(inputs, dtype=self.dtype, device=self.device)[:read]).double().cpu().numpy()
        mu = poisson.eigenvalues(n)[:read, None]
        corrections = mu * (b @ self.basis.T)  # row k: the correction for the error mode k
        left = np.eye(size)
        left[:, :read] -= (scipy.fft.dst(corrections, type=1, axis=-1)[:, :size] / (n + 1)).T
        return left

    def factors(self, modes: int | None = None) -> np.ndarray:
        """|what one correction leaves of mode k in mode k itself|, k = 1..P: the network's per-mode reduction."""
        return np.abs(np.diag(self.response(modes)))


@dataclass
class Interleaved:
    """What ``interleaved_solve`` saw. ``residuals``: ||g - A u||_2 / ||g||_2 after each cycle (``iterations``);
    ``mode_errors``: |the error's sine coefficient| / its start value at each iteration up to ``record_until``,
    one column per tracked mode (None when no modes were tracked); ``seconds``: wall time, recording excluded."""

    iterations: np.ndarray
    residuals: np.ndarray
    mode_errors: np.ndarray | None
    seconds: float
    converged: bool
    final: np.ndarray


def interleaved_solve(prob: Problem, correction: OperatorCorrection, *, every: int, rtol: float = 1e-8,
                      max_iterations: int = 2_000_000, weight: float | None = None, u0=None, modes=None,
                      record_until: int = 0) -> Interleaved:
    """Weighted Jacobi on ``prob`` with iterations 0, m, 2m, ... (m = ``every``) replaced by one network
    correction u += correction(g - A u) (weight ``weight``: 2/3 in 1D, 4/5 in 2D by default; 1D or 2D);
    until ||g - A u||_2 <= ``rtol`` ||g||_2 (checked once per cycle,
    the check timed), ``max_iterations``, or a relative residual above 1e6 (diverging). ``modes``
    (1-based sine modes) are recorded against the discrete solution at every iteration up to
    ``record_until``, off the clock.
    """
    if not isinstance(correction, OperatorCorrection) or correction.prob.shape != prob.shape:
        raise TypeError("correction must be an OperatorCorrection built for this problem's grid")
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
    sweeper = relax.Sweeper(prob, "weighted-jacobi", relax.weight_for("weighted-jacobi", weight, prob.dim), u)
    g_norm = np.linalg.norm(prob.g)
    target = rtol * g_norm
    iterates, iterations, residuals = [], [], []
    seconds, done, converged = 0.0, 0, False

    def record():
        iterates.append(sweeper.interior().copy())

    if tracked:
        record()
    while done < max_iterations and not converged:
        start = time.perf_counter()
        u = sweeper.interior()
        u += correction(poisson.residual(u, prob.g, prob.h))
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
        left = np.linalg.norm(poisson.residual(sweeper.interior(), prob.g, prob.h))
        converged = left <= target
        seconds += time.perf_counter() - start
        iterations.append(done)
        residuals.append(left / g_norm)
        if not residuals[-1] <= 1e6:  # diverging (or NaN): stop before it overflows
            break
    errors = relax.mode_errors(prob, np.array(iterates), modes) if tracked else None
    return Interleaved(np.array(iterations), np.array(residuals), errors, seconds, bool(converged), sweeper.interior().copy())


def predicted_rates(correction: OperatorCorrection, everies, *, weight: float = relax.WEIGHTS[1],
                    modes: int | None = None) -> np.ndarray:
    """Per m in ``everies``: the factor by which one cycle (a correction, then m - 1 weighted Jacobi sweeps)
    shrinks the error in the long run — the spectral radius of diag(lambda_k^(m-1)) x ``correction.response``
    over the first ``modes`` sine modes (Jacobi's exact factors, the network's measured response)."""
    left = correction.response(modes)
    lam = relax.damping_factors(correction.prob.n, weight)[: len(left)]
    return np.array([np.max(np.abs(np.linalg.eigvals(lam[:, None] ** (_check.integer(m, "each m", minimum=1) - 1)
                                                      * left))) for m in everies])


def predicted_iterations(correction: OperatorCorrection, everies, rtol: float, *, weight: float = relax.WEIGHTS[1],
                         modes: int | None = None) -> np.ndarray:
    """Iterations for the error to shrink by ``rtol`` at the rates of ``predicted_rates``: m x ceil(log rtol / log rate)
    (inf where a cycle does not shrink it)."""
    rates = predicted_rates(correction, everies, weight=weight, modes=modes)
    rtol = _check.positive(rtol, "rtol")
    cycles = np.full(len(rates), np.inf)
    shrinking = rates < 1
    cycles[shrinking] = np.ceil(np.log(rtol) / np.log(rates[shrinking]))
    return np.asarray(everies, dtype=float) * cycles


def solver_standings(prob: Problem, correction: OperatorCorrection, *, every: int, rtol: float = 1e-8,
                     budget: float = 5.0) -> dict:
    """Iterations and seconds to ||g - A u||_2 <= ``rtol`` ||g||_2 from zero, for every solver of notebook 09.

    Returns {name: (iterations, seconds, extrapolated)}. Plain and weighted Jacobi: the closed-form sweep
    count (``relax.iterations_to_residual``), run and timed when it fits in ``budget`` seconds, else that
    count times the measured cost per sweep (extrapolated). The interleaved solver and multigrid's
    V-cycles (from zero, residual checks included) are measured, best of three; the banded solve (in 2D
    the fast sine solve) and a sparse LU (factorization included) are direct, one "iteration".
    """
    zero = np.zeros(prob.shape)
    table = {}
    damped = relax.WEIGHTS[prob.dim]
    for name, method, weight in (("Jacobi", "jacobi", 1.0), (f"weighted Jacobi ({damped:.2g})", "weighted-jacobi", damped)):
        count = relax.iterations_to_residual(prob, zero, rtol, weight)
        estimate = count * relax.seconds_per_iteration(prob, method=method)
        if estimate <= budget:
            run = relax.relax(prob, iterations=int(count), method=method, weight=weight, keep_iterates=False)
            table[name] = (count, run.times[-1], False)
        else:
            table[name] = (count, estimate, True)
    run, seconds = timing.best_of(lambda: interleaved_solve(prob, correction, every=every, rtol=rtol),
                                  seconds=lambda result: result.seconds)
    table[f"interleaved (network every {every})"] = (run.iterations[-1] if run.converged else np.inf, seconds, False)
    (_, _, cycles), seconds = timing.best_of(lambda: multigrid.solve(prob, rtol=rtol), seconds=lambda result: result[1])
    table["multigrid V-cycles"] = (cycles, seconds, False)
    if prob.dim == 1:
        table["banded direct solve"] = (1, timing.best_of(lambda: poisson.banded_solve(prob.g, prob.h))[1], False)
    else:
        table["sine transform solve"] = (1, timing.best_of(lambda: poisson.sine_solve(prob.g, prob.h))[1], False)
    matrix = poisson.laplacian(prob.n, prob.h, prob.dim).tocsc()
    table["sparse LU (splu)"] = (1, timing.best_of(lambda: scipy.sparse.linalg.splu(matrix).solve(prob.g.ravel()))[1],
                                 False)
    return table


def breakeven_solves(training_seconds: float, baseline_seconds: float, solve_seconds: float) -> float:
    """How many solves pay for the training: training / (baseline - solve) seconds, rounded up; inf (never) when
    the solve is not faster than the baseline."""
    training_seconds = _check.positive(training_seconds, "training_seconds")
    saving = _check.positive(baseline_seconds, "baseline_seconds") - _check.positive(solve_seconds, "solve_seconds")
    return float(np.ceil(training_seconds / saving)) if saving > 0 else np.inf


def classical_standings(prob: Problem, *, tol: float | None = None, budget: float = 5.0) -> dict:
    """Seconds from zero to max |u - exact| <= 1.01 x the discretization error (or ``tol``, if given and larger),
    for the classical solvers (1D or 2D).

    Returns {name: (seconds, extrapolated)}: Jacobi (the closed-form sweep count, run when it fits in
    ``budget`` seconds, else times the measured cost per sweep: extrapolated); the bundle's geometric
    multigrid (FMG, then V-cycles); pyamg's algebraic multigrid (setup included; the loosest residual
    tolerance that reaches the target); a sparse LU solve (factorization included); the fast sine solve.
    """
    if prob.exact is None:
        raise ValueError("prob must know its exact solution (the discretization error is the target)")
    target = max(1.01 * prob.discretization_error, 0.0 if tol is None else _check.positive(tol, "tol"))
    zero = np.zeros(prob.shape)
    count = relax.iterations_to_tolerance(prob, zero, target)
    estimate = count * relax.seconds_per_iteration(prob)
    if estimate <= budget:
        run = relax.relax(prob, iterations=int(count), keep_iterates=False)
        table = {"Jacobi": (run.times[-1], False)}
    else:
        table = {"Jacobi": (estimate, True)}
    table["multigrid (bundle: FMG + V-cycles)"] = (timing.best_of(lambda: multigrid.solve(prob, tol=target),
                                                                  seconds=lambda result: result[1])[1], False)
    for rtol in 10.0 ** -np.arange(2, 13):
        u, *_ = multigrid.algebraic(prob, rtol=rtol)
        if np.abs(u - prob.exact).max() <= target:
            break
    table["algebraic multigrid (pyamg)"] = (timing.best_of(lambda: multigrid.algebraic(prob, rtol=rtol),
                                                           seconds=lambda result: result[1] + result[2])[1], False)
    matrix = poisson.laplacian(prob.n, prob.h, prob.dim).tocsc()
    table["sparse LU (splu)"] = (timing.best_of(lambda: scipy.sparse.linalg.splu(matrix).solve(prob.g.ravel()))[1], False)
    table["sine transform solve"] = (timing.best_of(lambda: poisson.sine_solve(prob.g, prob.h))[1], False)
    return table
