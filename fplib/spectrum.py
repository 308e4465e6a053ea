"""Spectra of samples, their peaks, and the relative error per frequency.

Conventions (one for every function here):

* frequencies are physical: cycles per unit of x, or radians per unit of x with ``angular=True``
  (then ``sin(3 x)`` sits at frequency 3);
* coefficients are one-sided complex amplitudes with the phase measured from x = 0:
  ``A cos(2 pi f x + phi)`` has coefficient ``A exp(i phi)``, so ``|coef|`` reads as the amplitude
  and ``A sin(k x)`` shows as ``-i A``;
* arrays of samples may carry leading axes (e.g. one row per training step); the last axis is x.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.fft
import torch

from . import _check


@dataclass(frozen=True)
class Spectrum:
    """One-sided spectrum: ``freq`` (>= 0, physical units) and complex ``coef`` (last axis = frequency)."""

    freq: np.ndarray
    coef: np.ndarray
    angular: bool = False

    @property
    def amplitude(self) -> np.ndarray:
        return np.abs(self.coef)


def samples(f, x) -> np.ndarray:
    """Values of ``f`` at ``x``: ``f`` may be an array of samples, a callable on NumPy arrays, or a torch module."""
    x = _check.real_array(x, "x")
    if isinstance(f, torch.nn.Module):
        from .nets import predict

        values = predict(f, x)
    elif callable(f):
        values = f(x)
    else:
        values = f
    try:
        values = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"f must be samples, a callable or a torch module; got {type(f).__name__}") from None
    if values.ndim == 0 or values.shape[-1] != len(x):
        raise ValueError(f"f must give one value per point of x (last axis {len(x)}), got shape {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError("f must be finite; its samples contain NaN or infinity")
    return values


def uniform_dft(f, x, *, angular: bool = False) -> Spectrum:
    """DFT of ``f`` sampled on the uniform grid ``x`` (at least 2 points, equally spaced, increasing)."""
    x = _check.real_array(x, "x", min_size=2)
    spacing = np.diff(x)
    dx = spacing.mean()
    if dx <= 0 or not np.allclose(spacing, dx, rtol=1e-6, atol=0):
        raise ValueError("x must be a uniform, increasing grid; use nonuniform_dft for scattered samples")
    y = samples(f, x)
    n = len(x)
    freq = np.fft.rfftfreq(n, d=dx)
    weight = np.full(len(freq), 2.0 / n)
    weight[0] = 1.0 / n
    if n % 2 == 0:
        weight[-1] = 1.0 / n  # the Nyquist bin is its own mirror image
    coef = np.fft.rfft(y, axis=-1) * weight * np.exp(-2j * np.pi * freq * x[0])
    return Spectrum(_scale(freq, angular), coef, angular)


def nonuniform_dft(f, x, freq, *, angular: bool = False) -> Spectrum:
    """DFT of ``f`` at scattered points ``x``, evaluated at the frequencies ``freq`` (>= 0).

    ``coef(f) = (2/N) sum_j y_j exp(-2 pi i f x_j)`` (``1/N`` at f = 0): on a uniform grid this equals
    ``uniform_dft`` at every frequency below Nyquist.
    """
    x = _check.real_array(x, "x")
    freq = _check.real_array(freq, "freq")
    if np.any(freq < 0):
        raise ValueError("freq must be non-negative (the spectrum is one-sided)")
    y = samples(f, x)
    cycles = freq / (2 * np.pi) if angular else freq
    weight = np.where(cycles == 0, 1.0, 2.0) / len(x)
    kernel = np.exp(-2j * np.pi * np.outer(x, cycles))
    return Spectrum(freq.copy(), (y @ kernel) * weight, angular)


def dirichlet_dst(f, x, *, angular: bool = False) -> Spectrum:
    """Sine series (DST-I) of ``f`` on the interior points ``x`` of a uniform grid with zero boundary values.

    With ``L = (n + 1) * dx`` the interval length, ``u_j = sum_k coef_k sin(k pi (x_j - a) / L)`` for
    k = 1..n, at frequency ``k / (2 L)`` (``k pi / L`` with ``angular=True``). Each sine mode is an
    eigenvector of the finite-difference Laplacian, so Jacobi multiplies each coefficient by its own factor.
    """
    x = _check.real_array(x, "x", min_size=2)
    dx = np.diff(x).mean()
    if dx <= 0 or not np.allclose(np.diff(x), dx, rtol=1e-6, atol=0):
        raise ValueError("x must be the uniform, increasing interior points of a Dirichlet grid")
    y = samples(f, x)
    n = len(x)
    k = np.arange(1, n + 1)
    cycles = k / (2 * (n + 1) * dx)
    return Spectrum(_scale(cycles, angular), scipy.fft.dst(y, type=1, axis=-1) / (n + 1), angular)


def find_peaks(spectrum: Spectrum, *, min_height: float | None = None, max_peaks: int | None = None,
               ignore_below: float | None = None) -> np.ndarray:
    """Indices of the local maxima of ``|coef|``, in increasing frequency.

    Round-off makes tiny local maxima in exact data: pass ``min_height`` (an amplitude) to drop them.
    ``max_peaks`` keeps only the highest ones. ``ignore_below`` removes the modes whose amplitude is
    below it before neighbours are compared: use it where symmetry zeroes every other mode (the odd
    modes of an odd function's sine series), which would otherwise make every mode a peak.
    """
    if not isinstance(spectrum, Spectrum):
        raise TypeError(f"spectrum must be a Spectrum (from uniform_dft or nonuniform_dft), got {type(spectrum).__name__}")
    amp = spectrum.amplitude
    if amp.ndim != 1:
        raise ValueError(f"spectrum must hold one signal to find its peaks, got coefficients of shape {amp.shape}")
    present = np.arange(len(amp))
    if ignore_below is not None:
        present = present[amp >= _check.positive(ignore_below, "ignore_below")]
    kept = amp[present]
    padded = np.concatenate(([-np.inf], kept, [-np.inf]))
    is_peak = (padded[1:-1] > padded[:-2]) & (padded[1:-1] >= padded[2:])
    if min_height is not None:
        is_peak &= kept >= _check.positive(min_height, "min_height")
    idx = present[is_peak]
    if max_peaks is not None:
        keep = _check.integer(max_peaks, "max_peaks", minimum=1)
        idx = np.sort(idx[np.argsort(amp[idx])[::-1][:keep]])
    return idx


def relative_error_complex(h, f, idx) -> np.ndarray:
    """``|h_k - f_k| / |f_k|`` at indices ``idx``: amplitude and phase must both match (the definition)."""
    h, f, idx = _coefficients(h, f, idx)
    return np.abs(h[..., idx] - f[..., idx]) / np.abs(f[..., idx])


def relative_error_magnitude(h, f, idx) -> np.ndarray:
    """``||h_k| - |f_k|| / |f_k|`` at indices ``idx``: amplitudes only (what the authors' code plots)."""
    h, f, idx = _coefficients(h, f, idx)
    return np.abs(np.abs(h[..., idx]) - np.abs(f[..., idx])) / np.abs(f[..., idx])


def convergence_steps(errors, steps, threshold: float = 0.1, *, stay: bool = False) -> np.ndarray:
    """First step at which each column of ``errors`` (shape: steps x frequencies) falls below ``threshold``.

    With ``stay=True``: the first step from which the error stays below ``threshold`` to the end,
    which ignores brief dips of a noisy (e.g. stochastic) training. A column that never does gets ``inf``.
    """
    errors = _check.real_array(errors, "errors", ndim=2)
    steps = _check.real_array(steps, "steps")
    _check.same_length(errors, steps, "errors", "steps")
    threshold = _check.positive(threshold, "threshold")
    below = errors < threshold
    if stay:
        below = np.flip(np.logical_and.accumulate(np.flip(below, axis=0), axis=0), axis=0)
    return np.where(below.any(axis=0), steps[below.argmax(axis=0)], np.inf)


def radial_bands(shape, count: int) -> np.ndarray:
    """Edges of ``count`` equal radial frequency bands from 0 to 0.5 cycles per pixel.

    The last band also takes the corners of the 2D spectrum beyond 0.5 (diagonal frequencies).
    """
    _image_shape(shape)
    return np.linspace(0.0, 0.5, _check.integer(count, "count", minimum=1) + 1)


def radial_spectrum(image, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Radially averaged amplitude spectrum of a 2D image: (mean |FFT| / pixels per band, band edges)."""
    image = _check.real_array(image, "image", ndim=2)
    edges = radial_bands(image.shape, count)
    band = _band_index(image.shape, edges)
    amplitude = np.abs(np.fft.fft2(image)) / image.size
    sums = np.bincount(band.ravel(), weights=amplitude.ravel(), minlength=count)
    return sums / np.maximum(np.bincount(band.ravel(), minlength=count), 1), edges


def radial_relative_error(prediction, target, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Relative error per radial band: sqrt(sum |P - T|^2 / sum |T|^2) over the FFT coefficients in the band.

    ``prediction`` may carry leading axes (one image per snapshot): shape (..., H, W); ``target`` (H, W).
    Returns (errors of shape (..., count), band edges in cycles per pixel).
    """
    target = _check.real_array(target, "target", ndim=2)
    prediction = np.asarray(prediction, dtype=float)
    if prediction.shape[-2:] != target.shape:
        raise ValueError(f"prediction must end in the target's shape {target.shape}, got {prediction.shape}")
    if not np.all(np.isfinite(prediction)):
        raise ValueError("prediction must be finite; it contains NaN or infinity")
    edges = radial_bands(target.shape, count)
    band = _band_index(target.shape, edges).ravel()
    target_hat = np.fft.fft2(target).ravel()
    error_hat = np.fft.fft2(prediction - target).reshape(*prediction.shape[:-2], -1)
    reference = np.bincount(band, weights=np.abs(target_hat) ** 2, minlength=count)
    if np.any(reference == 0):
        raise ValueError("the target has no content in some band: use fewer bands")
    flat = np.abs(error_hat.reshape(-1, band.size)) ** 2
    errors = np.stack([np.bincount(band, weights=row, minlength=count) for row in flat])
    return np.sqrt(errors / reference).reshape(*prediction.shape[:-2], count), edges


def _image_shape(shape):
    if not isinstance(shape, tuple) or len(shape) != 2 or min(shape) < 2:
        raise ValueError(f"shape must be a 2D image shape of at least 2 x 2, got {shape!r}")


def _band_index(shape, edges):
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.fftfreq(shape[1])[None, :]
    radius = np.hypot(fx, fy)
    return np.clip(np.searchsorted(edges, radius, side="right") - 1, 0, len(edges) - 2)


def _scale(freq: np.ndarray, angular: bool) -> np.ndarray:
    return freq * 2 * np.pi if angular else freq


def _coefficients(h, f, idx):
    h = h.coef if isinstance(h, Spectrum) else np.asarray(h)
    f = f.coef if isinstance(f, Spectrum) else np.asarray(f)
    if h.ndim == 0 or f.ndim == 0 or h.shape[-1] != f.shape[-1]:
        raise ValueError(f"h and f must share the frequency axis (last), got shapes {h.shape} and {f.shape}")
    idx = np.atleast_1d(np.asarray(idx))
    if idx.size == 0 or idx.dtype.kind not in "iu" or idx.min() < -f.shape[-1] or idx.max() >= f.shape[-1]:
        raise ValueError(f"idx must be non-empty integer indices into the {f.shape[-1]} frequencies, got {idx!r}")
    if np.any(np.abs(f[..., idx]) == 0):
        raise ValueError("f has zero amplitude at some idx: a relative error is undefined there")
    return h, f, idx
