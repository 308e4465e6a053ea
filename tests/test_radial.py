"""Radial spectra of images: a plane wave lands in its ring, the relative error per ring, bad input named."""
import numpy as np
import pytest

from fplib import radial


@pytest.mark.parametrize("call, match", [
    (lambda: radial.radial_band_index((4,), [0, 0.5]), "shape"),
    (lambda: radial.radial_relative_error(np.zeros((3, 3)), np.ones((4, 4)), 2), "shape"),
    (lambda: radial.radial_spectrum(np.ones((4, 4)), 0), "count"),
    (lambda: radial.radial_relative_error(np.ones((4, 4)), np.ones((4, 4)), 2), "no content"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


@pytest.mark.parametrize("frequency, band", [((0.125, 0.0), 1), ((0.0, 0.25), 2), ((0.2, 0.275), 3), ((0.4, 0.4), 4)])
def test_a_plane_wave_lands_in_its_radial_band(frequency, band):
    n = 40
    y, x = np.indices((n, n))
    wave = np.cos(2 * np.pi * (frequency[0] * x + frequency[1] * y))
    amplitude, edges = radial.radial_spectrum(wave, 5)  # bands of width 0.1 cycles per pixel
    assert np.argmax(amplitude) == band
    radius = np.hypot(*frequency)
    if band < 4:
        assert edges[band] <= radius < edges[band + 1]
    else:  # a diagonal frequency beyond 0.5 cycles per pixel belongs to the last band
        assert radius > edges[-1] and edges[4] <= 0.5


def test_radial_relative_error_per_band():
    n = 32
    y, x = np.indices((n, n))
    low, high = np.cos(2 * np.pi * 2 * x / n), np.cos(2 * np.pi * 10 * y / n)
    target = low + high
    errors, edges = radial.radial_relative_error(np.stack([target, low, 0 * target]), target, 4)
    assert errors.shape == (3, 4)
    band_low, band_high = np.searchsorted(edges, 2 / n) - 1, np.searchsorted(edges, 10 / n) - 1
    np.testing.assert_allclose(errors[0], 0, atol=1e-12)
    assert errors[1, band_low] == pytest.approx(0, abs=1e-12) and errors[1, band_high] == pytest.approx(1)
    np.testing.assert_allclose(errors[2][[band_low, band_high]], 1)
