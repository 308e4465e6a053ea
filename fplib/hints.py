"""A network that reads the coefficient k and the residual (the HINTS design: Zhang, Kahana et al., Nature
Machine Intelligence 2024), for -div(k grad u) = g with a new k in every solve.

``coefficient_inputs`` samples log k for the branch, ``train_coefficient_operator`` trains it once on random k
and sources, ``CoefficientCorrection`` applies it on one problem (with an energy-optimal step by default),
``hints_preconditioner`` wraps it as Jacobi -> network -> Jacobi for ``krylov.flexible_cg``; ``mode_factors``
and ``jacobi_step`` measure what a step leaves of each sine mode; ``network_error_per_mode`` is the network's
relative error in each sine mode (with ``train.learning_order``: which modes training learns first). The
interleaved iteration is ``amortized.interleaved_solve``, which takes a ``CoefficientCorrection`` too.
"""
from __future__ import annotations

import numpy as np
import scipy.fft
import torch

from . import _check, nets, poisson, relax, train
from .amortized import sine_inputs
from .poisson import Problem
from .sweeper import Sweeper


def coefficient_inputs(coefficient, side: int, dim: int = 1) -> np.ndarray:
    """What the branch reads of k: log k at ``side`` equispaced points of [-1, 1] (``side`` x ``side`` in 2D,
    flattened), linearly interpolated from the grid values ``coefficient`` (shape (..., n + 2) or
    (..., n + 2, n + 2), boundary included). Our choice: log k, since k spans orders of magnitude."""
    side, dim = _check.integer(side, "side", minimum=2), _check.dim(dim)
    k = _check.real_array(coefficient, "coefficient", ndim=None)
    if k.ndim < dim or len(set(k.shape[-dim:])) != 1 or np.any(k <= 0):
        raise ValueError(f"coefficient must hold positive k on (n + 2)^{dim} grid points, got shape {k.shape}")
    every = np.linspace(poisson.LEFT, poisson.RIGHT, k.shape[-1])
    weights = np.stack([np.interp(np.linspace(poisson.LEFT, poisson.RIGHT, side), every, e) for e in np.eye(len(every))], 1)
    values = np.log(k) @ weights.T
    if dim == 2:
        values = np.swapaxes(np.swapaxes(values, -1, -2) @ weights.T, -1, -2)
    return values.reshape(k.shape[:k.ndim - dim] + (side**dim,))


