"""Random right-hand sides and coefficients: the stated covariance, contrast, steps, inclusions, seeding, bad input."""
import numpy as np
import pytest

from fplib import config, fields, poisson


@pytest.mark.parametrize("dim", [1, 2])
def test_random_coefficients_span_the_contrast_and_inclusions_take_two_values(dim):
    config.seed_everything(0)
    k = fields.random_coefficients(3, 31, length=0.2, contrast=100.0, dim=dim)
    assert k.shape == (3,) + (33,) * dim
    axes = tuple(range(1, dim + 1))
    np.testing.assert_allclose(k.min(axis=axes), 1, rtol=1e-12)
    np.testing.assert_allclose(k.max(axis=axes), 100, rtol=1e-12)
    config.seed_everything(0)
    np.testing.assert_array_equal(fields.random_coefficients(3, 31, length=0.2, contrast=100.0, dim=dim), k)
    blobs = fields.inclusion_coefficients(4, 31, inclusions=3, contrast=1e4, dim=dim)
    assert blobs.shape == (4,) + (33,) * dim and set(np.unique(blobs)) == {1.0, 1e4}
    assert poisson.problem(31, dim=dim, coefficient=blobs[0]).coefficient is not None


def test_random_sources_have_the_stated_covariance():
    config.seed_everything(0)
    n, count, length = 63, 4000, 0.1
    samples = fields.random_sources(count, n, length=length)
    x, _ = poisson.grid(n)
    modes = np.sin(np.outer(np.arange(1, n + 1), x + 1) * np.pi / 2)  # row k: sin(k pi (x + 1) / 2)
    stated = modes.T @ (fields.field_amplitudes(n, length)[:, None] ** 2 * modes)
    measured = samples.T @ samples / count
    # sampling error of a covariance estimate: about sqrt(2 / count) of the variance
    assert np.abs(measured - stated).max() < 5 * np.sqrt(2 / count) * stated.diagonal().max()
    assert np.abs(samples.mean(axis=0)).max() < 5 * np.sqrt(stated.diagonal().max() / count)
    config.seed_everything(0)
    np.testing.assert_array_equal(fields.random_sources(count, n, length=length), samples)  # seeded


def test_step_sources_are_piecewise_constant_with_the_asked_jumps():
    config.seed_everything(1)
    steps = fields.step_sources(5, 255, jumps=4)
    assert steps.shape == (5, 255)
    assert all(np.count_nonzero(np.diff(row)) <= 4 for row in steps)
    with pytest.raises(ValueError, match="jumps"):
        fields.step_sources(5, 255, jumps=0)


def test_the_two_phase_media_on_the_square():
    config.seed_everything(0)
    families = {"layers": fields.layered_coefficients(6, 63, layers=5, contrast=1e4),
                "checkerboard": fields.checkerboard_coefficients(6, 63, squares=4, contrast=1e4),
                "voronoi": fields.voronoi_coefficients(6, 63, cells=16, contrast=1e4)}
    for name, k in families.items():
        assert k.shape == (6, 65, 65) and set(np.unique(k)) == {1.0, 1e4}, name
        jumps = np.diff(k, axis=2) != 0
        assert not all(np.array_equal(row, jumps[i, 1]) for i in range(6) for row in jumps[i]), name  # not grid lines
    layers = families["layers"] != 1
    for rows in (layers, layers.transpose(0, 2, 1)):  # a straight line crosses each planar interface once at most
        assert np.count_nonzero(np.diff(rows, axis=2), axis=2).max() <= 5
    share = (families["checkerboard"] != 1).mean(axis=(1, 2))
    assert np.all((share > 0.3) & (share < 0.7))  # about half of the square in each phase
    config.seed_everything(0)
    np.testing.assert_array_equal(fields.layered_coefficients(6, 63, layers=5, contrast=1e4), families["layers"])


@pytest.mark.parametrize("call, match", [
    (lambda: fields.layered_coefficients(2, 15, layers=0, contrast=10.0), "layers"),
    (lambda: fields.checkerboard_coefficients(2, 15, squares=-1, contrast=10.0), "squares"),
    (lambda: fields.voronoi_coefficients(2, 15, cells=1, contrast=10.0), "cells"),
    (lambda: fields.voronoi_coefficients(2, 15, cells=4, contrast=0.1), "contrast"),
    (lambda: fields.random_coefficients(2, 15, length=0.1, contrast=0.5), "contrast"),
    (lambda: fields.inclusion_coefficients(2, 15, inclusions=0, contrast=10.0), "inclusions"),
    (lambda: fields.random_sources(0, 15, length=0.1), "count"),
    (lambda: fields.random_sources(2, 15, length=0.1, dim=3), "dim"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_the_coarse_space_families_are_drawn_by_name_at_their_contrast():
    config.seed_everything(0)
    for family in fields.FAMILIES:
        (k,) = fields.family_coefficients(family, 1, 31, contrast=1e4)
        assert k.shape == (33, 33) and k.min() >= 1.0 and np.isclose(k.max() / k.min(), 1e4, rtol=0.01), family
    with pytest.raises(ValueError, match="family must be one of 'gaussian'"):
        fields.family_coefficients("stripes", 1, 31, contrast=10.0)
    with pytest.raises(ValueError, match="contrast"):
        fields.family_coefficients("layers", 1, 31, contrast=0.5)
