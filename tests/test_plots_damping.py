"""Damping factors per mode draw what they are given, and name bad input."""
import numpy as np
import pytest

from fplib import plots

pytestmark = pytest.mark.usefixtures("figures")


def test_damping_factors_draw_their_input():
    ax = plots.damping.damping_factors_plot([1, 2, 3], {"j": [0.5, -0.9, 0.1]}, marks=[2])
    assert list(ax.lines[0].get_ydata()) == [0.5, 0.9, 0.1] and len(ax.lines) == 2  # |factor|, one mark
    axes = plots.damping.factor_maps({"a": np.full((7, 7), 0.5), "b": -np.ones((7, 7))}, upper=3.5)
    assert [ax.get_title() for ax in axes] == ["a: |λ_kl| per sweep", "b: |λ_kl| per sweep"] and len(axes[0].lines) == 2
    axes = plots.damping.learning_order_plot([0, 10], {"a": np.ones((2, 4)), "b": np.ones((2, 4))})
    assert len(axes) == 2 and len(axes[0].lines) == 2
    ax = plots.damping.modes_left({"bilinear": [0.9, 0.5, 0.1], "operator-dependent": [0.1, 0.1, 0.05]})
    assert ax.get_yscale() == "log" and list(ax.lines[0].get_xdata()) == [1, 2, 3]


@pytest.mark.parametrize("call, match", [
    (lambda: plots.damping.damping_factors_plot([1, 2, 3], {"j": [0.5, 0.5]}), "factors"),
    (lambda: plots.damping.factor_maps({"a": np.ones(3)}), r"factors\['a'\]"),
    (lambda: plots.damping.learning_order_plot([0, 1], {"a": np.ones((3, 4))}), "factors"),
    (lambda: plots.damping.modes_left({}), "left"),
    (lambda: plots.damping.modes_left({"a": np.ones((2, 2))}), r"left\['a'\]"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
