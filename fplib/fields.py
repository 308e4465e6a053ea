"""Random families of right-hand sides and coefficients for the Poisson problem (``poisson``), drawn from
PyTorch's global generator, so ``config.seed_everything`` fixes them: Gaussian random fields as sine series
(``random_sources``), piecewise-constant steps (``step_sources``), k = exp(Gaussian field) at a chosen contrast
(``random_coefficients``) and piecewise-constant inclusions (``inclusion_coefficients``, the unseen family); on the
square, two-phase media whose jumps run across any grid: slanted layers (``layered_coefficients``), a rotated
checkerboard (``checkerboard_coefficients``) and random polycrystals (``voronoi_coefficients``); the five families
of the coarse-space comparison by name (``FAMILIES``, ``family_coefficients``).
The examples assume ``import numpy as np`` and ``from fplib import config, fields``.
"""
from __future__ import annotations

import numpy as np
import scipy.fft
import torch

from . import _check
from .poisson import LEFT, RIGHT, grid


def random_sources(count: int, n: int, *, length: float, dim: int = 1) -> np.ndarray:
    """``count`` right-hand sides on the ``n`` interior points, drawn from a Gaussian random field.

    The field is a sine series g(x) = sum_k a_k xi_k sin(k pi (x + 1) / 2), k = 1..n, with independent
    xi_k ~ N(0, 1) and a_k = exp(-(k pi length / 2)^2 / 2): mean zero, covariance
    C(x, x') = sum_k a_k^2 sin(k pi (x + 1) / 2) sin(k pi (x' + 1) / 2) — smooth on the scale ``length``
    (the spectral density of a squared-exponential kernel), the same field on every grid. The xi_k come
    from PyTorch's global generator: ``config.seed_everything`` fixes them. Shape (count, n). With
    ``dim=2``: the 2D sine series with coefficients a_k a_l xi_kl on the n x n points, shape (count, n, n).

    >>> _ = config.seed_everything(0)
    >>> print(fields.random_sources(100, 63, length=0.1).shape, fields.random_sources(2, 31, length=0.1, dim=2).shape)
    (100, 63) (2, 31, 31)
    """
    count = _check.integer(count, "count", minimum=1)
    n = _check.integer(n, "n", minimum=3)
    length = _check.positive(length, "length")
    a = field_amplitudes(n, length)
    if _check.dim(dim) == 1:
        xi = torch.randn(count, n, dtype=torch.float64).numpy()
        return scipy.fft.dst(xi * a, type=1, axis=-1) / 2
    xi = torch.randn(count, n, n, dtype=torch.float64).numpy()
    return scipy.fft.dstn(xi * np.outer(a, a), type=1, axes=(-2, -1)) / 4


def field_amplitudes(n: int, length: float) -> np.ndarray:
    """The standard deviations a_k, k = 1..n, of ``random_sources``' sine coefficients.

    >>> print(fields.field_amplitudes(7, length=0.5).round(3))  # a longer length: fewer modes count
    [0.735 0.291 0.062 0.007 0.    0.    0.   ]
    """
    k = np.arange(1, _check.integer(n, "n", minimum=3) + 1)
    return np.exp(-((k * np.pi * _check.positive(length, "length") / 2) ** 2) / 2)


def random_coefficients(count: int, n: int, *, length: float, contrast: float, dim: int = 1) -> np.ndarray:
    """``count`` coefficients k = exp(f) at the (n + 2)^dim grid points, boundary included: f a Gaussian random
    field (a cosine series with ``random_sources``' amplitudes, smooth on the scale ``length``), shifted
    and scaled so that min k = 1 and max k = ``contrast`` exactly. PyTorch's global generator.
    Shape (count,) + (n + 2,) * dim.

    >>> _ = config.seed_everything(0)
    >>> k = fields.random_coefficients(4, 63, length=0.2, contrast=100.0)
    >>> print(k.shape, k.min(axis=1).round(6), k.max(axis=1).round(6))
    (4, 65) [1. 1. 1. 1.] [100. 100. 100. 100.]
    """
    count = _check.integer(count, "count", minimum=1)
    n = _check.integer(n, "n", minimum=3)
    a = np.exp(-((np.arange(n + 2) * np.pi * _check.positive(length, "length") / 2) ** 2) / 2)
    axes = tuple(range(-_check.dim(dim), 0))
    xi = torch.randn(count, *(n + 2,) * dim, dtype=torch.float64).numpy()
    f = scipy.fft.dctn(xi * (a if dim == 1 else np.outer(a, a)), type=1, axes=axes)
    low, high = f.min(axis=axes, keepdims=True), f.max(axis=axes, keepdims=True)
    return np.exp(np.log(_contrast(contrast)) * (f - low) / (high - low))


