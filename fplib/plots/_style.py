"""What several figure modules share: the x-scales they accept, one check of mapping lengths, a labelled level."""
from __future__ import annotations

import numpy as np

from .. import _check

XSCALES = ("linear", "symlog")  # symlog: linear near 0 (so step 0 shows), logarithmic beyond


def set_xscale(ax, xscale: str, last: float | None = None) -> None:
    """Set ``ax``'s x scale to one of ``XSCALES``; for symlog, the x range runs from 0 to ``last`` if given."""
    _check.one_of(xscale, "xscale", XSCALES)
    if xscale == "symlog":
        ax.set_xscale("symlog", linthresh=1, linscale=0.3)
        if last is not None:
            ax.set_xlim(0, last)


def one_value_each(axis: np.ndarray, mapping: dict, name: str, what: str) -> None:
    """Raise a ValueError naming ``name[label]`` unless every value of ``mapping`` has the shape of ``axis``."""
    for label, values in mapping.items():
        if np.shape(values) != axis.shape:
            raise ValueError(f"{name}[{label!r}] must have one value per {what} ({len(axis)}), got shape {np.shape(values)}")


def labelled_hline(ax, label, level, *, x: float, ha: str, style: dict) -> None:
    """A horizontal line at ``level`` with its label written on it, at ``x`` (a fraction of the axes' width)."""
    ax.axhline(level, **style)
    ax.annotate(label, (x, level), xycoords=("axes fraction", "data"), ha=ha, va="bottom", fontsize="small",
                color="dimgray")
