"""Multigrid interpolation written by a network that reads the operator: trained once, unsupervised, on the two-grid
error propagation (after Greenfeld, Galun, Kimmel, Yavneh & Basri, ICML 2019), for -div(k grad u) on the square.

The coarse points are the fine points (2I + 1, 2J + 1) (0-based), as in ``multigrid.Galerkin``. Each fine point takes
its value from the coarse points around it: a coarse point itself (weight 1); an edge point between two coarse points
(two weights); a centre point inside a coarse cell (four corner weights) -- the sparsity of bilinear interpolation and
of Dendy's black-box multigrid. ``InterpolationNet`` reads, at each edge or centre point, the 3 x 3 stencils of A
(``multigrid.stencils``) at the point and its four neighbours (each over its diagonal, with its collapsed row and
column sums, and their logs) and writes those weights; ``train_interpolation`` fits it to random k of the notebook's
two families; ``LearnedInterpolation(net)`` is the callable ``build(a, n) -> P`` that ``multigrid.Galerkin(...,
interpolation=build)`` calls on every level (coarse levels are 9-point after P^T A P).

Our choices, beside Greenfeld et al.'s (who write all eight weights of a coarse point and minimize the Frobenius norm
of the two-grid error matrix on periodic grids by block Fourier analysis): the network writes each fine point's
weights as a softmax over its coarse neighbours, a ghost neighbour beyond the Dirichlet boundary taking weight that is
then dropped (value 0), so the weights sum to one like bilinear interpolation's; its logits are averaged over the
reflections that permute those neighbours, so that a k symmetric about the point gives bilinear weights exactly (a
constant k reproduces bilinear interpolation on every level, trained or not); the loss is trace(M^2) / N for the
two-grid error propagation M = S^v (I - P (P^T A P)^-1 P^T A) S^v (weighted Jacobi S, v sweeps, ``Galerkin``'s
smoother), i.e. the mean squared eigenvalue of M: the squared Frobenius norm of M in the energy norm (M is
A-self-adjoint), which, unlike the plain Frobenius norm, does not grow with the contrast of k. The examples assume
``import numpy as np``, ``import torch`` and ``from fplib import config, learned_interpolation, nets, poisson``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse
import torch

from . import _check, config, fields, multigrid, nets, poisson, relax

TRAINING_STEPS = {"quick": 60, "classroom": 240, "paper": 1000}  # ours; on 2 cores about 15 s, 1 min and 4 min
TRAINING_FAMILIES = ("random_coefficients", "inclusion_coefficients")  # fields' two; every other family is held out
CROSS = ((1, 1), (0, 1), (2, 1), (1, 0), (1, 2))  # a point and its four neighbours, in a 3 x 3 window
OFF = np.array([0, 1, 2, 3, 5, 6, 7, 8])  # the 8 couplings of a flattened 3 x 3 stencil
FEATURES = 5 * 28 + 4  # per stencil: 8 couplings and 6 collapsed ones / diagonal, and their logs; 4 log diagonal ratios
FLOOR = 1e-12  # couplings below FLOOR x the diagonal read as FLOOR in the log features
_EDGE = ((False, False), (True, False))  # reflections averaged over: (flip i, flip j); edges swap their two sides
_CENTRE = ((False, False), (True, False), (False, True), (True, True))  # the four that permute a cell's corners


class InterpolationNet(torch.nn.Module):
    """Two heads, each a linear map plus an MLP (``hidden`` widths, tanh) of the ``FEATURES`` features of a point's
    five stencils: ``edge`` writes the 2 logits of an edge point's coarse neighbours, ``centre`` the 4 of a centre
    point's. The output layers start at zero: an untrained net gives bilinear interpolation. Float64.

    >>> net = learned_interpolation.InterpolationNet()
    >>> print(net.edge(torch.zeros(3, learned_interpolation.FEATURES, dtype=torch.float64)).shape, nets.parameter_count(net))
    torch.Size([3, 2]) 12460
    """

    def __init__(self, hidden=(32, 32)):
        super().__init__()
        self.hidden = tuple(_check.integer(h, "hidden", minimum=1) for h in hidden)
        self.edge, self.centre = _Head(self.hidden, 2), _Head(self.hidden, 4)


class _Head(torch.nn.Module):
    def __init__(self, hidden, outputs):
        super().__init__()
        self.linear = torch.nn.Linear(FEATURES, outputs, dtype=torch.float64)
        self.mlp = nets.mlp((FEATURES, *hidden, outputs), "tanh", dtype=torch.float64)
        for layer in (self.linear, self.mlp[-1]):
            torch.nn.init.zeros_(layer.weight)
            torch.nn.init.zeros_(layer.bias)

    def forward(self, x):
        return self.linear(x) + self.mlp(x)


def prolongation(n: int, edges_i, edges_j, centres) -> scipy.sparse.csr_matrix:
    """P (n^2 x m^2, m = (n - 1) / 2, rows i-major like ``poisson.laplacian``) from given weights: ``edges_i`` (shape
    (m + 1, m, 2)) for the points (2a, 2b + 1) between the coarse points above ([..., 0]) and below ([..., 1]);
    ``edges_j`` (m, m + 1, 2) for the points (2a + 1, 2b), left and right; ``centres`` (m + 1, m + 1, 4) for the
    points (2a, 2b), corners (-, -), (-, +), (+, -), (+, +). Coarse points take weight 1; weights on ghost
    neighbours (beyond the boundary) are dropped.

    >>> n, m = 7, 3  # bilinear weights: a row sums to 1 inside, to 1/2 or 3/4 where a ghost neighbour is dropped
    >>> edges_i, edges_j, centres = np.full((m + 1, m, 2), 0.5), np.full((m, m + 1, 2), 0.5), np.full((m + 1, m + 1, 4), 0.25)
    >>> P = learned_interpolation.prolongation(n, edges_i, edges_j, centres)
    >>> print(P.shape, (P @ np.ones(m * m)).reshape(n, n)[:3, :4])
    (49, 9) [[0.25 0.5  0.5  0.5 ]
     [0.5  1.   1.   1.  ]
     [0.5  1.   1.   1.  ]]
    """
    n = _odd(n)
    m = (n - 1) // 2
    shapes = {"edges_i": (m + 1, m, 2), "edges_j": (m, m + 1, 2), "centres": (m + 1, m + 1, 4)}
    weights = [_check.real_array(w, name, ndim=3) for w, name in zip((edges_i, edges_j, centres), shapes)]
    for w, (name, shape) in zip(weights, shapes.items()):
        if w.shape != shape:
            raise ValueError(f"{name} must have shape {shape} for n = {n}, got {w.shape}")
    return _assemble(n, *weights)


def _assemble(n, *weights):
    m = (n - 1) // 2
    rows, cols, valid = _pattern(n)
    values = np.concatenate([np.ones(m * m)] + [w.ravel() for w in weights])[valid]
    return scipy.sparse.csr_matrix((values, (rows[valid], cols[valid])), shape=(n * n, m * m))


def _odd(n):
    n = _check.integer(n, "n", minimum=3)
    if n % 2 == 0:
        raise ValueError(f"n must be odd (n = 2m + 1 fine points per axis), got {n}")
    return n


def _pattern(n):
    """Row, column and validity (not a ghost) of each weight, in ``prolongation``'s order: ones, edges, centres."""
    m = (n - 1) // 2
    a, b, rows, cols, valid = np.arange(m + 1), np.arange(m), [], [], []
    for fi, fj, ci, cj in (
            (2 * b[:, None] + 1, 2 * b + 1, b[:, None], b),  # coarse points (2a + 1, 2b + 1)
            (2 * a[:, None, None], 2 * b[:, None] + 1, a[:, None, None] - 1 + np.arange(2), b[:, None]),
            (2 * b[:, None, None] + 1, 2 * a[:, None], b[:, None, None], a[:, None] - 1 + np.arange(2)),
            (2 * a[:, None, None], 2 * a[:, None], a[:, None, None] - 1 + np.arange(4) // 2, a[:, None] - 1 + np.arange(4) % 2)):
        fi, fj, ci, cj = np.broadcast_arrays(fi, fj, ci, cj)
        ok = (ci >= 0) & (ci < m) & (cj >= 0) & (cj < m)
        rows.append((fi * n + fj).ravel())
        cols.append(np.where(ok, ci * m + cj, 0).ravel())
        valid.append(ok.ravel())
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(valid)


def _stencil_features(a, n):
    """Per point of the grid padded by one mirrored layer: its stencil over minus its diagonal (n + 2, n + 2, 3, 3;
    couplings of an M-matrix read positive, the centre -1) and its log diagonal (n + 2, n + 2).

    A row next to the boundary lacks its couplings to the boundary (they are in its diagonal): their sum, the row's
    excess, is written into the entries that point outside the grid, split like the entries mirrored across the
    boundary, so that the boundary looks like a neighbour held at 0; the layer beyond the grid mirrors the first.
    """
    s, index, offset = multigrid.stencils(a, n), np.arange(n), np.arange(-1, 2)
    out_i = ((index[:, None] + offset < 0) | (index[:, None] + offset >= n))[:, None, :, None]  # entry points outside
    out_j = ((index[:, None] + offset < 0) | (index[:, None] + offset >= n))[None, :, None, :]
    pattern = np.where(out_i, np.where(out_j, s[:, :, ::-1, ::-1], s[:, :, ::-1]), np.where(out_j, s[..., ::-1], 0.0))
    pattern = np.minimum(pattern, 0.0)
    total = pattern.sum(axis=(2, 3), keepdims=True)
    share = np.divide(pattern, total, out=np.zeros_like(pattern), where=total < 0)
    s = _mirror_edges(np.pad(s - share * np.maximum(s.sum(axis=(2, 3), keepdims=True), 0.0),
                             ((1, 1), (1, 1), (0, 0), (0, 0)), mode="symmetric"))
    diagonal = s[:, :, 1, 1]
    if np.any(diagonal <= 0):
        raise ValueError("a must have a positive diagonal (a discretized -div(k grad) with k > 0)")
    return -s / diagonal[..., None, None], np.log(diagonal)


def _mirror_edges(s):
    """The stencils of the first and last row flipped along i, of the first and last column along j (in place)."""
    s[[0, -1]] = s[[0, -1], :, ::-1, :]
    s[:, [0, -1]] = s[:, [0, -1], :, ::-1]
    return s


def _transform(x, transpose, flip_i, flip_j):
    """x's last two axes transposed, then flipped along i, then along j."""
    x = np.swapaxes(x, -1, -2) if transpose else x
    x = x[..., ::-1, :] if flip_i else x
    return x[..., ::-1] if flip_j else x


def _inputs(features, rows, cols, transpose, flip_i, flip_j):
    """The FEATURES inputs at the padded points rows x cols (two slices of step 2) as the transformed window shows
    them: for each place of CROSS, the original neighbour (undo the flips, then the transpose), its stencil transformed."""
    v, ld = features
    parts, logs = [], []
    for oi, oj in CROSS:
        di, dj = (1 - oi if flip_i else oi - 1), (1 - oj if flip_j else oj - 1)
        di, dj = (dj, di) if transpose else (di, dj)
        at = (slice(rows.start + di, rows.stop + di, 2), slice(cols.start + dj, cols.stop + dj, 2))
        st = _transform(v[at], transpose, flip_i, flip_j).reshape(-1, 3, 3)
        across, along = st.sum(axis=2), st.sum(axis=1)  # collapsed stencils: row sums, column sums
        collapsed = np.stack([across[:, 0], across[:, 2], -across[:, 1], along[:, 0], along[:, 2], -along[:, 1]], 1)
        couplings = np.concatenate([st.reshape(-1, 9)[:, OFF], collapsed], axis=1)
        parts.append(np.concatenate([couplings, np.log(np.maximum(couplings, FLOOR))], axis=1))
        logs.append(ld[at].reshape(-1))
    return np.concatenate(parts + [np.stack(logs[1:], 1) - logs[0][:, None]], axis=1)


def _weights(net, a, n):
    """The softmax weights (edges_i, edges_j, centres) the net writes for the matrix a, as torch tensors."""
    features, m = _stencil_features(a, n), (n - 1) // 2
    odd, even = slice(1, n + 1, 2), slice(2, n, 2)  # padded rows of the fine points 0, 2, .. and 1, 3, ..
    kinds = ((net.edge, odd, even, False, _EDGE, np.arange(2)[:, None], (m + 1, m, 2)),
             (net.edge, even, odd, True, _EDGE, np.arange(2)[None, :], (m, m + 1, 2)),
             (net.centre, odd, odd, False, _CENTRE, np.arange(4).reshape(2, 2), (m + 1, m + 1, 4)))
    out = []
    for head, rows, cols, transpose, group, labels, shape in kinds:
        logits = 0
        for flip_i, flip_j in group:
            x = torch.as_tensor(_inputs(features, rows, cols, transpose, flip_i, flip_j))
            logits = logits + head(x)[:, np.argsort(_transform(labels, transpose, flip_i, flip_j).ravel())]
        out.append(torch.softmax(logits / len(group), dim=1).reshape(shape))
    return out


class LearnedInterpolation:
    """The callable ``build(a, n) -> P`` for ``multigrid.Galerkin(..., interpolation=build)``: the trained ``net``'s
    weights for the matrix ``a`` (sparse, n^2 x n^2, any symmetric stencil within 3 x 3), assembled by
    ``prolongation``; inference without gradients. Each call costs one pass of the net over the edge and centre points
    (2 and 4 reflections), timed inside ``Galerkin``'s set-up.

    >>> A = poisson.laplacian(15, poisson.grid(15)[1], 2)  # k = 1: an untrained net, and any net, gives bilinear P
    >>> P = learned_interpolation.LearnedInterpolation(learned_interpolation.InterpolationNet())(A, 15)
    >>> print(P.shape, P[0, 0], P[1, 0], P[16, 0])
    (225, 49) 0.25 0.5 1.0
    """

    def __init__(self, net: InterpolationNet):
        self.net = _check.instance(net, InterpolationNet, "net", "learned_interpolation.InterpolationNet")

    def __call__(self, a, n: int) -> scipy.sparse.csr_matrix:
        n = _odd(n)
        if not scipy.sparse.issparse(a) or a.shape != (n * n, n * n):
            raise ValueError(f"a must be a sparse ({n * n} x {n * n}) matrix on n = {n} points per axis")
        with torch.no_grad():
            return _assemble(n, *(w.numpy() for w in _weights(self.net, a, n)))


def training_coefficients(count: int, n: int, *, contrast: float = 1e6) -> np.ndarray:
    """``count`` k on (n + 2)^2 points from the training families (``TRAINING_FAMILIES``, one of the two at random):
    an (n + 2)^2 window, at a random place, of a k drawn on about 1, 2, 4 or 8 times as many points per axis (at
    most 255), so that the window shows a jump or a slope at several scales. Our ranges: contrast 10^(U(0, 1) log10 ``contrast``);
    exp(Gaussian) length U(0.05, 0.4); 1 to 8 inclusions. PyTorch's global generator (``config.seed_everything``).

    >>> _ = config.seed_everything(0)
    >>> k = learned_interpolation.training_coefficients(3, 15, contrast=1e4)
    >>> print(k.shape, k.min() >= 1, k.max() <= 1e4)
    (3, 17, 17) True True
    """
    count, n = _check.integer(count, "count", minimum=1), _odd(n)
    contrast = _check.positive(contrast, "contrast")
    out = []
    for _ in range(count):
        scale, draw = 2 ** int(torch.randint(4, ())), torch.rand(3, dtype=torch.float64).numpy()
        source, level = max(min(scale * (n + 1), 256), n + 1) - 1, contrast ** draw[0]
        k = (fields.random_coefficients(1, source, length=0.05 + 0.35 * draw[1], contrast=level, dim=2) if draw[2] < 0.5
             else fields.inclusion_coefficients(1, source, inclusions=int(torch.randint(1, 9, ())), contrast=level, dim=2))[0]
        i, j = (int(x) for x in torch.randint(source - n + 1, (2,)))
        out.append(k[i:i + n + 2, j:j + n + 2])
    return np.stack(out)


def two_grid_loss(a: torch.Tensor, p: torch.Tensor, *, sweeps: int = 2) -> torch.Tensor:
    """trace(M^2) / N, the mean squared eigenvalue of the two-grid error propagation M = S^v (I - P (P^T A P)^-1 P^T A)
    S^v, for dense batches ``a`` (B, N, N) and ``p`` (B, N, Nc), S weighted Jacobi (``relax.WEIGHTS[2]``) and v =
    ``sweeps`` (``Galerkin``'s smoother): one value per matrix of the batch, differentiable in p.

    >>> A = torch.as_tensor(poisson.laplacian(7, 0.25, 2).toarray())[None]
    >>> w = (np.full((4, 3, 2), 0.5), np.full((3, 4, 2), 0.5), np.full((4, 4, 4), 0.25))  # bilinear on 7 x 7
    >>> P = torch.as_tensor(learned_interpolation.prolongation(7, *w).toarray())[None]
    >>> loss = learned_interpolation.two_grid_loss
    >>> print(loss(A, P).numpy().round(4), loss(A, P[..., :1]).numpy().round(4))  # 9 coarse points, or only 1
    [0.0017] [0.0284]
    """
    size = a.shape[-1]
    eye = torch.eye(size, dtype=a.dtype)
    smooth = torch.linalg.matrix_power(eye - relax.WEIGHTS[2] * a / torch.diagonal(a, dim1=1, dim2=2)[..., None],
                                       _check.integer(sweeps, "sweeps", minimum=1))
    restricted = p.mT @ a
    m = smooth @ (eye - p @ torch.linalg.solve(restricted @ p, restricted)) @ smooth
    return (m * m.mT).sum(dim=(1, 2)) / size


@dataclass
class InterpolationTraining:
    """What ``train_interpolation`` did: ``losses`` (the batch's mean log ``two_grid_loss`` before each step),
    ``seconds`` (the training's wall time) and ``build``, the trained net's ``LearnedInterpolation``.

    >>> _ = config.seed_everything(0)
    >>> run = learned_interpolation.train_interpolation(learned_interpolation.InterpolationNet(), steps=2, batch=3)
    >>> print(len(run.losses), run.seconds > 0, type(run.build).__name__)
    2 True LearnedInterpolation
    """

    losses: np.ndarray
    seconds: float
    build: LearnedInterpolation


def train_interpolation(net: InterpolationNet, *, steps: int | None = None, batch: int = 8, lr: float = 3e-3,
                        contrast: float = 1e6, size: int = 15) -> InterpolationTraining:
    """Adam on the mean log ``two_grid_loss`` (every k's relative gain alike; ours), each step on ``batch`` new k
    (``training_coefficients``), a third each as the 5-point A on ``size`` x ``size`` points and as the 9-point operator
    on ``size`` x ``size`` points after one or two Galerkin coarsenings P^T A P of a 5-point A on finer grids (P from
    the net as it stands, not differentiated), so that the net learns the coarse levels it will meet. ``steps``:
    default ``TRAINING_STEPS`` of the active profile. Seed first (``config.seed_everything``).

    >>> _ = config.seed_everything(0)
    >>> run = learned_interpolation.train_interpolation(learned_interpolation.InterpolationNet(), steps=3, batch=2)
    >>> A = poisson.laplacian(31, 1 / 32, 2, poisson.faces(learned_interpolation.training_coefficients(1, 31)[0]))
    >>> print(len(run.losses), run.build(A, 31).shape)  # multigrid.Galerkin(A, 31, 2, interpolation=run.build)
    3 (961, 225)
    """
    _check.instance(net, InterpolationNet, "net", "learned_interpolation.InterpolationNet")
    steps = TRAINING_STEPS[config.profile()] if steps is None else _check.integer(steps, "steps", minimum=1)
    batch, size = _check.integer(batch, "batch", minimum=2), _odd(size)
    optimizer, build = torch.optim.Adam(net.parameters(), lr=_check.positive(lr, "lr")), LearnedInterpolation(net)
    losses, start = [], time.perf_counter()
    for _ in range(steps):
        mats = [_coarsened(training_coefficients(1, (size + 1) * 2 ** (i % 3) - 1, contrast=contrast)[0], build, i % 3)
                for i in range(batch)]
        pattern = _pattern(size)
        p = torch.stack([_dense(size, _weights(net, a, size), pattern) for a in mats])
        loss = torch.log(two_grid_loss(torch.as_tensor(np.stack([a.toarray() for a in mats])), p)).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return InterpolationTraining(np.array(losses), time.perf_counter() - start, build)


def _coarsened(k, build, depth):
    """The 5-point matrix of k, coarsened ``depth`` times by P^T A P with P from ``build``."""
    n = len(k) - 2
    a = poisson.laplacian(n, poisson.grid(n)[1], 2, poisson.faces(k))
    for _ in range(depth):
        p = build(a, n)
        a, n = (p.T @ a @ p).tocsr(), (n - 1) // 2
    return a


def _dense(n, weights, pattern):
    m, (rows, cols, valid) = (n - 1) // 2, pattern
    values = torch.cat([torch.ones(m * m, dtype=torch.float64)] + [w.reshape(-1) for w in weights])
    keep = torch.as_tensor(valid)
    return torch.zeros(n * n, m * m, dtype=torch.float64).index_put(
        (torch.as_tensor(rows)[keep], torch.as_tensor(cols)[keep]), values[keep])