def inclusion_coefficients(count: int, n: int, *, inclusions: int, contrast: float, dim: int = 1) -> np.ndarray:
    """``count`` piecewise-constant coefficients at the (n + 2)^dim grid points: k = ``contrast`` inside
    ``inclusions`` intervals (1D) or discs (2D), 1 elsewhere. Centres uniform in (-1, 1)^dim, radii uniform
    in (0.05, 0.25) (our choices); PyTorch's global generator. Jumps and no length scale: a family unlike
    ``random_coefficients``. Shape (count,) + (n + 2,) * dim.

    >>> _ = config.seed_everything(0)
    >>> k = fields.inclusion_coefficients(3, 63, inclusions=4, contrast=10.0, dim=2)
    >>> print(k.shape, np.unique(k))
    (3, 65, 65) [ 1. 10.]
    """
    count = _check.integer(count, "count", minimum=1)
    inclusions = _check.integer(inclusions, "inclusions", minimum=1)
    dim, contrast = _check.dim(dim), _contrast(contrast)
    every = np.linspace(LEFT, RIGHT, _check.integer(n, "n", minimum=3) + 2)
    points = np.stack(np.meshgrid(*(every,) * dim, indexing="ij"), axis=-1)  # (n + 2,) * dim + (dim,)
    centres = (2 * torch.rand(count, inclusions, dim, dtype=torch.float64) - 1).numpy()
    radii = (0.05 + 0.2 * torch.rand(count, inclusions, dtype=torch.float64)).numpy()
    inside = np.zeros((count,) + points.shape[:-1], dtype=bool)
    for i in range(inclusions):
        spread = (slice(None),) + (None,) * dim
        distance = np.linalg.norm(points[None] - centres[:, i][spread], axis=-1)
        inside |= distance < radii[:, i][spread]
    return np.where(inside, contrast, 1.0)


def layered_coefficients(count: int, n: int, *, layers: int, contrast: float) -> np.ndarray:
    """``count`` two-phase coefficients on the square's (n + 2)^2 grid points, boundary included: parallel layers
    at a random angle (uniform in [0, pi)), k = 1 and k = ``contrast`` in turn across ``layers`` interfaces at
    uniform random places (our choices): jumps slanted across every grid. PyTorch's global generator.
    Shape (count, n + 2, n + 2).

    >>> _ = config.seed_everything(0)
    >>> k = fields.layered_coefficients(2, 31, layers=6, contrast=1e4)
    >>> print(k.shape, np.unique(k))
    (2, 33, 33) [1.e+00 1.e+04]
    """
    count, contrast = _check.integer(count, "count", minimum=1), _contrast(contrast)
    layers = _check.integer(layers, "layers", minimum=1)
    x, y = _square(n)
    angle = (np.pi * torch.rand(count, dtype=torch.float64)).numpy()[:, None, None]
    across = x * np.cos(angle) + y * np.sin(angle)  # the coordinate across the layers, within +-(|cos| + |sin|)
    reach = np.abs(np.cos(angle)) + np.abs(np.sin(angle))
    places = reach[..., None] * (2 * torch.rand(count, 1, 1, layers, dtype=torch.float64).numpy() - 1)
    crossed = (across[..., None] > places).sum(axis=-1)
    return np.where(crossed % 2 == 1, contrast, 1.0)


def checkerboard_coefficients(count: int, n: int, *, squares: float, contrast: float) -> np.ndarray:
    """``count`` checkerboards on the square's (n + 2)^2 grid points, boundary included: k = 1 and k = ``contrast``
    on squares of side 2 / ``squares``, turned by a random angle (uniform in [0, pi / 2)) and shifted by a
    random offset (our choices): jumps at an angle to every grid, and corners where four squares meet.
    PyTorch's global generator. Shape (count, n + 2, n + 2).

    >>> _ = config.seed_everything(0)
    >>> k = fields.checkerboard_coefficients(2, 31, squares=4, contrast=10.0)
    >>> print(k.shape, np.unique(k))
    (2, 33, 33) [ 1. 10.]
    """
    count, contrast = _check.integer(count, "count", minimum=1), _contrast(contrast)
    scale = _check.positive(squares, "squares") / 2
    x, y = _square(n)
    angle = (np.pi / 2 * torch.rand(count, dtype=torch.float64)).numpy()[:, None, None]
    offset = torch.rand(count, 2, 1, 1, dtype=torch.float64).numpy()
    u = scale * (x * np.cos(angle) + y * np.sin(angle)) + offset[:, 0]
    v = scale * (-x * np.sin(angle) + y * np.cos(angle)) + offset[:, 1]
    return np.where((np.floor(u) + np.floor(v)) % 2 == 1, contrast, 1.0)


