import numpy as np
import pytest
import scipy.fft
import torch

from fplib import config, poisson, relax


def test_article_solution_solves_the_problem():
    x = np.linspace(-1, 1, 2001)
    u = poisson.article_solution(x)
    assert abs(u[0]) < 1e-14 and abs(u[-1]) < 1e-14
    h = x[1] - x[0]
    second = (u[2:] - 2 * u[1:-1] + u[:-2]) / h**2
    np.testing.assert_allclose(-second, poisson.article_source(x[1:-1]), atol=1e-3)  # truncation h^2 max|u''''| / 12 < 8e-4


def test_banded_solve_matches_the_sparse_operator_and_converges_at_second_order():
    prob = poisson.problem(200)
    A = poisson.laplacian(prob.n, prob.h)
    np.testing.assert_allclose(A @ prob.discrete, prob.g, rtol=1e-9, atol=1e-8)
    errors = [poisson.problem(n).discretization_error for n in (99, 199)]
    assert 3.6 < errors[0] / errors[1] < 4.4


def test_custom_source_without_a_known_solution():
    prob = poisson.problem(50, source=lambda x: np.ones_like(x))
    assert prob.exact is None and prob.reference is prob.discrete
    article = poisson.problem(50)
    assert article.reference is article.exact
    np.testing.assert_allclose(prob.discrete, (1 - prob.x**2) / 2, atol=1e-12)  # exact for a quadratic


def test_discrete_energy_gradient_is_Au_minus_g():
    prob = poisson.problem(40)
    rng = np.random.default_rng(0)
    u = torch.tensor(rng.standard_normal(prob.n), dtype=torch.float64, requires_grad=True)
    g = torch.tensor(prob.g)
    poisson.discrete_energy(u, g, prob.h).backward()
    expected = poisson.laplacian(prob.n, prob.h) @ u.detach().numpy() - prob.g
    np.testing.assert_allclose(u.grad.numpy(), expected, rtol=1e-10, atol=1e-8)


