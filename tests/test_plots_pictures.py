"""Pictures and fields draw what they are given, and name bad input."""
import numpy as np
import pytest

from fplib import plots, poisson

pytestmark = pytest.mark.usefixtures("figures")


def test_pictures_draw_their_input():
    from matplotlib.axes import Axes

    axes = plots.pictures.picture_row([np.ones((2, 2)), np.zeros((2, 2))], ["a", "b"])
    assert [ax.get_title() for ax in axes] == ["a", "b"]
    axes = plots.pictures.snapshot_grid(np.ones((3, 4, 4)) / 2, [0, 1, 2], np.ones((4, 4)), count=2)
    assert all(isinstance(ax, Axes) for ax in axes) and axes[0].get_title() == "original"
    prob = poisson.problem(15, dim=2)
    axes = plots.pictures.solution_and_source_spectrum(prob.exact, prob.g, [(1, 2), (5, 4)], count=10)
    assert len(axes) == 2 and len(axes[1].lines) == 2


def test_a_coefficient_is_drawn_beside_each_row_of_modes():
    k, mode = np.full((5, 5), 100.0), np.outer(np.arange(5), np.ones(5)) - 2.0
    axes = plots.pictures.field_and_modes(k, {"mode": [mode, -mode], "left": [mode / 2, mode / 3]}, ["1", "2"])
    assert axes.shape == (2, 3) and axes[1, 2].get_title() == "left: 2"
    assert axes[0, 0].images[0].get_array().max() == 2.0 and not axes[1, 0].images  # k drawn once
    assert axes[0, 1].images[0].get_clim() == axes[1, 1].images[0].get_clim() == (-2.0, 2.0)  # the column's scale


@pytest.mark.parametrize("call, match", [
    (lambda: plots.pictures.picture_row([np.ones((2, 2))], ["a", "b"]), "one length"),
    (lambda: plots.pictures.snapshot_grid(np.ones((2, 4, 4)), [0, 1, 2], np.ones((4, 4))), "snapshots"),
    (lambda: plots.pictures.check_snapshots(np.ones((3, 4)), [0, 1, 2]), "snapshots"),
    (lambda: plots.pictures.solution_and_source_spectrum(np.ones(3), np.ones((3, 3)), []), "exact"),
    (lambda: plots.pictures.solution_and_source_spectrum(np.ones((3, 3)), np.ones((3, 3)), [], count=0), "count"),
    (lambda: plots.pictures.field_and_modes(np.ones((3, 3)), {"a": [np.ones((3, 3))]}, ["1", "2"]), "one picture per title"),
    (lambda: plots.pictures.field_and_modes(np.ones(3), {"a": [np.ones((3, 3))]}, ["1"]), "coefficient"),
    (lambda: plots.pictures.field_and_modes(np.ones((3, 3)), {"a": [np.ones((3, 3))], "b": [np.ones(3)]}, ["1"]),
     r"rows\['b'\]"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
