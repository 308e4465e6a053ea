import numpy as np
import pytest

from fplib import images


def test_sample_image_loads_offline_gray_and_resized():
    picture = images.sample_image(32)
    assert picture.shape == (32, 32) and picture.dtype == float
    assert 0 <= picture.min() < picture.max() <= 1
    assert images.sample_image((30, 20)).shape == (30, 20)


def test_colour_is_converted_by_luminance_and_8_bit_is_scaled():
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)
    rgb[..., 1] = 255
    np.testing.assert_allclose(images.to_gray(rgb), 0.587)
    np.testing.assert_allclose(images.to_gray(np.full((3, 3), 255, dtype=np.uint8)), 1.0)


def test_resize_averages_areas():
    image = np.kron(np.array([[0.0, 1.0], [0.5, 0.25]]), np.ones((4, 4)))
    np.testing.assert_allclose(images.resize(image, 2), [[0.0, 1.0], [0.5, 0.25]], atol=1e-6)


def test_pixel_coordinates_span_the_square_row_by_row():
    xy = images.pixel_coordinates((3, 4))
    assert xy.shape == (12, 2)
    np.testing.assert_allclose(xy[0], [-1, -1])
    np.testing.assert_allclose(xy[3], [1, -1])  # end of the first row
    np.testing.assert_allclose(xy[-1], [1, 1])


def test_checkerboard_split_has_no_overlap_and_covers_every_pixel():
    train, held = images.checkerboard_split((5, 6))
    assert len(np.intersect1d(train, held)) == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([train, held])), np.arange(30))
    grid = np.zeros(30)
    grid[train] = 1
    grid = grid.reshape(5, 6)
    assert np.all(grid[:, 1:] != grid[:, :-1]) and np.all(grid[1:] != grid[:-1])  # neighbours differ


def test_psnr():
    assert images.psnr(np.full(4, 0.1), np.zeros(4)) == pytest.approx(20.0)
    np.testing.assert_allclose(images.psnr(np.zeros((2, 4)), np.full(4, 0.01)), [40.0, 40.0])


@pytest.mark.parametrize("call, match", [
    (lambda: images.to_gray(np.zeros((4, 4, 2))), "gray.*colour"),
    (lambda: images.to_gray(np.full((2, 2), 3.0)), r"\[0, 1\]"),
    (lambda: images.resize(np.zeros((8, 8)), 16), "larger than the image"),
    (lambda: images.resize(np.zeros((8, 8)), 0), "size"),
    (lambda: images.resize(np.zeros((8, 8)), -3), "size"),
    (lambda: images.resize(np.zeros((8, 8)), (4, 0)), "size"),
    (lambda: images.resize(np.zeros((8, 8)), "big"), "size must be"),
    (lambda: images.sample_image(10_000), "larger than the image"),
    (lambda: images.pixel_coordinates((3,)), "shape"),
    (lambda: images.checkerboard_split((3, 0)), "shape"),
    (lambda: images.psnr(np.zeros(3), np.zeros(4)), "last axis"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
