"""Interpolation from the grid of m = (n - 1) / 2 coarse points per axis (fine points 2I + 1, 0-based) to the n
fine points, as a sparse P (n^dim x m^dim, i-major as ``poisson.laplacian``): linear (bilinear in 2D), which
ignores the operator, or operator-dependent, built from the matrix's stencils (Alcouffe, Brandt, Dendy &
Painter 1981; Dendy's black-box multigrid, 1982), which follows k across its jumps. Both are builders
``build(a, n) -> P`` as ``multigrid.Galerkin(..., interpolation=build)`` takes them.
The examples assume ``import numpy as np`` and ``from fplib import multigrid, poisson``.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse

from .. import _check


def _matrix(a, n):
    """``a`` checked as a sparse matrix on n (1D) or n x n (2D) points with odd n >= 3; returns (csr, dim)."""
    n = _check.integer(n, "n", minimum=3)
    if not scipy.sparse.issparse(a) or a.shape not in ((n, n), (n**2, n**2)):
        raise ValueError(f"a must be a sparse matrix on n = {n} points per axis, shape ({n} x {n}) in 1D or "
                         f"({n**2} x {n**2}) in 2D; got {getattr(a, 'shape', type(a).__name__)}")
    return a.tocsr(), 1 if a.shape[0] == n else 2


def stencils(a, n: int) -> np.ndarray:
    """Each point's stencil in the matrix ``a`` on ``n`` points per axis: shape (n, n, 3, 3) in 2D, where
    [i, j, 1 + di, 1 + dj] is the entry of a coupling point (i, j) to (i + di, j + dj); shape (n, 3) in 1D.
    Entries beyond the grid are zero. A matrix with a coupling beyond the 3 x 3 box (or wrapping round a row of
    the grid) is refused.

    >>> print(multigrid.stencils(poisson.laplacian(3, 1.0, dim=2), 3)[0, 0])  # a corner: its west and south are boundary
    [[ 0.  0.  0.]
     [ 0.  4. -1.]
     [ 0. -1.  0.]]
    """
    a, dim = _matrix(a, n)
    steps = [(d,) for d in (-1, 0, 1)] if dim == 1 else [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
    size = a.shape[0]
    flat = np.zeros((size, len(steps)))
    for column, step in enumerate(steps):
        offset = step[0] if dim == 1 else step[0] * n + step[1]
        values = a.diagonal(offset)
        flat[max(-offset, 0): size - max(offset, 0), column] = values
    s = flat.reshape((n,) * dim + (3,) * dim)
    if dim == 2:
        s[:, 0, :, 0] = s[:, -1, :, 2] = 0  # west of the first column, east of the last: not neighbours
    a.sum_duplicates()
    if np.count_nonzero(s) != np.count_nonzero(a.data):
        raise ValueError("a must couple each point only to its neighbours in the 3 x 3 box (a 5- or 9-point stencil)")
    return s


def bilinear_interpolation(a, n: int):
    """Linear interpolation (bilinear in 2D), the same for every ``a`` (only its shape is read): each fine point
    takes the mean of its coarse neighbours, zero beyond the boundary.

    >>> print(multigrid.bilinear_interpolation(poisson.laplacian(5, 1.0), 5).toarray().T)  # 5 fine, 2 coarse points
    [[0.5 1.  0.5 0.  0. ]
     [0.  0.  0.5 1.  0.5]]
    """
    _, dim = _matrix(a, n)
    m = (n - 1) // 2
    rows = np.concatenate([2 * np.arange(m) + 1, 2 * np.arange(m), 2 * np.arange(m) + 2])
    p = scipy.sparse.csr_matrix((np.repeat([1.0, 0.5, 0.5], m), (rows, np.tile(np.arange(m), 3))), shape=(n, m))
    return p if dim == 1 else scipy.sparse.kron(p, p).tocsr()


def operator_dependent_interpolation(a, n: int):
    """Operator-dependent interpolation (Alcouffe et al. 1981; Dendy 1982) from the stencils of ``a`` (5- or
    9-point). A fine point between two coarse points along an axis takes weights from its stencil collapsed
    onto that axis (summed across it): -(sum of the row towards each coarse point) / (sum of its own row), in
    1D exactly k_{i-1/2} / (k_{i-1/2} + k_{i+1/2}), the flux-continuous weights. A fine point amid four coarse
    points solves its own row of A u = 0 for its value, given the weights of its eight neighbours. Constant k
    gives bilinear interpolation exactly. Our safeguards for Galerkin coarse levels, which leave M-matrix stencils
    with non-negative row sums as they are: positive couplings are lumped onto the diagonal first, and a point's
    weights are scaled to sum to one where they would sum to more; so every weight lies in [0, 1].

    >>> a = poisson.laplacian(5, 1.0, faces=(np.array([1.0, 1.0, 1.0, 9.0, 9.0, 9.0]),))  # k = 1 | 9 from face 3
    >>> print(multigrid.operator_dependent_interpolation(a, 5).toarray().T)  # point 2: 1 / (1 + 9), 9 / (1 + 9)
    [[0.5 1.  0.1 0.  0. ]
     [0.  0.  0.9 1.  0.5]]
    """
    a, dim = _matrix(a, n)
    if n % 2 == 0:
        raise ValueError(f"n must be odd (n = 2m + 1) so that the coarse grid nests; got {n}")
    if np.any(a.diagonal() <= 0):
        raise ValueError("a must have a positive diagonal (an operator like -div(k grad), k > 0)")
    s, m = _lumped(stencils(a, n)), (n - 1) // 2
    if dim == 1:
        lower, upper = _collapsed(s[0::2])
        fine, coarse = np.arange(0, n, 2), np.arange(m + 1)
        parts = [((2 * coarse[:m] + 1,), (coarse[:m],), np.ones(m)), ((fine,), (coarse - 1,), lower), ((fine,), (coarse,), upper)]
        return _assemble(parts, n, m, dim)
    across_j = _collapsed(s[0::2, 1::2].sum(axis=3))  # at (2I, 2J + 1): towards coarse (I - 1, J) and (I, J)
    across_i = _collapsed(s[1::2, 0::2].sum(axis=2))  # at (2I + 1, 2J): towards coarse (I, J - 1) and (I, J)
    ci, cj = np.meshgrid(np.arange(m), np.arange(m), indexing="ij")
    xi, xj = np.meshgrid(np.arange(m + 1), np.arange(m), indexing="ij")
    yi, yj = np.meshgrid(np.arange(m), np.arange(m + 1), indexing="ij")
    pi, pj = np.meshgrid(np.arange(m + 1), np.arange(m + 1), indexing="ij")
    parts = [((2 * ci + 1, 2 * cj + 1), (ci, cj), np.ones((m, m)))]
    parts += [((2 * xi, 2 * xj + 1), (xi - 1 + side, xj), across_j[side]) for side in (0, 1)]
    parts += [((2 * yi + 1, 2 * yj), (yi, yj - 1 + side), across_i[side]) for side in (0, 1)]
    centre = s[0::2, 0::2]
    j_pad = [np.pad(w, ((0, 0), (1, 1))) for w in across_j]  # a ghost column each side (its stencil entry is 0)
    i_pad = [np.pad(w, ((1, 1), (0, 0))) for w in across_i]
    through = np.stack([-(centre[..., 2 * up, 2 * right] + centre[..., 2 * up, 1] * i_pad[right][up: up + m + 1]
                          + centre[..., 1, 2 * right] * j_pad[up][:, right: right + m + 1])
                        for up in (0, 1) for right in (0, 1)])  # what each corner gives through the row, 4 x cells
    weights = _normalized(through, centre[..., 1, 1])
    parts += [((2 * pi, 2 * pj), (pi - 1 + up, pj - 1 + right), weights[2 * up + right]) for up in (0, 1) for right in (0, 1)]
    return _assemble(parts, n, m, dim)


def _lumped(s):
    """The stencils with each positive coupling added to the point's own entry and dropped (our safeguard, as
    Ruge-Stuben interpolation lumps positive connections): M-matrix stencils (every 5-point level) stay as they
    are; a Galerkin coarse level's positive couplings would otherwise make weights negative or unbounded."""
    centre = (1,) * (s.ndim // 2)
    positive = np.maximum(s, 0)
    positive[(...,) + centre] = 0
    lumped = s - positive
    lumped[(...,) + centre] += positive.sum(axis=tuple(range(s.ndim // 2, s.ndim)))
    return lumped


def _collapsed(s):
    """The weights towards the lower and the upper coarse neighbour of 1D (collapsed) stencils s[..., 3]."""
    return tuple(_normalized(-np.stack([s[..., 0], s[..., 2]]), s[..., 1]))


def _normalized(gains, own):
    """gains / own: each neighbour's pull over the point's own entry, divided instead by the pulls' total where
    that is larger (a negative row sum, possible on a Galerkin coarse level; our safeguard), so that the
    weights never sum to more than one; zero where nothing pulls."""
    total = np.maximum(own, gains.sum(axis=0))
    return np.divide(gains, total, out=np.zeros_like(gains), where=total > 0)


def _assemble(parts, n, m, dim):
    """P from (fine point indices, coarse point indices, weights) per axis; weights towards coarse points beyond
    the grid (the zero boundary) dropped."""
    rows, columns, values = [], [], []
    for fine, coarse, weights in parts:
        keep = np.logical_and.reduce([(c >= 0) & (c < m) for c in coarse])
        rows.append(np.ravel_multi_index(tuple(f[keep] for f in fine), (n,) * dim))
        columns.append(np.ravel_multi_index(tuple(c[keep] for c in coarse), (m,) * dim))
        values.append(weights[keep])
    entries = (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns)))
    return scipy.sparse.csr_matrix(entries, shape=(n**dim, m**dim))
