"""The tangent kernel: its eigenvectors and eigenvalue per frequency, the time to learn each frequency, and
how well the kernel at initialization predicts training (the lazy dial)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _check
from . import _style


def eigenvector_row(t, vectors, titles):
    """One panel per eigenvector (columns of ``vectors``) against the angle ``t``, each titled by ``titles``."""
    t, vectors = _check.real_array(t, "t"), _check.real_array(vectors, "vectors", ndim=2)
    if vectors.shape != (len(t), len(titles)):
        raise ValueError(f"vectors must have shape (len(t), len(titles)) = {(len(t), len(titles))}, got {vectors.shape}")
    axes = plt.subplots(1, len(titles), figsize=(2.6 * len(titles), 2.6), sharey=True, layout="constrained",
                        squeeze=False)[1][0]
    for ax, column, title in zip(axes, vectors.T, titles):
        ax.plot(t, column, color="tab:blue")
        ax.set(title=title, xlabel="angle t")
    axes[0].set_ylabel("value")
    return axes


def kernel_spectrum(freq, curves: dict, *, guide_slope: float | None = None, ax=None,
                    title: str = "The tangent kernel's eigenvalue at each frequency"):
    """Eigenvalue per frequency on log-log axes: ``curves`` maps label -> values (the first drawn as a line,
    the others as markers; values <= 0 are left out); an optional dotted guide of slope -``guide_slope``."""
    freq = _check.real_array(freq, "freq")
    _style.one_value_each(freq, curves, "curves", "frequency")
    ax = ax or plt.subplots(figsize=(7, 4), layout="constrained")[1]
    for i, (label, values) in enumerate(curves.items()):
        keep = (np.asarray(values) > 0) & (freq > 0)
        ax.loglog(freq[keep], np.asarray(values)[keep], "-" if i == 0 else "o", ms=5, label=label)
    if guide_slope is not None:
        first = np.asarray(next(iter(curves.values())))
        anchor = int(np.argmin(np.abs(freq - 4)))
        ax.loglog(freq[freq > 0], first[anchor] * (freq[anchor] / freq[freq > 0]) ** guide_slope, ":", color="gray",
                  label=f"slope -{guide_slope:g}")
    ax.set(xlabel="frequency k", ylabel="eigenvalue μ_k of K", title=title)
    ax.legend(fontsize="small")
    return ax


def learning_times(freq, steps, *, fit=None, ax=None, title: str = "Time to learn frequency k"):
    """First step below 10 % per frequency on log-log axes (unlearned ones left out); ``fit`` =
    (first frequency, slope, intercept) draws the fitted power law from that frequency on."""
    freq, steps = _check.real_array(freq, "freq"), _check.real_array(steps, "steps", allow_inf=True)
    _check.same_length(freq, steps, "freq", "steps")
    ax = ax or plt.subplots(figsize=(6, 3.8), layout="constrained")[1]
    learned = np.isfinite(steps)
    ax.loglog(freq[learned], steps[learned], "o", label="measured: first step below 10 %")
    if fit is not None:
        start, slope, intercept = fit
        k = freq[learned & (freq >= start)]
        ax.loglog(k, np.exp(intercept) * k**slope, "-", label=f"fit from k = {start:g}: slope {slope:.2f}")
    ax.set(xlabel="frequency k", ylabel="training steps", title=title)
    ax.legend()
    return ax


def lazy_dial(alphas, ratios, labels, *, ax=None):
    """Predicted / measured learning step against the output scale alpha, one line per frequency
    (``ratios`` of shape (len(alphas), len(labels)); NaN: not learned within the run, drawn as x at 0)."""
    alphas = _check.real_array(alphas, "alphas")
    ratios = np.asarray(ratios, dtype=float)
    if ratios.shape != (len(alphas), len(labels)):
        raise ValueError(f"ratios must have shape (len(alphas), len(labels)) = {(len(alphas), len(labels))}, "
                         f"got {ratios.shape}")
    ax = ax or plt.subplots(figsize=(6.5, 3.8), layout="constrained")[1]
    for column, label in zip(ratios.T, labels):
        learned = np.isfinite(column)
        (line,) = ax.semilogx(alphas[learned], column[learned], "o-", label=label)
        ax.semilogx(alphas[~learned], np.zeros((~learned).sum()), "x", color=line.get_color(), ms=9)
    ax.axhline(1, color="black", lw=0.8)
    ax.set(xlabel="output scale α (lazy dial)", ylabel="predicted / measured step", ylim=(-0.05, 1.2),
           title="How well the kernel at initialization predicts training\n(x at 0: not learned within the run)")
    ax.legend()
    return ax
