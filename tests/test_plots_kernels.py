"""The tangent kernel's figures draw what they are given, and name bad input."""
import numpy as np
import pytest

from fplib import plots

pytestmark = pytest.mark.usefixtures("figures")
T = np.linspace(0, 2 * np.pi, 8, endpoint=False)
FREQ = np.arange(5.0)


def test_kernel_figures_draw_their_input():
    from matplotlib.axes import Axes

    axes = plots.kernels.eigenvector_row(T, np.ones((8, 2)), ["a", "b"])
    assert len(axes) == 2 and all(isinstance(ax, Axes) for ax in axes)
    ax = plots.kernels.kernel_spectrum(FREQ, {"limit": 1 / (1 + FREQ), "measured": 1 / (1 + FREQ)}, guide_slope=2)
    assert len(ax.lines) == 3 and len(ax.lines[0].get_xdata()) == 4  # frequency 0 is left out of the log axis
    ax = plots.kernels.learning_times(FREQ[1:], [1.0, 4.0, 9.0, np.inf], fit=(2, 2.0, 0.0))
    assert len(ax.lines[0].get_xdata()) == 3  # the unlearned frequency is left out
    ax = plots.kernels.lazy_dial([1.0, 10.0], [[1.0, np.nan], [1.0, 1.0]], ["k = 1", "k = 3"])
    assert isinstance(ax, Axes)


@pytest.mark.parametrize("call, match", [
    (lambda: plots.kernels.eigenvector_row(T, np.ones((8, 2)), ["a"]), "vectors"),
    (lambda: plots.kernels.kernel_spectrum(FREQ, {"limit": [1.0]}), "curves"),
    (lambda: plots.kernels.learning_times(FREQ, [1.0]), "same length"),
    (lambda: plots.kernels.lazy_dial([1.0], [[1.0, 1.0]], ["k = 1"]), "ratios"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
