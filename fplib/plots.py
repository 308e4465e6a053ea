"""Figures: each function draws only what it is given and returns its axes: one ``Axes``, or a NumPy
array of them for a figure of several panels (``spectrum_animation`` returns its animation)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

from . import _check
from .spectrum import Spectrum, convergence_steps

ERROR_CMAP = "RdBu"  # red = small error, blue = large, as in the article
XSCALES = ("linear", "symlog")  # symlog: linear near 0 (so step 0 shows), logarithmic beyond


def _set_xscale(ax, xscale: str, last: float | None = None) -> None:
    _check.one_of(xscale, "xscale", XSCALES)
    if xscale == "symlog":
        ax.set_xscale("symlog", linthresh=1, linscale=0.3)
        if last is not None:
            ax.set_xlim(0, last)


def error_heatmap(errors, steps, freqs, *, threshold: float = 0.1, ax=None, title: str | None = None,
                  freq_label: str = "frequency", error_label: str = "relative error", step_label: str = "training step",
                  xscale: str = "linear", stay: bool = False, row_labels=None):
    """Heat map of relative error: one row per frequency (lowest at the bottom), one column per step.

    ``errors`` has shape (len(steps), len(freqs)), as ``relative_error_*`` returns it. Red is small
    error, blue is large (clipped at 1); a black bar marks where each row first drops below ``threshold``.
    """
    _check.one_of(xscale, "xscale", XSCALES)
    errors = _check.real_array(errors, "errors", ndim=2)
    steps = _check.real_array(steps, "steps")
    freqs = _check.real_array(freqs, "freqs")
    if errors.shape != (len(steps), len(freqs)):
        raise ValueError(f"errors must have shape (len(steps), len(freqs)) = {(len(steps), len(freqs))}, got {errors.shape}")
    ax = ax or plt.subplots(figsize=(7, 1.2 + 0.6 * len(freqs)), layout="constrained")[1]
    mesh = ax.pcolormesh(_edges(steps), np.arange(len(freqs) + 1), errors.T, cmap=ERROR_CMAP, vmin=0, vmax=1)
    bar = ax.figure.colorbar(mesh, ax=ax, extend="max", pad=0.02)
    bar.set_label(f"{error_label}\n(red = small, blue = large)")
    _set_xscale(ax, xscale, steps[-1])
    if row_labels is not None and len(row_labels) != len(freqs):
        raise ValueError(f"row_labels must name each row ({len(freqs)}), got {len(row_labels)}")
    ax.set_yticks(np.arange(len(freqs)) + 0.5, row_labels if row_labels is not None else [f"{f:.3g}" for f in freqs])
    ax.set_ylabel(freq_label)
    when = "from which the error stays" if stay else "with error"
    ax.set_xlabel(f"{step_label}    (black bar: first step {when} below {threshold:g})")
    first = convergence_steps(errors, steps, threshold, stay=stay)
    for row, step in enumerate(first):
        if np.isfinite(step):
            ax.plot([step, step], [row + 0.1, row + 0.9], color="black", lw=2.5)
    if title:
        ax.set_title(title)
    return ax


def spectrum_animation(target: Spectrum, outputs: Spectrum, steps, *, xlim=None, freq_label: str = "frequency",
                       interval: int = 150) -> FuncAnimation:
    """Animation of |output spectrum| (blue) over training against the target's (red).

    ``outputs.coef`` has one row per step. Show it in a notebook with ``HTML(anim.to_jshtml())``:
    it plays in JupyterLab without ffmpeg.
    """
    steps = _check.real_array(steps, "steps")
    amps = outputs.amplitude
    if amps.shape != (len(steps), len(target.freq)):
        raise ValueError(f"outputs must have one spectrum per step: shape {(len(steps), len(target.freq))}, got {amps.shape}")
    fig, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
    ax.plot(target.freq, target.amplitude, "o-", color="tab:red", ms=4, label="target")
    (line,) = ax.plot(target.freq, amps[0], "o-", color="tab:blue", ms=3, label="network")
    label = ax.text(0.98, 0.95, "", transform=ax.transAxes, ha="right", va="top")
    ax.set(xlim=xlim, ylim=(0, 1.15 * max(target.amplitude.max(), amps.max())),
           xlabel=freq_label, ylabel="amplitude |coefficient|", title="Spectrum of the network output during training")
    ax.legend(loc="upper left")

    def draw(i):
        line.set_ydata(amps[i])
        label.set_text(f"step {int(steps[i])}")
        return line, label

    anim = FuncAnimation(fig, draw, frames=len(steps), interval=interval, blit=True)
    plt.close(fig)
    return anim


def training_snapshots(x, target_values, outputs, steps, target: Spectrum, output_spectra: Spectrum, at, *,
                       labels=None, xlim=None, freq_label: str = "frequency"):
    """Top row: output vs target in x at the steps ``at`` (with optional ``labels``); bottom row: their spectra."""
    steps = _check.real_array(steps, "steps")
    columns = [int(np.argmin(np.abs(steps - s))) for s in np.atleast_1d(at)]
    labels = [""] * len(columns) if labels is None else list(labels)
    if len(labels) != len(columns):
        raise ValueError(f"labels must give one title per entry of at ({len(columns)}), got {len(labels)}")
    fig, axes = plt.subplots(2, len(columns), figsize=(3.2 * len(columns), 5), sharey="row",
                             layout="constrained", squeeze=False)
    for col, (i, label) in enumerate(zip(columns, labels)):
        top, bottom = axes[0, col], axes[1, col]
        top.plot(x, target_values, color="tab:red", lw=2, label="target")
        top.plot(x, outputs[i], color="tab:blue", lw=1.5, label="network")
        top.set(title=f"step {int(steps[i])}" + (f"\n{label}" if label else ""), xlabel="x")
        bottom.plot(target.freq, target.amplitude, "o-", color="tab:red", ms=3)
        bottom.plot(target.freq, output_spectra.amplitude[i], "o-", color="tab:blue", ms=2)
        bottom.set(xlim=xlim, xlabel=freq_label)
    axes[0, 0].set_ylabel("value")
    axes[1, 0].set_ylabel("amplitude")
    axes[0, 0].legend(loc="lower right", fontsize="small")
    return axes


def signal_and_spectrum(x, values, spec: Spectrum, peaks, *, xlim=None, freq_label: str = "frequency",
                        title: str = "The target", spectrum_title: str = "Its spectrum"):
    """A function in x (left) and an amplitude spectrum with the tracked peaks marked (right)."""
    x, values = _check.real_array(x, "x"), _check.real_array(values, "values")
    _check.same_length(x, values, "x", "values")
    if not isinstance(spec, Spectrum) or spec.amplitude.ndim != 1:
        raise TypeError("spec must be the Spectrum of one signal (from spectrum.uniform_dft or dirichlet_dst)")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.2), layout="constrained")
    left.plot(x, values, color="tab:red")
    left.set(xlabel="x", ylabel="value", title=title)
    right.plot(spec.freq, spec.amplitude, "o-", color="tab:red", ms=3)
    right.plot(spec.freq[peaks], spec.amplitude[peaks], "k*", ms=12, label="tracked peaks")
    for f, a in zip(spec.freq[peaks], spec.amplitude[peaks]):
        right.annotate(f"{f:.3g}", (f, a), textcoords="offset points", xytext=(6, -4))
    right.set(xlim=xlim, xlabel=freq_label, ylabel="amplitude |coefficient|", title=spectrum_title)
    right.legend()
    return np.array([left, right])


def loss_curve(loss, *, ax=None, label: str | None = None, title: str = "Training loss"):
    """Loss per step on a log scale."""
    loss = _check.real_array(loss, "loss")
    ax = ax or plt.subplots(figsize=(5, 3), layout="constrained")[1]
    ax.semilogy(np.arange(len(loss)), loss, label=label)
    ax.set(xlabel="training step", ylabel="loss", title=title)
    if label:
        ax.legend()
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


def damping_factors_plot(freq, factors: dict, *, marks=None, ax=None, freq_label: str = "frequency"):
    """|lambda_k| per mode for each method in ``factors`` (label -> array); optional vertical ``marks``."""
    freq = _check.real_array(freq, "freq")
    _one_value_each(freq, factors, "factors", "frequency")
    ax = ax or plt.subplots(figsize=(6, 3.4), layout="constrained")[1]
    for label, lam in factors.items():
        ax.plot(freq, np.abs(lam), lw=2, label=label)
    for f in np.atleast_1d(marks if marks is not None else []):
        ax.axvline(f, color="gray", ls=":", lw=1)
    ax.set(xlabel=freq_label, ylabel="|damping factor| per sweep", ylim=(0, 1.05),
           title="How much one sweep keeps of each mode (1 = nothing removed)")
    ax.legend()
    return ax


def error_curves(curves: dict, *, floors: dict | None = None, ax=None, xlabel: str = "iteration",
                 ylabel: str = "max |u - exact|", title: str = "", xscale: str = "linear"):
    """Error curves on a log scale: ``curves`` maps label -> (x, error); ``floors`` maps label -> level."""
    _check.one_of(xscale, "xscale", XSCALES)
    for label, (x, err) in curves.items():
        if np.shape(x) != np.shape(err) or np.ndim(x) != 1:
            raise ValueError(f"curve {label!r}: x and error must be 1-D of one length, got {np.shape(x)} and {np.shape(err)}")
    ax = ax or plt.subplots(figsize=(6.5, 3.8), layout="constrained")[1]
    for label, (x, err) in curves.items():
        ax.plot(x, err, lw=2, label=label)
    for label, level in (floors or {}).items():
        _level(ax, label, level, x=1, ha="right", style=dict(color="gray", ls="--", lw=1))
    ax.set_yscale("log")
    _set_xscale(ax, xscale)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize="small")
    return ax


def snapshot_grid(snapshots, steps, original, *, count: int = 7, cmap: str = "gray"):
    """The original picture beside ``count`` snapshots (log-spread over ``steps``) of the network's picture."""
    snapshots, steps = check_snapshots(snapshots, steps)
    targets = np.concatenate(([steps[0]], np.geomspace(max(steps[1] if len(steps) > 1 else 1, 1), steps[-1], count - 1)))
    picks = np.unique([int(np.argmin(np.abs(np.log1p(steps) - np.log1p(t)))) for t in targets])
    return picture_row([original, *snapshots[picks]], ["original", *(f"step {int(steps[i])}" for i in picks)],
                       cmap=cmap, size=2.1)


