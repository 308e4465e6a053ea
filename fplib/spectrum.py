"""Spectra of samples, their peaks, and the relative error per frequency: pure numerics on NumPy arrays.

Conventions (one for every function here):

* frequencies are physical: cycles per unit of x, or radians per unit of x with ``angular=True``
  (then ``sin(3 x)`` sits at frequency 3);
* coefficients are one-sided complex amplitudes with the phase measured from x = 0:
  ``A cos(2 pi f x + phi)`` has coefficient ``A exp(i phi)``, so ``|coef|`` reads as the amplitude
  and ``A sin(k x)`` shows as ``-i A``;
* arrays of samples may carry leading axes (e.g. one row per training step); the last axis is x;
* ``peaks`` are indices into a spectrum (``find_peaks``); the frequencies there are ``spec.freq[peaks]``;
* ``output`` is what a model (or an iteration) produced, ``target`` what it should produce.

``FrequencyTracker`` (module ``tracker``) records these measures over training. The examples assume
``import numpy as np`` and ``from fplib import spectrum``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
import scipy.fft

from . import _check

FORMS = ("complex", "magnitude")  # the two relative errors: amplitude and phase, or amplitude only


@dataclass(frozen=True)
class Spectrum:
    """One-sided spectrum: ``freq`` (>= 0, physical units) and complex ``coef`` (last axis = frequency).

    >>> print(spectrum.Spectrum(freq=np.array([0.0, 1.0]), coef=np.array([0.5, -2j])).amplitude)
    [0.5 2. ]
    """

    freq: np.ndarray
    coef: np.ndarray

    @property
    def amplitude(self) -> np.ndarray:
        return np.abs(self.coef)


def samples(f, x) -> np.ndarray:
    """Values of ``f`` at ``x``: ``f`` may be an array of samples or a callable on NumPy arrays
    (for a network, pass its samples: ``nets.predict(model, x)``).

    >>> print(spectrum.samples(np.square, np.array([0.0, 0.5, 1.0])))
    [0.   0.25 1.  ]
    """
    x = _check.real_array(x, "x")
    torch = sys.modules.get("torch")  # a torch object can only exist once torch is imported
    if torch is not None and isinstance(f, torch.nn.Module):
        raise TypeError("f must be samples or a callable on NumPy arrays; for a torch module pass nets.predict(model, x)")
    if callable(f):
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
    """DFT of ``f`` sampled on the uniform grid ``x`` (at least 2 points, equally spaced, increasing).

    >>> x = np.linspace(0, 1, 16, endpoint=False)
    >>> spec = spectrum.uniform_dft(2 * np.cos(2 * np.pi * 3 * x + 0.5), x)  # 2 cos(2 pi 3 x + 0.5)
    >>> print(spec.freq[3], spec.amplitude[3].round(6), np.angle(spec.coef[3]).round(6))
    3.0 2.0 0.5
    """
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
    ``uniform_dft`` at every frequency below Nyquist. At random points it only approximates the amplitudes:

    >>> x = np.random.default_rng(0).uniform(0, 1, 400)
    >>> print(spectrum.nonuniform_dft(np.cos(2 * np.pi * 3 * x), x, freq=np.array([1.0, 3.0])).amplitude.round(2))
    [0.04 0.98]
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

    >>> x = np.linspace(-1, 1, 17)[1:-1]  # 15 interior points of [-1, 1]: L = 2
    >>> spec = spectrum.dirichlet_dst(np.sin(3 * np.pi * (x + 1) / 2), x, angular=True)
    >>> print(spec.amplitude.argmax() + 1, spec.freq[2].round(4), spec.amplitude.max().round(6))  # k, k pi / L, 1
    3 4.7124 1.0
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

    >>> x = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    >>> spec = spectrum.uniform_dft(np.sin(3 * x) + 0.5 * np.cos(5 * x), x, angular=True)
    >>> peaks = spectrum.find_peaks(spec, min_height=1e-6)
    >>> print(peaks, spec.freq[peaks], spec.amplitude[peaks].round(6))
    [3 5] [3. 5.] [1.  0.5]
    """
    _check.instance(spectrum, Spectrum, "spectrum", "Spectrum (from uniform_dft or nonuniform_dft)")
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


def relative_error_complex(output, target, idx) -> np.ndarray:
    """``|output_k - target_k| / |target_k|`` at indices ``idx``: amplitude and phase must both match (the definition).

    >>> target, output = np.array([1.0, -1j]), np.array([0.5, 1.0])  # half the amplitude; the right one, wrong phase
    >>> print(spectrum.relative_error_complex(output, target, [0, 1]).round(3))
    [0.5   1.414]
    """
    output, target, idx = _coefficients(output, target, idx)
    return np.abs(output[..., idx] - target[..., idx]) / np.abs(target[..., idx])


