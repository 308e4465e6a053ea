"""Wall-clock timing shared by the solvers and baselines: one call, or the best of a few."""
from __future__ import annotations

import time
from typing import Any, NamedTuple

import numpy as np

from . import _check


def elapsed(func, *args) -> float:
    """Wall-clock seconds of one call ``func(*args)`` (its result is dropped)."""
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


class Best(NamedTuple):
    """The fastest call's result and its seconds."""

    result: Any
    seconds: float


def best_of(func, repeat: int = 3, *, seconds=None) -> Best:
    """``Best(result, seconds)`` of the fastest of ``repeat`` calls of ``func()``.

    Timed with the wall clock, or by ``seconds(result)`` where the call measures its own time (e.g. a
    solver that leaves its error checks out of the clock).
    """
    if not callable(func):
        raise TypeError(f"func must be callable, got {type(func).__name__}")
    repeat = _check.integer(repeat, "repeat", minimum=1)
    best, best_result = np.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start if seconds is None else seconds(result)
        if elapsed < best:
            best, best_result = elapsed, result
    return Best(best_result, float(best))
