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
    return Spectrum(_scale(freq, angular), coef)


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
    return Spectrum(freq.copy(), (y @ kernel) * weight)


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
    return Spectrum(_scale(cycles, angular), scipy.fft.dst(y, type=1, axis=-1) / (n + 1))


def find_peaks(spectrum: Spectrum, *, min_height: float | None = None, max_peaks: int | None = None,
               ignore_below: float | None = None) -> np.ndarray:
    """Indices of the local maxima of ``|coef|``, in increasing frequency.

    Round-off makes tiny local maxima in exact data: pass ``min_height`` (an amplitude) to drop them.
    ``max_peaks`` keeps only the highest ones. ``ignore_below`` removes the modes whose amplitude is
    below it before neighbours are compared (a mode then compares with the kept modes at most two
    places away): use it where symmetry zeroes every other mode (the odd modes of an odd function's
    sine series), which would otherwise make every mode a peak.
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
    # a neighbour counts where it is at most 2 modes away (the gap symmetry leaves); farther is no neighbour
    near = np.diff(present) <= 2
    left = np.concatenate(([-np.inf], np.where(near, kept[:-1], -np.inf)))
    right = np.concatenate((np.where(near, kept[1:], -np.inf), [-np.inf]))
    is_peak = (kept > left) & (kept >= right)
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


def order_violations(first_steps, *, at_least: int = 2) -> list[str]:
    """What breaks "learned from the first frequency to the last" in ``first_steps`` (one per frequency,
    in the order claimed; inf: never learned), each as a sentence; empty when nothing does.

    There is no vacuous path: fewer than ``at_least`` learned frequencies, or a frequency learned while
    an earlier one never is, is a violation, and so is a first frequency that is not strictly earlier
    than the last learned one. Unlearned frequencies at the end are allowed (report them).
    For "high to low", pass the steps reversed.
    """
    steps = _check.real_array(first_steps, "first_steps", ndim=1, allow_inf=True)
    at_least = _check.integer(at_least, "at_least", minimum=2)
    learned = np.isfinite(steps)
    problems = []
    if learned[:at_least].sum() < at_least:
        problems.append(f"the first {at_least} frequencies were not all learned: {steps}")
    if np.any(~learned[:-1] & learned[1:]):
        problems.append(f"a frequency was learned while an earlier one never was: {steps}")
    order = steps[learned]
    if np.any(np.diff(order) < 0):
        problems.append(f"a frequency was learned before an earlier one: {steps}")
    if order.size >= 2 and not order[0] < order[-1]:
        problems.append(f"the first frequency was not learned strictly before the last learned one: {steps}")
    return problems


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
    weights = np.eye(count)[_band_index(target.shape, edges).ravel()]
    if np.any((np.abs(np.fft.fft2(target).ravel()) ** 2) @ weights == 0):
        raise ValueError("the target has no content in some band: use fewer bands")
    h = np.fft.fft2(prediction).reshape(*prediction.shape[:-2], -1)
    return _group_errors(h, np.fft.fft2(target).ravel(), weights, "complex"), edges


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


FORMS = ("complex", "magnitude")


class FrequencyTracker:
    """Relative error per tracked frequency over training, for any model in any training loop.

    Build it once from the target on the points where the output is measured, then call
    ``record(step, model_or_output)`` inside a plain PyTorch loop (``record_all`` for outputs kept
    elsewhere; ``from_history`` after ``train.fit``). ``errors(form)``, ``first_below(threshold)`` and ``heatmap()`` read it out.

    Constructors, one per kind of points (each takes the points ``x`` first, the target second):

    * ``uniform``   -- a uniform 1D grid (DFT; periodic targets);
    * ``sine``      -- the interior points of a Dirichlet grid (DST-I sine modes);
    * ``sine2d``    -- the interior points of a Dirichlet grid on a square (2D sine modes (k, l));
    * ``scattered`` -- scattered 1D points (nonuniform DFT on a frequency grid you give);
    * ``image``     -- the pixels of a 2D picture (radial rings of its 2D FFT).

    Each tracked frequency owns a group of coefficients: one coefficient for a 1D peak, every FFT
    coefficient of a ring for an image. The error of a group is ``sqrt(sum |h - f|^2 / sum |f|^2)``
    (complex form) or ``sqrt(sum (|h| - |f|)^2 / sum |f|^2)`` (magnitude form): for a single
    coefficient, ``|h - f| / |f|`` and ``||h| - |f|| / |f|``. Another measurement (e.g. for data in
    many dimensions) plugs in through the plain constructor: ``transform`` maps samples on ``x`` to
    coefficients, ``groups`` assigns each coefficient to a tracked frequency.
    """

    def __init__(self, x, target, transform, groups, freq, *, freq_label: str = "frequency", labels=None):
        self.x = np.asarray(x, dtype=float)
        self.target = np.asarray(target, dtype=float)
        if self.target.ndim == 0 or len(self.x) not in (len(self.target), self.target.size):
            raise ValueError(f"target must give one value per point of x ({len(self.x)}), got shape {self.target.shape}")
        self.transform = transform
        self.target_coef = np.asarray(transform(self.target))
        self.freq = _check.real_array(freq, "freq")
        self.groups = np.asarray(groups)
        if self.groups.shape != self.target_coef.shape[-1:] or self.groups.dtype.kind not in "iu":
            raise ValueError(f"groups must give an integer group per coefficient ({self.target_coef.shape[-1]}), "
                             f"got {self.groups!r}")
        if set(np.unique(self.groups).tolist()) != set(range(len(self.freq))):
            raise ValueError(f"groups must use every tracked frequency 0..{len(self.freq) - 1} and no other")
        self._weights = np.eye(len(self.freq))[self.groups]  # coefficients x frequencies
        if np.any((np.abs(self.target_coef) ** 2) @ self._weights == 0):
            raise ValueError("the target has no content at some tracked frequency: a relative error is undefined there")
        self.freq_label = freq_label
        self.labels = None if labels is None else [str(label) for label in labels]
        if self.labels is not None and len(self.labels) != len(self.freq):
            raise ValueError(f"labels must name each tracked frequency ({len(self.freq)}), got {len(self.labels)}")
        self._steps: list[int] = []
        self._coef: list[np.ndarray] = []

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def uniform(cls, x, target, *, angular: bool = False, peaks=None, count: int | None = None,
                min_height: float = 0.1):
        """On a uniform 1D grid: track ``peaks`` (frequencies) or the peaks of the target's spectrum.

        Chosen peaks are the local maxima of |coef| at least ``min_height`` times the largest
        (the ``count`` highest if given).
        """
        values = samples(target, _check.real_array(x, "x", min_size=2))
        spec = uniform_dft(values, x, angular=angular)
        idx = _tracked(spec, peaks, count, min_height)
        return cls(x, values, lambda v: uniform_dft(v, x, angular=angular).coef[..., idx], np.arange(len(idx)),
                   spec.freq[idx], freq_label="angular frequency" if angular else "frequency")

    @classmethod
    def sine(cls, x, target, *, angular: bool = False, peaks=None, count: int | None = None, min_height: float = 0.1):
        """On the interior points of a Dirichlet grid: the sine modes (DST-I) at ``peaks`` or at the target's
        peaks (modes that symmetry zeroes, such as every odd mode of an odd target, are skipped)."""
        values = samples(target, _check.real_array(x, "x", min_size=2))
        spec = dirichlet_dst(values, x, angular=angular)
        idx = _tracked(spec, peaks, count, min_height, skip_zeros=True)
        return cls(x, values, lambda v: dirichlet_dst(v, x, angular=angular).coef[..., idx], np.arange(len(idx)),
                   spec.freq[idx], freq_label="angular frequency" if angular else "frequency")

    @classmethod
    def sine2d(cls, x, target, modes):
        """On the n x n interior points of a Dirichlet grid on a square (``x``: the 1D coordinates of either axis;
        ``target``: shape (n, n), or n^2 values in i-major order): the 2D sine modes (k, l) listed in ``modes``
        (``scipy.fft.dstn``), labelled "(k, l)"; ``freq`` holds sqrt(k^2 + l^2)."""
        x = _check.real_array(x, "x", min_size=2)
        n = len(x)
        values = _check.real_array(target, "target", ndim=None).reshape(-1)
        if values.size != n * n:
            raise ValueError(f"target must hold n x n = {n * n} values, got {values.size}")
        modes = np.asarray(modes, dtype=int)
        if modes.ndim != 2 or modes.shape[1] != 2 or modes.min() < 1 or modes.max() > n:
            raise ValueError(f"modes must list (k, l) pairs with 1 <= k, l <= n = {n}, got {modes.tolist()!r}")

        def transform(v):
            v = np.asarray(v, dtype=float)
            grid = v.reshape(v.shape[:-1] + (n, n))
            return scipy.fft.dstn(grid, type=1, axes=(-2, -1))[..., modes[:, 0] - 1, modes[:, 1] - 1] / (n + 1) ** 2

        points = np.stack(np.meshgrid(x, x, indexing="ij"), axis=-1).reshape(-1, 2)
        return cls(points, values, transform, np.arange(len(modes)), np.hypot(modes[:, 0], modes[:, 1]),
                   freq_label="sine mode (k, l)", labels=[f"({k}, {m})" for k, m in modes])

    @classmethod
    def scattered(cls, x, target, freq, *, angular: bool = False, peaks=None, count: int | None = None,
                  min_height: float = 0.1):
        """At scattered 1D points: the nonuniform DFT on the frequency grid ``freq``, tracked at ``peaks``
        or at the target's peaks on that grid."""
        x = _check.real_array(x, "x", min_size=2)
        values = samples(target, x)
        spec = nonuniform_dft(values, x, freq, angular=angular)
        idx = _tracked(spec, peaks, count, min_height)
        tracked = spec.freq[idx]
        return cls(x, values, lambda v: nonuniform_dft(v, x, tracked, angular=angular).coef, np.arange(len(idx)),
                   tracked, freq_label="angular frequency" if angular else "frequency")

    @classmethod
    def image(cls, x, target, bands: int):
        """On the pixels of the picture ``target`` (H x W), evaluated at the pixel coordinates ``x``
        (H*W rows, row-major): ``bands`` equal rings of the 2D FFT from 0 to 0.5 cycles per pixel."""
        target = _check.real_array(target, "target", ndim=2)
        x = _check.real_array(x, "x", ndim=2)
        if len(x) != target.size:
            raise ValueError(f"x must hold one coordinate row per pixel ({target.size}), got {len(x)} rows")
        edges = radial_bands(target.shape, bands)
        return cls(x, target, lambda v: np.fft.fft2(v).ravel(), _band_index(target.shape, edges).ravel(),
                   (edges[1:] + edges[:-1]) / 2, freq_label="radial frequency (cycles per pixel)")

    @classmethod
    def filtered(cls, x, target, deltas):
        """Data in many dimensions, by the filtering method of Xu et al. (CiCP 2020; their public code):
        G_ij = exp(-|x_i - x_j|^2 / (2 delta)) with each row normalized to sum 1; the low-frequency
        part of a function on the points is G f, the high part f - G f. Tracks, for each delta (a
        variance, in squared units of x), the relative error of the low part and of the high part.

        ``x``: the design matrix (points x features); ``target``: one value or one row (e.g. one-hot
        labels) per point. A larger delta averages over wider neighbourhoods: less counts as low.
        """
        x = _check.real_array(x, "x", ndim=2)
        deltas = _check.real_array(deltas, "deltas")
        if np.any(deltas <= 0):
            raise ValueError(f"deltas must be positive variances, got {deltas}")
        values = _design_values(target, len(x), "target")
        squared = np.maximum(np.sum(x**2, 1)[:, None] + np.sum(x**2, 1)[None, :] - 2 * x @ x.T, 0.0)
        filters = []
        for delta in deltas:
            weights = np.exp(-squared / (2 * delta))  # the diagonal is exp(0) = 1: no row is all zero
            filters.append(weights / weights.sum(axis=1, keepdims=True))

        def transform(v):
            v = v.reshape(len(x), -1)
            return np.concatenate([part.ravel() for G in filters for part in (G @ v, v - G @ v)])

        size = values.size
        groups = np.repeat(np.arange(2 * len(deltas)), size)
        labels = [f"{part}, δ = {delta:g}" for delta in deltas for part in ("low", "high")]
        return cls(x, values, transform, groups, np.repeat(deltas, 2), freq_label="part of the function", labels=labels)

    @classmethod
    def projected(cls, x, target, freq, *, direction=None, angular: bool = False, peaks=None, count: int | None = None,
                  min_height: float = 0.1):
        """Data in many dimensions, by the projection method: the nonuniform DFT of the target (each
        column) along ``direction`` (default: the first principal component of ``x``), on the frequency
        grid ``freq``; tracks ``peaks`` or the peaks of the columns' combined amplitude."""
        x = _check.real_array(x, "x", ndim=2)
        values = _design_values(target, len(x), "target")
        centred = x - x.mean(axis=0)
        if direction is None:
            direction = np.linalg.svd(centred, full_matrices=False)[2][0]
        direction = _check.real_array(direction, "direction")
        if direction.shape != (x.shape[1],) or not np.any(direction):
            raise ValueError(f"direction must be a non-zero vector of {x.shape[1]} entries, got shape {direction.shape}")
        position = centred @ (direction / np.linalg.norm(direction))
        columns = values.reshape(len(x), -1).T
        spec = nonuniform_dft(columns, position, freq, angular=angular)
        combined = Spectrum(spec.freq, np.sqrt(np.sum(np.abs(spec.coef) ** 2, axis=0)))
        idx = _tracked(combined, peaks, count, min_height)
        tracked = spec.freq[idx]

        def transform(v):
            return nonuniform_dft(v.reshape(len(x), -1).T, position, tracked, angular=angular).coef.ravel()

        return cls(x, values, transform, np.tile(np.arange(len(idx)), columns.shape[0]), tracked,
                   freq_label=f"{'angular ' if angular else ''}frequency along the projection")

    @classmethod
    def from_history(cls, history, target, kind: str = "uniform", **options):
        """A tracker of ``kind`` ("uniform", "sine", "scattered", "image", "filtered", "projected") built on
        ``history.x``, with every output that ``train.fit`` recorded."""
        _check.one_of(kind, "kind", ("uniform", "sine", "scattered", "image", "filtered", "projected"))
        if getattr(history, "x", None) is None:
            raise ValueError("history must come from train.fit with record_x (it recorded no outputs)")
        return getattr(cls, kind)(history.x, target, **options).record_all(history.steps, history.outputs)

    # -- recording ----------------------------------------------------------------------------
    def record(self, step: int, output) -> None:
        """Record the output at ``step``: a torch module (evaluated at ``x``) or its values at ``x``."""
        step = _check.integer(step, "step", minimum=0)
        if self._steps and step <= self._steps[-1]:
            raise ValueError(f"step must increase from one record to the next: {step} after {self._steps[-1]}")
        if isinstance(output, torch.nn.Module):
            from .nets import predict

            output = predict(output, self.x)
        values = np.asarray(output.detach().cpu() if isinstance(output, torch.Tensor) else output, dtype=float)
        if values.size != self.target.size:
            raise ValueError(f"output must give one value per point ({self.target.size}), got shape {values.shape}")
        if not np.all(np.isfinite(values)):
            raise ValueError(f"output at step {step} contains NaN or infinity")
        self._steps.append(step)
        self._coef.append(self.transform(values.reshape(self.target.shape)))

    def record_all(self, steps, outputs) -> FrequencyTracker:
        """Record one output per step (e.g. ``history.steps, history.outputs``, or ``run.iterations, run.u``); returns self."""
        steps, outputs = np.asarray(steps), np.asarray(outputs)
        if steps.ndim != 1 or len(steps) != len(outputs):
            raise ValueError(f"steps and outputs must pair up: got {steps.shape} steps and {len(outputs)} outputs")
        for step, output in zip(steps, outputs):
            self.record(int(step), output)
        return self

    # -- reading ------------------------------------------------------------------------------
    @property
    def steps(self) -> np.ndarray:
        return np.array(self._steps, dtype=int)

    def errors(self, form: str = "complex") -> np.ndarray:
        """Relative error per recorded step (rows) and tracked frequency (columns)."""
        _check.one_of(form, "form", FORMS)
        if not self._coef:
            raise ValueError("nothing recorded yet: call record(step, model_or_output) first")
        return _group_errors(np.array(self._coef), self.target_coef, self._weights, form)

    def first_below(self, threshold: float = 0.1, form: str = "complex", *, stay: bool = False) -> np.ndarray:
        """First recorded step with error below ``threshold`` per frequency (inf: never); see ``convergence_steps``."""
        return convergence_steps(self.errors(form), self.steps, threshold, stay=stay)

    def heatmap(self, threshold: float = 0.1, form: str = "complex", **options):
        """The bundle's heat map of ``errors(form)`` (``plots.error_heatmap``; ``options`` go there). Returns the axes."""
        from .plots import error_heatmap

        options.setdefault("freq_label", self.freq_label)
        options.setdefault("error_label", f"relative error ({form} form)")
        if self.labels is not None:
            options.setdefault("row_labels", self.labels)
        return error_heatmap(self.errors(form), self.steps, self.freq, threshold=threshold, **options)


