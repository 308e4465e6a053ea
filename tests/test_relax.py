"""Relaxation on the Poisson problem: the fast sweep against the textbook step, the closed-form decay per sine mode
(1D and 2D), convergence, recording, and bad input."""
import numpy as np
import pytest
import scipy.fft
from helpers import variable_problem

from fplib import cases, hints, poisson, relax, sweeper


def mode(n, k, m):
    x, _ = poisson.grid(n)
    return np.outer(np.sin(k * np.pi * (x + 1) / 2), np.sin(m * np.pi * (x + 1) / 2))


def textbook_sweep(prob, u, method, weight):
    """One iteration from the public textbook step u + w D^-1 (g - A u): on all points (Jacobi), or on the points
    with i + j even, then on the others with the new values (red-black Gauss-Seidel)."""
    if method != "gauss-seidel":
        return relax.textbook_jacobi(prob, u, weight)
    parity = np.indices(prob.shape).sum(axis=0) % 2
    for colour in (0, 1):
        u = np.where(parity == colour, relax.textbook_jacobi(prob, u), u)
    return u


@pytest.mark.parametrize("variable", [False, True])
@pytest.mark.parametrize("dim, n", [(1, 31), (1, 32), (1, sweeper.BLOCK + 10), (2, 15), (2, 16), (2, 130)])
@pytest.mark.parametrize("method, weight", [("jacobi", 1.0), ("weighted-jacobi", 2 / 3), ("weighted-jacobi", 0.8),
                                            ("gauss-seidel", 1.0)])
def test_the_fast_sweeper_is_the_textbook_step(dim, n, method, weight, variable):
    coefficient = (lambda *xs: np.exp(np.sin(3 * sum(xs)))) if variable else None
    prob = poisson.problem(n, dim=dim, coefficient=coefficient)
    u0 = np.cos(np.arange(prob.g.size)).reshape(prob.shape)
    fast, expected = sweeper.Sweeper(prob, method, weight, u0), u0
    for _ in range(5):  # both buffers of Jacobi, several blocks on the larger grids
        expected = textbook_sweep(prob, expected, method, weight)
        fast.run(1)
        np.testing.assert_allclose(fast.interior(), expected, rtol=0, atol=1e-13 * np.abs(expected).max())
    swept = relax.relax(prob, iterations=5, method=method, weight=weight, u0=u0).final  # relax runs the Sweeper
    np.testing.assert_array_equal(swept, fast.interior())


def test_the_textbook_step_is_u_plus_w_inverse_diagonal_times_the_residual():
    prob = variable_problem(n=15, dim=2, contrast=10.0)
    A = poisson.laplacian(prob.n, prob.h, prob.dim, prob.faces)
    u = np.sin(np.arange(prob.g.size))
    expected = u + 0.8 * (prob.g.ravel() - A @ u) / A.diagonal()
    np.testing.assert_allclose(relax.textbook_jacobi(prob, u, 0.8).ravel(), expected, rtol=1e-13)
    with pytest.raises(ValueError, match="u must"):
        relax.textbook_jacobi(prob, np.zeros(15))
    with pytest.raises(ValueError, match="weight"):
        relax.textbook_jacobi(prob, u, 1.5)


@pytest.mark.parametrize("weight", [1.0, 2 / 3, 0.5])
def test_each_sine_mode_of_the_jacobi_error_decays_as_lambda_to_the_t(weight):
    prob = poisson.problem(63)
    method = "jacobi" if weight == 1 else "weighted-jacobi"
    run = relax.relax(prob, iterations=40, method=method, weight=weight, record_at=[0, 10, 40])
    coef = scipy.fft.dst(run.u - prob.discrete, type=1, axis=-1)
    lam = relax.damping_factors(prob.n, weight)
    for i, t in enumerate(run.iterations):
        np.testing.assert_allclose(coef[i], coef[0] * lam**t, rtol=1e-8, atol=1e-8 * np.abs(coef[0]).max())
    predicted = relax.error_after(run.u[0] - prob.discrete, 40, weight)
    np.testing.assert_allclose(predicted, run.u[-1] - prob.discrete, atol=1e-12)


def test_jacobi_damping_factors_are_cosines():
    n = 15
    np.testing.assert_allclose(relax.damping_factors(n), np.cos(np.arange(1, n + 1) * np.pi / (n + 1)), atol=1e-14)


def test_2d_sweeps_match_the_closed_form():
    prob = poisson.problem(15, dim=2)
    u0 = np.cos(np.arange(225)).reshape(15, 15)
    run = relax.relax(prob, iterations=40, record_at=[0, 5, 40], u0=u0)
    np.testing.assert_allclose(relax.max_errors_after(prob, u0, [0, 5, 40]), run.errors, rtol=1e-8)
    gs = relax.relax(prob, iterations=200, method="gauss-seidel", u0=u0).final
    jacobi = relax.relax(prob, iterations=200, u0=u0).final
    assert np.abs(gs - prob.discrete).max() < 0.5 * np.abs(jacobi - prob.discrete).max()
    # 2D damping factors: the (k, l) mode decays by exactly its factor per iteration
    lam = relax.damping_factors(15, 0.8, dim=2)
    swept = relax.relax(prob, iterations=3, method="weighted-jacobi", weight=0.8, u0=prob.discrete + mode(15, 2, 9)).final
    np.testing.assert_allclose(swept - prob.discrete, lam[1, 8] ** 3 * mode(15, 2, 9), atol=1e-12)