def train_coefficient_operator(model: nets.DeepONet, coefficients, sources, *, side: int, steps: int, lr: float,
                               batch_size: int | None = None, weighting: str = "solution", level: str = "harmonic",
                               on_step=None) -> train.History:
    """Train ``model`` (Adam) to map (k, f) to the solution of -div(k grad u) = f on the sources' grid (HINTS's
    design: the branch reads k and the right-hand side). The branch reads ``coefficient_inputs`` (``side``)
    followed by the source's ``sine_inputs`` divided by their norm s; the output is multiplied by s / k_h (so u
    scales with f and with 1 / k; k_h, the harmonic mean of k over the grid, our choice, puts every contrast on one
    scale; in 1D it is the exact conductance of layers in series). ``level="geometric"`` divides by the geometric
    mean of k instead (a control, ours: the network must then read u's size from k). ``coefficients``: shape
    (count, n + 2) or (count, n + 2, n + 2); ``sources``: (count, n) or (count, n, n); each pair is solved
    directly (``poisson.direct_solve``). ``weighting``: "solution", the mean squared error of u / s (every point of u
    alike: u's low sine modes, the largest, weigh most); "residual", that of A (u_net - u) / s (every mode of f alike: the high modes
    of u weigh most); or "equal", the error of each sine mode of u divided by that mode's root-mean-square over the
    training solutions (every mode's relative error alike) with each residual mode the branch reads scaled the same
    way (``model.input_scale``: every input of one size) — the control that separates spectral bias from the loss's
    weighting and the inputs' sizes. ``on_step``: as in ``train.fit`` (a hook that records, e.g. for
    ``train.learning_order``).
    """
    _check.instance(model, nets.DeepONet, "model", "nets.DeepONet")
    _check.one_of(weighting, "weighting", ("solution", "residual", "equal"))
    _check.one_of(level, "level", tuple(LEVELS))
    sources = _check.real_array(sources, "sources", ndim=None)
    coefficients = _check.real_array(coefficients, "coefficients", ndim=None)
    dim = sources.ndim - 1
    if dim not in (1, 2) or coefficients.shape != (len(sources),) + tuple(m + 2 for m in sources.shape[1:]):
        raise ValueError(f"coefficients must have shape (count, n + 2[, n + 2]) for sources of shape (count, n[, n]); "
                         f"got {coefficients.shape} and {sources.shape}")
    x, h = poisson.grid(sources.shape[1])
    read = _residual_inputs(model, side, dim)
    c = sine_inputs(sources, x, read, dim)
    scale = np.linalg.norm(c, axis=1, keepdims=True)
    if np.any(scale == 0):
        raise ValueError("sources must not contain a source with zero sine inputs (nothing to learn from)")
    walls = [poisson.faces(k) for k in coefficients]
    solutions = np.stack([poisson.direct_solve(f, h, w).ravel() for w, f in zip(walls, sources)])
    solutions *= LEVELS[level](coefficients, dim)[:, None] / scale
    inputs = np.concatenate([coefficient_inputs(coefficients, side, dim), c / scale], axis=1)
    first = next(model.parameters())
    equalized = np.concatenate([np.ones(side**dim), 1 / _spread(c / scale)]) if weighting == "equal" else 1.0
    model.input_scale.copy_(torch.as_tensor(np.ones(model.inputs) * equalized))
    points = torch.as_tensor(poisson.grid_points(len(x), dim), dtype=first.dtype, device=first.device)

    if weighting == "equal":  # the orthonormal sine transform and each mode's spread over the solutions
        sines = torch.as_tensor(scipy.fft.dst(np.eye(len(x)), type=1, norm="ortho"), dtype=first.dtype, device=first.device)
        modes = scipy.fft.dstn(solutions.reshape(sources.shape), type=1, norm="ortho", axes=tuple(range(1, dim + 1)))
        spread = torch.as_tensor(_spread(modes), dtype=first.dtype, device=first.device)

    def loss(model, c, u, *faces):
        error = (model.coefficients(c) @ model.basis(points).T - u).reshape((len(c),) + sources.shape[1:])
        if weighting == "residual":
            error = _apply_torch(error, faces, h) * h**2
        elif weighting == "equal":
            error = (sines @ error if dim == 2 else error) @ sines / spread
        return torch.mean(error**2)

    data = (inputs, solutions) + tuple(np.stack([w[a] for w in walls]) for a in range(dim)) * (weighting == "residual")
    return train.fit(model, loss, data, steps=steps, lr=lr, batch_size=batch_size, on_step=on_step,
                     desc="coefficient operator network")


def network_error_per_mode(model: nets.DeepONet, problems, side: int, *, level: str = "harmonic") -> np.ndarray:
    """The network's relative error in each sine mode of u over ``problems`` (1D, one grid, each with its k):
    ||mode j of (u_net - u)|| / ||mode j of u||, both norms over the problems, u the discrete solution and u_net
    the network's answer for the residual g (the undamped correction from u = 0). The F-Principle's measure
    (notebook 01's relative error per frequency) for an operator network."""
    _check.instance(model, nets.DeepONet, "model", "nets.DeepONet")
    problems = list(problems)
    for i, prob in enumerate(problems):
        _check.instance(prob, Problem, f"problems[{i}]", "poisson.Problem")
        if prob.coefficient is None:
            raise ValueError(f"problems[{i}] must have a variable coefficient k (the network reads it)")
    if not problems or {(p.dim, p.n) for p in problems} != {(1, problems[0].n)}:
        raise ValueError("problems must be a non-empty list of 1D problems on one grid")
    ks, level = np.array([prob.coefficient for prob in problems]), _check.one_of(level, "level", tuple(LEVELS))
    residual_inputs = sine_inputs(np.array([p.g for p in problems]), problems[0].x, _residual_inputs(model, side, 1))
    outputs = _answers(model, coefficient_inputs(ks, side), residual_inputs, LEVELS[level](ks, 1),
                       _basis(model, problems[0].points))
    exact = scipy.fft.dst(np.array([prob.discrete for prob in problems]), type=1, axis=1)
    return np.linalg.norm(scipy.fft.dst(outputs, type=1, axis=1) - exact, axis=0) / np.linalg.norm(exact, axis=0)