def _design_values(target, points: int, name: str) -> np.ndarray:
    """``target`` as a finite array with one value or one row per point."""
    values = _check.real_array(target, name, ndim=None)
    if values.ndim not in (1, 2) or len(values) != points:
        raise ValueError(f"{name} must have one value or one row per point ({points}), got shape {values.shape}")
    return values


def boolean_cube(d: int) -> np.ndarray:
    """All 2^d points of {-1, 1}^d, row i holding x_j = 1 - 2 (bit j of i): the order ``walsh_energy`` expects."""
    d = _check.integer(d, "d", minimum=1)
    if d > 20:
        raise ValueError(f"d must be at most 20 (2^d points are listed), got {d}")
    index = np.arange(2**d)
    return 1.0 - 2.0 * ((index[:, None] >> np.arange(d)[None, :]) & 1)


def walsh_energy(values) -> np.ndarray:
    """Energy of a function on {-1, 1}^d per degree |S| = 0..d of its Walsh expansion f = sum_S c_S prod_{i in S} x_i.

    ``values``: f at the points of ``boolean_cube(d)`` (last axis, length 2^d; leading axes kept).
    Returns sum over |S| = degree of c_S^2 (they add up to the mean of f^2). Degree is the cube's frequency:
    parity (the product of all d coordinates) is the single function of the highest degree.
    """
    values = _check.real_array(values, "values", ndim=None)
    size = values.shape[-1]
    d = int(np.log2(size)) if size > 0 else 0
    if size < 2 or 2**d != size:
        raise ValueError(f"values must hold f at all 2^d points of the cube (last axis a power of 2), got {size}")
    coef = values.copy()
    step = 1
    while step < size:  # fast Walsh-Hadamard transform, Sylvester order: coefficient S at index S
        coef = coef.reshape(*values.shape[:-1], -1, 2, step)
        coef = np.stack([coef[..., 0, :] + coef[..., 1, :], coef[..., 0, :] - coef[..., 1, :]], axis=-2)
        coef = coef.reshape(*values.shape[:-1], size)
        step *= 2
    coef = coef / size
    degree = np.array([bin(i).count("1") for i in range(size)])
    return np.stack([np.sum(coef[..., degree == k] ** 2, axis=-1) for k in range(d + 1)], axis=-1)