def relative_error_magnitude(output, target, idx) -> np.ndarray:
    """``||output_k| - |target_k|| / |target_k|`` at indices ``idx``: amplitudes only (what the authors' code plots).

    >>> target, output = np.array([1.0, -1j]), np.array([0.5, 1.0])  # a wrong phase goes unseen
    >>> print(spectrum.relative_error_magnitude(output, target, [0, 1]))
    [0.5 0. ]
    """
    output, target, idx = _coefficients(output, target, idx)
    return np.abs(np.abs(output[..., idx]) - np.abs(target[..., idx])) / np.abs(target[..., idx])


def grouped_relative_error(output, target, weights, form: str = "complex") -> np.ndarray:
    """Relative error per group of coefficients: ``sqrt(sum |output - target|^2 / sum |target|^2)`` over each
    group (complex form), or with ``|output| - |target|`` (magnitude form); for a one-coefficient group,
    ``relative_error_complex`` or ``relative_error_magnitude``.

    ``output`` (..., coefficients) and ``target`` (coefficients,): complex coefficients; ``weights``
    (coefficients x groups): 1 where a coefficient belongs to a group, else 0. Returns (..., groups).

    >>> target = np.array([1.0, 1.0, 2.0])
    >>> output = np.array([[1.0, 0.0, 2.0], [1.0, 1.0, 1.0]])  # two snapshots
    >>> weights = np.array([[1, 0], [1, 0], [0, 1]])  # coefficients 0 and 1 form group 0, coefficient 2 group 1
    >>> print(spectrum.grouped_relative_error(output, target, weights).round(3))
    [[0.707 0.   ]
     [0.    0.5  ]]
    """
    _check.one_of(form, "form", FORMS)
    diff = np.abs(output - target) if form == "complex" else np.abs(np.abs(output) - np.abs(target))
    return np.sqrt((diff**2) @ weights / ((np.abs(target) ** 2) @ weights))


def convergence_steps(errors, steps, threshold: float = 0.1, *, stay: bool = False) -> np.ndarray:
    """First step at which each column of ``errors`` (shape: steps x frequencies) falls below ``threshold``.

    With ``stay=True``: the first step from which the error stays below ``threshold`` to the end,
    which ignores brief dips of a noisy (e.g. stochastic) training. A column that never does gets ``inf``.

    >>> errors = np.array([[0.9, 0.9, 0.9], [0.05, 0.5, 0.9], [0.2, 0.08, 0.9], [0.01, 0.05, 0.9]])  # steps x freqs
    >>> print(spectrum.convergence_steps(errors, [0, 10, 20, 30]), spectrum.convergence_steps(errors, [0, 10, 20, 30], stay=True))
    [10. 20. inf] [30. 20. inf]
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

    >>> spectrum.order_violations([10.0, 20.0, np.inf])  # low to high; the highest never learned: allowed
    []
    >>> print(*spectrum.order_violations([30.0, 20.0]), sep="\\n")
    a frequency was learned before an earlier one: [30. 20.]
    the first frequency was not learned strictly before the last learned one: [30. 20.]
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


def boolean_cube(d: int) -> np.ndarray:
    """All 2^d points of {-1, 1}^d, row i holding x_j = 1 - 2 (bit j of i): the order ``walsh_energy`` expects.

    >>> print(spectrum.boolean_cube(2))
    [[ 1.  1.]
     [-1.  1.]
     [ 1. -1.]
     [-1. -1.]]
    """
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

    >>> cube = spectrum.boolean_cube(3)
    >>> print(spectrum.walsh_energy(cube[:, 0] * cube[:, 1]), spectrum.walsh_energy(np.prod(cube, axis=1)))
    [0. 0. 1. 0.] [0. 0. 0. 1.]
    >>> print(spectrum.walsh_energy(np.sign(cube.sum(axis=1))))  # majority: mostly degree 1
    [0.   0.75 0.   0.25]
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


def _scale(freq: np.ndarray, angular: bool) -> np.ndarray:
    return freq * 2 * np.pi if angular else freq


def _coefficients(output, target, idx):
    output = output.coef if isinstance(output, Spectrum) else np.asarray(output)
    target = target.coef if isinstance(target, Spectrum) else np.asarray(target)
    if output.ndim == 0 or target.ndim == 0 or output.shape[-1] != target.shape[-1]:
        raise ValueError(f"output and target must share the frequency axis (last), got shapes {output.shape} "
                         f"and {target.shape}")
    idx = np.atleast_1d(np.asarray(idx))
    size = target.shape[-1]
    if idx.size == 0 or idx.dtype.kind not in "iu" or idx.min() < -size or idx.max() >= size:
        raise ValueError(f"idx must be non-empty integer indices into the {size} frequencies, got {idx!r}")
    if np.any(np.abs(target[..., idx]) == 0):
        raise ValueError("target has zero amplitude at some idx: a relative error is undefined there")
    return output, target, idx
