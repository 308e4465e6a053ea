"""Networks from a widths list, and evaluating them on NumPy arrays.

The examples assume ``import numpy as np``, ``import torch`` and ``from fplib import config, nets``.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from . import _check


class Sin(nn.Module):
    """sin as an activation (smooth, periodic: used by SIREN-style and multiscale networks).

    >>> print(nets.Sin()(torch.tensor([0.0, np.pi / 2])))
    tensor([0., 1.])
    """

    def forward(self, x):
        return torch.sin(x)


ACTIVATIONS = {
    "tanh": nn.Tanh,
    "sin": Sin,
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

    >>> _ = config.seed_everything(0)
    >>> model = nets.mlp([1, 64, 64, 1], "tanh")
    >>> print(nets.parameter_count(model), nets.predict(model, np.linspace(-1, 1, 5)).shape)
    4353 (5,)
    """
    widths = _widths(widths)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r}")
    layers: list[nn.Module] = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        layers += [nn.Linear(fan_in, fan_out, dtype=dtype), ACTIVATIONS[activation]()]
    return nn.Sequential(*layers[:-1])


class TwoLayer(nn.Module):
    """f(x) = (1 / sqrt(m)) sum_r a_r act(w_r . x + b_r), every weight drawn from N(0, 1): the NTK
    parameterization, whose tangent kernel settles to a fixed limit as the width m grows (``fplib.ntk``).

    >>> net = nets.TwoLayer(1, 1000)  # hidden weights and biases, output weights: 1000 each
    >>> print(net.width, nets.parameter_count(net), nets.predict(net, np.linspace(-1, 1, 5)).shape)
    1000 3000 (5,)
    """

    def __init__(self, inputs: int, width: int, activation: str = "relu", *, bias: bool = True,
                 dtype: torch.dtype = torch.float64):
        super().__init__()
        inputs = _check.integer(inputs, "inputs", minimum=1)
        width = _check.integer(width, "width", minimum=1)
        _check.one_of(activation, "activation", tuple(ACTIVATIONS))
        self.hidden = nn.Linear(inputs, width, bias=bias, dtype=dtype)
        self.out = nn.Parameter(torch.randn(width, dtype=dtype))
        with torch.no_grad():
            self.hidden.weight.normal_()
            if bias:
                self.hidden.bias.normal_()
        self.act = ACTIVATIONS[activation]()
        self.width = width

    def forward(self, x):
        return (self.act(self.hidden(x)) @ self.out / self.width**0.5)[:, None]


def small_cnn(side: int = 8, classes: int = 10, *, channels=(16, 32)) -> nn.Sequential:
    """A small CNN for ``side`` x ``side`` gray images given as rows of side^2 pixels: two 3x3 convolutions
    with ReLU (no padding), then a linear layer to ``classes`` outputs (logits).

    >>> print(nets.small_cnn(8, 10)(torch.zeros(2, 64)).shape)  # two 8 x 8 images as rows of 64 pixels
    torch.Size([2, 10])
    """
    side = _check.integer(side, "side", minimum=5)
    classes = _check.integer(classes, "classes", minimum=1)
    first, second = (_check.integer(c, "each entry of channels", minimum=1) for c in channels)
    return nn.Sequential(nn.Unflatten(1, (1, side, side)), nn.Conv2d(1, first, 3), nn.ReLU(), nn.Conv2d(first, second, 3),
                         nn.ReLU(), nn.Flatten(), nn.Linear(second * (side - 4) ** 2, classes))


class ZeroBoundary(nn.Module):
    """h(x) = (1 - x^2) N(x): a network that is exactly zero at x = -1 and x = 1 (Dirichlet built in); for
    points with several coordinates, the product of (1 - x_i^2): zero on the boundary of [-1, 1]^d.

    >>> net = nets.ZeroBoundary(nets.mlp([1, 16, 1], dtype=torch.float64))
    >>> print(nets.predict(net, np.array([-1.0, 0.0, 1.0]))[[0, 2]] == 0)
    [ True  True]
    """

    def __init__(self, net: nn.Module):
        super().__init__()
        if not isinstance(net, nn.Module):
            raise TypeError(f"net must be a torch.nn.Module, got {type(net).__name__}")
        self.net = net

    def forward(self, x):
        return torch.prod(1 - x**2, dim=-1, keepdim=True) * self.net(x)


class FourierFeatures(nn.Module):
    """gamma(v) = [cos 2 pi B v, sin 2 pi B v] with a fixed Gaussian B (features x inputs) of scale sigma.

    Tancik et al., NeurIPS 2020: the mapping lets a network fit high frequencies much sooner.

    >>> print(nets.FourierFeatures(2, 64, sigma=10.0)(torch.zeros(5, 2)).shape)  # [cos, sin] of 64 frequencies
    torch.Size([5, 128])
    """

    def __init__(self, inputs: int, features: int, sigma: float, *, dtype: torch.dtype = torch.float32):
        super().__init__()
        inputs = _check.integer(inputs, "inputs", minimum=1)
        features = _check.integer(features, "features", minimum=1)
        sigma = _check.positive(sigma, "sigma")
        self.register_buffer("B", sigma * torch.randn(features, inputs, dtype=dtype))  # seeded by seed_everything

    def forward(self, v):
        angles = 2 * np.pi * v @ self.B.T
        return torch.cat([torch.cos(angles), torch.sin(angles)], dim=-1)


