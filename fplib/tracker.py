"""``FrequencyTracker``: the relative error per frequency of any model over training, in any loop.

It measures with ``spectrum`` (transforms, peaks, relative errors), evaluates a model with ``nets.predict``
and draws with ``plots.spectra.error_heatmap``; ``from_history`` reads any ``RunRecord``. The examples assume
``import numpy as np`` and ``from fplib.tracker import FrequencyTracker``.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np
import scipy.fft
import torch

from . import _check, plots, radial, spectrum
from .nets import predict
from .spectrum import Spectrum

KINDS = ("uniform", "sine", "scattered", "image", "filtered", "projected")


class RunRecord(Protocol):
    """What ``FrequencyTracker.from_history`` reads from a run: ``steps`` (the recorded steps) and ``outputs``
    (one row of outputs per step), as in ``train.History`` and ``ntk.Comparison``; and the points ``x``
    where the outputs were taken, where the record holds them (``train.History.x``; else pass ``x``).

    >>> from types import SimpleNamespace
    >>> x = np.linspace(-np.pi, np.pi, 64, endpoint=False)
    >>> run = SimpleNamespace(steps=np.array([0, 10]), outputs=np.stack([0 * x, np.sin(x)]), x=x)  # any such record
    >>> print(FrequencyTracker.from_history(run, np.sin(x) + np.sin(5 * x), angular=True).errors().round(3))
    [[1. 1.]
     [0. 1.]]
    """

    steps: np.ndarray
    outputs: np.ndarray


class FrequencyTracker:
    """Relative error per tracked frequency over training, for any model in any training loop.

    Build it once from the target on the points where the output is measured, then call
    ``record(step, model_or_output)`` inside a plain PyTorch loop (``record_all`` for outputs kept
    elsewhere; ``from_history`` for a finished run). ``errors(form)``, ``first_below(threshold)`` and
    ``heatmap()`` read it out.

    Constructors, one per kind of points (each takes the points ``x`` first, the target second):

    * ``uniform``   -- a uniform 1D grid (DFT; periodic targets);
    * ``sine``      -- the interior points of a Dirichlet grid (DST-I sine modes);
    * ``sine2d``    -- the interior points of a Dirichlet grid on a square (2D sine modes (k, l));
    * ``scattered`` -- scattered 1D points (nonuniform DFT on a frequency grid you give);
    * ``image``     -- the pixels of a 2D picture (radial rings of its 2D FFT);
    * ``filtered``, ``projected`` -- data in many dimensions (low and high parts; a DFT along a direction).

    Each tracked frequency owns a group of coefficients: one coefficient for a 1D peak, every FFT
    coefficient of a ring for an image. The error of a group is ``spectrum.grouped_relative_error``:
    ``sqrt(sum |output - target|^2 / sum |target|^2)`` over its coefficients (complex form), or with
    ``|output| - |target|`` (magnitude form). Another measurement (e.g. for data in
    many dimensions) plugs in through the plain constructor: ``transform`` maps samples on ``x`` to
    coefficients, ``groups`` assigns each coefficient to a tracked frequency.

    >>> x = np.linspace(-np.pi, np.pi, 64, endpoint=False)
    >>> tracker = FrequencyTracker.uniform(x, np.sin(x) + np.sin(5 * x), angular=True)  # tracks the target's peaks
    >>> print(tracker.freq)
    [1. 5.]
    >>> for step in range(0, 40, 5):  # a stand-in for training, in which frequency 1 is learned faster than 5
    ...     tracker.record(step, (1 - 0.7**step) * np.sin(x) + (1 - 0.9**step) * np.sin(5 * x))
    >>> print(tracker.first_below(0.1))  # the first recorded step with a relative error below 10 %
    [10. 25.]

    In a PyTorch loop, ``tracker.record(step, model)`` evaluates the model at ``x`` (``nets.predict``).
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
    def uniform(cls, x, target, *, angular: bool = False, track=None, count: int | None = None,
                min_height: float = 0.1):
        """On a uniform 1D grid: track the frequencies ``track``, or the peaks of the target's spectrum.

        Chosen peaks are the local maxima of |coef| at least ``min_height`` times the largest
        (the ``count`` highest if given).
        """
        values = spectrum.samples(target, _check.real_array(x, "x", min_size=2))
        spec = spectrum.uniform_dft(values, x, angular=angular)
        idx = _tracked(spec, track, count, min_height)
        return cls(x, values, lambda v: spectrum.uniform_dft(v, x, angular=angular).coef[..., idx],
                   np.arange(len(idx)), spec.freq[idx], freq_label="angular frequency" if angular else "frequency")

    @classmethod
    def sine(cls, x, target, *, angular: bool = False, track=None, count: int | None = None, min_height: float = 0.1):
        """On the interior points of a Dirichlet grid: the sine modes (DST-I) at the frequencies ``track`` or at
        the target's peaks (modes that symmetry zeroes, such as every odd mode of an odd target, are skipped)."""
        values = spectrum.samples(target, _check.real_array(x, "x", min_size=2))
        spec = spectrum.dirichlet_dst(values, x, angular=angular)
        idx = _tracked(spec, track, count, min_height, skip_zeros=True)
        return cls(x, values, lambda v: spectrum.dirichlet_dst(v, x, angular=angular).coef[..., idx],
                   np.arange(len(idx)), spec.freq[idx], freq_label="angular frequency" if angular else "frequency")

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
    def scattered(cls, x, target, freq, *, angular: bool = False, track=None, count: int | None = None,
                  min_height: float = 0.1):
        """At scattered 1D points: the nonuniform DFT on the frequency grid ``freq``, tracked at the
        frequencies ``track`` or at the target's peaks on that grid."""
        x = _check.real_array(x, "x", min_size=2)
        values = spectrum.samples(target, x)
        spec = spectrum.nonuniform_dft(values, x, freq, angular=angular)
        idx = _tracked(spec, track, count, min_height)
        tracked = spec.freq[idx]
        return cls(x, values, lambda v: spectrum.nonuniform_dft(v, x, tracked, angular=angular).coef,
                   np.arange(len(idx)), tracked, freq_label="angular frequency" if angular else "frequency")

    @classmethod
    def image(cls, x, target, bands: int):
        """On the pixels of the picture ``target`` (H x W), evaluated at the pixel coordinates ``x``
        (H*W rows, row-major): ``bands`` equal rings of the 2D FFT from 0 to 0.5 cycles per pixel."""
        target = _check.real_array(target, "target", ndim=2)
        x = _check.real_array(x, "x", ndim=2)
        if len(x) != target.size:
            raise ValueError(f"x must hold one coordinate row per pixel ({target.size}), got {len(x)} rows")
        edges = radial.radial_bands(target.shape, bands)
        groups = radial.radial_band_index(target.shape, edges).ravel()
        return cls(x, target, lambda v: np.fft.fft2(v).ravel(), groups, (edges[1:] + edges[:-1]) / 2,
                   freq_label="radial frequency (cycles per pixel)")

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
    def projected(cls, x, target, freq, *, direction=None, angular: bool = False, track=None, count: int | None = None,
                  min_height: float = 0.1):
        """Data in many dimensions, by the projection method: the nonuniform DFT of the target (each
        column) along ``direction`` (default: the first principal component of ``x``), on the frequency
        grid ``freq``; tracks the frequencies ``track`` or the peaks of the columns' combined amplitude."""
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
        spec = spectrum.nonuniform_dft(columns, position, freq, angular=angular)
        combined = Spectrum(spec.freq, np.sqrt(np.sum(np.abs(spec.coef) ** 2, axis=0)))
        idx = _tracked(combined, track, count, min_height)
        tracked = spec.freq[idx]

        def transform(v):
            return spectrum.nonuniform_dft(v.reshape(len(x), -1).T, position, tracked, angular=angular).coef.ravel()

        return cls(x, values, transform, np.tile(np.arange(len(idx)), columns.shape[0]), tracked,
                   freq_label=f"{'angular ' if angular else ''}frequency along the projection")

    @classmethod
    def from_history(cls, history: RunRecord, target, kind: str = "uniform", *, x=None, **options):
        """A tracker of ``kind`` (one of ``KINDS``) with every output of the run ``history`` recorded:
        any ``RunRecord`` (``train.History``, ``ntk.Comparison``). The tracker is built on ``x``, by
        default ``history.x`` (the points ``train.fit`` recorded on); ``options`` go to the constructor."""
        _check.one_of(kind, "kind", KINDS)
        if not (hasattr(history, "steps") and hasattr(history, "outputs")):
            raise TypeError(f"history must be a run record with steps and outputs (train.History, ntk.Comparison), "
                            f"got {type(history).__name__}")
        x = getattr(history, "x", None) if x is None else x
        if x is None:
            raise ValueError("history holds no points x: pass x, or train with train.fit(..., record_x=...)")
        return getattr(cls, kind)(x, target, **options).record_all(history.steps, history.outputs)

    # -- recording ----------------------------------------------------------------------------
    def record(self, step: int, output) -> None:
        """Record the output at ``step``: a torch module (evaluated at ``x``) or its values at ``x``."""
        step = _check.integer(step, "step", minimum=0)
        if self._steps and step <= self._steps[-1]:
            raise ValueError(f"step must increase from one record to the next: {step} after {self._steps[-1]}")
        if isinstance(output, torch.nn.Module):
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
        _check.one_of(form, "form", spectrum.FORMS)
        if not self._coef:
            raise ValueError("nothing recorded yet: call record(step, model_or_output) first")
        return spectrum.grouped_relative_error(np.array(self._coef), self.target_coef, self._weights, form)

    def first_below(self, threshold: float = 0.1, form: str = "complex", *, stay: bool = False) -> np.ndarray:
        """First recorded step with error below ``threshold`` per frequency (inf: never); see ``spectrum.convergence_steps``."""
        return spectrum.convergence_steps(self.errors(form), self.steps, threshold, stay=stay)

    def heatmap(self, threshold: float = 0.1, form: str = "complex", **options):
        """The bundle's heat map of ``errors(form)`` (``plots.spectra.error_heatmap``; ``options`` go there). Returns the axes."""
        options.setdefault("freq_label", self.freq_label)
        plain = form == "complex" and not np.iscomplexobj(self.target_coef)  # sine coefficients: no form to name
        options.setdefault("error_label", "relative error" if plain else f"relative error ({form} form)")
        if self.labels is not None:
            options.setdefault("row_labels", self.labels)
        return plots.spectra.error_heatmap(self.errors(form), self.steps, self.freq, threshold=threshold, **options)


