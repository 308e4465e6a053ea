"""Fixtures shared by test files."""
from pathlib import Path

import pytest

from coursework import grading
from fplib import amortized, config, fields, nets

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("grading")
    grading.write_grading(ROOT / "notebooks", out)
    return out


@pytest.fixture(scope="session")
def trained_operator():
    """A tiny operator network trained on a tiny grid, once per session (a few seconds): (net, history)."""
    config.seed_everything(0)
    n = 63
    net = nets.DeepONet(16, 32, hidden=(64, 64), branch_hidden=(), sigma=2.0)
    history = amortized.train_operator(net, fields.random_sources(256, n, length=0.06), steps=400, lr=2e-3)
    return net, history


@pytest.fixture
def figures():
    """matplotlib without a display; every figure the test draws is closed after it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")