@pytest.mark.parametrize("method", ["weighted-jacobi", "gauss-seidel", "jacobi"])
@pytest.mark.parametrize("n", [31, 32])
def test_relaxation_converges_to_the_banded_solution(method, n):
    prob = poisson.problem(n)
    run = relax.relax(prob, iterations=6000, method=method, tol=1e-12, keep_iterates=False,
                      record_at=range(0, 6001, 100))
    np.testing.assert_allclose(run.final, prob.discrete, atol=1e-11)


def test_gauss_seidel_is_about_twice_as_fast_as_jacobi():
    prob = poisson.problem(31, source=lambda x: cases.article_source(x))  # no exact u: tol is to the discrete one
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


def test_jacobi_on_a_variable_coefficient_converges_to_its_direct_solution():
    prob = poisson.problem(31, dim=2, coefficient=lambda x, y: 1 + 9 * (x > 0))
    run = relax.relax(prob, iterations=20000, method="weighted-jacobi", tol=1e-10, keep_iterates=False,
                      record_at=range(0, 20001, 500))
    np.testing.assert_allclose(run.final, prob.discrete, atol=1e-10)
    with pytest.raises(ValueError, match="variable coefficient"):
        relax.max_errors_after(prob, np.zeros(prob.shape), [1])
    with pytest.raises(ValueError, match="1D grid only"):
        relax.iterations_to_residual(prob, np.zeros(prob.shape), 1e-3)


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
    np.testing.assert_allclose(relax.max_errors_after(prob, np.zeros(prob.n), sweeps), run.errors, rtol=1e-9)


def test_closed_form_residual_count_matches_measured_jacobi():
    prob = poisson.problem(31, source=np.ones(31))
    for weight, method in ((1.0, "jacobi"), (2 / 3, "weighted-jacobi")):
        t = int(relax.iterations_to_residual(prob, np.zeros(31), 1e-6, weight))
        u = relax.relax(prob, iterations=t, method=method, weight=weight).final
        before = relax.relax(prob, iterations=t - 2, method=method, weight=weight).final
        ratio = lambda v: np.linalg.norm(poisson.residual(v, prob.g, prob.h)) / np.linalg.norm(prob.g)  # noqa: E731
        assert ratio(u) <= 1e-6 < ratio(before) * 1.01


def test_residual_count_on_a_variable_coefficient_matches_measured_jacobi():
    prob = variable_problem(n=31, dim=1, contrast=100.0)
    t = int(relax.iterations_to_residual(prob, np.zeros(31), 1e-6, 2 / 3))
    ratio = lambda v: np.linalg.norm(poisson.residual(v, prob.g, prob.h, prob.faces)) / np.linalg.norm(prob.g)  # noqa: E731
    runs = [relax.relax(prob, iterations=count, method="weighted-jacobi").final for count in (t, t - 2)]
    assert ratio(runs[0]) <= 1e-6 < ratio(runs[1]) * 1.01


@pytest.mark.parametrize("call, match", [
    (lambda: relax.relax(poisson.problem(10), iterations=5, method="weighted-jacobi", weight=1.5), "weight"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, method="weighted-jacobi", weight=0), "weight"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, method="jacobi", weight=0.5), "weight"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, method="sor"), "method"),
    (lambda: relax.relax(poisson.problem(10), iterations=-1), "iterations"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, u0=np.zeros(3)), "u0"),
    (lambda: relax.relax(poisson.problem(15, dim=2), iterations=1, u0=np.zeros(15)), "u0"),
    (lambda: relax.relax(poisson.problem(10), iterations=5, record_at=[7]), "record_at"),
    (lambda: relax.relax("problem", iterations=5), "prob"),
    (lambda: relax.damping_factors(2), "n"),
    (lambda: relax.error_after(np.zeros(8), -1), "iterations"),
    (lambda: relax.iterations_to_tolerance(poisson.problem(10), np.zeros(9), 1e-2), "u0"),
    (lambda: relax.iterations_to_tolerance(poisson.problem(10), np.zeros(10), 0), "tol"),
    (lambda: relax.seconds_per_iteration(poisson.problem(10), 0), "iterations"),
    (lambda: relax.max_errors_after(poisson.problem(15), np.zeros(15), [1.5]), "iterations"),
    (lambda: relax.textbook_jacobi("problem", np.zeros(10)), "prob"),
    (lambda: sweeper.Sweeper(poisson.problem(10), "sor", 1.0, np.zeros(10)), "method"),
    (lambda: sweeper.Sweeper(poisson.problem(10), "jacobi", 1.0, np.zeros(9)), "u0"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_jacobi_modes_decay_by_their_closed_form():
    prob = variable_problem(n=31, dim=1)
    theta, v = relax.jacobi_modes(prob)
    after = hints.jacobi_step(prob, 3)(prob.discrete - v[:, 0]) - prob.discrete
    assert np.allclose(after, -(1 - relax.WEIGHTS[1] * theta[0]) ** 3 * v[:, 0], atol=1e-10)
    with pytest.raises(ValueError, match="1D"):
        relax.jacobi_modes(variable_problem(n=15, dim=2))
