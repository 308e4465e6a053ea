import numpy as np
import pytest

from fplib import spectrum


def grid(n=256, a=-np.pi, b=np.pi):
    return np.linspace(a, b, n, endpoint=False)


def test_pure_sines_give_peaks_at_their_frequencies_with_their_amplitudes():
    x = grid()
    spec = spectrum.uniform_dft(lambda x: 1.5 * np.sin(2 * x) + 0.5 * np.cos(7 * x + 0.3), x, angular=True)
    peaks = spectrum.find_peaks(spec, min_height=1e-6)
    np.testing.assert_allclose(spec.freq[peaks], [2, 7], atol=1e-12)
    np.testing.assert_allclose(spec.amplitude[peaks], [1.5, 0.5], rtol=1e-12)
    np.testing.assert_allclose(spec.coef[peaks], [-1.5j, 0.5 * np.exp(0.3j)], atol=1e-12)


def test_frequency_axis_is_in_physical_units():
    x = np.linspace(0, 2.0, 200, endpoint=False)  # 2 units long
    spec = spectrum.uniform_dft(np.sin(2 * np.pi * 3 * x), x)
    assert spec.freq[spectrum.find_peaks(spec, min_height=0.5)] == pytest.approx([3.0])
    assert spec.freq[1] == pytest.approx(0.5)  # resolution 1 / length


def test_mean_and_nyquist_have_their_amplitude():
    x = grid(8)
    spec = spectrum.uniform_dft(0.7 + 0.2 * np.cos(4 * x), x, angular=True)
    assert spec.coef[0] == pytest.approx(0.7)
    assert spec.freq[-1] == pytest.approx(4) and abs(spec.coef[-1]) == pytest.approx(0.2)


def test_phase_does_not_depend_on_where_the_grid_starts():
    a = spectrum.uniform_dft(np.sin, grid(64, -np.pi, np.pi), angular=True)
    b = spectrum.uniform_dft(np.sin, grid(64, 0, 2 * np.pi), angular=True)
    np.testing.assert_allclose(a.coef[1], b.coef[1], atol=1e-12)


def test_leading_axes_are_kept():
    x = grid(32)
    rows = np.stack([np.sin(x), 2 * np.sin(x)])
    spec = spectrum.uniform_dft(rows, x, angular=True)
    assert spec.coef.shape == (2, 17)
    np.testing.assert_allclose(spec.amplitude[:, 1], [1, 2])


