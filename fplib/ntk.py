"""The network's counterpart of Jacobi's lambda_k: the empirical neural tangent kernel and the linear
prediction of training.

For ``train.fit(model, train.mse, (x, y), optimizer="sgd", lr=eta)`` (full batch), one step changes
the outputs on the training points by about ``-eta K (f - y)`` with ``K = (2 / n) J J^T``, ``J`` the
Jacobian of the n outputs with respect to all parameters. So the residual evolves as
``r_{t+1} = (I - eta K) r_t``: each eigenvector of K is a mode that gradient descent multiplies by
``1 - eta mu_j`` per step, exactly as Jacobi multiplies each sine mode by lambda_k. The prediction
is exact while K stays fixed, which it does in the lazy regime (``Lazy``, Chizat & Bach 2019).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.func import functional_call, jacrev, vmap

from . import _check, nets, spectrum, train


def jacobian(model: nn.Module, x, *, chunk: int = 256) -> np.ndarray:
    """d model(x_i) / d theta for every point x_i (rows) and trainable parameter (columns), as float64.

    ``x`` of shape (n,) or (n, d); the model must have one output. Computed with ``torch.func``
    (``vmap`` of ``jacrev``) over ``chunk`` points at a time, so memory stays bounded.
    """
    model, inputs = _model_and_inputs(model, x)
    chunk = _check.integer(chunk, "chunk", minimum=1)
    params = {name: p.detach() for name, p in model.named_parameters() if p.requires_grad}
    if not params:
        raise ValueError("model has no trainable parameters: its tangent kernel is zero")

    def output(p, point):
        value = functional_call(model, p, (point[None],))
        if value.numel() != 1:
            raise ValueError(f"model must have one output per point, got {value.numel()}")
        return value.reshape(())

    rows = []
    for part in inputs.split(chunk):
        grads = vmap(jacrev(output), in_dims=(None, 0))(params, part)
        rows.append(torch.cat([g.reshape(len(part), -1) for g in grads.values()], dim=1).double().cpu())
    return torch.cat(rows).numpy()


def kernel(model: nn.Module, x, *, chunk: int = 256) -> np.ndarray:
    """The empirical tangent kernel scaled to ``train.mse``: K = (2 / n) J J^T (n x n, float64).

    With this scaling, full-batch gradient descent at learning rate eta changes the outputs on ``x``
    by -eta K (f - y) per step, to first order.
    """
    jac = jacobian(model, x, chunk=chunk)
    return 2.0 / len(jac) * jac @ jac.T


def eigen(K) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (largest first) and orthonormal eigenvectors (columns) of a symmetric kernel matrix."""
    K = _check.real_array(K, "K", ndim=2)
    if K.shape[0] != K.shape[1] or not np.allclose(K, K.T, rtol=1e-8, atol=1e-12 * np.abs(K).max()):
        raise ValueError(f"K must be a symmetric square matrix, got shape {K.shape}")
    mu, vectors = np.linalg.eigh((K + K.T) / 2)
    return mu[::-1], vectors[:, ::-1]


def predict_outputs(K, initial, target, lr: float, steps) -> np.ndarray:
    """Outputs on the kernel's points after each of ``steps`` gradient-descent steps, linearized:
    f_t = y + V diag((1 - lr mu)^t) V^T (f_0 - y). Shape (len(steps), n)."""
    mu, vectors = eigen(K)
    initial, target = _check.real_array(initial, "initial"), _check.real_array(target, "target")
    if initial.shape != (len(mu),) or target.shape != (len(mu),):
        raise ValueError(f"initial and target must have one value per kernel point ({len(mu)}), "
                         f"got {initial.shape} and {target.shape}")
    lr = _check.positive(lr, "lr")
    steps = _check.real_array(steps, "steps")
    if np.any(steps < 0) or np.any(steps != np.round(steps)):
        raise ValueError("steps must hold non-negative integer step counts")
    if lr * mu.max() >= 2:
        raise ValueError(f"lr = {lr:g} makes gradient descent diverge on this kernel (lr mu_max = {lr * mu.max():.3g} "
                         f">= 2): the linear prediction has no steady state; take lr < {2 / mu.max():.3g}")
    coef = vectors.T @ (initial - target)
    factors = (1 - lr * mu)[None, :] ** steps[:, None]
    return target + (factors * coef) @ vectors.T


def relative_change(K_before, K_after) -> float:
    """||K_after - K_before||_F / ||K_before||_F: how far the kernel moved (0 in the lazy limit)."""
    before, after = _check.real_array(K_before, "K_before", ndim=2), _check.real_array(K_after, "K_after", ndim=2)
    if before.shape != after.shape:
        raise ValueError(f"K_before and K_after must have one shape, got {before.shape} and {after.shape}")
    return float(np.linalg.norm(after - before) / np.linalg.norm(before))