def _design_values(target, points: int, name: str) -> np.ndarray:
    """``target`` as a finite array with one value or one row per point."""
    values = _check.real_array(target, name, ndim=None)
    if values.ndim not in (1, 2) or len(values) != points:
        raise ValueError(f"{name} must have one value or one row per point ({points}), got shape {values.shape}")
    return values


def _tracked(spec: Spectrum, track, count, min_height, *, skip_zeros: bool = False) -> np.ndarray:
    """Indices into ``spec`` of the frequencies ``track``, or of its own peaks
    (with ``skip_zeros``, modes zeroed by symmetry are left out before neighbours are compared)."""
    if track is None:
        top = spec.amplitude.max()
        if top == 0:
            raise ValueError("the target has no peak in its spectrum (it is zero): nothing to track")
        min_height = _check.positive(min_height, "min_height") * top
        floor = 1e-9 * top if skip_zeros and top > 0 else None
        idx = spectrum.find_peaks(spec, min_height=min_height, max_peaks=count, ignore_below=floor)
        if idx.size == 0:
            raise ValueError("the target has no peak in its spectrum: pass the frequencies to follow as track=...")
        return idx
    track = _check.real_array(track, "track")
    idx = np.abs(spec.freq[None, :] - track[:, None]).argmin(axis=1)
    spacing = np.min(np.diff(spec.freq)) if len(spec.freq) > 1 else np.inf
    off = np.abs(spec.freq[idx] - track) > 1e-6 * max(spacing, 1e-300)
    if np.any(off):
        raise ValueError(f"track must hold frequencies of this grid's spectrum; {track[off]} are not "
                         f"(nearest: {spec.freq[idx][off]})")
    empty = spec.amplitude[idx] <= 1e-12 * spec.amplitude.max()
    if np.any(empty):
        raise ValueError(f"the target has no content at track = {track[empty]}: a relative error is undefined there")
    return idx