class Fixed(torch.nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f, self.dummy = f, torch.nn.Parameter(torch.zeros(()))

    def forward(self, x):
        return self.f(x)


def test_ritz_energy_of_a_known_function_equals_its_integral():
    m = 200000
    x = torch.tensor(-1 + (np.arange(m) + 0.5) * 2 / m)  # midpoints
    g = 2 * torch.ones(m, dtype=torch.float64)
    # h = 1 - x^2: integral of (1/2)(2x)^2 - 2(1 - x^2) over (-1, 1) is -4/3; zero at the ends
    energy = poisson.ritz_energy(Fixed(lambda x: 1 - x**2), x, g, beta=10.0)
    assert energy.item() == pytest.approx(-4 / 3, abs=1e-9)
    # h = 1 + x: integral of 1/2 - 2(1 + x) is 1 - 4 = -3; the penalty adds beta * (0 + 4)
    energy = poisson.ritz_energy(Fixed(lambda x: 1 + x), x, g, beta=10.0)
    assert energy.item() == pytest.approx(-3 + 40, abs=1e-9)


def test_ritz_loss_samples_stratified_points_reproducibly():
    seen = []
    model = Fixed(lambda x: seen.append(x.detach().clone()) or 0 * x)
    config.seed_everything(3)
    loss = poisson.ritz_loss(np.sin, 1.0, 8)
    loss(model)
    cells = np.floor((seen[0][:, 0].numpy() + 1) / 0.25)
    np.testing.assert_array_equal(cells, np.arange(8))  # one point per cell
    again = []
    config.seed_everything(3)
    poisson.ritz_loss(np.sin, 1.0, 8)(Fixed(lambda x: again.append(x.detach().clone()) or 0 * x))
    assert torch.equal(seen[0], again[0])
    loss(model)
    assert not torch.equal(seen[0], seen[1])  # fresh points at every call


@pytest.mark.parametrize("weight", [1.0, 2 / 3, 0.5])
def test_each_sine_mode_of_the_jacobi_error_decays_as_lambda_to_the_t(weight):
    prob = poisson.problem(63)
    method = "jacobi" if weight == 1 else "weighted-jacobi"
    run = relax.relax(prob, iterations=40, method=method, weight=weight, record_at=[0, 10, 40])
    coef = scipy.fft.dst(run.u - prob.discrete, type=1, axis=-1)
    lam = relax.damping_factors(prob.n, weight)
    for i, t in enumerate(run.iterations):
        np.testing.assert_allclose(coef[i], coef[0] * lam**t, rtol=1e-8, atol=1e-8 * np.abs(coef[0]).max())
    predicted = relax.predict_error(run.u[0] - prob.discrete, 40, weight)
    np.testing.assert_allclose(predicted, run.u[-1] - prob.discrete, atol=1e-12)


@pytest.mark.parametrize("method", ["weighted-jacobi", "gauss-seidel", "jacobi"])
@pytest.mark.parametrize("n", [31, 32])
def test_relaxation_converges_to_the_banded_solution(method, n):
    prob = poisson.problem(n)
    run = relax.relax(prob, iterations=6000, method=method, tol=1e-12, keep_iterates=False,
                      record_at=range(0, 6001, 100))
    np.testing.assert_allclose(run.final, prob.discrete, atol=1e-11)


def test_gauss_seidel_is_about_twice_as_fast_as_jacobi():
    prob = poisson.problem(31, source=lambda x: poisson.article_source(x))  # no exact u: tol is to the discrete one
    its = {m: relax.relax(prob, iterations=5000, method=m, tol=1e-8, record_at=range(5001), keep_iterates=False)
           .iterations[-1] for m in ("jacobi", "gauss-seidel")}
    assert 1.8 < its["jacobi"] / its["gauss-seidel"] < 2.2


def test_records_errors_against_the_reference_and_stops_at_the_tolerance():
    prob = poisson.problem(31)
    run = relax.relax(prob, iterations=100, record_at=[0, 50, 100])
    assert run.u.shape == (3, 31) and np.all(np.diff(run.times) >= 0)
    np.testing.assert_allclose(run.errors, np.abs(run.u - prob.exact).max(axis=1))
    stopped = relax.relax(prob, iterations=5000, record_at=range(0, 5001, 10), tol=1e-2, keep_iterates=False)
    assert stopped.errors[-1] <= 1e-2 < stopped.errors[-2] and stopped.iterations[-1] < 5000
    unknown = poisson.problem(31, source=np.sin)  # no exact u: errors are to the discrete solution
    run = relax.relax(unknown, iterations=10)
    np.testing.assert_allclose(run.errors[-1], np.abs(run.final - unknown.discrete).max())
    assert unknown.discretization_error == 0


def test_eigenvalues_of_the_finite_difference_matrix():
    n = 15
    dense = poisson.laplacian(n, poisson.grid(n)[1]).toarray()
    np.testing.assert_allclose(poisson.eigenvalues(n), np.linalg.eigvalsh(dense), rtol=1e-12)
    assert poisson.eigenvalues(n)[0] == pytest.approx((np.pi / 2) ** 2, rel=0.01)  # -u'' on (-1, 1): (k pi / 2)^2
    np.testing.assert_allclose(relax.damping_factors(n), np.cos(np.arange(1, n + 1) * np.pi / (n + 1)), atol=1e-14)


def test_source_peaks_are_the_articles_three_largest_sine_modes():
    prob = poisson.problem(127)
    spec, peaks = poisson.source_peaks(prob)
    np.testing.assert_allclose(spec.freq[peaks] / np.pi, [1, 3, 8], atol=1e-12)  # omega = k pi / 2, k = 2, 6, 16
    two = poisson.source_peaks(prob, count=2)[1]
    assert two.size == 2 and set(two) < set(peaks)


def test_residual_is_zero_at_the_discrete_solution_and_g_minus_a_u_elsewhere():
    prob = poisson.problem(31)
    np.testing.assert_allclose(poisson.residual(prob.discrete, prob.g, prob.h), 0, atol=1e-9)
    k = 3
    mode = np.sin(k * np.pi * (prob.x + 1) / 2)
    mu = poisson.eigenvalues(prob.n)[k - 1]
    np.testing.assert_allclose(poisson.residual(mode, np.zeros(prob.n), prob.h), -mu * mode, atol=1e-9)


def test_closed_form_sweeps_match_a_measured_jacobi_run():
    prob = poisson.problem(63)
    tol = 1e-2
    predicted = relax.iterations_to_tolerance(prob, np.zeros(prob.n), tol)
    run = relax.relax(prob, iterations=int(predicted) + 5, record_at=np.arange(int(predicted) + 6), keep_iterates=False)
    measured = run.iterations[np.argmax(run.errors <= tol)]
    assert abs(measured - predicted) <= max(1, predicted / 500)
    assert relax.iterations_to_tolerance(prob, prob.exact, 1.0) == 0
    assert relax.iterations_to_tolerance(prob, np.zeros(prob.n), 1e-12) == np.inf  # below the discretization error
    sweeps = [0, 10, 100]
    run = relax.relax(prob, iterations=100, record_at=sweeps, keep_iterates=False)
    np.testing.assert_allclose(relax.predicted_errors(prob, np.zeros(prob.n), sweeps), run.errors, rtol=1e-9)


def test_random_sources_have_the_stated_covariance():
    config.seed_everything(0)
    n, count, length = 63, 4000, 0.1
    samples = poisson.random_sources(count, n, length=length)
    x, _ = poisson.grid(n)
    modes = np.sin(np.outer(np.arange(1, n + 1), x + 1) * np.pi / 2)  # row k: sin(k pi (x + 1) / 2)
    stated = modes.T @ (poisson.field_amplitudes(n, length)[:, None] ** 2 * modes)
    measured = samples.T @ samples / count
    # sampling error of a covariance estimate: about sqrt(2 / count) of the variance
    assert np.abs(measured - stated).max() < 5 * np.sqrt(2 / count) * stated.diagonal().max()
    assert np.abs(samples.mean(axis=0)).max() < 5 * np.sqrt(stated.diagonal().max() / count)
    config.seed_everything(0)
    np.testing.assert_array_equal(poisson.random_sources(count, n, length=length), samples)  # seeded


def test_step_sources_are_piecewise_constant_with_the_asked_jumps():
    config.seed_everything(1)
    steps = poisson.step_sources(5, 255, jumps=4)
    assert steps.shape == (5, 255)
    assert all(np.count_nonzero(np.diff(row)) <= 4 for row in steps)
    with pytest.raises(ValueError, match="jumps"):
        poisson.step_sources(5, 255, jumps=0)


def test_problem_accepts_values_of_the_source():
    prob = poisson.problem(31, source=np.ones(31))
    assert prob.source is None and prob.exact is None
    np.testing.assert_allclose(poisson.residual(prob.discrete, prob.g, prob.h), 0, atol=1e-10)
    with pytest.raises(TypeError, match="one value per interior point"):
        poisson.problem(31, source=np.ones(30))


def test_closed_form_residual_count_matches_measured_jacobi():
    prob = poisson.problem(31, source=np.ones(31))
    for weight, method in ((1.0, "jacobi"), (2 / 3, "weighted-jacobi")):
        t = int(relax.iterations_to_residual(prob, np.zeros(31), 1e-6, weight))
        u = relax.relax(prob, iterations=t, method=method, weight=weight).final
        before = relax.relax(prob, iterations=t - 2, method=method, weight=weight).final
        ratio = lambda v: np.linalg.norm(poisson.residual(v, prob.g, prob.h)) / np.linalg.norm(prob.g)  # noqa: E731
        assert ratio(u) <= 1e-6 < ratio(before) * 1.01


@pytest.mark.parametrize("call, match", [
    (lambda: poisson.problem(2), "n must be at least 3"),
    (lambda: poisson.problem(3.5), "n must be an integer"),
    (lambda: poisson.problem(10, source=5), "source must be a callable"),
    (lambda: poisson.problem(10, source=lambda x: x[:3]), "source.*one value per point"),
    (lambda: poisson.problem(10, source=lambda x: x * np.nan), "source.*NaN"),
    (lambda: poisson.problem(10, source=np.sin, solution=lambda x: 1.0), "solution.*one value per point"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, method="weighted-jacobi", weight=1.5), "weight"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, method="weighted-jacobi", weight=0), "weight"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, method="jacobi", weight=0.5), "weight"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, method="sor"), "method"),
    (lambda: relax.relax(poisson.problem(10), iterations=-1), "iterations"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, u0=np.zeros(3)), "u0"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, record_at=[7]), "record_at"),
    (lambda: relax.relax("problem", iterations=5), "prob"),
    (lambda: relax.damping_factors(2), "n"),
    (lambda: poisson.ritz_loss(np.sin, 0, 10), "beta"),
    (lambda: poisson.ritz_loss(np.sin, 1.0, 0), "points"),
    (lambda: poisson.ritz_loss("sin", 1.0, 10), "source"),
    (lambda: relax.predict_error(np.zeros(8), -1), "iterations"),
    (lambda: relax.iterations_to_tolerance(poisson.problem(10), np.zeros(9), 1e-2), "u0"),
    (lambda: relax.iterations_to_tolerance(poisson.problem(10), np.zeros(10), 0), "tol"),
    (lambda: relax.seconds_per_iteration(poisson.problem(10), 0), "iterations"),
    (lambda: relax.predicted_errors(poisson.problem(15), np.zeros(15), [1.5]), "iterations"),
    (lambda: poisson.residual(np.zeros(3), np.zeros(4), 0.1), "one shape"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
