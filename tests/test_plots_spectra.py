"""Heat maps and spectra draw what they are given, and refuse mismatched input with a clear error."""
import numpy as np
import pytest

from fplib import plots, spectrum

pytestmark = pytest.mark.usefixtures("figures")
X = np.linspace(0, 2 * np.pi, 64, endpoint=False)
SPEC = spectrum.uniform_dft(np.sin(3 * X), X, angular=True)
TWO = spectrum.Spectrum(SPEC.freq, np.stack([SPEC.coef, SPEC.coef]))  # the output spectra at two steps


def test_the_heat_map_marks_where_each_row_converges():
    steps = np.array([0, 10, 20])
    ax = plots.spectra.error_heatmap(np.array([[1, 1], [0.05, 0.5], [0.01, 0.05]]), steps, [1, 5])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "5"]
    assert len(ax.lines) == 2  # one black bar per row that converged
    ax = plots.spectra.error_heatmap(np.ones((3, 1)), steps, [1], xscale="symlog")
    assert ax.get_xscale() == "symlog" and len(ax.lines) == 0
    axes = plots.spectra.heatmap_stack({"a": np.ones((3, 2)), "b": np.zeros((3, 2))}, [0, 1, 2], [1, 2])
    assert [ax.get_title() for ax in axes] == ["a", "b"]
    axes = plots.spectra.heatmap_stack({"a": np.ones((3, 2))}, [0, 1, 2], [1, 2], step_label="training step", xscale="symlog")
    assert axes[0].get_xscale() == "symlog" and axes[0].get_xlabel().startswith("training step")


def test_spectra_mark_what_is_tracked():
    axes = plots.spectra.signal_and_spectrum(X, np.sin(3 * X), SPEC, [3], spectrum_title="S")
    assert axes[1].get_title() == "S" and axes[1].lines[1].get_xdata()[0] == 3
    ax = plots.spectra.amplitude_spectrum([0, 0.5, 1.0], [0.2, 0.6, 0.1], marks=[0.5], floors={"noise": 0.05})
    assert len(ax.lines) == 3 and ax.lines[1].get_xdata()[0] == 0.5  # the spectrum, one mark, one floor
    axes = plots.spectra.sources_and_spectrum(np.linspace(-1, 1, 5), np.ones((4, 5)), np.exp(-np.arange(8.0)), read=2)
    assert len(axes[0].lines) == 3
    ax = plots.spectra.degree_bars({"f": [0, 0.75, 0, 0.25], "g": [0, 1, 0, 0]})
    assert len(ax.patches) == 8 and [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2", "3"]


def test_the_spectrum_over_training_animates_and_snapshots():
    from matplotlib.axes import Axes

    assert "<script" in plots.spectra.spectrum_animation(SPEC, TWO, [0, 1]).to_jshtml()
    axes = plots.spectra.training_snapshots(X, X, np.stack([X, X]), [0, 1], SPEC, TWO, at=[0, 1], labels=["a", "b"])
    assert axes.shape == (2, 2) and all(isinstance(ax, Axes) for ax in axes.ravel())
    assert axes[0, 1].get_title() == "step 1\nb"


@pytest.mark.parametrize("call, match", [
    (lambda: plots.spectra.error_heatmap(np.ones((2, 3)), [0, 1], [1, 2]), "shape"),
    (lambda: plots.spectra.error_heatmap(np.ones((2, 1)), [0, 1], [1], xscale="log"), "xscale"),
    (lambda: plots.spectra.error_heatmap(np.ones((2, 1)), [0, 1], [1], row_labels=["a", "b"]), "row_labels"),
    (lambda: plots.spectra.heatmap_stack({}, [0], [1]), "pictures"),
    (lambda: plots.spectra.signal_and_spectrum([0, 1], [1.0], None, [0]), "same length"),
    (lambda: plots.spectra.signal_and_spectrum([0, 1], [1.0, 2.0], None, [0]), "spec"),
    (lambda: plots.spectra.amplitude_spectrum([0, 1], [1.0]), "same length"),
    (lambda: plots.spectra.sources_and_spectrum([0, 1], np.ones((2, 3)), [1.0], read=1), "sources"),
    (lambda: plots.spectra.spectrum_animation(SPEC, SPEC, [0, 1]), "outputs"),
    (lambda: plots.spectra.training_snapshots(X, X, np.stack([X, X]), [0, 1], SPEC, TWO, at=[0, 1], labels=["a"]), "labels"),
    (lambda: plots.spectra.degree_bars({"f": [1.0, 0.0], "g": [1.0]}), "same degrees"),
    (lambda: plots.spectra.degree_bars({}), "at least one"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