def voronoi_coefficients(count: int, n: int, *, cells: int, contrast: float) -> np.ndarray:
    """``count`` random two-phase polycrystals on the square's (n + 2)^2 grid points, boundary included: the
    Voronoi cells of ``cells`` centres uniform in the square, each k = 1 or k = ``contrast`` by a fair coin
    (our choices): straight jumps at every angle, meeting at triple points. PyTorch's global generator.
    Shape (count, n + 2, n + 2).

    >>> _ = config.seed_everything(0)
    >>> k = fields.voronoi_coefficients(2, 31, cells=12, contrast=100.0)
    >>> print(k.shape, np.unique(k))
    (2, 33, 33) [  1. 100.]
    """
    count, contrast = _check.integer(count, "count", minimum=1), _contrast(contrast)
    cells = _check.integer(cells, "cells", minimum=2)
    x, y = _square(n)
    centres = (2 * torch.rand(count, cells, 2, dtype=torch.float64) - 1).numpy()
    phase = (torch.rand(count, cells, dtype=torch.float64) < 0.5).numpy()
    nearest = np.stack([np.argmin((x - c[:, 0, None, None]) ** 2 + (y - c[:, 1, None, None]) ** 2, axis=0)
                        for c in centres])
    return np.where(np.take_along_axis(phase, nearest.reshape(count, -1), axis=1).reshape(nearest.shape), contrast, 1.0)


FAMILIES = ("gaussian", "inclusions", "layers", "checkerboard", "voronoi")  # on the square, at any contrast


def family_coefficients(family: str, count: int, n: int, *, contrast: float) -> np.ndarray:
    """``count`` coefficients on the square's (n + 2)^2 grid points from one of ``FAMILIES``, with the settings
    notebook 14 and ``benchmarks/coarse.py`` share (ours): k = exp(Gaussian field) of correlation length 0.1, 8
    inclusions, 6 slanted layers, a checkerboard of 4 squares across, 16 Voronoi cells. Shape (count, n + 2, n + 2).

    >>> _ = config.seed_everything(0)
    >>> print({f: fields.family_coefficients(f, 1, 31, contrast=1e4).shape for f in fields.FAMILIES[:2]})
    {'gaussian': (1, 33, 33), 'inclusions': (1, 33, 33)}
    """
    draw = {"gaussian": lambda: random_coefficients(count, n, length=0.1, contrast=contrast, dim=2),
            "inclusions": lambda: inclusion_coefficients(count, n, inclusions=8, contrast=contrast, dim=2),
            "layers": lambda: layered_coefficients(count, n, layers=6, contrast=contrast),
            "checkerboard": lambda: checkerboard_coefficients(count, n, squares=4, contrast=contrast),
            "voronoi": lambda: voronoi_coefficients(count, n, cells=16, contrast=contrast)}
    return draw[_check.one_of(family, "family", FAMILIES)]()


def _square(n):
    """The coordinates x, y of the square's (n + 2)^2 grid points, boundary included, indexed [i, j]."""
    every = np.linspace(LEFT, RIGHT, _check.integer(n, "n", minimum=3) + 2)
    return np.meshgrid(every, every, indexing="ij")


def _contrast(value):
    contrast = _check.positive(value, "contrast")
    if contrast < 1:
        raise ValueError(f"contrast (max k / min k) must be at least 1, got {value!r}")
    return contrast


def step_sources(count: int, n: int, *, jumps: int) -> np.ndarray:
    """``count`` piecewise-constant right-hand sides on ``n`` interior points: ``jumps`` jumps at uniform random
    places, levels drawn from N(0, 1) (PyTorch's global generator). Discontinuous, so their sine
    coefficients fall only like 1/k — a family unlike ``random_sources``. Shape (count, n).

    >>> _ = config.seed_everything(0)
    >>> g = fields.step_sources(2, 63, jumps=3)
    >>> print(g.shape, [len(np.unique(row)) for row in g])  # 3 jumps: 4 levels each
    (2, 63) [4, 4]
    """
    count = _check.integer(count, "count", minimum=1)
    n = _check.integer(n, "n", minimum=3)
    jumps = _check.integer(jumps, "jumps", minimum=1)
    x, _ = grid(n)
    places = np.sort(2 * torch.rand(count, jumps, dtype=torch.float64).numpy() - 1, axis=1)
    levels = torch.randn(count, jumps + 1, dtype=torch.float64).numpy()
    piece = (x[None, None, :] > places[:, :, None]).sum(axis=1)  # how many jumps lie left of each point
    return np.take_along_axis(levels, piece, axis=1)
