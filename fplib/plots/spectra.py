"""Spectra and heat maps: the error per frequency over training (red = small), amplitude spectra with the
tracked frequencies marked, the network's spectrum as it trains, the energy per Walsh degree."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

from .. import _check
from ..spectrum import Spectrum, convergence_steps
from . import _style

ERROR_CMAP = "RdBu"  # red = small error, blue = large, as in the article


def error_heatmap(errors, steps, freqs, *, threshold: float = 0.1, ax=None, title: str | None = None,
                  freq_label: str = "frequency", error_label: str = "relative error", step_label: str = "training step",
                  xscale: str = "linear", stay: bool = False, row_labels=None):
    """Heat map of relative error: one row per frequency (lowest at the bottom), one column per step.

    ``errors`` has shape (len(steps), len(freqs)), as ``relative_error_*`` returns it. Red is small
    error, blue is large (clipped at 1); a black bar marks where each row first drops below ``threshold``.
    """
    _check.one_of(xscale, "xscale", _style.XSCALES)
    errors = _check.real_array(errors, "errors", ndim=2)
    steps = _check.real_array(steps, "steps")
    freqs = _check.real_array(freqs, "freqs")
    if errors.shape != (len(steps), len(freqs)):
        raise ValueError(f"errors must have shape (len(steps), len(freqs)) = {(len(steps), len(freqs))}, got {errors.shape}")
    ax = ax or plt.subplots(figsize=(7, 1.2 + 0.6 * len(freqs)), layout="constrained")[1]
    mesh = ax.pcolormesh(_edges(steps), np.arange(len(freqs) + 1), errors.T, cmap=ERROR_CMAP, vmin=0, vmax=1)
    bar = ax.figure.colorbar(mesh, ax=ax, extend="max", pad=0.02)
    bar.set_label(f"{error_label}\n(red = small, blue = large)")
    _style.set_xscale(ax, xscale, steps[-1])
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


def _edges(centers: np.ndarray) -> np.ndarray:
    """Cell edges halfway between neighbouring centers, so each column is centred on its step."""
    if len(centers) == 1:
        return np.array([centers[0] - 0.5, centers[0] + 0.5])
    mid = (centers[1:] + centers[:-1]) / 2
    return np.concatenate(([centers[0] - (mid[0] - centers[0])], mid, [centers[-1] + (centers[-1] - mid[-1])]))


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
        _style.labelled_hline(ax, label, level, x=0.01, ha="left", style=dict(color="gray", ls="--", lw=1))
    ax.set(xlabel=freq_label, ylabel="amplitude |coefficient|", ylim=(0, None), title=title)
    return ax


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
