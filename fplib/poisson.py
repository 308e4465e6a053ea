"""The Poisson problem -u'' = g on (-1, 1), u(+-1) = 0, and -Laplace(u) = g on the square: grid,
finite differences (a variable coefficient k too), eigenvalues, direct solves, residual.
The sources with known solutions (the article's, ours on the square) are in ``cases``; random right-hand
sides and coefficients in ``fields``. The examples assume ``import numpy as np`` and ``from fplib import poisson``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.fft
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg

from . import _check
from .cases import LEFT, RIGHT, article_solution, article_source, square_solution, square_source
from .spectrum import Spectrum, dirichlet_dst, find_peaks


@dataclass(frozen=True)
class Problem:
    """-u'' = g on (-1, 1) with u(+-1) = 0, on ``n`` interior points ``x`` spaced ``h`` apart — or, with
    2D arrays, -Laplace(u) = g on (-1, 1)^2 with u = 0 on the boundary, on the n x n interior points of
    the grid ``x`` x ``x`` (first index: x, second: y; the 5-point Laplacian). With a ``coefficient`` k:
    -(k u')' = g, or -div(k grad u) = g.

    ``g``: the source at the points (``source``, the callable); ``exact``: the exact solution there (None
    when unknown); ``discrete``: the finite-difference solution (a direct solve), the reference for iterations;
    ``coefficient``: k at every grid point, boundary included, shape (n + 2,) * dim (None: k = 1).

    >>> prob = poisson.problem(31, dim=2)
    >>> print(prob.dim, prob.shape, prob.h, prob.points.shape, prob.exact is not None)
    2 (31, 31) 0.0625 (961, 2) True
    """

    n: int
    x: np.ndarray
    h: float
    g: np.ndarray
    source: Callable | None = field(repr=False)
    exact: np.ndarray | None = field(repr=False)
    discrete: np.ndarray = field(repr=False)
    coefficient: np.ndarray | None = field(default=None, repr=False)

    @cached_property
    def faces(self) -> tuple[np.ndarray, ...] | None:
        """k at the faces between neighbouring points (``faces(coefficient)``), None for k = 1."""
        return None if self.coefficient is None else faces(self.coefficient)

    @property
    def dim(self) -> int:
        """1 on an interval, 2 on the square."""
        return self.g.ndim

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of u, g and every iterate: (n,) or (n, n)."""
        return self.g.shape

    @property
    def points(self) -> np.ndarray:
        """Where a network is evaluated: ``grid_points(n, dim)``."""
        return grid_points(self.n, self.dim)

    @property
    def reference(self) -> np.ndarray:
        """What errors are measured against: the exact u where known, else the discrete solution."""
        return self.exact if self.exact is not None else self.discrete

    @property
    def discretization_error(self) -> float:
        """max |discrete - exact|: the floor no iteration on this grid can go below (0 when the exact u is unknown)."""
        return float(np.abs(self.discrete - self.reference).max())


def problem(n: int, source=None, solution: Callable | None = None, *, dim: int = 1, coefficient=None) -> Problem:
    """The Poisson problem on ``n`` interior points per axis, in ``dim`` = 1 or 2 dimensions.

    ``source``: the callable g(x) (g(x, y) in 2D), or g's values at the interior points (then
    ``Problem.source`` is None); ``cases.article_source`` by default in 1D, ``cases.square_source`` in 2D.
    ``solution`` (the exact u, if known) defaults to the matching exact solution for those defaults
    (with the default k = 1). ``coefficient``: k > 0 as a callable of the coordinates, or its values at
    every grid point, boundary included (shape (n + 2,) * dim); the problem is then -div(k grad u) = g.

    >>> prob = poisson.problem(255)  # the article's g and its exact u
    >>> print(f"{prob.discretization_error:.1e}")  # max |discrete - exact|: no iteration on this grid gets below it
    2.1e-04
    >>> prob = poisson.problem(255, np.ones_like, coefficient=lambda x: 1 + 9 * (x > 0))  # -(k u')' = 1, k = 1 | 10
    >>> print(prob.exact, prob.discrete.max().round(4))  # no exact u: errors are measured against the discrete one
    None 0.1754
    """
    n = _check.integer(n, "n", minimum=3)
    dim = _check.dim(dim)
    default_source, default_solution = (article_source, article_solution) if dim == 1 else (square_source, square_solution)
    if source is None:
        source = default_source
    if solution is None and source is default_source and coefficient is None:
        solution = default_solution
    x, h = grid(n)
    coordinates = (x,) if dim == 1 else np.meshgrid(x, x, indexing="ij")
    shape = (n,) * dim
    if callable(source):
        g = _check.function_values(source, coordinates, "source")
    else:
        if not isinstance(source, (list, tuple, np.ndarray)) or np.shape(source) != shape:
            raise TypeError(f"source must be a callable or hold one value per interior point, shape {shape}; "
                            f"got {type(source).__name__} of shape {np.shape(source)}")
        g, source = _check.real_array(source, "source", ndim=dim), None
    exact = None if solution is None else _check.function_values(solution, coordinates, "solution")
    k = None if coefficient is None else _coefficient_values(coefficient, n, dim)
    return Problem(n, x, h, g, source, exact, direct_solve(g, h, None if k is None else faces(k)), k)


def _coefficient_values(coefficient, n, dim):
    """k at all (n + 2)^dim grid points, boundary included, from a callable or values; positive and finite."""
    if callable(coefficient):
        every = np.linspace(LEFT, RIGHT, n + 2)
        k = _check.function_values(coefficient, (every,) if dim == 1 else np.meshgrid(every, every, indexing="ij"),
                                   "coefficient")
    else:
        k = _check.real_array(coefficient, "coefficient", ndim=None)
        if k.shape != (n + 2,) * dim:
            raise ValueError(f"coefficient must hold k at every grid point, boundary included, shape {(n + 2,) * dim}; "
                             f"got {k.shape}")
    if np.any(k <= 0):
        raise ValueError("coefficient must be positive everywhere")
    return k


def faces(coefficient) -> tuple[np.ndarray, ...]:
    """k at the faces between neighbouring grid points, per axis: the harmonic mean 2 k_a k_b / (k_a + k_b) of
    the point values ``coefficient`` (shape (n + 2,) * dim, boundary included) — the standard choice, exact
    for the flux through a layered medium. Axis a's array has n + 1 faces along a (face i between points i
    and i + 1 of the padded grid) and the n interior points along the other axis.

    >>> print(poisson.faces(np.array([1.0, 1.0, 4.0, 4.0, 4.0])))  # n = 3 points, 4 faces: 2 * 1 * 4 / (1 + 4) = 1.6
    (array([1. , 1.6, 4. , 4. ]),)
    """
    k = _check.real_array(coefficient, "coefficient", ndim=None, min_size=5)
    if k.ndim not in (1, 2) or len(set(k.shape)) != 1 or np.any(k <= 0):
        raise ValueError(f"coefficient must hold positive values on an (n + 2)-point or (n + 2) x (n + 2) grid, "
                         f"got shape {k.shape}")
    result = []
    for axis in range(k.ndim):
        low, high = [tuple(cut if a == axis else slice(1, -1) for a in range(k.ndim))
                     for cut in (slice(None, -1), slice(1, None))]
        result.append(2 * k[low] * k[high] / (k[low] + k[high]))
    return tuple(result)


def grid(n: int) -> tuple[np.ndarray, float]:
    """The ``n`` interior points of a uniform grid on [-1, 1] and their spacing h = 2 / (n + 1).

    >>> x, h = poisson.grid(3)
    >>> print(x, h)
    [-0.5  0.   0.5] 0.5
    """
    n = _check.integer(n, "n", minimum=3)
    h = (RIGHT - LEFT) / (n + 1)
    return LEFT + h * np.arange(1, n + 1), h


def grid_points(n: int, dim: int = 1) -> np.ndarray:
    """The interior points as a network reads them: ``x`` in 1D, the n^2 points (x_i, y_j) as rows in 2D (i-major).

    >>> print(poisson.grid_points(3, dim=2)[:4])
    [[-0.5 -0.5]
     [-0.5  0. ]
     [-0.5  0.5]
     [ 0.  -0.5]]
    """
    x, _ = grid(n)
    if _check.dim(dim) == 1:
        return x
    grid_x, grid_y = np.meshgrid(x, x, indexing="ij")
    return np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)


