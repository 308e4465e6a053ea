"""The 1D Poisson problem -u'' = g on (-1, 1), u(+-1) = 0: grid, finite differences, energies.

The article's example: g(x) = sin x + 4 sin 4x - 8 sin 8x + 16 sin 24x, whose exact solution is
u = g0 + c1 x + c0 with g0(x) = sin x + sin(4x)/4 - sin(8x)/8 + sin(24x)/36.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.fft
import scipy.linalg
import scipy.sparse
import torch

from . import _check, config
from .spectrum import Spectrum, dirichlet_dst, find_peaks

LEFT, RIGHT = -1.0, 1.0


def article_source(x):
    """g(x) = sin x + 4 sin 4x - 8 sin 8x + 16 sin 24x."""
    return np.sin(x) + 4 * np.sin(4 * x) - 8 * np.sin(8 * x) + 16 * np.sin(24 * x)


def _g0(x):
    return np.sin(x) + np.sin(4 * x) / 4 - np.sin(8 * x) / 8 + np.sin(24 * x) / 36


def article_solution(x):
    """The exact u for ``article_source``: g0(x) + c1 x + c0, zero at x = +-1."""
    c0 = -(_g0(LEFT) + _g0(RIGHT)) / 2
    c1 = (_g0(LEFT) - _g0(RIGHT)) / 2
    return _g0(x) + c1 * x + c0


@dataclass(frozen=True)
class Problem:
    """-u'' = g on (-1, 1) with u(+-1) = 0, on ``n`` interior points ``x`` spaced ``h`` apart.

    ``g``: the source at ``x`` (``source``, the callable); ``exact``: the exact solution at ``x`` (None when unknown);
    ``discrete``: the finite-difference solution (banded direct solve), the reference for iterations.
    """

    n: int
    x: np.ndarray
    h: float
    g: np.ndarray
    source: Callable | None = field(repr=False)
    exact: np.ndarray | None = field(repr=False)
    discrete: np.ndarray = field(repr=False)

    @property
    def reference(self) -> np.ndarray:
        """What errors are measured against: the exact u where known, else the discrete solution."""
        return self.exact if self.exact is not None else self.discrete

    @property
    def discretization_error(self) -> float:
        """max |discrete - exact|: the floor no iteration on this grid can go below (0 when the exact u is unknown)."""
        return float(np.abs(self.discrete - self.reference).max())


def problem(n: int, source=article_source, solution: Callable | None = None) -> Problem:
    """The Poisson problem on ``n`` interior points; the article's source and solution by default.

    ``source``: the callable g(x), or g's values at the ``n`` interior points (then ``Problem.source``
    is None). ``solution`` (the exact u, if known) defaults to ``article_solution`` for the article's source.
    """
    n = _check.integer(n, "n", minimum=3)
    if solution is None and source is article_source:
        solution = article_solution
    x, h = grid(n)
    if callable(source):
        g = _on_grid(source, x, "source")
    else:
        if not isinstance(source, (list, tuple, np.ndarray)) or np.shape(source) != (n,):
            raise TypeError(f"source must be a callable g(x) or hold one value per interior point ({n}); "
                            f"got {type(source).__name__} of shape {np.shape(source)}")
        g, source = _check.real_array(source, "source"), None
    exact = None if solution is None else _on_grid(solution, x, "solution")
    return Problem(n, x, h, g, source, exact, banded_solve(g, h))


def grid(n: int) -> tuple[np.ndarray, float]:
    """The ``n`` interior points of a uniform grid on [-1, 1] and their spacing h = 2 / (n + 1)."""
    n = _check.integer(n, "n", minimum=3)
    h = (RIGHT - LEFT) / (n + 1)
    return LEFT + h * np.arange(1, n + 1), h


def eigenvalues(n: int) -> np.ndarray:
    """Eigenvalues mu_k = (4 / h^2) sin^2(k pi / (2 (n + 1))), k = 1..n, of the finite-difference matrix A on
    ``n`` interior points of [-1, 1]; the k-th sine mode sin(k pi (x + 1) / 2) is the eigenvector."""
    _, h = grid(n)
    k = np.arange(1, n + 1)
    return 4 / h**2 * np.sin(k * np.pi / (2 * (n + 1))) ** 2


def laplacian(n: int, h: float) -> scipy.sparse.csr_matrix:
    """The finite-difference matrix A = tridiag(-1, 2, -1) / h^2 (zero boundary values built in)."""
    n = _check.integer(n, "n", minimum=3)
    h = _check.positive(h, "h")
    return scipy.sparse.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(n, n), format="csr") / h**2


def banded_solve(g, h: float) -> np.ndarray:
    """Solve A u = g by a symmetric banded (Cholesky) solve: O(n), the classical direct baseline."""
    g = _check.real_array(g, "g", min_size=3)
    h = _check.positive(h, "h")
    bands = np.empty((2, len(g)))
    bands[0] = -1.0
    bands[1] = 2.0
    return scipy.linalg.solveh_banded(bands, g * h**2, check_finite=False)


def random_sources(count: int, n: int, *, length: float) -> np.ndarray:
    """``count`` right-hand sides on the ``n`` interior points, drawn from a Gaussian random field.

    The field is a sine series g(x) = sum_k a_k xi_k sin(k pi (x + 1) / 2), k = 1..n, with independent
    xi_k ~ N(0, 1) and a_k = exp(-(k pi length / 2)^2 / 2): mean zero, covariance
    C(x, x') = sum_k a_k^2 sin(k pi (x + 1) / 2) sin(k pi (x' + 1) / 2) — smooth on the scale ``length``
    (the spectral density of a squared-exponential kernel), the same field on every grid. The xi_k come
    from PyTorch's global generator: ``config.seed_everything`` fixes them. Shape (count, n).
    """
    count = _check.integer(count, "count", minimum=1)
    n = _check.integer(n, "n", minimum=3)
    length = _check.positive(length, "length")
    xi = torch.randn(count, n, dtype=torch.float64).numpy()
    return scipy.fft.dst(xi * field_amplitudes(n, length), type=1, axis=-1) / 2


def field_amplitudes(n: int, length: float) -> np.ndarray:
    """The standard deviations a_k, k = 1..n, of ``random_sources``' sine coefficients."""
    k = np.arange(1, _check.integer(n, "n", minimum=3) + 1)
    return np.exp(-((k * np.pi * _check.positive(length, "length") / 2) ** 2) / 2)


