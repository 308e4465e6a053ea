"""FrequencyTracker: each constructor against a hand computation, records from loops and from run records."""
import numpy as np
import pytest
import torch

from fplib import config, nets, ntk, poisson, radial, train
from fplib.tracker import FrequencyTracker


def _sines(x, amplitudes):
    return sum(a * np.sin(k * x) for k, a in amplitudes.items())


def test_tracker_on_a_uniform_grid_measures_both_forms_and_the_first_step():
    x = np.linspace(-np.pi, np.pi, 64, endpoint=False)
    tracker = FrequencyTracker.uniform(x, lambda x: _sines(x, {1: 1, 3: 2, 5: 3}), angular=True)
    np.testing.assert_allclose(tracker.freq, [1, 3, 5])
    tracker.record(0, np.zeros(64))
    tracker.record(10, _sines(x, {1: 1, 3: 1, 5: 3 * 0.95}))              # k = 3 at half, k = 5 at 95 %
    tracker.record(20, _sines(x, {1: 1, 3: 2, 5: 3}) - 2 * np.sin(5 * x) + 2 * np.cos(5 * x))  # k = 5: phase off
    np.testing.assert_allclose(tracker.errors(), [[1, 1, 1], [0, 0.5, 0.05], [0, 0, np.hypot(2, 2) / 3]], atol=1e-12)
    np.testing.assert_allclose(tracker.errors("magnitude")[2], [0, 0, abs(np.hypot(1, 2) - 3) / 3], atol=1e-12)
    np.testing.assert_array_equal(tracker.first_below(0.1), [10, 20, 10])
    np.testing.assert_array_equal(tracker.first_below(0.1, stay=True), [10, 20, np.inf])
    ax = tracker.heatmap(0.1)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "3", "5"]
    assert ax.figure.axes[-1].get_ylabel().startswith("relative error (complex form)")  # Fourier: the form counts
    sine = FrequencyTracker.sine(x, _sines(x, {1: 1, 3: 2}), angular=True).record_all([0], [np.zeros(64)])
    assert sine.heatmap(0.1).figure.axes[-1].get_ylabel().splitlines()[0] == "relative error"  # sine: one form


def test_tracker_takes_a_torch_model_and_a_history():
    x = np.linspace(-np.pi, np.pi, 32, endpoint=False)
    config.seed_everything(0)
    model = nets.mlp([1, 8, 1])
    history = train.fit(model, train.mse, (x, np.sin(2 * x)), steps=5, record_x=x, record_at=[0, 5], progress=False)
    tracker = FrequencyTracker.from_history(history, np.sin(2 * x), angular=True)
    direct = FrequencyTracker.uniform(x, np.sin(2 * x), angular=True)
    direct.record(5, model)
    np.testing.assert_allclose(direct.errors()[0], tracker.errors()[-1], rtol=1e-6)
    direct.record(6, torch.zeros(32))  # a tensor of outputs is fine too
    np.testing.assert_array_equal(tracker.steps, [0, 5])


def test_from_history_reads_any_run_record():
    """train.History carries its points x; ntk.Comparison does not, so x is passed: both are RunRecords."""
    t, points = ntk.circle_points(16)
    target = np.sin(2 * t)
    config.seed_everything(0)
    comparison = ntk.train_and_predict(nets.mlp([2, 16, 1]), points, target, lr=0.5, steps=4, record_at=[0, 2, 4])
    tracker = FrequencyTracker.from_history(comparison, target, x=t, angular=True)
    np.testing.assert_array_equal(tracker.steps, [0, 2, 4])
    direct = FrequencyTracker.uniform(t, target, angular=True).record_all(comparison.steps, comparison.outputs)
    np.testing.assert_array_equal(tracker.errors(), direct.errors())
    np.testing.assert_allclose(tracker.errors()[0], 1)  # the lazy model's output starts at zero
    history = train.History(np.array([0, 3]), np.zeros(2), np.stack([0 * target, target]), np.zeros(3), t, False)
    np.testing.assert_allclose(FrequencyTracker.from_history(history, target, angular=True).errors()[:, 0], [1, 0],
                               atol=1e-12)
    with pytest.raises(ValueError, match="pass x"):
        FrequencyTracker.from_history(comparison, target, angular=True)