def eigenvalues(n: int, dim: int = 1) -> np.ndarray:
    """Eigenvalues mu_k = (4 / h^2) sin^2(k pi / (2 (n + 1))), k = 1..n, of the finite-difference matrix A on
    ``n`` interior points of [-1, 1]; the k-th sine mode sin(k pi (x + 1) / 2) is the eigenvector. With
    ``dim=2``: mu_k + mu_l, shape (n, n), for the 5-point Laplacian and the mode sin(k..x) sin(l..y).

    >>> mu = poisson.eigenvalues(255)
    >>> print((mu[[0, 9, 254]] / (np.array([1, 10, 255]) * np.pi / 2) ** 2).round(3))  # vs -u'': (k pi / 2)^2
    [1.    0.999 0.408]
    """
    _, h = grid(n)
    k = np.arange(1, n + 1)
    mu = 4 / h**2 * np.sin(k * np.pi / (2 * (n + 1))) ** 2
    if _check.dim(dim) == 1:
        return mu
    return mu[:, None] + mu[None, :]


def laplacian(n: int, h: float, dim: int = 1, faces=None) -> scipy.sparse.csr_matrix:
    """The finite-difference matrix A = tridiag(-1, 2, -1) / h^2 (zero boundary values built in); with
    ``dim=2`` the 5-point Laplacian on n x n points, A1 (x) I + I (x) A1 (i-major, as ``Problem.points``).
    With ``faces`` (k at the faces, from ``faces``): -div(k grad u), the sum over axes of D^T diag(k) D / h^2
    for the difference D from points to faces.

    >>> print(poisson.laplacian(3, 0.5).toarray())
    [[ 8. -4.  0.]
     [-4.  8. -4.]
     [ 0. -4.  8.]]
    """
    n = _check.integer(n, "n", minimum=3)
    h = _check.positive(h, "h")
    dim = _check.dim(dim)
    faces = _faces_for(faces, (n,) * dim) or tuple(np.ones(tuple(n + (a == axis) for a in range(dim))) for axis in range(dim))
    diagonal, bands, offsets = 0.0, [], []
    for axis, k in enumerate(faces):  # point i along the axis sits between faces i and i + 1
        diagonal = diagonal + (k[_along(axis, dim, 0, n)] + k[_along(axis, dim, 1, n + 1)])
        coupling = np.zeros((n,) * dim)  # to the next point along the axis, through the face between them
        coupling[_along(axis, dim, 0, n - 1)] = -k[_along(axis, dim, 1, n)]
        stride = n ** (dim - 1 - axis)
        bands += [coupling.ravel()[:-stride]] * 2
        offsets += [stride, -stride]
    return scipy.sparse.diags([diagonal.ravel(), *bands], [0, *offsets], format="csr") / h**2