def psnr_curves(steps, curves: dict, *, ax=None, title: str = "Picture quality over training",
                xscale: str = "symlog"):
    """PSNR (dB, higher is better) over training steps for each label -> values in ``curves``."""
    _check.one_of(xscale, "xscale", XSCALES)
    steps = _check.real_array(steps, "steps")
    _one_value_each(steps, curves, "curves", "step")
    ax = ax or plt.subplots(figsize=(6, 3.4), layout="constrained")[1]
    for label, values in curves.items():
        ax.plot(steps, values, "o-", ms=3, label=label)
    _set_xscale(ax, xscale)
    ax.set(xlabel="training step", ylabel="PSNR (dB, higher = better)", title=title)
    ax.legend()
    return ax


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
        _level(ax, label, level, x=0.01, ha="left", style=dict(color="gray", ls="-.", lw=1))
    if tol is not None:
        _level(ax, f"tolerance {tol:g}", tol, x=0.99, ha="right", style=dict(color="black", lw=0.8))
    ax.set(xscale="log", yscale="log", xlabel="wall-clock time (s), training included",
           ylabel="max |u - exact| on the fine grid", title=title)
    ax.legend(fontsize="small", loc="upper right")
    return ax


def scaling_plot(ns, ratios: dict, *, ax=None, title: str = "Where the hybrid pays"):
    """Time ratios against grid size n on log-log axes, with the break-even line at 1."""
    ns = _check.real_array(ns, "ns")
    _one_value_each(ns, ratios, "ratios", "n")
    ax = ax or plt.subplots(figsize=(6, 3.8), layout="constrained")[1]
    for label, values in ratios.items():
        ax.loglog(ns, values, "o-", lw=2, label=label)
    ax.axhline(1, color="black", lw=0.8)
    ax.annotate("break-even", (ns[0], 1), va="bottom", fontsize="small")
    ax.set(xlabel="interior grid points n", ylabel="time ratio (below 1: the hybrid is faster)", title=title)
    ax.legend(fontsize="small")
    return ax


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


