"""Radial spectra of images: the 2D FFT cut into rings of equal width in radial frequency (cycles per pixel),
the mean amplitude per ring, and the relative error per ring (``spectrum.grouped_relative_error`` over each
ring's coefficients). ``FrequencyTracker.image`` (module ``tracker``) records the latter over training.
The examples assume ``import numpy as np`` and ``from fplib import radial``.
"""
from __future__ import annotations

import numpy as np

from . import _check
from .spectrum import grouped_relative_error


def radial_bands(shape, count: int) -> np.ndarray:
    """Edges of ``count`` equal radial frequency bands from 0 to 0.5 cycles per pixel.

    The last band also takes the corners of the 2D spectrum beyond 0.5 (diagonal frequencies).

    >>> print(radial.radial_bands((32, 32), 4))
    [0.    0.125 0.25  0.375 0.5  ]
    """
    _image_shape(shape)
    return np.linspace(0.0, 0.5, _check.integer(count, "count", minimum=1) + 1)


def radial_spectrum(image, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Radially averaged amplitude spectrum of a 2D image: (mean |FFT| / pixels per band, band edges).

    >>> wave = np.cos(2 * np.pi * 0.25 * np.arange(32)) * np.ones((32, 1))  # 0.25 cycles per pixel along x
    >>> amplitude, edges = radial.radial_spectrum(wave, 5)
    >>> print(amplitude.argmax(), edges[2:4])  # the band that holds it
    2 [0.2 0.3]
    """
    image = _check.real_array(image, "image", ndim=2)
    edges = radial_bands(image.shape, count)
    band = radial_band_index(image.shape, edges)
    amplitude = np.abs(np.fft.fft2(image)) / image.size
    sums = np.bincount(band.ravel(), weights=amplitude.ravel(), minlength=count)
    return sums / np.maximum(np.bincount(band.ravel(), minlength=count), 1), edges


def radial_relative_error(output, target, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Relative error per radial band: sqrt(sum |O - T|^2 / sum |T|^2) over the FFT coefficients in the band.

    ``output`` may carry leading axes (one image per snapshot): shape (..., H, W); ``target`` (H, W).
    Returns (errors of shape (..., count), band edges in cycles per pixel).

    >>> target = np.random.default_rng(0).standard_normal((16, 16))
    >>> checkerboard = (-1.0) ** np.add.outer(np.arange(16), np.arange(16))  # the highest 2D frequency
    >>> errors, edges = radial.radial_relative_error(target + 0.1 * checkerboard, target, 4)
    >>> print(errors.round(2))
    [0.   0.   0.   0.1]
    """
    target = _check.real_array(target, "target", ndim=2)
    output = _check.real_array(output, "output", ndim=None)
    if output.shape[-2:] != target.shape:
        raise ValueError(f"output must end in the target's shape {target.shape}, got {output.shape}")
    edges = radial_bands(target.shape, count)
    weights = np.eye(count)[radial_band_index(target.shape, edges).ravel()]
    if np.any((np.abs(np.fft.fft2(target).ravel()) ** 2) @ weights == 0):
        raise ValueError("the target has no content in some band: use fewer bands")
    coef = np.fft.fft2(output).reshape(*output.shape[:-2], -1)
    return grouped_relative_error(coef, np.fft.fft2(target).ravel(), weights), edges


def radial_band_index(shape, edges) -> np.ndarray:
    """The band (0 .. len(edges) - 2) of each coefficient of a 2D FFT of ``shape``, for the edges of ``radial_bands``.

    >>> print(radial.radial_band_index((4, 4), radial.radial_bands((4, 4), 4)))  # FFT order: 0, 1/4, -1/2, -1/4
    [[0 2 3 2]
     [2 2 3 2]
     [3 3 3 3]
     [2 2 3 2]]
    """
    _image_shape(shape)
    edges = _check.real_array(edges, "edges", min_size=2)
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.fftfreq(shape[1])[None, :]
    radius = np.hypot(fx, fy)
    return np.clip(np.searchsorted(edges, radius, side="right") - 1, 0, len(edges) - 2)


def _image_shape(shape):
    if not isinstance(shape, tuple) or len(shape) != 2 or min(shape) < 2:
        raise ValueError(f"shape must be a 2D image shape of at least 2 x 2, got {shape!r}")
