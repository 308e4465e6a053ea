import numpy as np
import pytest
import torch

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
    target = np.array([1.0, 2j, -3.0])
    output = np.array([1.0, -2j, -1.5])  # right amplitude / wrong phase; half the amplitude
    np.testing.assert_allclose(spectrum.relative_error_complex(output, target, [0, 1, 2]), [0, 2, 0.5])
    np.testing.assert_allclose(spectrum.relative_error_magnitude(output, target, [0, 1, 2]), [0, 0, 0.5])
    rows = np.stack([output, target])
    assert spectrum.relative_error_complex(rows, target, [1, 2]).shape == (2, 2)


def test_grouped_relative_error_is_the_per_coefficient_error_for_singletons_and_pools_a_group():
    target = np.array([1.0, 2j, -3.0])
    output = np.array([1.0, -2j, -1.5])
    singletons = np.eye(3)
    np.testing.assert_allclose(spectrum.grouped_relative_error(output, target, singletons), [0, 2, 0.5])
    np.testing.assert_allclose(spectrum.grouped_relative_error(output, target, singletons, "magnitude"), [0, 0, 0.5])
    pooled = spectrum.grouped_relative_error(np.stack([output, target]), target, np.array([[1.0], [1.0], [1.0]]))
    np.testing.assert_allclose(pooled, [[np.sqrt((16 + 2.25) / 14)], [0]])  # sqrt(sum |o - t|^2 / sum |t|^2)


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
    (lambda: spectrum.samples(torch.nn.Linear(1, 1), [0, 1]), "nets.predict"),
    (lambda: spectrum.grouped_relative_error(np.ones(2), np.ones(2), np.eye(2), "phase"), "form"),
    (lambda: spectrum.boolean_cube(0), "d must be at least 1"),
    (lambda: spectrum.walsh_energy(np.ones(6)), "power of 2"),
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


def test_walsh_energy_puts_parity_at_the_top_degree_and_a_coordinate_at_degree_one():
    cube = spectrum.boolean_cube(4)
    assert cube.shape == (16, 4) and set(np.unique(cube)) == {-1.0, 1.0} and len(np.unique(cube, axis=0)) == 16
    np.testing.assert_allclose(spectrum.walsh_energy(np.prod(cube, axis=1)), [0, 0, 0, 0, 1])
    np.testing.assert_allclose(spectrum.walsh_energy(cube[:, 2]), [0, 1, 0, 0, 0])
    majority = np.sign(cube[:, 0] + cube[:, 1] + cube[:, 2])
    energy = spectrum.walsh_energy(np.stack([majority, 2 * majority]))
    assert energy.shape == (2, 5) and energy[0].sum() == pytest.approx(1) and energy[0, 1] == pytest.approx(0.75)
    np.testing.assert_allclose(energy[1], 4 * energy[0])


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