def _along(axis: int, dim: int, start: int, stop: int) -> tuple:
    """The index of entries ``start`` to ``stop`` - 1 along ``axis`` (all along the others)."""
    return tuple(slice(start, stop) if a == axis else slice(None) for a in range(dim))


def apply(u, h: float, faces=None) -> np.ndarray:
    """A u without a matrix (zero boundary values): each axis' differences to the faces, times k there
    (``faces``; k = 1 if None), differenced back, over h^2.

    >>> print(poisson.apply(np.ones(3), 0.5))  # the laplacian's row sums: u = 0 beyond the ends
    [4. 0. 4.]
    """
    u = _check.real_array(u, "u", ndim=None)
    if u.ndim not in (1, 2) or len(set(u.shape)) != 1:
        raise ValueError(f"u must be an n-vector or an n x n array, got shape {u.shape}")
    h = _check.positive(h, "h")
    faces = _faces_for(faces, u.shape)
    padded, result = np.pad(u, 1), np.zeros(u.shape)
    for axis in range(u.ndim):
        flux = np.diff(padded[tuple(slice(None) if a == axis else slice(1, -1) for a in range(u.ndim))], axis=axis)
        if faces is not None:
            flux *= faces[axis]
        result -= np.diff(flux, axis=axis)
    return result / h**2


def residual(u, g, h: float, faces=None) -> np.ndarray:
    """g - A u for A = tridiag(-1, 2, -1) / h^2 (1D) or the 5-point Laplacian (2D), or -div(k grad) with
    ``faces``; zero boundary values.

    >>> prob = poisson.problem(63)
    >>> print(np.abs(poisson.residual(prob.discrete, prob.g, prob.h)).max() < 1e-9 * np.abs(prob.g).max())
    True
    """
    u, g = _check.real_array(u, "u", ndim=None), _check.real_array(g, "g", ndim=None)
    if u.shape != g.shape or u.ndim not in (1, 2):
        raise ValueError(f"u and g must have one shape, (n,) or (n, n); got {u.shape} and {g.shape}")
    return g - apply(u, h, faces)


