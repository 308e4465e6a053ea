"""Curves over steps, iterations, seconds and grid size draw what they are given, and name bad input."""
import numpy as np
import pytest

from fplib import hybrid, plots

pytestmark = pytest.mark.usefixtures("figures")


def test_training_curves_draw_their_input():
    from matplotlib.axes import Axes

    assert isinstance(plots.convergence.loss_curve([1.0, 0.5]), Axes)
    steps = np.array([0, 5, 10])
    ax = plots.convergence.accuracy_curves(steps, {"a": ([0.5, 1, 1], [0.5, 0.9, 1])}, marks={"a": 5})
    assert len(ax.lines) == 4 and ax.lines[2].get_ydata()[0] == 0.9  # train, test, the dot, chance
    ax = plots.convergence.psnr_curves(steps, {"t": [10.0, 20.0, 30.0], "h": [10.0, 15.0, 18.0]})
    assert ax.get_xscale() == "symlog" and len(ax.lines) == 2


def test_error_curves_and_the_hybrid_figure_are_logarithmic():
    steps = np.array([0, 10, 20])
    ax = plots.convergence.error_curves({"a": (steps, [1.0, 0.1, 0.01])}, floors={"floor": 1e-3}, xscale="symlog")
    assert ax.get_xscale() == "symlog" and ax.get_yscale() == "log" and ax.texts[0].get_text() == "floor"
    curve = hybrid.Curve("c", np.array([1.0, 2.0]), np.array([1e-1, 1e-3]))
    ax = plots.convergence.hybrid_figure(curve, {"j": curve}, tol=1e-2, floors={"floor": 1e-4})
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.texts] == ["floor", "tolerance 0.01"]
    ax = plots.convergence.mode_decay([0, 1], np.ones((2, 2)), np.ones((2, 2)), ["a", "b"])
    assert len(ax.lines) == 4


def test_solver_standings_draw_their_input():
    ax = plots.convergence.scaling_plot([100, 1000], {"r": [2.0, 0.5]})
    assert ax.get_xscale() == "log" and len(ax.lines) == 2  # the ratios, the break-even line
    axes = plots.convergence.scan_plot([1, 2], [np.inf, 10.0], [np.inf, 11.0], [np.inf, 1.0], [1.0, 1.1])
    assert axes[0].get_xscale() == "log" and len(axes[1].lines) == 2
    axes = plots.convergence.divergence_plot({"r": ([1, 2], [1.0, 0.1])}, np.ones((4, 2)), [1, 2], rtol=1e-8)
    assert len(axes[1].lines) == 2
    ax = plots.convergence.cost_growth([1, 4, 16], {"s": [1.0, 2.0, 8.0]}, {"s": [False, False, True]})
    assert ax.get_xscale() == "log" and len(ax.lines) == 3
    axes = plots.convergence.iteration_growth([63, 127], {"a": {"x": [10, 20], "y": [9, np.nan]}, "b": {"x": [5, 5]}})
    assert len(axes) == 2 and axes[0].get_xscale() == "log" and len(axes[0].lines) == 2 and axes[1].get_title() == "b"


@pytest.mark.parametrize("call, match", [
    (lambda: plots.convergence.loss_curve([1.0, np.nan]), "finite"),
    (lambda: plots.convergence.accuracy_curves([0, 1], {"a": ([1.0, 1.0], [1.0])}), r"runs\['a'\]\['test'\]"),
    (lambda: plots.convergence.accuracy_curves([0, 1], {"a": [1.0, 1.0, 1.0]}), "pair"),
    (lambda: plots.convergence.psnr_curves([0, 1], {"t": [1.0, 2.0, 3.0]}), "curves"),
    (lambda: plots.convergence.psnr_curves([0, 1], {"t": [1.0, 2.0]}, xscale="log"), "xscale"),
    (lambda: plots.convergence.error_curves({"a": ([0, 1], [1.0])}), "curve 'a'"),
    (lambda: plots.convergence.error_curves({"a": ([1, 2], [1.0, 0.5])}, xscale="loglog"), "xscale"),
    (lambda: plots.convergence.mode_decay([0, 1], np.ones((2, 2)), np.ones((3, 2)), ["a", "b"]), "predicted"),
    (lambda: plots.convergence.divergence_plot({}, np.ones((3, 2)), [1], rtol=1e-8), "mode_errors"),
    (lambda: plots.convergence.scaling_plot([1, 2], {"r": [1.0]}), "ratios"),
    (lambda: plots.convergence.scan_plot([1, 2], [1.0], [1.0, 2.0], [1.0, 2.0], [1.0, 2.0]), "predicted"),
    (lambda: plots.convergence.cost_growth([1, 4], {"s": [1.0, 2.0]}, {"s": [False]}), "extrapolated"),
    (lambda: plots.convergence.iteration_growth([63, 127], {"a": {"x": [10]}}), r"counts\['a'\]"),
    (lambda: plots.convergence.iteration_growth([63, 127], {}), "family"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
