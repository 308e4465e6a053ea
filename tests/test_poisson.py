"""The Poisson problem in 1D and on the square: exact solutions, the finite-difference operator, its eigenvalues,
direct solves, the residual, and the source's spectrum."""
import numpy as np
import pytest
import scipy.sparse.linalg

from fplib import cases, poisson


def mode(n, k, m):
    x, _ = poisson.grid(n)
    return np.outer(np.sin(k * np.pi * (x + 1) / 2), np.sin(m * np.pi * (x + 1) / 2))


def test_article_solution_solves_the_problem():
    x = np.linspace(-1, 1, 2001)
    u = cases.article_solution(x)
    assert abs(u[0]) < 1e-14 and abs(u[-1]) < 1e-14
    h = x[1] - x[0]
    second = (u[2:] - 2 * u[1:-1] + u[:-2]) / h**2
    np.testing.assert_allclose(-second, cases.article_source(x[1:-1]), atol=1e-3)  # truncation h^2 max|u''''| / 12 < 8e-4


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


def test_faces_are_harmonic_means_and_k_equal_1_is_the_laplacian():
    k = np.array([1.0, 3.0, 1.0, 2.0, 4.0])
    np.testing.assert_allclose(poisson.faces(k)[0], [1.5, 1.5, 4 / 3, 8 / 3])
    for dim in (1, 2):
        ones = poisson.faces(np.ones((17,) * dim))
        assert all(np.all(f == 1) for f in ones)
        assert (poisson.laplacian(15, 0.125, dim, ones) != poisson.laplacian(15, 0.125, dim)).nnz == 0
    x, y = np.meshgrid(*[np.linspace(-1, 1, 8)] * 2, indexing="ij")
    kx, ky = poisson.faces(np.exp(x + 2 * y))
    assert kx.shape == (7, 6) and ky.shape == (6, 7)
    a, b = np.exp(x[0, 1] + 2 * y[0, 1]), np.exp(x[1, 1] + 2 * y[1, 1])
    assert kx[0, 0] == pytest.approx(2 * a * b / (a + b), rel=1e-14)


@pytest.mark.parametrize("dim", [1, 2])
def test_the_matrix_free_operator_is_the_sparse_matrix(dim):
    n, rng = 15, np.random.default_rng(1)
    _, h = poisson.grid(n)
    faces = poisson.faces(np.exp(rng.standard_normal((n + 2,) * dim)))
    u, g = rng.standard_normal((2,) + (n,) * dim)
    A = poisson.laplacian(n, h, dim, faces)
    np.testing.assert_allclose(poisson.apply(u, h, faces).ravel(), A @ u.ravel(), rtol=1e-12)
    np.testing.assert_allclose(poisson.residual(u, g, h, faces).ravel(), g.ravel() - A @ u.ravel(), rtol=1e-12)
    np.testing.assert_allclose(poisson.apply(u, h), (poisson.laplacian(n, h, dim) @ u.ravel()).reshape(u.shape), rtol=1e-12)
    assert abs(A - A.T).max() == 0 and np.all(np.linalg.eigvalsh(A.toarray()) > 0)  # symmetric positive definite
    for k in (faces, None):  # the direct solve: a sparse LU (k), banded (1D) or sine transform (2D) for k = 1
        u = poisson.direct_solve(g, h, k)
        np.testing.assert_allclose(poisson.apply(u, h, k), g, rtol=1e-9, atol=1e-9 * np.abs(g).max())


def test_the_direct_solves_refuse_faces_of_another_grid():
    g = np.ones(15)
    with pytest.raises(ValueError, match="faces must hold k at the faces"):
        poisson.direct_solve(g, 0.125, poisson.faces(np.ones(18)))
    with pytest.raises(ValueError, match="faces must hold k at the faces"):
        poisson.direct_solve(np.ones((15, 15)), 0.125, poisson.faces(np.ones(17)))


def test_a_variable_coefficient_problem_converges_at_second_order():
    # -(k u')' = g with k = exp(x), u = sin(pi (x + 1) / 2): g = -k (u' + u'')
    c = np.pi / 2
    one = dict(source=lambda x: -np.exp(x) * (c * np.cos(c * (x + 1)) - c**2 * np.sin(c * (x + 1))),
               solution=lambda x: np.sin(c * (x + 1)), coefficient=np.exp)
    # -div(k grad u) = g on the square with k = 1 + x^2 and u = s(x) s(y), s = sin(pi (. + 1) / 2)
    s, ds = (lambda t: np.sin(c * (t + 1))), (lambda t: c * np.cos(c * (t + 1)))
    two = dict(source=lambda x, y: -2 * x * ds(x) * s(y) + (1 + x**2) * 2 * c**2 * s(x) * s(y),
               solution=lambda x, y: s(x) * s(y), coefficient=lambda x, y: 1 + x**2, dim=2)
    for kwargs in (one, two):
        errors = [poisson.problem(n, **kwargs).discretization_error for n in (31, 63)]
        assert 3.5 < errors[0] / errors[1] < 4.5, errors
    prob = poisson.problem(31, **two)
    np.testing.assert_allclose(poisson.residual(prob.discrete, prob.g, prob.h, prob.faces), 0, atol=1e-9)


def test_residual_is_zero_at_the_discrete_solution_and_g_minus_a_u_elsewhere():
    prob = poisson.problem(31)
    np.testing.assert_allclose(poisson.residual(prob.discrete, prob.g, prob.h), 0, atol=1e-9)
    k = 3
    mode = np.sin(k * np.pi * (prob.x + 1) / 2)
    mu = poisson.eigenvalues(prob.n)[k - 1]
    np.testing.assert_allclose(poisson.residual(mode, np.zeros(prob.n), prob.h), -mu * mode, atol=1e-9)


def test_problem_accepts_values_of_the_source():
    prob = poisson.problem(31, source=np.ones(31))
    assert prob.source is None and prob.exact is None
    np.testing.assert_allclose(poisson.residual(prob.discrete, prob.g, prob.h), 0, atol=1e-10)
    with pytest.raises(TypeError, match="one value per interior point"):
        poisson.problem(31, source=np.ones(30))


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
    (lambda: poisson.problem(15, coefficient=lambda x: x), "positive"),
    (lambda: poisson.problem(15, coefficient=np.ones(15)), "coefficient.*boundary included"),
    (lambda: poisson.problem(15, coefficient="k"), "coefficient"),
    (lambda: poisson.apply(np.zeros(15), 0.1, faces=(np.ones(15),)), "faces"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
