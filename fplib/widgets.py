"""Interactive explorers (ipywidgets) that still leave a static figure where widgets cannot render.

Each explorer displays its controls, then its figure as an ordinary PNG output (shown by nbconvert,
GitHub and CI) that the controls replace in place when they change.
"""
from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np

from . import _check, config, hybrid, nets, plots, relax, train
from .tracker import FrequencyTracker


def _png(axes):
    """The figure that ``axes`` (one Axes or an array of them, as every ``plots`` function returns) belong to, as a PNG."""
    from IPython.display import Image  # IPython comes with the notebooks extra (ipywidgets needs it too)

    fig = np.ravel(axes)[0].figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return Image(data=buffer.getvalue())


def _live(controls: list, draw, *, button=None):
    """Show ``controls`` and the figure of the axes ``draw()`` returns; redraw when a control changes (or ``button`` is clicked)."""
    import ipywidgets
    from IPython.display import display

    box = ipywidgets.VBox(controls + ([button] if button else []))
    display(box)
    handle = display(_png(draw()), display_id=True)

    def redraw(_=None):
        image = _png(draw())
        if handle is None:  # no notebook frontend (a script or a test): show the new figure instead
            display(image)
        else:
            handle.update(image)

    if button is not None:
        button.on_click(redraw)
    else:
        for control in controls:
            control.observe(redraw, names="value")
    return box


def step_scrubber(snapshots, steps, original, *, title: str = "network's picture"):
    """A slider over training snapshots (shape (steps, H, W)) beside the original picture."""
    import ipywidgets

    snapshots, steps = plots.pictures.check_snapshots(snapshots, steps)
    slider = ipywidgets.SelectionSlider(options=[(str(int(s)), i) for i, s in enumerate(steps)],
                                        value=len(steps) - 1, description="step", continuous_update=False,
                                        layout=ipywidgets.Layout(width="60%"))

    def draw():
        return plots.pictures.picture_row([original, snapshots[slider.value]],
                                          ["original", f"{title}, step {int(steps[slider.value])}"], size=2.9)

    return _live([slider], draw)


def _parse_numbers(text: str, name: str) -> np.ndarray:
    try:
        values = np.array([float(v) for v in text.replace(",", " ").split()])
    except ValueError:
        raise ValueError(f"{name} must be numbers separated by commas, got {text!r}") from None
    if values.size == 0:
        raise ValueError(f"{name} must list at least one number")
    return values


def fprinciple_explorer(*, steps: int = 1000, seed: int = 0):
    """Choose target frequencies and amplitudes, width and learning rate; retrain (seconds) and redraw the heat map."""
    import ipywidgets

    style = {"description_width": "110px"}
    freqs = ipywidgets.Text(value="1, 3, 5", description="frequencies k", style=style)
    amps = ipywidgets.Text(value="1, 2, 3", description="amplitudes", style=style)
    width = ipywidgets.IntSlider(value=100, min=20, max=300, step=20, description="hidden width", style=style)
    lr = ipywidgets.FloatLogSlider(value=1e-3, base=10, min=-4, max=-2, description="learning rate", style=style)
    button = ipywidgets.Button(description="Train and redraw", button_style="primary")

    def draw():
        k, a = _parse_numbers(freqs.value, "frequencies"), _parse_numbers(amps.value, "amplitudes")
        if len(k) != len(a) or np.any(k <= 0) or np.any(k != np.round(k)):
            raise ValueError("give one amplitude per frequency; frequencies must be positive integers")
        x = np.linspace(-np.pi, np.pi, max(201, int(8 * k.max())), endpoint=False)
        y = np.sin(np.outer(x, k)) @ a
        config.seed_everything(seed)
        model = nets.mlp([1, width.value, width.value, 1], "tanh")
        history = train.fit(model, train.mse, (x, y), steps=steps, lr=lr.value, record_x=x,
                            record_at=train.linear_steps(steps, 101), progress=False)
        tracker = FrequencyTracker.from_history(history, y, angular=True, track=np.unique(k))
        return tracker.heatmap(freq_label="frequency k",
                               title=f"width {width.value}, lr {lr.value:.1e}: which frequency first?")

    return _live([freqs, amps, width, lr], draw, button=button)


def jacobi_explorer(*, n: int = 63):
    """Grid size n and Jacobi weight w (``relax``'s ``weight``) -> the damping factor of every mode, and one mode's decay."""
    import ipywidgets

    size = ipywidgets.IntSlider(value=_check.integer(n, "n", minimum=3), min=7, max=255, description="n")
    weight = ipywidgets.FloatSlider(value=1.0, min=0.1, max=1.0, step=0.05, description="weight w")
    mode = ipywidgets.IntSlider(value=1, min=1, max=255, description="mode k")

    def draw():
        k = min(mode.value, size.value)
        lam = relax.damping_factors(size.value, weight.value)
        fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4), layout="constrained")
        left.plot(np.arange(1, size.value + 1), np.abs(lam), lw=2)
        left.plot(k, abs(lam[k - 1]), "ro")
        left.set(xlabel="sine mode k", ylabel="|λ_k| per sweep", ylim=(0, 1.05),
                 title=f"n = {size.value}, weight w = {weight.value:.2f}")
        t = np.arange(0, 201)
        right.semilogy(t, np.abs(lam[k - 1]) ** t, lw=2, color="tab:red")
        right.set(xlabel="sweeps", ylabel="error left in mode k", ylim=(1e-12, 2),
                  title=f"mode k = {k}: |λ_k| = {abs(lam[k - 1]):.4f}")
        return np.array([left, right])

    return _live([size, weight, mode], draw)


def hybrid_explorer(prob, history, network: hybrid.Curve, seconds_per_iteration: float, eval_seconds: float):
    """A switch-time slider over a recorded network run: error against time, network then Jacobi (closed form)."""
    import ipywidgets

    slider = ipywidgets.SelectionSlider(options=[(f"{t:.2f} s", i) for i, t in enumerate(history.times)],
                                        value=len(history.times) // 2, description="switch at",
                                        continuous_update=False, layout=ipywidgets.Layout(width="70%"))
    sweeps = np.unique(np.geomspace(1, 2e6, 40).astype(int))

    def draw():
        i = slider.value
        start = history.times[i] + eval_seconds
        errors = relax.predicted_errors(prob, history.outputs[i], sweeps)
        curve = hybrid.Curve("Jacobi from the switch (closed form)", start + sweeps * seconds_per_iteration, errors)
        return plots.convergence.hybrid_figure(network, {"jacobi": curve},
                                               title=f"Switch after {history.times[i]:.2f} s of training")

    return _live([slider], draw)
