"""A notebook's claims, checked: strict under the test suite and CI, explanatory in a student's session.

A notebook states what it teaches as a claim and checks it on its own run::

    claim("the lowest peak is learned first", first[0] < first[-1],
          shown=f"first steps below 10 %: {first}",
          meaning="the network never reached the lowest peak first: a larger learning rate or fewer steps?")

In a student's session it prints ``✓ statement — shown`` or ``✗ statement — shown`` with what the failure
means, and the notebook goes on, so a student who changed a parameter reads an explanation, not a traceback.
Under the test suite and CI (``FPLIB_STRICT_CLAIMS=1``, or ``CI`` set true) a claim that does not hold
raises ``ClaimFailed``, an ``AssertionError``, so the run fails when the phenomenon stops showing.

>>> claim("two is more than one", 2 > 1, shown="2 > 1")
✓ two is more than one — 2 > 1
True
"""
from __future__ import annotations

import os

import numpy as np

STRICT_VARIABLE = "FPLIB_STRICT_CLAIMS"
_TRUE = ("1", "true", "yes", "on")


class ClaimFailed(AssertionError):
    """A claim that did not hold in strict mode (tests and CI)."""


def strict() -> bool:
    """Whether a claim that does not hold raises: ``$FPLIB_STRICT_CLAIMS`` if set, else whether ``$CI`` is true."""
    value = os.environ.get(STRICT_VARIABLE)
    if value is not None:
        return value.strip().lower() in _TRUE
    return os.environ.get("CI", "").strip().lower() in _TRUE


def _text(value, name: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise TypeError(f"{name} must be a{'' if empty else ' non-empty'} string, got {value!r}")
    return value.strip()


def claim(statement: str, holds, *, shown: str, meaning: str = "") -> bool:
    """Check one claim of a notebook on its run and say so.

    ``statement``: what the lesson claims, in plain words; ``holds``: whether this run shows it (a bool or a
    NumPy bool); ``shown``: what the run showed, with its numbers; ``meaning``: what it means when the claim
    does not hold (printed, or put in the error). Returns ``holds``; raises ``ClaimFailed`` when it does not
    hold and ``strict()``.

    >>> claim("the error fell", 0.01 < 0.1, shown="final error 0.01, first 0.1")
    ✓ the error fell — final error 0.01, first 0.1
    True
    """
    statement = _text(statement, "statement")
    shown = _text(shown, "shown")
    meaning = _text(meaning, "meaning", empty=True)
    if isinstance(holds, np.ndarray) and holds.size != 1:
        raise TypeError(f"holds must be one truth value, got an array of shape {holds.shape}: use .all() or .any()")
    if not isinstance(holds, (bool, np.bool_, np.ndarray)):
        raise TypeError(f"holds must be a bool (a comparison's result), got {type(holds).__name__}")
    holds = bool(holds)
    if holds:
        print(f"✓ {statement} — {shown}")
    elif strict():
        raise ClaimFailed(f"{statement}: not shown. The run showed: {shown}." + (f" {meaning}" if meaning else ""))
    else:
        print(f"✗ {statement} — not shown: {shown}" + (f"\n  What it means: {meaning}" if meaning else ""))
    return holds
