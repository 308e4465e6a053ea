"""Networks from a widths list, and evaluating them on NumPy arrays."""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from . import _check

ACTIVATIONS = {
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU,
    "silu": nn.SiLU,
    "softplus": nn.Softplus,
}


def mlp(widths, activation: str = "tanh", *, dtype: torch.dtype = torch.float32) -> nn.Sequential:
    """A fully connected network, e.g. ``mlp([1, 200, 200, 100, 1], "tanh")``.

    ``widths`` lists the input size, the hidden widths, and the output size; the activation
    follows every layer but the last. Seed with ``fplib.config.seed_everything`` first.
    """
    widths = list(widths) if not isinstance(widths, (str, bytes)) else widths
    if not isinstance(widths, list) or len(widths) < 2:
        raise ValueError(f"widths must list at least an input and an output size, e.g. [1, 100, 1]; got {widths!r}")
    widths = [_check.integer(w, "each entry of widths", minimum=1) for w in widths]
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")
    layers: list[nn.Module] = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(fan_in, fan_out, dtype=dtype), ACTIVATIONS[activation]()]
    return nn.Sequential(*layers[:-1])


class ZeroBoundary(nn.Module):
    """h(x) = (1 - x^2) N(x): a network that is exactly zero at x = -1 and x = 1 (Dirichlet built in)."""

    def __init__(self, net: nn.Module):
        super().__init__()
        if not isinstance(net, nn.Module):
            raise TypeError(f"net must be a torch.nn.Module, got {type(net).__name__}")
        self.net = net

    def forward(self, x):
        return (1 - x**2) * self.net(x)


def parameter_count(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def predict(model: nn.Module, x, *, chunk: int = 65536) -> np.ndarray:
    """The model's output at ``x`` as a NumPy array, in chunks so large grids fit in memory.

    ``x`` of shape (n,) is fed as (n, 1); an output with one column comes back as shape (n,).
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    x = np.asarray(x, dtype=float)
    if x.ndim not in (1, 2) or len(x) == 0:
        raise ValueError(f"x must be a non-empty array of shape (n,) or (n, d), got shape {x.shape}")
    chunk = _check.integer(chunk, "chunk", minimum=1)
    first = next(model.parameters())
    inputs = torch.as_tensor(x.reshape(len(x), -1), dtype=first.dtype)
    with torch.no_grad():
        out = torch.cat([model(part.to(first.device)).cpu() for part in inputs.split(chunk)])
    out = out.double().numpy()
    return out[:, 0] if out.shape[1] == 1 else out