def test_tracker_on_sine_modes_and_scattered_points():
    n = 63
    x = -1 + 2 * np.arange(1, n + 1) / (n + 1)
    target = np.sin(np.pi * (x + 1)) + 0.5 * np.sin(4 * np.pi * (x + 1))  # modes k = 2 and 8
    tracker = FrequencyTracker.sine(x, target, angular=True)
    np.testing.assert_allclose(tracker.freq, [np.pi, 4 * np.pi])
    tracker.record(0, np.sin(np.pi * (x + 1)))
    np.testing.assert_allclose(tracker.errors(), [[0, 1]], atol=1e-12)
    rng = np.random.default_rng(0)
    points = np.sort(rng.uniform(-np.pi, np.pi, 400))
    scattered = FrequencyTracker.scattered(points, lambda x: np.sin(x) + np.sin(4 * x), np.arange(0, 8.0),
                                           angular=True)
    np.testing.assert_allclose(scattered.freq, [1, 4])
    scattered.record(0, np.sin(points) + np.sin(4 * points))
    np.testing.assert_allclose(scattered.errors(), 0, atol=1e-12)


def test_tracker_on_an_image_equals_the_radial_relative_error():
    rng = np.random.default_rng(0)
    picture = rng.uniform(0, 1, (16, 16))
    coords = np.stack(np.meshgrid(np.arange(16.0), np.arange(16.0), indexing="ij"), -1).reshape(-1, 2)
    tracker = FrequencyTracker.image(coords, picture, 4)
    snapshots = np.stack([0.5 * picture, picture + 0.1 * rng.standard_normal((16, 16))])
    tracker.record_all([0, 1], snapshots.reshape(2, -1))
    np.testing.assert_allclose(tracker.errors(), radial.radial_relative_error(snapshots, picture, 4)[0], rtol=1e-12)
    np.testing.assert_allclose(tracker.errors()[0], 0.5)


def test_sine2d_tracker_on_the_square():
    prob = poisson.problem(31, dim=2)
    tracker = FrequencyTracker.sine2d(prob.x, prob.discrete, [(1, 2), (5, 4), (14, 12)])
    tracker.record(0, np.zeros(prob.shape).ravel())
    tracker.record(1, prob.discrete.ravel())
    np.testing.assert_allclose(tracker.errors()[:, :], [[1, 1, 1], [0, 0, 0]], atol=1e-12)
    assert tracker.labels == ["(1, 2)", "(5, 4)", "(14, 12)"]
    with pytest.raises(ValueError, match="modes"):
        FrequencyTracker.sine2d(prob.x, prob.discrete, [(0, 2)])


@pytest.mark.parametrize("call, match", [
    (lambda t: t.record(0, np.zeros(5)), "one value per point"),
    (lambda t: t.record(0, np.full(32, np.nan)), "NaN"),
    (lambda t: (t.record(3, np.zeros(32)), t.record(3, np.zeros(32))), "increase"),
    (lambda t: t.record(-1, np.zeros(32)), "step"),
    (lambda t: t.errors(), "nothing recorded"),
    (lambda t: t.errors("phase"), "form"),
    (lambda t: t.record_all([0, 1], np.zeros((3, 32))), "pair up"),
])
def test_tracker_bad_records_are_named(call, match):
    x = np.linspace(-np.pi, np.pi, 32, endpoint=False)
    with pytest.raises((ValueError, TypeError), match=match):
        call(FrequencyTracker.uniform(x, np.sin(x), angular=True))


@pytest.mark.parametrize("call, match", [
    (lambda x: FrequencyTracker.uniform(x, np.sin(x), angular=True, track=[1.5]), "track must hold frequencies"),
    (lambda x: FrequencyTracker.uniform(x, np.sin(x), angular=True, track=[2]), "no content"),
    (lambda x: FrequencyTracker.uniform(x, np.zeros(32)), "no peak"),
    (lambda x: FrequencyTracker.uniform(x, np.sin(x)[:5]), "one value per point"),
    (lambda x: FrequencyTracker.image(x, np.ones((4, 4)), 2), "x must be 2-dimensional"),
    (lambda x: FrequencyTracker.image(np.zeros((5, 2)), np.ones((4, 4)), 2), "one coordinate row per pixel"),
    (lambda x: FrequencyTracker.from_history(object(), np.sin(x)), "run record with steps and outputs"),
    (lambda x: FrequencyTracker.from_history(object(), np.sin(x), kind="fourier"), "kind"),
])
def test_tracker_bad_construction_is_named(call, match):
    x = np.linspace(-np.pi, np.pi, 32, endpoint=False)
    with pytest.raises((ValueError, TypeError), match=match):
        call(x)


