"""Figures: each function draws only what it is given and returns its axes (or animation)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

from . import _check
from .spectrum import Spectrum, convergence_steps

ERROR_CMAP = "RdBu"  # red = small error, blue = large, as in the article


def error_heatmap(errors, steps, freqs, *, threshold: float = 0.1, ax=None, title: str | None = None,
                  freq_label: str = "frequency", error_label: str = "relative error", step_label: str = "training step"):
    """Heat map of relative error: one row per frequency (lowest at the bottom), one column per step.

    ``errors`` has shape (len(steps), len(freqs)), as ``relative_error_*`` returns it. Red is small
    error, blue is large (clipped at 1); a black bar marks where each row first drops below ``threshold``.
    """
    errors = _check.real_array(errors, "errors", ndim=2)
    steps = _check.real_array(steps, "steps")
    freqs = _check.real_array(freqs, "freqs")
    if errors.shape != (len(steps), len(freqs)):
        raise ValueError(f"errors must have shape (len(steps), len(freqs)) = {(len(steps), len(freqs))}, got {errors.shape}")
    ax = ax or plt.subplots(figsize=(7, 1.2 + 0.6 * len(freqs)), layout="constrained")[1]
    mesh = ax.pcolormesh(_edges(steps), np.arange(len(freqs) + 1), errors.T, cmap=ERROR_CMAP, vmin=0, vmax=1)
    bar = ax.figure.colorbar(mesh, ax=ax, extend="max", pad=0.02)
    bar.set_label(f"{error_label}\n(red = small, blue = large)")
    ax.set_yticks(np.arange(len(freqs)) + 0.5, [f"{f:g}" for f in freqs])
    ax.set_ylabel(freq_label)
    ax.set_xlabel(f"{step_label}    (black bar: first step with error below {threshold:g})")
    first = convergence_steps(errors, steps, threshold)
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
    return fig


def signal_and_spectrum(x, values, spec: Spectrum, peaks, *, xlim=None, freq_label: str = "frequency",
                        title: str = "The target"):
    """The target in x (left) and its amplitude spectrum with the tracked peaks marked (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.2), layout="constrained")
    left.plot(x, values, color="tab:red")
    left.set(xlabel="x", ylabel="value", title=title)
    right.plot(spec.freq, spec.amplitude, "o-", color="tab:red", ms=3)
    right.plot(spec.freq[peaks], spec.amplitude[peaks], "k*", ms=12, label="tracked peaks")
    for f, a in zip(spec.freq[peaks], spec.amplitude[peaks]):
        right.annotate(f"{f:g}", (f, a), textcoords="offset points", xytext=(6, 4))
    right.set(xlim=xlim, xlabel=freq_label, ylabel="amplitude |coefficient|", title="Its spectrum")
    right.legend()
    return fig


def loss_curve(loss, *, ax=None, label: str | None = None, title: str = "Training loss"):
    """Loss per step on a log scale."""
    loss = _check.real_array(loss, "loss")
    ax = ax or plt.subplots(figsize=(5, 3), layout="constrained")[1]
    ax.semilogy(np.arange(len(loss)), loss, label=label)
    ax.set(xlabel="training step", ylabel="loss", title=title)
    if label:
        ax.legend()
    return ax


def _edges(centers: np.ndarray) -> np.ndarray:
    """Cell edges halfway between neighbouring centers, so each column is centred on its step."""
    if len(centers) == 1:
        return np.array([centers[0] - 0.5, centers[0] + 0.5])
    mid = (centers[1:] + centers[:-1]) / 2
    return np.concatenate(([centers[0] - (mid[0] - centers[0])], mid, [centers[-1] + (centers[-1] - mid[-1])]))