@pytest.mark.parametrize("n", [63, 64])
def test_nonuniform_dft_equals_uniform_dft_on_a_uniform_grid(n):
    rng = np.random.default_rng(0)
    x = grid(n, -1.3, 2.1)
    y = rng.standard_normal(n)
    uniform = spectrum.uniform_dft(y, x)
    below_nyquist = slice(0, n // 2 if n % 2 == 0 else None)
    scattered = spectrum.nonuniform_dft(y, x, uniform.freq[below_nyquist])
    np.testing.assert_allclose(scattered.coef, uniform.coef[below_nyquist], atol=1e-12)


def test_nonuniform_dft_finds_a_sine_from_scattered_samples():
    rng = np.random.default_rng(1)
    x = rng.uniform(-np.pi, np.pi, 20000)
    spec = spectrum.nonuniform_dft(lambda x: 2 * np.sin(3 * x), x, [1, 2, 3, 4], angular=True)
    np.testing.assert_allclose(spec.amplitude, [0, 0, 2, 0], atol=0.05)


def test_relative_errors_on_hand_made_spectra():
    f = np.array([1.0, 2j, -3.0])
    h = np.array([1.0, -2j, -1.5])  # right amplitude / wrong phase; half the amplitude
    np.testing.assert_allclose(spectrum.relative_error_complex(h, f, [0, 1, 2]), [0, 2, 0.5])
    np.testing.assert_allclose(spectrum.relative_error_magnitude(h, f, [0, 1, 2]), [0, 0, 0.5])
    rows = np.stack([h, f])
    assert spectrum.relative_error_complex(rows, f, [1, 2]).shape == (2, 2)


def test_convergence_steps():
    errors = np.array([[1.0, 1.0], [0.05, 0.5], [0.2, 0.3]])
    np.testing.assert_array_equal(spectrum.convergence_steps(errors, [0, 10, 20]), [10, np.inf])
    dips = np.array([[1.0], [0.05], [0.5], [0.05], [0.01]])
    np.testing.assert_array_equal(spectrum.convergence_steps(dips, [0, 1, 2, 3, 4]), [1])
    np.testing.assert_array_equal(spectrum.convergence_steps(dips, [0, 1, 2, 3, 4], stay=True), [3])
    np.testing.assert_array_equal(spectrum.convergence_steps(dips[:3], [0, 1, 2], stay=True), [np.inf])


def test_find_peaks_keeps_the_highest_and_respects_min_height():
    spec = spectrum.Spectrum(np.arange(7.0), np.array([0, 3, 0, 1, 0, 2, 0.0]))
    np.testing.assert_array_equal(spectrum.find_peaks(spec), [1, 3, 5])
    np.testing.assert_array_equal(spectrum.find_peaks(spec, max_peaks=2), [1, 5])
    np.testing.assert_array_equal(spectrum.find_peaks(spec, min_height=1.5), [1, 5])


@pytest.mark.parametrize("call, match", [
    (lambda: spectrum.uniform_dft([1, 2, 3], [0, 1, 3]), "uniform"),
    (lambda: spectrum.uniform_dft([1, 2, 3], [0, 1]), "one value per point"),
    (lambda: spectrum.uniform_dft([], []), "at least 2"),
    (lambda: spectrum.uniform_dft([1, np.nan, 3], [0, 1, 2]), "NaN"),
    (lambda: spectrum.uniform_dft([1, 2, 3], [0, np.nan, 2]), "x must be finite"),
    (lambda: spectrum.nonuniform_dft([1, 2], [0, 1], [-1]), "freq must be non-negative"),
    (lambda: spectrum.relative_error_complex([1, 2], [1, 0], [1]), "zero amplitude"),
    (lambda: spectrum.relative_error_complex([1, 2], [1, 2, 3], [1]), "same frequency axis|share"),
    (lambda: spectrum.relative_error_magnitude([1, 2], [1, 2], [5]), "idx"),
    (lambda: spectrum.find_peaks(np.ones(3)), "Spectrum"),
    (lambda: spectrum.find_peaks(spectrum.Spectrum(np.arange(3.0), np.ones(3)), min_height=-1), "min_height"),
    (lambda: spectrum.convergence_steps(np.ones((2, 2)), [0, 1, 2]), "same length"),
    (lambda: spectrum.samples("abc", [0, 1]), "f must be"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_dirichlet_dst_of_one_sine_mode_is_one_coefficient_at_its_frequency():
    n, k = 31, 5
    x = -1 + 2 * np.arange(1, n + 1) / (n + 1)  # interior points of [-1, 1], L = 2
    spec = spectrum.dirichlet_dst(0.7 * np.sin(k * np.pi * (x + 1) / 2), x, angular=True)
    expected = np.zeros(n)
    expected[k - 1] = 0.7
    np.testing.assert_allclose(spec.coef, expected, atol=1e-12)
    assert spec.freq[k - 1] == pytest.approx(k * np.pi / 2)


def _sines(x, amplitudes):
    return sum(a * np.sin(k * x) for k, a in amplitudes.items())


def test_tracker_on_a_uniform_grid_measures_both_forms_and_the_first_step():
    x = np.linspace(-np.pi, np.pi, 64, endpoint=False)
    tracker = spectrum.FrequencyTracker.uniform(x, lambda x: _sines(x, {1: 1, 3: 2, 5: 3}), angular=True)
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


def test_tracker_takes_a_torch_model_and_a_history():
    import torch

    from fplib import config, nets, train

    x = np.linspace(-np.pi, np.pi, 32, endpoint=False)
    config.seed_everything(0)
    model = nets.mlp([1, 8, 1])
    history = train.fit(model, train.mse, (x, np.sin(2 * x)), steps=5, record_x=x, record_at=[0, 5], progress=False)
    tracker = spectrum.FrequencyTracker.from_history(history, np.sin(2 * x), angular=True)
    direct = spectrum.FrequencyTracker.uniform(x, np.sin(2 * x), angular=True)
    direct.record(5, model)
    np.testing.assert_allclose(direct.errors()[0], tracker.errors()[-1], rtol=1e-6)
    direct.record(6, torch.zeros(32))  # a tensor of outputs is fine too
    np.testing.assert_array_equal(tracker.steps, [0, 5])


def test_tracker_on_sine_modes_and_scattered_points():
    n = 63
    x = -1 + 2 * np.arange(1, n + 1) / (n + 1)
    target = np.sin(np.pi * (x + 1)) + 0.5 * np.sin(4 * np.pi * (x + 1))  # modes k = 2 and 8
    tracker = spectrum.FrequencyTracker.sine(x, target, angular=True)
    np.testing.assert_allclose(tracker.freq, [np.pi, 4 * np.pi])
    tracker.record(0, np.sin(np.pi * (x + 1)))
    np.testing.assert_allclose(tracker.errors(), [[0, 1]], atol=1e-12)
    rng = np.random.default_rng(0)
    points = np.sort(rng.uniform(-np.pi, np.pi, 400))
    scattered = spectrum.FrequencyTracker.scattered(points, lambda x: np.sin(x) + np.sin(4 * x), np.arange(0, 8.0),
                                                    angular=True)
    np.testing.assert_allclose(scattered.freq, [1, 4])
    scattered.record(0, np.sin(points) + np.sin(4 * points))
    np.testing.assert_allclose(scattered.errors(), 0, atol=1e-12)


def test_tracker_on_an_image_equals_the_radial_relative_error():
    rng = np.random.default_rng(0)
    picture = rng.uniform(0, 1, (16, 16))
    coords = np.stack(np.meshgrid(np.arange(16.0), np.arange(16.0), indexing="ij"), -1).reshape(-1, 2)
    tracker = spectrum.FrequencyTracker.image(coords, picture, 4)
    snapshots = np.stack([0.5 * picture, picture + 0.1 * rng.standard_normal((16, 16))])
    tracker.record_all([0, 1], snapshots.reshape(2, -1))
    np.testing.assert_allclose(tracker.errors(), spectrum.radial_relative_error(snapshots, picture, 4)[0], rtol=1e-12)
    np.testing.assert_allclose(tracker.errors()[0], 0.5)


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
        call(spectrum.FrequencyTracker.uniform(x, np.sin(x), angular=True))


@pytest.mark.parametrize("call, match", [
    (lambda x: spectrum.FrequencyTracker.uniform(x, np.sin(x), angular=True, peaks=[1.5]), "peaks must be frequencies"),
    (lambda x: spectrum.FrequencyTracker.uniform(x, np.sin(x), angular=True, peaks=[2]), "no content"),
    (lambda x: spectrum.FrequencyTracker.uniform(x, np.zeros(32)), "no peak"),
    (lambda x: spectrum.FrequencyTracker.uniform(x, np.sin(x)[:5]), "one value per point"),
    (lambda x: spectrum.FrequencyTracker.image(x, np.ones((4, 4)), 2), "x must be 2-dimensional"),
    (lambda x: spectrum.FrequencyTracker.image(np.zeros((5, 2)), np.ones((4, 4)), 2), "one coordinate row per pixel"),
    (lambda x: spectrum.FrequencyTracker.from_history(object(), np.sin(x)), "record_x"),
    (lambda x: spectrum.FrequencyTracker.from_history(object(), np.sin(x), kind="fourier"), "kind"),
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
    tracker = spectrum.FrequencyTracker.filtered(x, labels, [0.5, 2.0])
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
    wide = spectrum.FrequencyTracker.filtered(x, y, [1e6])  # delta -> infinity: G averages everything
    low = wide.target_coef[:60]
    np.testing.assert_allclose(low, y.mean(), rtol=1e-3)  # exp(-|x_i - x_j|^2 / 2e6) = 1 - O(1e-5)
    with pytest.raises(ValueError, match="no content"):  # delta -> 0: G -> I, every value is its own low part
        spectrum.FrequencyTracker.filtered(x, y, [1e-6])


def test_projected_tracker_finds_a_plane_wave_along_its_direction():
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, (2000, 5))
    direction = np.array([1.0, 2.0, 0.0, -1.0, 0.5])
    position = x @ direction / np.linalg.norm(direction)
    target = np.sin(2 * np.pi * 1.5 * position)
    tracker = spectrum.FrequencyTracker.projected(x, target, np.linspace(0, 4, 41), direction=direction, count=1)
    assert tracker.freq == pytest.approx([1.5])
    tracker.record(0, target)
    tracker.record(1, 0.5 * target)
    np.testing.assert_allclose(tracker.errors()[:, 0], [0, 0.5], atol=1e-12)
    pca = spectrum.FrequencyTracker.projected(np.outer(np.linspace(-1, 1, 200), [3.0, 4.0]), np.linspace(-1, 1, 200) ** 2,
                                              np.arange(0, 3.0, 0.1), peaks=[0.0])
    assert pca.freq == pytest.approx([0.0])


def test_walsh_energy_puts_parity_at_the_top_degree_and_a_coordinate_at_degree_one():
    cube = spectrum.boolean_cube(4)
    assert cube.shape == (16, 4) and set(np.unique(cube)) == {-1.0, 1.0} and len(np.unique(cube, axis=0)) == 16
    np.testing.assert_allclose(spectrum.walsh_energy(np.prod(cube, axis=1)), [0, 0, 0, 0, 1])
    np.testing.assert_allclose(spectrum.walsh_energy(cube[:, 2]), [0, 1, 0, 0, 0])
    majority = np.sign(cube[:, 0] + cube[:, 1] + cube[:, 2])
    energy = spectrum.walsh_energy(np.stack([majority, 2 * majority]))
    assert energy.shape == (2, 5) and energy[0].sum() == pytest.approx(1) and energy[0, 1] == pytest.approx(0.75)
    np.testing.assert_allclose(energy[1], 4 * energy[0])


@pytest.mark.parametrize("call, match", [
    (lambda: spectrum.FrequencyTracker.filtered(np.zeros(5), np.zeros(5), [1.0]), "x must be 2-dimensional"),
    (lambda: spectrum.FrequencyTracker.filtered(_cloud(), np.zeros(7), [1.0]), "one value or one row per point"),
    (lambda: spectrum.FrequencyTracker.filtered(_cloud(), np.sin(_cloud()[:, 0]), [0.0]), "deltas must be positive"),
    (lambda: spectrum.FrequencyTracker.projected(_cloud(), np.zeros(60), [1.0], direction=[1.0]), "direction"),
    (lambda: spectrum.boolean_cube(0), "d must be at least 1"),
    (lambda: spectrum.walsh_energy(np.ones(6)), "power of 2"),
])
def test_bad_many_dimension_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_order_violations_has_no_vacuous_path():
    inf = np.inf
    assert spectrum.order_violations([10, 20, 30]) == []
    assert spectrum.order_violations([10, 20, inf]) == []  # the highest not learned: allowed, reported by the caller
    assert "not all learned" in spectrum.order_violations([10, inf, inf])[0]  # one learned frequency proves nothing
    assert any("never was" in p for p in spectrum.order_violations([10, inf, 30]))
    assert any("before an earlier" in p for p in spectrum.order_violations([10, 30, 20]))
    assert any("strictly" in p for p in spectrum.order_violations([10, 10, 10]))
    assert spectrum.order_violations([30, 20, 10][::-1]) == []  # "high to low": pass the steps reversed
    assert spectrum.order_violations([10, 20, inf], at_least=3)
    with pytest.raises(ValueError, match="first_steps"):
        spectrum.order_violations([10, np.nan])
    with pytest.raises(ValueError, match="at_least"):
        spectrum.order_violations([10, 20], at_least=1)
