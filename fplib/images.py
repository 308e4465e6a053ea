"""Images for memorization: a gray picture from what is installed, pixel coordinates, a train/held-out split.

No download ever: the default picture is ``grace_hopper.jpg``, shipped with matplotlib.
"""
from __future__ import annotations

import numbers

import matplotlib.cbook
import matplotlib.image
import numpy as np
from PIL import Image

from . import _check

LUMINANCE = np.array([0.299, 0.587, 0.114])  # ITU-R BT.601 weights for gray from RGB


def sample_image(size, *, name: str = "grace_hopper.jpg") -> np.ndarray:
    """A gray image in [0, 1] from matplotlib's sample data, resized to ``size``.

    ``size``: an int for a square picture (the central square of the original is used) or
    a ``(height, width)`` pair for the whole picture resized to that shape.
    """
    path = matplotlib.cbook.get_sample_data(name, asfileobj=False)
    return resize(to_gray(matplotlib.image.imread(path)), size)


def to_gray(image) -> np.ndarray:
    """A 2-D float image in [0, 1]: gray stays, RGB(A) is converted by luminance; 8-bit input is scaled."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[2] in (3, 4):
        scale = 255.0 if image.dtype == np.uint8 else 1.0
        image = (image[..., :3] / scale) @ LUMINANCE
    elif image.ndim == 2:
        image = image / 255.0 if image.dtype == np.uint8 else image.astype(float)
    else:
        raise ValueError(f"image must be gray (H, W) or colour (H, W, 3 or 4), got shape {image.shape}")
    image = _check.real_array(image, "image", ndim=2)
    if image.min() < 0 or image.max() > 1:
        raise ValueError(f"image values must lie in [0, 1] (or be 8-bit), got range [{image.min():.3g}, {image.max():.3g}]")
    return image


def resize(image, size) -> np.ndarray:
    """Shrink a gray image by area averaging. An int ``size`` takes the central square first."""
    image = to_gray(image)
    if isinstance(size, numbers.Integral) and not isinstance(size, bool):
        side = min(image.shape)
        top, left = (image.shape[0] - side) // 2, (image.shape[1] - side) // 2
        image, shape = image[top:top + side, left:left + side], (size, size)
    elif isinstance(size, (tuple, list)) and len(size) == 2:
        shape = tuple(size)
    else:
        raise TypeError(f"size must be an int (square) or a (height, width) pair, got {size!r}")
    for value, what in zip(shape, ("height", "width")):
        _check.integer(value, f"size ({what})", minimum=2)
    if shape[0] > image.shape[0] or shape[1] > image.shape[1]:
        raise ValueError(f"size {shape} is larger than the image {image.shape}: only shrinking is supported")
    resized = Image.fromarray(image.astype(np.float32), mode="F").resize((shape[1], shape[0]), Image.Resampling.BOX)
    return np.clip(np.asarray(resized, dtype=float), 0.0, 1.0)


def pixel_coordinates(shape) -> np.ndarray:
    """(x, y) of every pixel, scaled to [-1, 1]^2, row by row: shape (height * width, 2).

    x runs along a row (left to right), y down the columns (top to bottom).
    """
    height, width = _shape(shape)
    y, x = np.meshgrid(np.linspace(-1, 1, height), np.linspace(-1, 1, width), indexing="ij")
    return np.column_stack([x.ravel(), y.ravel()])


def checkerboard_split(shape) -> tuple[np.ndarray, np.ndarray]:
    """Flat indices of the training pixels (every other one, as on a checkerboard) and of the held-out rest."""
    height, width = _shape(shape)
    rows, cols = np.indices((height, width))
    train = ((rows + cols) % 2 == 0).ravel()
    return np.flatnonzero(train), np.flatnonzero(~train)


def psnr(prediction, target, *, data_range: float = 1.0) -> np.ndarray:
    """Peak signal-to-noise ratio in dB, 10 log10(range^2 / MSE), over the last axis (a row per snapshot)."""
    prediction = np.asarray(prediction, dtype=float)
    target = np.asarray(target, dtype=float)
    if prediction.shape[-1:] != target.shape[-1:]:
        raise ValueError(f"prediction and target must share the last axis, got {prediction.shape} and {target.shape}")
    mse = np.mean((prediction - target) ** 2, axis=-1)
    return 10 * np.log10(_check.positive(data_range, "data_range") ** 2 / np.maximum(mse, 1e-300))


def _shape(shape) -> tuple[int, int]:
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise TypeError(f"shape must be a (height, width) pair, got {shape!r}")
    return tuple(_check.integer(v, "each entry of shape", minimum=1) for v in shape)
