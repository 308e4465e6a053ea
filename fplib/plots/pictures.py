"""Fields and 2D pictures: gray pictures side by side, snapshots of a picture being memorized, a solution on
the square beside its source's 2D sine spectrum, a coefficient beside rows of modes."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _check


def picture_row(pictures, labels, *, cmap="gray", size: float = 2.2):
    """Gray pictures (values in [0, 1]) side by side, each titled by its label."""
    if len(pictures) != len(labels) or not len(pictures):
        raise ValueError(f"pictures and labels must be non-empty and of one length, got {len(pictures)} and {len(labels)}")
    fig, axes = plt.subplots(1, len(pictures), figsize=(size * len(pictures), size + 0.4), layout="constrained",
                             squeeze=False)
    for ax, picture, label in zip(axes[0], pictures, labels):
        ax.imshow(picture, cmap=cmap, vmin=0, vmax=1)
        ax.set_title(label, fontsize="medium")
        ax.axis("off")
    return axes[0]


def check_snapshots(snapshots, steps) -> tuple[np.ndarray, np.ndarray]:
    """Snapshots of shape (len(steps), H, W) and their steps, as arrays; a clear error otherwise."""
    snapshots = np.asarray(snapshots, dtype=float)
    steps = _check.real_array(steps, "steps")
    if snapshots.ndim != 3 or len(snapshots) != len(steps):
        raise ValueError(f"snapshots must have shape (len(steps), H, W), got {snapshots.shape}")
    return snapshots, steps


def snapshot_grid(snapshots, steps, original, *, count: int = 7, cmap: str = "gray"):
    """The original picture beside ``count`` snapshots (log-spread over ``steps``) of the network's picture."""
    snapshots, steps = check_snapshots(snapshots, steps)
    targets = np.concatenate(([steps[0]], np.geomspace(max(steps[1] if len(steps) > 1 else 1, 1), steps[-1], count - 1)))
    picks = np.unique([int(np.argmin(np.abs(np.log1p(steps) - np.log1p(t)))) for t in targets])
    return picture_row([original, *snapshots[picks]], ["original", *(f"step {int(steps[i])}" for i in picks)],
                       cmap=cmap, size=2.1)


def solution_and_source_spectrum(exact, coef, modes, *, count: int = 20):
    """A solution on the square (``exact``, n x n, on (-1, 1)^2) beside the first ``count`` x ``count`` of
    the source's 2D sine coefficients ``coef`` (|value|, index (k - 1, l - 1)), circling ``modes`` (k, l)."""
    exact, coef = _check.real_array(exact, "exact", ndim=2), _check.real_array(coef, "coef", ndim=2)
    count = _check.integer(count, "count", minimum=1)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    image = axes[0].imshow(exact.T, origin="lower", extent=(-1, 1, -1, 1), cmap="RdBu_r")
    fig.colorbar(image, ax=axes[0], shrink=0.8, label="u")
    axes[0].set(xlabel="x", ylabel="y", title=f"The exact solution u(x, y), n = {len(exact)}")
    edge = (0.5, count + 0.5, 0.5, count + 0.5)
    image = axes[1].imshow(np.abs(coef[:count, :count]).T, origin="lower", extent=edge, cmap="viridis")
    fig.colorbar(image, ax=axes[1], shrink=0.8, label="|coefficient|")
    for k, m in modes:
        axes[1].plot(k, m, "o", mfc="none", mec="white", ms=12)
    axes[1].set(xlabel="k (along x)", ylabel="l (along y)", title="The source's 2D sine spectrum (circles: tracked)")
    return axes


def field_and_modes(coefficient, rows: dict, titles, *, size: float = 2.3):
    """log10 of a coefficient on the square (``coefficient``, n x n) beside rows of pictures on the same grid: ``rows``
    maps a row's label to its list of n x n arrays, one per entry of ``titles`` (the columns' titles). A column
    keeps its first picture's symmetric colour scale (blue negative, red positive), so that a later row (what a
    method leaves of the first) shows its size against it. The first column shows k."""
    coefficient = _check.real_array(coefficient, "coefficient", ndim=2)
    if not rows or any(len(pictures) != len(titles) for pictures in rows.values()):
        raise ValueError(f"rows must be non-empty, each with one picture per title ({len(titles)})")
    fig, axes = plt.subplots(len(rows), len(titles) + 1, figsize=(size * (len(titles) + 1), size * len(rows) + 0.5),
                             layout="constrained", squeeze=False)
    image = axes[0, 0].imshow(np.log10(coefficient).T, origin="lower", extent=(-1, 1, -1, 1), cmap="viridis")
    fig.colorbar(image, ax=axes[0, 0], shrink=0.8, label="log10 k")
    axes[0, 0].set_title("the coefficient k", fontsize="medium")
    tops = [np.abs(_check.real_array(p, "rows", ndim=2)).max() or 1.0 for p in next(iter(rows.values()))]
    for r, (label, pictures) in enumerate(rows.items()):
        for ax, picture, title, top in zip(axes[r, 1:], pictures, titles, tops):
            picture = _check.real_array(picture, f"rows[{label!r}]", ndim=2)
            ax.imshow(picture.T, origin="lower", extent=(-1, 1, -1, 1), cmap="RdBu_r", vmin=-top, vmax=top)
            ax.set_title(f"{label}: {title}", fontsize="medium")
        for ax in axes[r]:
            ax.set(xticks=[], yticks=[])
        if r:
            axes[r, 0].axis("off")
    return axes