def _basis(model, points) -> np.ndarray:
    """The trunk's basis functions at ``points``: (points x basis), float64."""
    parameter = next(model.parameters())
    with torch.no_grad():
        return model.basis(torch.as_tensor(points, dtype=parameter.dtype, device=parameter.device)).double().cpu().numpy()


def _answers(model, k_inputs, residual_inputs, levels, basis) -> np.ndarray:
    """``CoefficientCorrection``'s undamped answers for a batch (rows), in one evaluation (equal to round-off):
    with s the norm of each row of ``residual_inputs``, e = s / level * (basis @ b), b the branch's coefficients
    for (k's inputs, residual inputs / s); e = 0 where s = 0."""
    s = np.linalg.norm(residual_inputs, axis=1, keepdims=True)
    first = next(model.parameters())
    inputs = np.concatenate([k_inputs, residual_inputs / np.where(s == 0, 1, s)], axis=1)
    with torch.no_grad():
        b = model.coefficients(torch.as_tensor(inputs, dtype=first.dtype, device=first.device)).double().cpu().numpy()
    return s / np.reshape(levels, (-1, 1)) * (b @ basis.T)


def _spread(values):
    """The root-mean-square of each entry over the rows of ``values``, floored at 1e-12 of the largest: the scale
    that makes every entry count alike."""
    rms = np.sqrt(np.mean(np.asarray(values) ** 2, axis=0))
    return np.maximum(rms, 1e-12 * rms.max())


def _harmonic_mean(coefficients, dim):
    """The harmonic mean of each k over its grid points: the scale of k that u varies inversely with."""
    k = np.asarray(coefficients, dtype=float)
    return 1.0 / np.mean(1.0 / k, axis=tuple(range(k.ndim - dim, k.ndim)))


def _geometric_mean(coefficients, dim):
    """The geometric mean of each k over its grid points."""
    k = np.asarray(coefficients, dtype=float)
    return np.exp(np.mean(np.log(k), axis=tuple(range(k.ndim - dim, k.ndim))))


LEVELS = {"harmonic": _harmonic_mean, "geometric": _geometric_mean}  # the scale of k the output is divided by


def _residual_inputs(model, side, dim):
    read = model.inputs - _check.integer(side, "side", minimum=2) ** dim
    if read < 1:
        raise ValueError(f"model.inputs ({model.inputs}) must exceed side^dim ({side**dim}): the branch reads k, then the residual")
    return read


def _apply_torch(u, faces, h):
    """-div(k grad u) for a batch u of shape (batch, n[, n]) and k at the faces (batch first), over h^2."""
    dim, result = u.ndim - 1, 0
    padded = torch.nn.functional.pad(u, (1, 1) * dim)
    for axis, k in enumerate(faces):
        cut = (slice(None),) + tuple(slice(None) if a == axis else slice(1, -1) for a in range(dim))
        result = result - torch.diff(torch.diff(padded[cut], dim=axis + 1) * k, dim=axis + 1)
    return result / h**2