def _faces_for(faces, shape):
    """``faces`` checked against a grid of interior ``shape``: per axis, n + 1 faces along it, n along the other."""
    if faces is None:
        return None
    n, dim = shape[0], len(shape)
    expected = [tuple(n + 1 if a == axis else n for a in range(dim)) for axis in range(dim)]
    if not isinstance(faces, (tuple, list)) or [np.shape(k) for k in faces] != expected:
        raise ValueError(f"faces must hold k at the faces of each axis, shapes {expected} (see poisson.faces)")
    return tuple(_check.real_array(k, "faces", ndim=dim) for k in faces)


def sine_solve(g, h: float) -> np.ndarray:
    """Solve A u = g exactly (to round-off) in the sine basis: transform, divide by the eigenvalues, transform
    back (scipy.fft.dstn along every axis; 1D or 2D). O(N log N): a fast Poisson solver.

    >>> prob = poisson.problem(127, dim=2)
    >>> u = poisson.sine_solve(prob.g, prob.h)
    >>> print(np.abs(poisson.residual(u, prob.g, prob.h)).max() < 1e-10 * np.abs(prob.g).max())
    True
    """
    g = _check.real_array(g, "g", ndim=None, min_size=3)
    if g.ndim not in (1, 2) or len(set(g.shape)) != 1:
        raise ValueError(f"g must be an n-vector or an n x n array, got shape {g.shape}")
    h = _check.positive(h, "h")
    n = g.shape[0]
    if not np.isclose(h, 2.0 / (n + 1)):
        raise ValueError(f"h must be the spacing 2 / (n + 1) = {2.0 / (n + 1):.6g} of the n = {n} grid, got {h}")
    return scipy.fft.idstn(scipy.fft.dstn(g, type=1) / eigenvalues(n, g.ndim), type=1)


def banded_solve(g, h: float) -> np.ndarray:
    """Solve A u = g by a symmetric banded (Cholesky) solve: O(n), the classical direct baseline.

    >>> x, h = poisson.grid(127)
    >>> print(np.allclose(poisson.banded_solve(np.ones(127), h), (1 - x**2) / 2))  # -u'' = 1: exact on the grid
    True
    """
    g = _check.real_array(g, "g", min_size=3)
    h = _check.positive(h, "h")
    bands = np.empty((2, len(g)))
    bands[0] = -1.0
    bands[1] = 2.0
    return scipy.linalg.solveh_banded(bands, g * h**2, check_finite=False)


def direct_solve(g, h: float, faces=None) -> np.ndarray:
    """Solve A u = g directly: for k = 1 ``banded_solve`` (1D) or ``sine_solve`` (2D); with ``faces`` (k at
    the faces, from ``faces``) a sparse LU (scipy's spsolve).

    >>> prob = poisson.problem(63, coefficient=lambda x: 1 + x**2)
    >>> print(np.allclose(poisson.direct_solve(prob.g, prob.h, prob.faces), prob.discrete))
    True
    """
    g = _check.real_array(g, "g", ndim=None, min_size=3)
    if g.ndim not in (1, 2) or len(set(g.shape)) != 1:
        raise ValueError(f"g must be an n-vector or an n x n array, got shape {g.shape}")
    if faces is None:
        return banded_solve(g, h) if g.ndim == 1 else sine_solve(g, h)
    matrix = laplacian(len(g), h, g.ndim, faces)
    return scipy.sparse.linalg.spsolve(matrix.tocsc(), g.ravel()).reshape(g.shape)


def source_peaks(prob: Problem, count: int = 3) -> tuple[Spectrum, np.ndarray]:
    """The sine spectrum of g (= -u'') and the indices of its ``count`` highest peaks.

    -u'' = g multiplies the k-th sine coefficient of u by (k pi / 2)^2, so the peaks of g mark where
    the solution's content sits. Modes zeroed by symmetry (odd g: every odd mode) are skipped.

    >>> spec, peaks = poisson.source_peaks(poisson.problem(127))
    >>> print(spec.freq[peaks].round(2))  # the article's 4, 8, 24 seen by the sine modes k pi / 2 (g is odd: k even)
    [ 3.14  9.42 25.13]
    """
    spec = dirichlet_dst(prob.g, prob.x, angular=True)
    floor = 1e-9 * spec.amplitude.max()
    return spec, find_peaks(spec, ignore_below=floor, max_peaks=_check.integer(count, "count", minimum=1))