def _group_errors(h, f, weights, form):
    """sqrt(sum |h - f|^2 / sum |f|^2) per group (complex form), or with |h| - |f| (magnitude form)."""
    diff = np.abs(h - f) if form == "complex" else np.abs(np.abs(h) - np.abs(f))
    return np.sqrt((diff**2) @ weights / ((np.abs(f) ** 2) @ weights))


def _tracked(spec: Spectrum, peaks, count, min_height, *, skip_zeros: bool = False) -> np.ndarray:
    """Indices into ``spec`` of the requested ``peaks`` (frequencies), or of its own peaks
    (with ``skip_zeros``, modes zeroed by symmetry are left out before neighbours are compared)."""
    if peaks is None:
        top = spec.amplitude.max()
        if top == 0:
            raise ValueError("the target has no peak in its spectrum (it is zero): nothing to track")
        min_height = _check.positive(min_height, "min_height") * top
        floor = 1e-9 * top if skip_zeros and top > 0 else None
        idx = find_peaks(spec, min_height=min_height, max_peaks=count, ignore_below=floor)
        if idx.size == 0:
            raise ValueError("the target has no peak in its spectrum: pass the frequencies to track as peaks")
        return idx
    peaks = _check.real_array(peaks, "peaks")
    idx = np.abs(spec.freq[None, :] - peaks[:, None]).argmin(axis=1)
    spacing = np.min(np.diff(spec.freq)) if len(spec.freq) > 1 else np.inf
    off = np.abs(spec.freq[idx] - peaks) > 1e-6 * max(spacing, 1e-300)
    if np.any(off):
        raise ValueError(f"peaks must be frequencies of this grid's spectrum; {peaks[off]} are not "
                         f"(nearest: {spec.freq[idx][off]})")
    empty = spec.amplitude[idx] <= 1e-12 * spec.amplitude.max()
    if np.any(empty):
        raise ValueError(f"the target has no content at peaks {peaks[empty]}: a relative error is undefined there")
    return idx
