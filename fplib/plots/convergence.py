"""Convergence and solver standings: a quantity against training steps, iterations, seconds or grid size
(loss, accuracy, PSNR, error and residual curves, measured against predicted decay), the article's hybrid
figure, and where each solver stands (time ratios, cost growth, a scan of the correction interval)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _check
from . import _style


def loss_curve(loss, *, ax=None, label: str | None = None, title: str = "Training loss"):
    """Loss per step on a log scale."""
    loss = _check.real_array(loss, "loss")
    ax = ax or plt.subplots(figsize=(5, 3), layout="constrained")[1]
    ax.semilogy(np.arange(len(loss)), loss, label=label)
    ax.set(xlabel="training step", ylabel="loss", title=title)
    if label:
        ax.legend()
    return ax


def accuracy_curves(steps, runs: dict, *, marks: dict | None = None, chance: float = 0.5, ax=None,
                    title: str = "Fit and generalization"):
    """Accuracy over training: for each label -> (training, test) accuracies in ``runs`` a solid and a dashed
    curve; a dot on the test curve at the step ``marks[label]``; a gray line at ``chance``."""
    steps = _check.real_array(steps, "steps")
    for label, pair in runs.items():
        if len(pair) != 2:
            raise ValueError(f"runs[{label!r}] must be a pair (training, test) of accuracies, got {len(pair)} items")
        _style.one_value_each(steps, dict(zip(("training", "test"), pair)), f"runs[{label!r}]", "step")
    ax = ax or plt.subplots(figsize=(6.5, 3.8), layout="constrained")[1]
    for label, (train, test) in runs.items():
        (line,) = ax.plot(steps, train, lw=2, label=f"{label}: training half")
        ax.plot(steps, test, "--", lw=2, color=line.get_color(), label=f"{label}: test half")
        if marks and label in marks:
            ax.plot(marks[label], np.interp(marks[label], steps, test), "o", color=line.get_color(), ms=7)
    ax.axhline(chance, color="gray", lw=0.8)
    _style.set_xscale(ax, "symlog", steps[-1])
    ax.set(xlabel="training step", ylabel="accuracy (sign of the output)", ylim=(0, 1.02), title=title)
    ax.legend(fontsize="small", loc="lower right")
    return ax


def psnr_curves(steps, curves: dict, *, ax=None, title: str = "Picture quality over training",
                xscale: str = "symlog"):
    """PSNR (dB, higher is better) over training steps for each label -> values in ``curves``."""
    _check.one_of(xscale, "xscale", _style.XSCALES)
    steps = _check.real_array(steps, "steps")
    _style.one_value_each(steps, curves, "curves", "step")
    ax = ax or plt.subplots(figsize=(6, 3.4), layout="constrained")[1]
    for label, values in curves.items():
        ax.plot(steps, values, "o-", ms=3, label=label)
    _style.set_xscale(ax, xscale)
    ax.set(xlabel="training step", ylabel="PSNR (dB, higher = better)", title=title)
    ax.legend()
    return ax


def error_curves(curves: dict, *, floors: dict | None = None, ax=None, xlabel: str = "iteration",
                 ylabel: str = "max |u - exact|", title: str = "", xscale: str = "linear"):
    """Error curves on a log scale: ``curves`` maps label -> (x, error); ``floors`` maps label -> level."""
    _check.one_of(xscale, "xscale", _style.XSCALES)
    for label, (x, err) in curves.items():
        if np.shape(x) != np.shape(err) or np.ndim(x) != 1:
            raise ValueError(f"curve {label!r}: x and error must be 1-D of one length, got {np.shape(x)} and {np.shape(err)}")
    ax = ax or plt.subplots(figsize=(6.5, 3.8), layout="constrained")[1]
    for label, (x, err) in curves.items():
        ax.plot(x, err, lw=2, label=label)
    for label, level in (floors or {}).items():
        _style.labelled_hline(ax, label, level, x=1, ha="right", style=dict(color="gray", ls="--", lw=1))
    ax.set_yscale("log")
    _style.set_xscale(ax, xscale)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize="small")
    return ax


def mode_decay(iterations, measured, predicted, labels, *, ax=None, title: str = "Decay of each mode"):
    """Measured |error coefficient| / start value per mode (markers) against a prediction (lines), log scale.

    ``measured`` and ``predicted`` have shape (len(iterations), len(labels)).
    """
    iterations = _check.real_array(iterations, "iterations")
    for name, array in (("measured", measured), ("predicted", predicted)):
        if np.shape(array) != (len(iterations), len(labels)):
            raise ValueError(f"{name} must have shape (len(iterations), len(labels)) = "
                             f"{(len(iterations), len(labels))}, got {np.shape(array)}")
    ax = ax or plt.subplots(figsize=(6, 3.6), layout="constrained")[1]
    for i, label in enumerate(labels):
        (line,) = ax.semilogy(iterations, predicted[:, i], lw=1.5, label=f"{label}: predicted")
        ax.semilogy(iterations, measured[:, i], "o", ms=4, mfc="none", color=line.get_color(), label=f"{label}: measured")
    ax.set(xlabel="iteration", ylabel="error coefficient / its start value", title=title)
    ax.legend(fontsize="small", ncol=2)
    return ax


def divergence_plot(curves: dict, mode_errors, modes, *, rtol: float):
    """Left: relative residual per run (``curves``: label -> (iterations, residuals)), the target ``rtol`` drawn;
    right: the error left in each of ``modes`` (columns of ``mode_errors``, one row per iteration from 0)."""
    mode_errors = _check.real_array(mode_errors, "mode_errors", ndim=2)
    if mode_errors.shape[1] != len(modes):
        raise ValueError(f"mode_errors must have one column per mode ({len(modes)}), got shape {mode_errors.shape}")
    axes = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")[1]
    for label, (iterations, residuals) in curves.items():
        axes[0].semilogy(iterations, residuals, label=label)
    axes[0].axhline(_check.positive(rtol, "rtol"), color="black", lw=0.8)
    axes[0].set(xlabel="iteration", ylabel="relative residual", title="Converging, and diverging")
    axes[0].legend(fontsize="small")
    for column, mode in enumerate(modes):
        axes[1].semilogy(np.arange(len(mode_errors)), mode_errors[:, column], label=f"mode {mode}")
    axes[1].set(xlabel="iteration", ylabel="error left in the mode", title="The under-trained network, mode by mode")
    axes[1].legend(fontsize="x-small", ncol=2)
    return axes


def hybrid_figure(network, continued: dict, *, floors: dict | None = None, tol: float | None = None, ax=None,
                  title: str = "Error against wall-clock time"):
    """The article's figure: the network alone (stars) and Jacobi continued from it at several switch
    times (dashed lines, each starting where it leaves the network; dotted where extrapolated from the
    exact mode decay beyond the time budget); optional horizontal ``floors``
    (label -> level) and the tolerance ``tol``. Curves are ``hybrid.Curve`` objects."""
    ax = ax or plt.subplots(figsize=(7.5, 4.6), layout="constrained")[1]
    ax.plot(network.times, network.errors, "*", color="tab:green", ms=7, label=network.label)
    for curve in continued.values():
        m = curve.measured or len(curve.times)
        (line,) = ax.plot(curve.times[:m], curve.errors[:m], "--", lw=2, label=curve.label)
        ax.plot(curve.times[0], curve.errors[0], "o", color=line.get_color(), ms=6)
        if curve.extrapolated:
            ax.plot(curve.times[m - 1:], curve.errors[m - 1:], ":", color=line.get_color(), lw=1.5)
    for label, level in (floors or {}).items():
        _style.labelled_hline(ax, label, level, x=0.01, ha="left", style=dict(color="gray", ls="-.", lw=1))
    if tol is not None:
        _style.labelled_hline(ax, f"tolerance {tol:g}", tol, x=0.99, ha="right", style=dict(color="black", lw=0.8))
    ax.set(xscale="log", yscale="log", xlabel="wall-clock time (s), training included",
           ylabel="max |u - exact| on the fine grid", title=title)
    ax.legend(fontsize="small", loc="upper right")
    return ax


def scaling_plot(ns, ratios: dict, *, ax=None, title: str = "Where the hybrid pays"):
    """Time ratios against grid size n on log-log axes, with the break-even line at 1."""
    ns = _check.real_array(ns, "ns")
    _style.one_value_each(ns, ratios, "ratios", "n")
    ax = ax or plt.subplots(figsize=(6, 3.8), layout="constrained")[1]
    for label, values in ratios.items():
        ax.loglog(ns, values, "o-", lw=2, label=label)
    ax.axhline(1, color="black", lw=0.8)
    ax.annotate("break-even", (ns[0], 1), va="bottom", fontsize="small")
    ax.set(xlabel="interior grid points n", ylabel="time ratio (below 1: the hybrid is faster)", title=title)
    ax.legend(fontsize="small")
    return ax


def scan_plot(everies, predicted, measured, predicted_seconds, measured_seconds, *, ylabel: str = "iterations",
              title: str = ""):
    """Iterations (left) and seconds (right) against m, predicted (dashed) beside measured, log-log."""
    everies = _check.real_array(everies, "everies")
    for name, values in (("predicted", predicted), ("measured", measured), ("predicted_seconds", predicted_seconds),
                         ("measured_seconds", measured_seconds)):
        if np.shape(values) != everies.shape:
            raise ValueError(f"{name} must have one value per m ({len(everies)}), got shape {np.shape(values)}")
    axes = plt.subplots(1, 2, figsize=(10, 3.4), layout="constrained")[1]
    for ax, (guess, seen), label in ((axes[0], (predicted, measured), ylabel),
                                     (axes[1], (predicted_seconds, measured_seconds), "seconds (solver only)")):
        ax.loglog(everies, guess, "o--", label="predicted from the spectra")
        ax.loglog(everies, seen, "s-", label="measured")
        ax.set(xlabel="m (a network correction every m iterations)", ylabel=label)
        ax.legend(fontsize="small")
    axes[0].set_title(title)
    axes[1].set_title("Wall time")
    return axes


def cost_growth(sizes, seconds: dict, extrapolated: dict, *, ax=None, xlabel: str = "unknowns N = n²",
                title: str = "Cost to the target (open: extrapolated)"):
    """Seconds against problem size on log-log axes: label -> seconds per size, and label -> whether each
    was extrapolated (drawn open)."""
    sizes = _check.real_array(sizes, "sizes")
    _style.one_value_each(sizes, seconds, "seconds", "size")
    _style.one_value_each(sizes, extrapolated, "extrapolated", "size")
    ax = ax or plt.subplots(figsize=(6.5, 4), layout="constrained")[1]
    for label, values in seconds.items():
        values, open_ = np.asarray(values, dtype=float), np.asarray(extrapolated[label], dtype=bool)
        (line,) = ax.loglog(sizes, values, "-", label=label)
        ax.loglog(sizes[~open_], values[~open_], "o", color=line.get_color())
        ax.loglog(sizes[open_], values[open_], "o", mfc="none", color=line.get_color())
    ax.set(xlabel=xlabel, ylabel="seconds", title=title)
    ax.legend(fontsize="x-small")
    return ax


def iteration_growth(ns, counts: dict, *, title: str = "CG iterations to the target, a new k on every grid"):
    """CG iterations against the grid size n on log-log axes, one panel per family: ``counts`` maps a family to
    {method: iterations per n}; a missing count (NaN: not converged) is left out."""
    ns = _check.real_array(ns, "ns")
    if not counts:
        raise ValueError("counts must name at least one family")
    axes = np.atleast_1d(plt.subplots(1, len(counts), figsize=(3.6 * len(counts), 3.6), layout="constrained",
                                      sharey=True)[1])
    for ax, (family, methods) in zip(axes, counts.items()):
        _style.one_value_each(ns, methods, f"counts[{family!r}]", "grid size")
        for method, values in methods.items():
            ax.loglog(ns, np.asarray(values, dtype=float), "o-", lw=1.5, label=method)
        ax.set(xlabel="n (grid n × n)", title=family)
        ax.set_xticks(ns, [f"{n:g}" for n in ns])
        ax.minorticks_off()
    low, high = axes[0].get_ylim()  # shared: labelled counts 1, 2, 5, 10, 20, ... within the range drawn
    ticks = [t for t in np.ravel(10.0 ** np.arange(4)[:, None] * [1, 2, 5]) if low <= t <= high]
    axes[0].set_yticks(ticks, [f"{t:g}" for t in ticks])
    axes[0].set_ylabel("CG iterations")
    axes[0].legend(fontsize="x-small")
    axes[0].figure.suptitle(title)
    return axes