def fourier_mlp(widths, sigma: float, activation: str = "relu", *, features: int = 64,
                dtype: torch.dtype = torch.float32) -> nn.Sequential:
    """Fourier features of the input, then an MLP: ``widths`` as for ``mlp`` (input size first).

    The MLP sees 2 * ``features`` inputs; ``sigma`` (> 0) is the scale of the random frequencies,
    in cycles per unit of the input.

    >>> model = nets.fourier_mlp([2, 256, 256, 1], sigma=10.0)  # e.g. pixel coordinates to gray values
    >>> print(model[1][0], nets.predict(model, np.zeros((4, 2))).shape)
    Linear(in_features=128, out_features=256, bias=True) (4,)
    """
    widths = _widths(widths)
    return nn.Sequential(FourierFeatures(widths[0], features, sigma, dtype=dtype),
                         mlp([2 * features] + widths[1:], activation, dtype=dtype))


class MultiscaleNet(nn.Module):
    """MscaleDNN (Liu, Cai & Xu, Commun. Comput. Phys. 2020): sub-networks fed scaled inputs a x, summed.

    The hidden widths of ``widths`` are shared equally among the scales, so the network has about the
    parameter count of an MLP one scale-count times narrower per sub-network.

    >>> model = nets.MultiscaleNet([1, 96, 96, 1])  # six scales 1 .. 32: six sub-networks of width 16
    >>> print(model.scales.tolist(), model.nets[0][0])
    [1.0, 2.0, 4.0, 8.0, 16.0, 32.0] Linear(in_features=1, out_features=16, bias=True)
    """

    def __init__(self, widths, scales=(1, 2, 4, 8, 16, 32), activation: str = "tanh", *,
                 dtype: torch.dtype = torch.float32):
        super().__init__()
        widths = _widths(widths)
        scales = [float(a) for a in scales] if not isinstance(scales, (str, bytes)) else []
        if not scales or any(not np.isfinite(a) or a <= 0 for a in scales):
            raise ValueError(f"scales must be a non-empty list of positive numbers, got {scales!r}")
        if len(widths) < 3 or min(widths[1:-1]) < len(scales):
            raise ValueError(f"widths must have hidden layers at least as wide as the number of scales "
                             f"({len(scales)}) to share among them; got {widths}")
        sub = [widths[0]] + [w // len(scales) for w in widths[1:-1]] + [widths[-1]]
        self.register_buffer("scales", torch.tensor(scales, dtype=dtype))
        self.nets = nn.ModuleList(mlp(sub, activation, dtype=dtype) for _ in scales)

    def forward(self, x):
        return sum(net(a * x) for a, net in zip(self.scales, self.nets))


class DeepONet(nn.Module):
    """A deep operator network for a solution operator on [-1, 1] with zero boundary values.

    u(x) = s (1 - x^2) sum_j b_j(c / s) t_j(x): the **branch** ``mlp([inputs, *hidden, basis])`` reads the
    input vector c (e.g. a right-hand side's first sine coefficients) divided by its norm s, the
    **trunk** ``mlp([1, *hidden, basis])`` reads x (through ``fourier_mlp``'s features of scale ``sigma``
    when given). Dividing by s and multiplying back makes the map scale-equivariant (u(a c) = a u(c)
    for a > 0); ``branch_hidden=()`` makes the branch one bias-free linear layer, so that u is linear
    in c, as the solution operator of a linear equation is. ``boundary``: how the zero boundary values are built
    in: "factor", each trunk function times 1 - x^2 (a near-constant output is then almost exactly the lowest
    sine mode); "subtract" (1D; a control, ours), each trunk function minus the straight line through its values
    at x = -1 and 1 (a near-constant output is then near zero, in no mode in particular).

    >>> net = nets.DeepONet(16, 32, branch_hidden=())  # 16 sine coefficients in, 32 basis functions
    >>> c, x = torch.randn(3, 16), torch.linspace(-1, 1, 50)
    >>> u = net(c, x)
    >>> print(u.shape, torch.allclose(net(2 * c, x), 2 * u), u[:, [0, -1]].abs().max().item())  # linear in c, zero at +-1
    torch.Size([3, 50]) True 0.0
    """

    def __init__(self, inputs: int, basis: int, hidden=(128, 128), activation: str = "tanh", *,
                 branch_hidden=None, sigma: float | None = None, features: int = 64, dim: int = 1,
                 boundary: str = "factor", dtype: torch.dtype = torch.float32):
        super().__init__()
        self.boundary = _check.one_of(boundary, "boundary", ("factor", "subtract"))
        if boundary == "subtract" and dim != 1:
            raise ValueError(f"boundary='subtract' is for dim=1 only, got dim={dim}")
        inputs = _check.integer(inputs, "inputs", minimum=1)
        basis = _check.integer(basis, "basis", minimum=1)
        hidden = _hidden(hidden, "hidden")
        branch_hidden = hidden if branch_hidden is None else _hidden(branch_hidden, "branch_hidden")
        self.branch = (mlp([inputs, *branch_hidden, basis], activation, dtype=dtype) if branch_hidden
                       else nn.Linear(inputs, basis, bias=False, dtype=dtype))  # then u is linear in c
        trunk = [_check.integer(dim, "dim", minimum=1), *hidden, basis]  # the trunk reads a point of [-1, 1]^dim
        self.trunk = (mlp(trunk, activation, dtype=dtype) if sigma is None
                      else fourier_mlp(trunk, sigma, activation, features=features, dtype=dtype))
        self.inputs = inputs
        self.register_buffer("input_scale", torch.ones(inputs, dtype=dtype))  # 1: the inputs as given

    def coefficients(self, c: torch.Tensor) -> torch.Tensor:
        """The branch's b_j for rows of c (already divided by their norm), each input first multiplied by its
        ``input_scale`` (a fixed buffer, ones unless a training equalizes the inputs): shape (batch, basis)."""
        return self.branch(c * self.input_scale)

    def basis(self, x: torch.Tensor) -> torch.Tensor:
        """The trunk's functions, zero on the boundary, at the points ``x`` (shape (points,) or (points, d)): times
        the product of 1 - x_i^2, or (``boundary="subtract"``) minus their line through x = -1 and 1: shape (points, basis)."""
        x = x.reshape(-1, 1) if x.dim() == 1 else x
        if self.boundary == "subtract":
            ends = self.trunk(torch.tensor([[-1.0], [1.0]], dtype=x.dtype, device=x.device))
            return self.trunk(x) - (1 - x) / 2 * ends[0] - (1 + x) / 2 * ends[1]
        return torch.prod(1 - x**2, dim=-1, keepdim=True) * self.trunk(x)

    def forward(self, c: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """u at the points ``x`` for each row of ``c`` (shape (batch, inputs)): shape (batch, points)."""
        if c.shape[-1] != self.inputs:
            raise ValueError(f"c must have {self.inputs} entries per row (the branch's inputs), got shape {tuple(c.shape)}")
        s = torch.linalg.vector_norm(c, dim=-1, keepdim=True).clamp_min(torch.finfo(c.dtype).tiny)
        return s * self.coefficients(c / s) @ self.basis(x).T


def _hidden(widths, name: str) -> list[int]:
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise TypeError(f"{name} must be a list of hidden-layer widths (possibly empty), got {widths!r}")
    return [_check.integer(w, f"each entry of {name}", minimum=1) for w in widths]


def _widths(widths) -> list[int]:
    widths = list(widths) if not isinstance(widths, (str, bytes)) else widths
    if not isinstance(widths, list) or len(widths) < 2:
        raise ValueError(f"widths must list at least an input and an output size, e.g. [1, 100, 1]; got {widths!r}")
    return [_check.integer(w, "each entry of widths", minimum=1) for w in widths]


def parameter_count(model: nn.Module) -> int:
    """Number of trainable parameters.

    >>> nets.parameter_count(nets.mlp([1, 10, 1]))  # 1 * 10 + 10, then 10 * 1 + 1
    31
    """
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def evaluate(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """``model(x)`` (a tensor, gradients kept), with a clear error where the model cannot take inputs of this width.

    >>> out = nets.evaluate(nets.mlp([2, 8, 1]), torch.zeros(4, 2))
    >>> print(out.shape, out.requires_grad)  # what a loss needs
    torch.Size([4, 1]) True
    """
    try:
        return model(x)
    except RuntimeError as error:
        if "shape" not in str(error) and "size" not in str(error):
            raise
        raise ValueError(f"the model cannot take inputs of shape {tuple(x.shape)} ({error}): its input width "
                         f"must match the data's {x.shape[-1]} column(s)") from None


def predict(model: nn.Module, x, *, chunk: int = 65536) -> np.ndarray:
    """The model's output at ``x`` as a NumPy array, in chunks so large grids fit in memory.

    ``x`` of shape (n,) is fed as (n, 1); an output with one column comes back as shape (n,).

    >>> x = np.linspace(-1, 1, 7)
    >>> print(nets.predict(nets.mlp([1, 8, 1]), x).shape, nets.predict(nets.mlp([1, 8, 2]), x).shape)
    (7,) (7, 2)
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    x = np.asarray(x, dtype=float)
    if x.ndim not in (1, 2) or len(x) == 0:
        raise ValueError(f"x must be a non-empty array of shape (n,) or (n, d), got shape {x.shape}")
    chunk = _check.integer(chunk, "chunk", minimum=1)
    first = next(model.parameters(), None)
    if first is None:
        raise ValueError("model has no parameters: fplib reads the dtype and device from them")
    inputs = torch.as_tensor(x.reshape(len(x), -1), dtype=first.dtype)
    with torch.no_grad():
        out = torch.cat([evaluate(model, part.to(first.device)).cpu() for part in inputs.split(chunk)])
    out = out.double().numpy()
    return out[:, 0] if out.shape[1] == 1 else out