def _one_value_each(axis: np.ndarray, mapping: dict, name: str, what: str) -> None:
    for label, values in mapping.items():
        if np.shape(values) != axis.shape:
            raise ValueError(f"{name}[{label!r}] must have one value per {what} ({len(axis)}), got shape {np.shape(values)}")


def _level(ax, label, level, *, x: float, ha: str, style: dict) -> None:
    """A horizontal line at ``level`` with its label written on it."""
    ax.axhline(level, **style)
    ax.annotate(label, (x, level), xycoords=("axes fraction", "data"), ha=ha, va="bottom", fontsize="small",
                color="dimgray")


def _edges(centers: np.ndarray) -> np.ndarray:
    """Cell edges halfway between neighbouring centers, so each column is centred on its step."""
    if len(centers) == 1:
        return np.array([centers[0] - 0.5, centers[0] + 0.5])
    mid = (centers[1:] + centers[:-1]) / 2
    return np.concatenate(([centers[0] - (mid[0] - centers[0])], mid, [centers[-1] + (centers[-1] - mid[-1])]))



def sources_and_spectrum(x, sources, amplitudes, *, read: int):
    """Three of ``sources`` (rows on ``x``) beside their amplitude per sine mode, the last mode read (``read``) marked."""
    x = _check.real_array(x, "x")
    sources = _check.real_array(sources, "sources", ndim=2)
    amplitudes = _check.real_array(amplitudes, "amplitudes")
    if sources.shape[1] != len(x):
        raise ValueError(f"sources must have one value per point of x ({len(x)}), got shape {sources.shape}")
    axes = plt.subplots(1, 2, figsize=(10, 3.2), layout="constrained")[1]
    for f in sources[:3]:
        axes[0].plot(x, f, lw=1.2)
    axes[0].set(xlabel="x", ylabel="f(x)", title="Three training sources")
    axes[1].semilogy(np.arange(1, len(amplitudes) + 1), amplitudes, lw=2)
    axes[1].axvline(read + 0.5, color="gray", ls=":")
    axes[1].annotate(f"the network reads modes 1-{read}", (read + 1, 1e-3), fontsize="small")
    axes[1].set(xlabel="sine mode k", ylabel="standard deviation a_k", ylim=(1e-8, 2), xlim=(0, 4 * read),
                title="Their spectrum: a_k = exp(-(kπℓ/2)²/2)")
    return axes


