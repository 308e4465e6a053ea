"""Damping factors: what one relaxation sweep, or one correction by a trained network, keeps of each mode,
per 1D sine mode, per 2D mode (k, l) on the square, and over the network's training; what one two-grid cycle
leaves of each low-energy mode."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _check
from . import _style


def damping_factors_plot(freq, factors: dict, *, marks=None, ax=None, freq_label: str = "frequency"):
    """|lambda_k| per mode for each method in ``factors`` (label -> array); optional vertical ``marks``."""
    freq = _check.real_array(freq, "freq")
    _style.one_value_each(freq, factors, "factors", "frequency")
    ax = ax or plt.subplots(figsize=(6, 3.4), layout="constrained")[1]
    for label, lam in factors.items():
        ax.plot(freq, np.abs(lam), lw=2, label=label)
    for f in np.atleast_1d(marks if marks is not None else []):
        ax.axvline(f, color="gray", ls=":", lw=1)
    ax.set(xlabel=freq_label, ylabel="|damping factor| per sweep", ylim=(0, 1.05),
           title="How much one sweep keeps of each mode (1 = nothing removed)")
    ax.legend()
    return ax


def factor_maps(factors: dict, *, upper: float | None = None):
    """|factor| per 2D mode (k, l), one panel per label -> n x n array (index (k - 1, l - 1)), on one colour
    scale 0..1; dotted lines at k, l = ``upper`` (where the upper half of the modes starts)."""
    fig, axes = plt.subplots(1, len(factors), figsize=(5 * len(factors), 4), layout="constrained", squeeze=False)
    for ax, (label, values) in zip(axes[0], factors.items()):
        values = _check.real_array(values, f"factors[{label!r}]", ndim=2)
        n = len(values)
        image = ax.imshow(np.abs(values).T, origin="lower", extent=(0.5, n + 0.5, 0.5, n + 0.5), vmin=0, vmax=1,
                          cmap="magma")
        if upper is not None:
            ax.axvline(upper, color="white", ls=":")
            ax.axhline(upper, color="white", ls=":")
        ax.set(xlabel="k", ylabel="l", title=f"{label}: |λ_kl| per sweep")
    fig.colorbar(image, ax=axes[0], shrink=0.8, label="what one sweep keeps (1 = nothing removed)")
    return axes[0]


def learning_order_plot(steps, factors: dict):
    """One panel per entry of ``factors`` (title -> array (len(steps), modes)): what the network leaves of each
    mode it reads, one line per training step in ``steps``."""
    steps = _check.real_array(steps, "steps")
    for title, values in factors.items():
        if np.ndim(values) != 2 or len(values) != len(steps):
            raise ValueError(f"factors[{title!r}] must have one row per step ({len(steps)}), got shape {np.shape(values)}")
    axes = np.atleast_1d(plt.subplots(1, len(factors), figsize=(5.2 * len(factors), 3.4), layout="constrained",
                                      sharey=True)[1])
    for ax, (title, values) in zip(axes, factors.items()):
        for step, row in zip(steps, values):
            ax.semilogy(np.arange(1, len(row) + 1), row, lw=1.5, label=f"after {step:.0f} steps")
        ax.set(xlabel="sine mode k", title=title)
    axes[0].set_ylabel("fraction of the mode left by one correction")
    axes[0].legend(fontsize="small")
    return axes


def modes_left(left: dict, *, ax=None, title: str = "What one two-grid cycle leaves of each low-energy mode"):
    """For each interpolation in ``left`` (label -> array, one value per mode, lowest energy first): the fraction of
    the mode (energy norm) that one two-grid cycle leaves, on a logarithmic axis."""
    if not left:
        raise ValueError("left must name at least one interpolation")
    ax = ax or plt.subplots(figsize=(6.5, 3.6), layout="constrained")[1]
    for label, values in left.items():
        values = _check.real_array(values, f"left[{label!r}]")
        ax.semilogy(np.arange(1, len(values) + 1), values, "o-", lw=1.5, label=label)
    ax.set(xlabel="low-energy mode (1 = lowest energy)", ylabel="fraction left, energy norm", title=title)
    ax.legend(fontsize="small")
    return ax