def step_sources(count: int, n: int, *, jumps: int) -> np.ndarray:
    """``count`` piecewise-constant right-hand sides on ``n`` interior points: ``jumps`` jumps at uniform random
    places, levels drawn from N(0, 1) (PyTorch's global generator). Discontinuous, so their sine
    coefficients fall only like 1/k — a family unlike ``random_sources``. Shape (count, n)."""
    count = _check.integer(count, "count", minimum=1)
    n = _check.integer(n, "n", minimum=3)
    jumps = _check.integer(jumps, "jumps", minimum=1)
    x, _ = grid(n)
    places = np.sort(2 * torch.rand(count, jumps, dtype=torch.float64).numpy() - 1, axis=1)
    levels = torch.randn(count, jumps + 1, dtype=torch.float64).numpy()
    piece = (x[None, None, :] > places[:, :, None]).sum(axis=1)  # how many jumps lie left of each point
    return np.take_along_axis(levels, piece, axis=1)


def source_peaks(prob: Problem, count: int = 3) -> tuple[Spectrum, np.ndarray]:
    """The sine spectrum of g (= -u'') and the indices of its ``count`` highest peaks.

    -u'' = g multiplies the k-th sine coefficient of u by (k pi / 2)^2, so the peaks of g mark where
    the solution's content sits. Modes zeroed by symmetry (odd g: every odd mode) are skipped.
    """
    spec = dirichlet_dst(prob.g, prob.x, angular=True)
    floor = 1e-9 * spec.amplitude.max()
    return spec, find_peaks(spec, ignore_below=floor, max_peaks=_check.integer(count, "count", minimum=1))


def discrete_energy(u: torch.Tensor, g: torch.Tensor, h: float) -> torch.Tensor:
    """E(u) = 1/2 u^T A u - g^T u for u on the interior points; its minimizer is the discrete solution.

    ``h * E(u)`` approximates the continuous energy; the gradient of E is A u - g.
    """
    padded = torch.nn.functional.pad(u.reshape(1, -1), (1, 1)).reshape(-1)
    return 0.5 * torch.sum(torch.diff(padded) ** 2) / h**2 - torch.sum(g.reshape(-1) * u.reshape(-1))


def ritz_energy(model: torch.nn.Module, x: torch.Tensor, g: torch.Tensor, beta: float) -> torch.Tensor:
    """Deep Ritz energy: 2 * mean(1/2 h'(x)^2 - g(x) h(x)) over points ``x`` in (-1, 1), + beta (h(-1)^2 + h(1)^2).

    The mean over points spread evenly (or at random) in (-1, 1) estimates the integral; h' comes from
    autograd. ``beta`` weighs the penalty that pushes h towards the boundary values 0.
    """
    x = x.detach().reshape(-1, 1).requires_grad_(True)
    h = model(x)
    (dh,) = torch.autograd.grad(h.sum(), x, create_graph=True)
    interior = (RIGHT - LEFT) * torch.mean(0.5 * dh**2 - g.reshape(-1, 1) * h)
    ends = model(torch.tensor([[LEFT], [RIGHT]], dtype=x.dtype, device=x.device))
    return interior + beta * torch.sum(ends**2)


def discrete_loss(prob: Problem, dtype: torch.dtype = torch.float32, device=None):
    """``loss(model)``: h * E(model on the grid), the discrete energy scaled to the integral."""
    x = torch.as_tensor(prob.x, dtype=dtype, device=device).reshape(-1, 1)
    g = torch.as_tensor(prob.g, dtype=dtype, device=device)
    return lambda model: prob.h * discrete_energy(model(x).reshape(-1), g, prob.h)


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
        g = _on_grid(source, x, "source")
        return ritz_energy(model, torch.as_tensor(x, dtype=dtype, device=device),
                           torch.as_tensor(g, dtype=dtype, device=device), beta)

    return loss


def _on_grid(func, x, name):
    if not callable(func):
        raise TypeError(f"{name} must be a callable of x, got {type(func).__name__}")
    values = np.asarray(func(x), dtype=float)
    if values.shape != x.shape:
        raise ValueError(f"{name}(x) must return one value per point, shape {x.shape}; got {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name}(x) returned NaN or infinity")
    return values