class CoefficientCorrection:
    """The k-reading network's correction on one problem (its grid and its k): for a residual r = g - A u,
    e = model(k, r) approximates A^-1 r. The trunk and the coefficient inputs are computed once (the set-up
    per new k: one interpolation); each correction costs a sine transform, one branch evaluation and one
    (points x basis) product. ``damped`` (our choice, not HINTS's): scale e by the step a = (e . r) / (e . A e)
    that minimizes the energy norm of the error along e (one more product with A), so that a poor correction
    can never make the error larger in that norm. ``level``: as the network was trained with (see
    ``train_coefficient_operator``)."""

    def __init__(self, model: nets.DeepONet, prob: Problem, side: int, *, damped: bool = True, level: str = "harmonic"):
        _check.instance(model, nets.DeepONet, "model", "nets.DeepONet")
        _check.instance(prob, Problem, "prob", "poisson.Problem")
        if prob.coefficient is None:
            raise ValueError("prob must have a variable coefficient k (the network reads it)")
        self.read = _residual_inputs(model, side, prob.dim)
        self.model, self.prob, self.damped, self.basis = model, prob, bool(damped), _basis(model, prob.points)
        self.k_inputs = coefficient_inputs(prob.coefficient, side, prob.dim)
        self.level = float(LEVELS[_check.one_of(level, "level", tuple(LEVELS))](prob.coefficient, prob.dim))

    def __call__(self, r: np.ndarray) -> np.ndarray:
        r = np.asarray(r, dtype=float).reshape(self.prob.shape)
        c = sine_inputs(r, self.prob.x, self.read, self.prob.dim)
        s = np.linalg.norm(c)
        if s == 0:
            return np.zeros(self.prob.shape)
        # _answers computes the same for a batch; this one-row form is kept bit for bit, since flexible CG's
        # iteration counts (notebook 13) move with the last bits of each correction
        parameter = next(self.model.parameters())
        inputs = torch.as_tensor(np.concatenate([self.k_inputs, c / s])[None], dtype=parameter.dtype, device=parameter.device)
        with torch.no_grad():
            b = self.model.coefficients(inputs)[0].double().cpu().numpy()
        e = (s / self.level * (self.basis @ b)).reshape(self.prob.shape)
        if not self.damped:
            return e
        curvature = float(np.sum(e * poisson.apply(e, self.prob.h, self.prob.faces)))
        return e * (float(np.sum(e * r)) / curvature) if curvature > 0 else np.zeros(self.prob.shape)


def mode_factors(prob: Problem, step, modes) -> np.ndarray:
    """What ``step`` (a function u -> new u, one iteration or cycle for ``prob``) leaves of the error in each
    sine mode of ``modes`` (1-based, 1D): |mode k's coefficient after| / |before| for the error mode k alone
    (u = discrete - sin(k pi (x + 1) / 2)). Measured mode by mode (a network need not be linear)."""
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    if prob.dim != 1 or not callable(step):
        raise ValueError("mode_factors needs a 1D problem and a callable step(u)")
    modes = np.asarray(modes, dtype=int)
    if modes.ndim != 1 or modes.min() < 1 or modes.max() > prob.n:
        raise ValueError(f"modes must list sine modes between 1 and n = {prob.n}, got {modes!r}")
    factors = []
    for k in modes:
        wave = np.sin(k * np.pi * (prob.x + 1) / 2)
        error = np.asarray(step(prob.discrete - wave), dtype=float) - prob.discrete
        factors.append(abs(error @ wave) / (wave @ wave))
    return np.array(factors)


def jacobi_step(prob: Problem, iterations: int = 1):
    """u -> ``iterations`` weighted Jacobi sweeps (2/3 in 1D, 4/5 in 2D) on ``prob`` from u (variable k too)."""
    iterations = _check.integer(iterations, "iterations", minimum=0)

    def step(u):
        sweeper = Sweeper(prob, "weighted-jacobi", relax.WEIGHTS[prob.dim], u)
        sweeper.run(iterations)
        return sweeper.interior().copy()

    return step


def hints_preconditioner(prob: Problem, correction: CoefficientCorrection | None, *, sweeps: int = 1):
    """HINTS's Krylov preconditioner as a function of the residual r (flat): ``sweeps`` weighted Jacobi sweeps
    for A e = r from e = 0, then e += correction(r - A e), then ``sweeps`` more (Jacobi -> DeepONet -> Jacobi:
    our arrangement; HINTS preconditions Krylov methods too). Nonlinear in r: use it in ``krylov.flexible_cg``.
    ``correction=None``: the same sweeps without the network (the baseline that shows what the network adds)."""
    if correction is not None:
        _check.instance(correction, CoefficientCorrection, "correction", "hints.CoefficientCorrection")
    sweeps = _check.integer(sweeps, "sweeps", minimum=0)
    scale = relax.WEIGHTS[prob.dim] / poisson.laplacian(prob.n, prob.h, prob.dim, prob.faces).diagonal().reshape(prob.shape)

    def precondition(r):
        r = np.asarray(r, dtype=float).reshape(prob.shape)
        e = np.zeros(prob.shape)
        for _ in range(sweeps):
            e += scale * poisson.residual(e, r, prob.h, prob.faces)
        if correction is not None:
            e += correction(poisson.residual(e, r, prob.h, prob.faces))
        for _ in range(sweeps):
            e += scale * poisson.residual(e, r, prob.h, prob.faces)
        return e.ravel()

    return precondition
