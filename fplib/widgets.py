"""Interactive explorers (ipywidgets) that still leave a static figure where widgets cannot render."""
from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image, display

from . import _check


def _png(fig) -> Image:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return Image(data=buffer.getvalue())


def step_scrubber(snapshots, steps, original, *, title: str = "network's picture"):
    """A slider over training snapshots beside the original picture.

    The figure is an ordinary PNG output (shown by nbconvert, GitHub, CI) that the slider replaces
    in place as it moves, so the cell reads well with or without a widget-capable frontend.
    Returns the slider.
    """
    import ipywidgets

    snapshots = np.asarray(snapshots, dtype=float)
    steps = _check.real_array(steps, "steps")
    if snapshots.ndim != 3 or len(snapshots) != len(steps):
        raise ValueError(f"snapshots must have shape (len(steps), H, W), got {snapshots.shape}")

    def figure(i):
        fig, (left, right) = plt.subplots(1, 2, figsize=(6, 3.2), layout="constrained")
        for ax, image, label in ((left, original, "original"), (right, snapshots[i], f"{title}, step {int(steps[i])}")):
            ax.imshow(image, cmap="gray", vmin=0, vmax=1)
            ax.set_title(label, fontsize="medium")
            ax.axis("off")
        return _png(fig)

    slider = ipywidgets.SelectionSlider(options=[(str(int(s)), i) for i, s in enumerate(steps)],
                                        value=len(steps) - 1, description="step", continuous_update=False,
                                        layout=ipywidgets.Layout(width="60%"))
    display(slider)
    handle = display(figure(len(steps) - 1), display_id=True)
    slider.observe(lambda change: handle.update(figure(change["new"])), names="value")
    return slider
