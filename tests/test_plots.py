"""Every plot draws what it is given, and refuses mismatched input with a clear error."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from fplib import hybrid, plots, spectrum  # noqa: E402


def teardown_function():
    plt.close("all")


def test_plots_draw_their_input():
    steps = np.array([0, 10, 20])
    ax = plots.error_heatmap(np.array([[1, 1], [0.05, 0.5], [0.01, 0.05]]), steps, [1, 5])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "5"]
    assert len(ax.lines) == 2  # one black bar per row that converged
    x = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    spec = spectrum.uniform_dft(np.sin(3 * x), x, angular=True)
    axes = plots.signal_and_spectrum(x, np.sin(3 * x), spec, [3], spectrum_title="S")
    assert axes[1].get_title() == "S" and axes[1].lines[1].get_xdata()[0] == 3
    curve = hybrid.Curve("c", np.array([1.0, 2.0]), np.array([1e-1, 1e-3]))
    ax = plots.hybrid_figure(curve, {"j": curve}, tol=1e-2, floors={"floor": 1e-4})
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    anim = plots.spectrum_animation(spec, spectrum.Spectrum(spec.freq, np.stack([spec.coef, spec.coef])), [0, 1])
    assert "<script" in anim.to_jshtml()
    ax = plots.error_heatmap(np.ones((3, 1)), steps, [1], xscale="symlog")
    assert ax.get_xscale() == "symlog"
    ax = plots.error_curves({"a": (steps, [1.0, 0.1, 0.01])}, xscale="symlog")
    assert ax.get_xscale() == "symlog" and ax.get_yscale() == "log"


def test_every_plot_returns_axes():
    from matplotlib.axes import Axes

    x = np.linspace(0, 1, 4)
    spec = spectrum.uniform_dft(np.sin(2 * np.pi * x), x)
    results = [
        plots.loss_curve([1.0, 0.5]),
        plots.picture_row([np.ones((2, 2))], ["a"]),
        plots.snapshot_grid(np.ones((3, 4, 4)) / 2, [0, 1, 2], np.ones((4, 4)), count=2),
        plots.signal_and_spectrum(x, np.sin(x), spec, [1]),
        plots.training_snapshots(x, x, np.stack([x, x]), [0, 1], spec, spectrum.Spectrum(spec.freq, np.stack([spec.coef] * 2)),
                                 at=[0, 1]),
    ]
    for result in results:
        assert all(isinstance(ax, Axes) for ax in np.ravel(result)), type(result)


@pytest.mark.parametrize("call, match", [
    (lambda: plots.error_heatmap(np.ones((2, 3)), [0, 1], [1, 2]), "shape"),
    (lambda: plots.mode_decay([0, 1], np.ones((2, 2)), np.ones((3, 2)), ["a", "b"]), "predicted"),
    (lambda: plots.error_curves({"a": ([0, 1], [1.0])}), "curve 'a'"),
    (lambda: plots.scaling_plot([1, 2], {"r": [1.0]}), "ratios"),
    (lambda: plots.damping_factors_plot([1, 2, 3], {"j": [0.5, 0.5]}), "factors"),
    (lambda: plots.psnr_curves([0, 1], {"t": [1.0, 2.0, 3.0]}), "curves"),
    (lambda: plots.signal_and_spectrum([0, 1], [1.0], None, [0]), "same length"),
    (lambda: plots.snapshot_grid(np.ones((2, 4, 4)), [0, 1, 2], np.ones((4, 4))), "snapshots"),
    (lambda: plots.loss_curve([1.0, np.nan]), "finite"),
    (lambda: plots.picture_row([np.ones((2, 2))], ["a", "b"]), "one length"),
    (lambda: plots.error_heatmap(np.ones((2, 1)), [0, 1], [1], xscale="log"), "xscale"),
    (lambda: plots.error_curves({"a": ([1, 2], [1.0, 0.5])}, xscale="loglog"), "xscale"),
    (lambda: plots.psnr_curves([0, 1], {"t": [1.0, 2.0]}, xscale="log"), "xscale"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_notebook_09_figures_draw_their_input():
    x = np.linspace(-1, 1, 5)
    axes = plots.sources_and_spectrum(x, np.ones((4, 5)), np.exp(-np.arange(8.0)), read=2)
    assert len(axes[0].lines) == 3
    axes = plots.heatmap_stack({"a": np.ones((3, 2)), "b": np.zeros((3, 2))}, [0, 1, 2], [1, 2])
    assert [ax.get_title() for ax in axes] == ["a", "b"]
    axes = plots.heatmap_stack({"a": np.ones((3, 2))}, [0, 1, 2], [1, 2], step_label="training step", xscale="symlog")
    assert axes[0].get_xscale() == "symlog" and axes[0].get_xlabel().startswith("training step")
    axes = plots.scan_plot([1, 2], [np.inf, 10.0], [np.inf, 11.0], [np.inf, 1.0], [1.0, 1.1])
    assert axes[0].get_xscale() == "log" and len(axes[1].lines) == 2
    axes = plots.divergence_plot({"r": ([1, 2], [1.0, 0.1])}, np.ones((4, 2)), [1, 2], rtol=1e-8)
    assert len(axes[1].lines) == 2
    axes = plots.learning_order_plot([0, 10], {"a": np.ones((2, 4)), "b": np.ones((2, 4))})
    assert len(axes) == 2 and len(axes[0].lines) == 2


@pytest.mark.parametrize("call, match", [
    (lambda: plots.sources_and_spectrum([0, 1], np.ones((2, 3)), [1.0], read=1), "sources"),
    (lambda: plots.heatmap_stack({}, [0], [1]), "pictures"),
    (lambda: plots.scan_plot([1, 2], [1.0], [1.0, 2.0], [1.0, 2.0], [1.0, 2.0]), "predicted"),
    (lambda: plots.divergence_plot({}, np.ones((3, 2)), [1], rtol=1e-8), "mode_errors"),
    (lambda: plots.learning_order_plot([0, 1], {"a": np.ones((3, 4))}), "factors"),
])
def test_notebook_09_figures_name_bad_input(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()

def test_high_dimension_figures_draw_their_input():
    ax = plots.amplitude_spectrum([0, 0.5, 1.0], [0.2, 0.6, 0.1], marks=[0.5], floors={"noise": 0.05})
    assert len(ax.lines) == 3 and ax.lines[1].get_xdata()[0] == 0.5  # the spectrum, one mark, one floor
    steps = np.array([0, 5, 10])
    ax = plots.accuracy_curves(steps, {"a": ([0.5, 1, 1], [0.5, 0.9, 1])}, marks={"a": 5})
    assert len(ax.lines) == 4 and ax.lines[2].get_ydata()[0] == 0.9  # train, test, the dot, chance
    ax = plots.degree_bars({"f": [0, 0.75, 0, 0.25], "g": [0, 1, 0, 0]})
    assert len(ax.patches) == 8 and [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2", "3"]


@pytest.mark.parametrize("call, match", [
    (lambda: plots.amplitude_spectrum([0, 1], [1.0]), "same length"),
    (lambda: plots.accuracy_curves([0, 1], {"a": ([1.0, 1.0], [1.0])}), r"runs\['a'\]\['test'\]"),
    (lambda: plots.accuracy_curves([0, 1], {"a": [1.0, 1.0, 1.0]}), "pair"),
    (lambda: plots.degree_bars({"f": [1.0, 0.0], "g": [1.0]}), "same degrees"),
    (lambda: plots.degree_bars({}), "at least one"),
])
def test_high_dimension_figures_name_bad_input(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_notebook_07_plots_draw_and_name_bad_input():
    from matplotlib.axes import Axes

    t = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    freq = np.arange(5.0)
    axes = plots.eigenvector_row(t, np.ones((8, 2)), ["a", "b"])
    assert len(axes) == 2 and all(isinstance(ax, Axes) for ax in axes)
    assert isinstance(plots.kernel_spectrum(freq, {"limit": 1 / (1 + freq), "measured": 1 / (1 + freq)}, guide_slope=2), Axes)
    assert isinstance(plots.learning_times(freq[1:], [1.0, 4.0, 9.0, np.inf], fit=(2, 2.0, 0.0)), Axes)
    assert isinstance(plots.lazy_dial([1.0, 10.0], [[1.0, np.nan], [1.0, 1.0]], ["k = 1", "k = 3"]), Axes)
    with pytest.raises(ValueError, match="vectors"):
        plots.eigenvector_row(t, np.ones((8, 2)), ["a"])
    with pytest.raises(ValueError, match="curves"):
        plots.kernel_spectrum(freq, {"limit": [1.0]})
    with pytest.raises(ValueError, match="same length"):
        plots.learning_times(freq, [1.0])
    with pytest.raises(ValueError, match="ratios"):
        plots.lazy_dial([1.0], [[1.0, 1.0]], ["k = 1"])


def test_square_figures_draw_their_input():
    from fplib import poisson

    prob = poisson.problem(15, dim=2)
    axes = plots.square_solution(prob.exact, prob.g, [(1, 2), (5, 4)], count=10)
    assert len(axes) == 2 and len(axes[1].lines) == 2
    axes = plots.factor_maps({"a": np.full((7, 7), 0.5), "b": -np.ones((7, 7))}, upper=3.5)
    assert [ax.get_title() for ax in axes] == ["a: |λ_kl| per sweep", "b: |λ_kl| per sweep"] and len(axes[0].lines) == 2
    ax = plots.cost_growth([1, 4, 16], {"s": [1.0, 2.0, 8.0]}, {"s": [False, False, True]})
    assert ax.get_xscale() == "log" and len(ax.lines) == 3
    with pytest.raises(ValueError, match="extrapolated"):
        plots.cost_growth([1, 4], {"s": [1.0, 2.0]}, {"s": [False]})
    with pytest.raises(ValueError, match="exact"):
        plots.square_solution(np.ones(3), prob.g, [])
