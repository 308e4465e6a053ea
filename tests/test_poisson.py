"""The Poisson problem in 1D and on the square: exact solutions, the finite-difference operator, its eigenvalues,
direct solves, the residual, and the source's spectrum."""
import numpy as np
import pytest
import scipy.sparse.linalg

from fplib import poisson


def mode(n, k, m):
    x, _ = poisson.grid(n)
    return np.outer(np.sin(k * np.pi * (x + 1) / 2), np.sin(m * np.pi * (x + 1) / 2))


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


def test_eigenvalues_of_the_finite_difference_matrix():
    n = 15
    dense = poisson.laplacian(n, poisson.grid(n)[1]).toarray()
    np.testing.assert_allclose(poisson.eigenvalues(n), np.linalg.eigvalsh(dense), rtol=1e-12)
    assert poisson.eigenvalues(n)[0] == pytest.approx((np.pi / 2) ** 2, rel=0.01)  # -u'' on (-1, 1): (k pi / 2)^2


def test_source_peaks_are_the_articles_three_largest_sine_modes():
    prob = poisson.problem(127)
    spec, peaks = poisson.source_peaks(prob)
    np.testing.assert_allclose(spec.freq[peaks] / np.pi, [1, 3, 8], atol=1e-12)  # omega = k pi / 2, k = 2, 6, 16
    two = poisson.source_peaks(prob, count=2)[1]
    assert two.size == 2 and set(two) < set(peaks)


def test_a_2d_sine_mode_is_an_eigenvector_of_the_5_point_laplacian():
    n = 15
    _, h = poisson.grid(n)
    A = poisson.laplacian(n, h, dim=2)
    phi = mode(n, 3, 7)
    np.testing.assert_allclose(A @ phi.ravel(), poisson.eigenvalues(n, 2)[2, 6] * phi.ravel(), rtol=1e-12)
    np.testing.assert_allclose(poisson.residual(phi, np.zeros((n, n)), h), -(A @ phi.ravel()).reshape(n, n), atol=1e-9)


def test_the_exact_solution_satisfies_the_discrete_problem_to_second_order():
    errors = [poisson.problem(n, dim=2).discretization_error for n in (31, 63, 127)]
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    print(f"2D discretization errors {errors}, measured orders {orders}")
    assert np.all(np.abs(orders - 2) < 0.1)
    prob = poisson.problem(31, dim=2)
    direct = scipy.sparse.linalg.spsolve(poisson.laplacian(31, prob.h, dim=2).tocsc(), prob.g.ravel())
    np.testing.assert_allclose(prob.discrete.ravel(), direct, atol=1e-12)  # the sine solve is the direct solve


@pytest.mark.parametrize("call, match", [
    (lambda: poisson.problem(2), "n must be at least 3"),
    (lambda: poisson.problem(3.5), "n must be an integer"),
    (lambda: poisson.problem(10, source=5), "source must be a callable"),
    (lambda: poisson.problem(10, source=lambda x: x[:3]), "source.*one value per point"),
    (lambda: poisson.problem(10, source=lambda x: x * np.nan), "source.*NaN"),
    (lambda: poisson.problem(10, source=np.sin, solution=lambda x: 1.0), "solution.*one value per point"),
    (lambda: poisson.problem(15, dim=3), "dim"),
    (lambda: poisson.problem(15, source=np.ones(15), dim=2), "shape"),
    (lambda: poisson.sine_solve(np.ones((15, 15)), 0.1), "spacing"),
    (lambda: poisson.residual(np.zeros((15, 15)), np.zeros(15), 0.1), "one shape"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