def _cloud(n=60, d=3, seed=0):
    return np.random.default_rng(seed).standard_normal((n, d))


def test_filtered_tracker_splits_low_and_high_as_the_authors_define_them():
    x = _cloud()
    labels = np.eye(3)[np.arange(60) % 3]
    tracker = FrequencyTracker.filtered(x, labels, [0.5, 2.0])
    assert tracker.labels == ["low, δ = 0.5", "high, δ = 0.5", "low, δ = 2", "high, δ = 2"]
    squared = ((x[:, None] - x[None]) ** 2).sum(-1)
    G = np.exp(-squared / (2 * 0.5))
    G /= G.sum(axis=1, keepdims=True)
    output = labels + 0.1 * np.random.default_rng(1).standard_normal(labels.shape)
    tracker.record(0, output)
    e_low = np.linalg.norm(G @ output - G @ labels) / np.linalg.norm(G @ labels)
    e_high = np.linalg.norm((output - G @ output) - (labels - G @ labels)) / np.linalg.norm(labels - G @ labels)
    np.testing.assert_allclose(tracker.errors()[0, :2], [e_low, e_high], rtol=1e-12)
    tracker.record(1, labels + 0.3)  # a constant error is exactly low-frequency: G 1 = 1
    assert tracker.errors()[1, 1] == pytest.approx(0, abs=1e-12) and tracker.errors()[1, 0] > 0.1


def test_filter_width_moves_the_split_between_low_and_high():
    x = _cloud()
    y = np.sin(x[:, 0])
    wide = FrequencyTracker.filtered(x, y, [1e6])  # delta -> infinity: G averages everything
    low = wide.target_coef[:60]
    np.testing.assert_allclose(low, y.mean(), rtol=1e-3)  # exp(-|x_i - x_j|^2 / 2e6) = 1 - O(1e-5)
    with pytest.raises(ValueError, match="no content"):  # delta -> 0: G -> I, every value is its own low part
        FrequencyTracker.filtered(x, y, [1e-6])


def test_projected_tracker_finds_a_plane_wave_along_its_direction():
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, (2000, 5))
    direction = np.array([1.0, 2.0, 0.0, -1.0, 0.5])
    position = x @ direction / np.linalg.norm(direction)
    target = np.sin(2 * np.pi * 1.5 * position)
    tracker = FrequencyTracker.projected(x, target, np.linspace(0, 4, 41), direction=direction, count=1)
    assert tracker.freq == pytest.approx([1.5])
    tracker.record(0, target)
    tracker.record(1, 0.5 * target)
    np.testing.assert_allclose(tracker.errors()[:, 0], [0, 0.5], atol=1e-12)
    pca = FrequencyTracker.projected(np.outer(np.linspace(-1, 1, 200), [3.0, 4.0]), np.linspace(-1, 1, 200) ** 2,
                                     np.arange(0, 3.0, 0.1), track=[0.0])
    assert pca.freq == pytest.approx([0.0])


@pytest.mark.parametrize("call, match", [
    (lambda: FrequencyTracker.filtered(np.zeros(5), np.zeros(5), [1.0]), "x must be 2-dimensional"),
    (lambda: FrequencyTracker.filtered(_cloud(), np.zeros(7), [1.0]), "one value or one row per point"),
    (lambda: FrequencyTracker.filtered(_cloud(), np.sin(_cloud()[:, 0]), [0.0]), "deltas must be positive"),
    (lambda: FrequencyTracker.projected(_cloud(), np.zeros(60), [1.0], direction=[1.0]), "direction"),
])
def test_bad_many_dimension_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