def heatmap_stack(pictures: dict, steps, modes, *, threshold: float = 0.1, step_label: str = "iteration",
                  error_label: str = "error left in the mode", xscale: str = "linear"):
    """One ``error_heatmap`` per entry of ``pictures`` (title -> errors of shape (len(steps), len(modes))), stacked."""
    if not pictures:
        raise ValueError("pictures must map at least one title to errors")
    axes = np.atleast_1d(plt.subplots(len(pictures), 1, figsize=(8, 3.7 * len(pictures)), layout="constrained")[1])
    for ax, (title, errors) in zip(axes, pictures.items()):
        error_heatmap(errors, steps, modes, ax=ax, threshold=threshold, freq_label="sine mode k",
                      step_label=step_label, error_label=error_label, title=title, xscale=xscale)
    return axes


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

def amplitude_spectrum(freq, amplitude, *, marks=None, floors: dict | None = None, ax=None,
                       freq_label: str = "frequency", title: str = ""):
    """An amplitude spectrum (|coefficient| against frequency) with dotted vertical ``marks`` (e.g. the
    frequencies chosen for tracking) and labelled horizontal ``floors`` (label -> level)."""
    freq, amplitude = _check.real_array(freq, "freq"), _check.real_array(amplitude, "amplitude")
    _check.same_length(freq, amplitude, "freq", "amplitude")
    ax = ax or plt.subplots(figsize=(6.5, 3.4), layout="constrained")[1]
    ax.plot(freq, amplitude, "o-", ms=3, lw=1.5)
    for f in np.atleast_1d(marks if marks is not None else []):
        ax.axvline(f, color="gray", ls=":", lw=1.2)
    for label, level in (floors or {}).items():
        _level(ax, label, level, x=0.01, ha="left", style=dict(color="gray", ls="--", lw=1))
    ax.set(xlabel=freq_label, ylabel="amplitude |coefficient|", ylim=(0, None), title=title)
    return ax