class Lazy(nn.Module):
    """alpha (model(x) - model_0(x)), model_0 a frozen copy of the model at the start (Chizat & Bach, 2019).

    The output starts at zero and its tangent kernel is alpha^2 times the model's: train it with the
    learning rate divided by alpha^2 and the linear prediction is unchanged, while the parameters move
    1/alpha as far -- so for large alpha the kernel stays put and the prediction becomes exact.
    """

    def __init__(self, model: nn.Module, alpha: float):
        super().__init__()
        if not isinstance(model, nn.Module):
            raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
        self.model = model
        self.alpha = _check.positive(alpha, "alpha")
        self.start = copy.deepcopy(model).requires_grad_(False)

    def forward(self, x):
        return self.alpha * (self.model(x) - self.start(x))


@dataclass
class Comparison:
    """A training run beside its linear prediction.

    ``steps``: recorded steps; ``outputs``: the measured outputs there, shape (len(steps), n);
    ``predicted``: the linear prediction from the kernel at the start (None where there is none:
    another optimizer than gradient descent, or a learning rate beyond 2 / mu_max); ``target``: the
    values trained towards; ``kernel_change``: how far the kernel moved over training
    (``relative_change``); ``mu_max_start``, ``mu_max_end``: the kernel's largest eigenvalue at the start
    and at the end (divided by alpha^2, like the learning rate); ``lr``: the learning rate of the
    linearized dynamics; ``loss``: the loss per step.
    """

    steps: np.ndarray
    outputs: np.ndarray
    predicted: np.ndarray | None
    target: np.ndarray
    kernel_change: float
    mu_max_start: float
    mu_max_end: float
    lr: float
    loss: np.ndarray

    @property
    def deviation(self) -> float | None:
        """max over the recorded steps of ||measured - predicted|| / ||target|| (None without a prediction)."""
        if self.predicted is None:
            return None
        return float(np.linalg.norm(self.outputs - self.predicted, axis=1).max() / np.linalg.norm(self.target))


def train_and_predict(model: nn.Module, x, target, *, lr: float, steps: int, record_at=None, alpha: float = 1.0,
                      optimizer: str = "sgd") -> Comparison:
    """Train ``Lazy(model, alpha)`` on the mean squared error at ``x`` and predict the same run from the kernel.

    ``lr`` is the learning rate of the linearized dynamics (the model trains at lr / alpha^2, so every
    alpha has the same prediction); with ``optimizer="adam"`` it is Adam's own learning rate and no
    prediction is made. The output starts at zero for every alpha (the initial output is subtracted).
    """
    target = _check.real_array(target, "target")
    lr = _check.positive(lr, "lr")
    K = kernel(model, x)
    lazy = Lazy(model, alpha)
    gradient_descent = optimizer == "sgd"
    history = train.fit(lazy, train.mse, (x, target), steps=steps, lr=lr / alpha**2 if gradient_descent else lr,
                        optimizer=optimizer, record_x=x, record_at=record_at, desc=f"training (alpha = {alpha:g})")
    after = kernel(lazy, x) / alpha**2
    top_start, top_end = eigen(K)[0][0], eigen(after)[0][0]
    stable = lr * top_start < 2
    predicted = predict_outputs(K, np.zeros(len(target)), target, lr, history.steps) if gradient_descent and stable else None
    return Comparison(history.steps, history.outputs, predicted, target, relative_change(K, after), top_start, top_end,
                      lr, history.loss)


@dataclass
class Learned:
    """When each tracked frequency ``freq`` first falls below the threshold: ``measured`` and ``predicted``
    (inf: not within the run; ``predicted`` is None where the run has no prediction)."""

    freq: np.ndarray
    measured: np.ndarray
    predicted: np.ndarray | None


def learned_at(run: Comparison, t, *, peaks=None, threshold: float = 0.1) -> Learned:
    """The first recorded step at which each frequency's relative error (complex form) falls below
    ``threshold``, for a run on the equally spaced angles ``t`` (``spectrum.FrequencyTracker.uniform``;
    ``peaks``: the frequencies to track, by default the target's spectral peaks)."""
    _check.instance(run, Comparison, "run")

    def first(outputs):
        tracker = spectrum.FrequencyTracker.uniform(t, run.target, angular=True, peaks=peaks)
        return tracker.record_all(run.steps, outputs).first_below(threshold), tracker.freq

    measured, freq = first(run.outputs)
    return Learned(freq, measured, None if run.predicted is None else first(run.predicted)[0])


