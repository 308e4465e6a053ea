"""The explorers build, draw a static figure, and redraw when their controls change."""
import numpy as np
import torch
from IPython.display import Image

from fplib import config, hybrid, nets, poisson, widgets


def test_step_scrubber_redraws_the_chosen_snapshot(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **options: shown.append(obj))
    box = widgets.step_scrubber(np.random.default_rng(0).random((3, 4, 4)), [0, 5, 10], np.zeros((4, 4)))
    slider = box.children[0]
    slider.value = 0
    slider.value = 2  # back to the last snapshot, the one shown first
    pictures = [obj.data for obj in shown if isinstance(obj, Image)]
    assert len(pictures) == 3, "each move of the slider shows one new figure"
    assert pictures[1] != pictures[0] and pictures[2] == pictures[0]


def test_fprinciple_explorer_trains_and_redraws(capsys):
    box = widgets.fprinciple_explorer(steps=20)
    freqs, amps, width, lr, button = box.children
    freqs.value, amps.value, width.value = "2, 4", "1, 1", 20
    button.click()
    assert capsys.readouterr().out.count("Image") >= 2


def test_jacobi_explorer_redraws_on_every_control(capsys):
    box = widgets.jacobi_explorer(n=15)
    size, omega, mode = box.children
    size.value, omega.value, mode.value = 31, 2 / 3, 40  # a mode beyond n is clipped to n
    assert capsys.readouterr().out.count("Image") >= 4


def test_hybrid_explorer_redraws(capsys):
    prob = poisson.problem(127)
    config.seed_everything(0)
    model = nets.ZeroBoundary(nets.mlp([1, 8, 1], dtype=torch.float64))
    history = hybrid.train_network(prob, model, train_n=51, adam_steps=20, lbfgs_steps=0, lr=1e-2, record_every=10)
    box = widgets.hybrid_explorer(prob, history, hybrid.network_curve(prob, history), 1e-6, 1e-4)
    box.children[0].value = 0
    assert capsys.readouterr().out.count("Image") >= 2