def accuracy_curves(steps, runs: dict, *, marks: dict | None = None, chance: float = 0.5, ax=None,
                    title: str = "Fit and generalization"):
    """Accuracy over training: for each label -> (training, test) accuracies in ``runs`` a solid and a dashed
    curve; a dot on the test curve at the step ``marks[label]``; a gray line at ``chance``."""
    steps = _check.real_array(steps, "steps")
    for label, pair in runs.items():
        if len(pair) != 2:
            raise ValueError(f"runs[{label!r}] must be a pair (training, test) of accuracies, got {len(pair)} items")
        _one_value_each(steps, dict(zip(("training", "test"), pair)), f"runs[{label!r}]", "step")
    ax = ax or plt.subplots(figsize=(6.5, 3.8), layout="constrained")[1]
    for label, (train, test) in runs.items():
        (line,) = ax.plot(steps, train, lw=2, label=f"{label}: training half")
        ax.plot(steps, test, "--", lw=2, color=line.get_color(), label=f"{label}: test half")
        if marks and label in marks:
            ax.plot(marks[label], np.interp(marks[label], steps, test), "o", color=line.get_color(), ms=7)
    ax.axhline(chance, color="gray", lw=0.8)
    _set_xscale(ax, "symlog", steps[-1])
    ax.set(xlabel="training step", ylabel="accuracy (sign of the output)", ylim=(0, 1.02), title=title)
    ax.legend(fontsize="small", loc="lower right")
    return ax


def degree_bars(shares: dict, *, ax=None, degree_label: str = "Walsh degree |S|",
                title: str = "Share of the energy per degree"):
    """Grouped bars: for each label -> shares (one per degree 0, 1, ..., d) in ``shares``, the share of a
    function's energy at each degree."""
    if not shares:
        raise ValueError("shares must name at least one function")
    lengths = {len(np.atleast_1d(v)) for v in shares.values()}
    if len(lengths) != 1:
        raise ValueError(f"shares must give every function the same degrees 0..d, got lengths {sorted(lengths)}")
    degrees = np.arange(lengths.pop())
    ax = ax or plt.subplots(figsize=(6.5, 3.8), layout="constrained")[1]
    width = 0.8 / len(shares)
    for j, (label, values) in enumerate(shares.items()):
        ax.bar(degrees + (j - (len(shares) - 1) / 2) * width, _check.real_array(values, f"shares[{label!r}]"), width,
               label=label)
    ax.set_xticks(degrees)
    ax.set(xlabel=degree_label, ylabel="share of the energy", title=title)
    ax.legend(fontsize="small")
    return ax


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
    _one_value_each(freq, curves, "curves", "frequency")
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


def square_solution(exact, coef, modes, *, count: int = 20):
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


def cost_growth(sizes, seconds: dict, extrapolated: dict, *, ax=None, xlabel: str = "unknowns N = n²",
                title: str = "Cost to the target (open: extrapolated)"):
    """Seconds against problem size on log-log axes: label -> seconds per size, and label -> whether each
    was extrapolated (drawn open)."""
    sizes = _check.real_array(sizes, "sizes")
    _one_value_each(sizes, seconds, "seconds", "size")
    _one_value_each(sizes, extrapolated, "extrapolated", "size")
    ax = ax or plt.subplots(figsize=(6.5, 4), layout="constrained")[1]
    for label, values in seconds.items():
        values, open_ = np.asarray(values, dtype=float), np.asarray(extrapolated[label], dtype=bool)
        (line,) = ax.loglog(sizes, values, "-", label=label)
        ax.loglog(sizes[~open_], values[~open_], "o", color=line.get_color())
        ax.loglog(sizes[open_], values[open_], "o", mfc="none", color=line.get_color())
    ax.set(xlabel=xlabel, ylabel="seconds", title=title)
    ax.legend(fontsize="x-small")
    return ax