def circle_points(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` equally spaced angles t_j = 2 pi j / n and the points (cos t_j, sin t_j) of the unit circle."""
    n = _check.integer(n, "n", minimum=4)
    t = 2 * np.pi * np.arange(n) / n
    return t, np.stack([np.cos(t), np.sin(t)], axis=1)


def frequency_eigenvalues(K, t, k_max: int) -> np.ndarray:
    """The kernel's eigenvalue at each frequency k = 0..k_max on the equally spaced angles ``t``:
    the mean of e^T K e over the normalized cos(k t) and sin(k t) (exact where K is rotation invariant)."""
    K = _check.real_array(K, "K", ndim=2)
    t = _check.real_array(t, "t")
    if K.shape != (len(t), len(t)):
        raise ValueError(f"K must be len(t) x len(t) = {len(t)} x {len(t)}, got {K.shape}")
    k_max = _check.integer(k_max, "k_max", minimum=0)
    if 2 * k_max >= len(t):
        raise ValueError(f"k_max must be below half the number of points ({len(t) // 2}), got {k_max}")
    values = []
    for k in range(k_max + 1):
        modes = [np.cos(k * t)] + ([np.sin(k * t)] if k else [])
        values.append(np.mean([m @ K @ m / (m @ m) for m in modes]))
    return np.array(values)


def fourier_overlap(vectors, t, k_max: int) -> tuple[np.ndarray, np.ndarray]:
    """For each column of ``vectors``: the frequency k <= k_max whose cos/sin pair captures most of it,
    and the captured fraction of its squared norm (1 = a pure Fourier mode)."""
    vectors = _check.real_array(vectors, "vectors", ndim=2)
    t = _check.real_array(t, "t")
    if len(vectors) != len(t):
        raise ValueError(f"vectors must have one row per angle of t ({len(t)}), got {len(vectors)}")
    k_max = _check.integer(k_max, "k_max", minimum=0)
    captured = []
    for k in range(k_max + 1):
        basis = np.stack([np.cos(k * t)] + ([np.sin(k * t)] if k else []), axis=1)
        q, _ = np.linalg.qr(basis)
        captured.append(np.sum((q.T @ vectors) ** 2, axis=0) / np.sum(vectors**2, axis=0))
    captured = np.array(captured)
    return captured.argmax(axis=0), captured.max(axis=0)


def circle_kernel(theta, activation: str = "relu", *, bias: bool = True, nodes: int = 150) -> np.ndarray:
    """The infinite-width tangent kernel (up to the factor 2/n) of ``nets.TwoLayer(2, m, activation)``
    between two points of the unit circle at angle ``theta`` apart.

    With z = (x, 1) (or x without bias), u = w.x + b and u' = w.x' + b are jointly Gaussian with
    variance |z|^2 and covariance z.z', and the kernel is z.z' E[act'(u) act'(u')] + E[act(u) act(u')]
    (first layer, then output layer; every weight drawn from N(0, 1)). For ``"relu"`` both expectations
    are the arc-cosine kernels of degree 0 and 1 (Cho & Saul, 2009): z.z' (pi - phi) / (2 pi) and
    |z|^2 (sin phi + (pi - phi) cos phi) / (2 pi), phi the angle between z and z'. For any other
    activation of ``nets.ACTIVATIONS`` they are computed by Gauss-Hermite quadrature with ``nodes``^2 points.
    """
    theta = _check.real_array(theta, "theta", ndim=None)
    _check.one_of(activation, "activation", tuple(nets.ACTIVATIONS))
    nodes = _check.integer(nodes, "nodes", minimum=2)
    norm2 = 2.0 if bias else 1.0
    dot = np.cos(theta) + (1.0 if bias else 0.0)
    rho = np.clip(dot / norm2, -1.0, 1.0)
    if activation == "relu":
        phi = np.arccos(rho)
        return (dot * (np.pi - phi) + norm2 * (np.sin(phi) + (np.pi - phi) * np.cos(phi))) / (2 * np.pi)
    values, where = np.unique(rho, return_inverse=True)
    g, weight = np.polynomial.hermite_e.hermegauss(nodes)  # nodes and weights for the weight exp(-g^2 / 2)
    g1, g2, w = g[:, None], g[None, :], (weight[:, None] * weight[None, :]) / (2 * np.pi)
    r = values[:, None, None]
    u, v = np.sqrt(norm2) * g1, np.sqrt(norm2) * (r * g1 + np.sqrt(1 - r**2) * g2)
    act_u, slope_u = _activation_and_slope(activation, np.broadcast_to(u, v.shape))
    act_v, slope_v = _activation_and_slope(activation, v)
    first = np.sum(w * slope_u * slope_v, axis=(1, 2))
    second = np.sum(w * act_u * act_v, axis=(1, 2))
    return (norm2 * values * first + second)[where].reshape(theta.shape)


def _activation_and_slope(activation: str, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """act(u) and act'(u) of the network's own activation module, in float64."""
    inputs = torch.tensor(np.ascontiguousarray(u), dtype=torch.float64, requires_grad=True)
    outputs = nets.ACTIVATIONS[activation]()(inputs)
    (slope,) = torch.autograd.grad(outputs.sum(), inputs)
    return outputs.detach().numpy(), slope.numpy()


def _model_and_inputs(model, x):
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    first = next(model.parameters(), None)
    if first is None:
        raise ValueError("model has no parameters: its tangent kernel is zero")
    x = np.asarray(x, dtype=float)
    if x.ndim not in (1, 2) or len(x) == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a finite array of shape (n,) or (n, d), got shape {x.shape}")
    return model, torch.as_tensor(x.reshape(len(x), -1), dtype=first.dtype, device=first.device)
