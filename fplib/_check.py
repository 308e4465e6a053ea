"""Argument checks shared by the public functions: each error names the argument and what was expected."""
from __future__ import annotations

import numbers

import numpy as np


def real_array(value, name: str, *, ndim: int | None = 1, min_size: int = 1, allow_inf: bool = False) -> np.ndarray:
    """``value`` as a finite float array (+inf allowed with ``allow_inf``) with ``ndim`` dimensions and at
    least ``min_size`` entries."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if array.size < min_size:
        raise ValueError(f"{name} must have at least {min_size} entries, got {array.size}")
    if allow_inf and (np.any(np.isnan(array)) or np.any(array == -np.inf)):
        raise ValueError(f"{name} must hold numbers or +inf; it contains NaN or -inf")
    if not allow_inf and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite; it contains NaN or infinity")
    return array


def integer(value, name: str, *, minimum: int | None = None) -> int:
    """``value`` as an int, at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def positive(value, name: str) -> float:
    """``value`` as a finite float > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def same_length(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    if len(a) != len(b):
        raise ValueError(f"{name_a} and {name_b} must have the same length, got {len(a)} and {len(b)}")


def one_of(value, name: str, options) -> str:
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}, got {value!r}")
    return value


def instance(value, cls, name: str, what: str | None = None):
    """``value`` itself, if it is a ``cls`` (``what`` names the type in the message, e.g. "poisson.Problem")."""
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be a {what or cls.__name__}, got {type(value).__name__}")
    return value


def non_negative(value, name: str) -> float:
    """``value`` as a finite float >= 0 (a time, a count of seconds, a rate)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative finite number, got {value!r}")
    return float(value)


def dim(value, name: str = "dim") -> int:
    """A grid dimension: 1 (the interval) or 2 (the square)."""
    if isinstance(value, bool) or value not in (1, 2):
        raise ValueError(f"{name} must be 1 or 2, got {value!r}")
    return int(value)


def grid_values(value, shape: tuple, name: str = "u0") -> np.ndarray:
    """``value`` as a fresh float array of ``shape`` (one value per interior grid point, flat or shaped)."""
    array = real_array(value, name, ndim=None)
    if array.size != int(np.prod(shape)) or array.ndim not in (1, len(shape)):
        raise ValueError(f"{name} must have one value per interior point, shape {tuple(shape)}; got {array.shape}")
    return array.reshape(shape).copy()


def function_values(func, coordinates, name: str) -> np.ndarray:
    """``func`` at the points: func(x) for one coordinate array, func(x, y) for a tuple of arrays; finite
    values of the coordinates' shape."""
    if not callable(func):
        raise TypeError(f"{name} must be a callable of x, got {type(func).__name__}")
    coordinates = coordinates if isinstance(coordinates, (tuple, list)) else (coordinates,)
    shape = coordinates[0].shape
    values = np.asarray(func(*coordinates), dtype=float)
    if values.shape != shape:
        raise ValueError(f"{name} must return one value per point, shape {shape}; got {values.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name}(x) returned NaN or infinity")
    return values
