"""Training losses for a network that solves the Poisson problem: the discrete energy on the grid and
the Deep Ritz energy on random points (PyTorch, differentiable in the network's parameters)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from . import _check, config
from .poisson import LEFT, RIGHT, Problem


def discrete_energy(u: torch.Tensor, g: torch.Tensor, h: float) -> torch.Tensor:
    """E(u) = 1/2 u^T A u - g^T u for u on the interior points (a vector, or an n x n array in 2D); its
    minimizer is the discrete solution.

    ``h^dim * E(u)`` approximates the continuous energy; the gradient of E is A u - g.
    """
    if u.dim() == 2:
        padded = torch.nn.functional.pad(u, (1, 1, 1, 1))
        gradient = torch.sum(torch.diff(padded[:, 1:-1], dim=0) ** 2) + torch.sum(torch.diff(padded[1:-1, :], dim=1) ** 2)
        return 0.5 * gradient / h**2 - torch.sum(g * u)
    padded = torch.nn.functional.pad(u.reshape(1, -1), (1, 1)).reshape(-1)
    return 0.5 * torch.sum(torch.diff(padded) ** 2) / h**2 - torch.sum(g.reshape(-1) * u.reshape(-1))


def ritz_energy(model: torch.nn.Module, x: torch.Tensor, g: torch.Tensor, beta: float) -> torch.Tensor:
    """Deep Ritz energy of the network's output v: 2 * mean(1/2 v'(x)^2 - g(x) v(x)) over points ``x`` in
    (-1, 1), + beta (v(-1)^2 + v(1)^2).

    The mean over points spread evenly (or at random) in (-1, 1) estimates the integral; v' comes from
    autograd. ``beta`` weighs the penalty that pushes v towards the boundary values 0.
    """
    x = x.detach().reshape(-1, 1).requires_grad_(True)
    v = model(x)
    (dv,) = torch.autograd.grad(v.sum(), x, create_graph=True)
    interior = (RIGHT - LEFT) * torch.mean(0.5 * dv**2 - g.reshape(-1, 1) * v)
    ends = model(torch.tensor([[LEFT], [RIGHT]], dtype=x.dtype, device=x.device))
    return interior + beta * torch.sum(ends**2)


def discrete_loss(prob: Problem, dtype: torch.dtype = torch.float32, device=None):
    """``loss(model)``: h^dim * E(model on the grid), the discrete energy scaled to the integral."""
    _check.instance(prob, Problem, "prob", "poisson.Problem")
    points = torch.as_tensor(prob.points, dtype=dtype, device=device).reshape(prob.g.size, -1)
    g = torch.as_tensor(prob.g, dtype=dtype, device=device)
    return lambda model: prob.h**prob.dim * discrete_energy(model(points).reshape(prob.shape), g, prob.h)


def ritz_loss(source: Callable, beta: float, points: int, *, dtype: torch.dtype = torch.float32,
              device=None):
    """``loss(model)``: the Deep Ritz energy on ``points`` fresh random points per call.

    The points are stratified: one uniformly random point in each of ``points`` equal cells of
    (-1, 1), a lower-variance estimate of the integral than independent draws. Their generator is
    seeded from PyTorch's global one, so ``config.seed_everything`` fixes the sequence of points.
    """
    if not callable(source):
        raise TypeError(f"source must be a callable of x, got {type(source).__name__}")
    beta = _check.positive(beta, "beta")
    points = _check.integer(points, "points", minimum=1)
    rng = np.random.default_rng(config.derived_seed())
    cells = LEFT + (RIGHT - LEFT) * np.arange(points) / points

    def loss(model):
        x = cells + rng.uniform(0, (RIGHT - LEFT) / points, points)
        g = _check.function_values(source, x, "source")
        return ritz_energy(model, torch.as_tensor(x, dtype=dtype, device=device),
                           torch.as_tensor(g, dtype=dtype, device=device), beta)

    return loss
