"""The 2D Poisson problem on the square: its grid, 5-point operator, sine transforms, relaxation and multigrid."""
import numpy as np
import pytest
import scipy.sparse.linalg
import torch

from fplib import multigrid, nets, poisson, relax


def mode(n, k, m):
    x, _ = poisson.grid(n)
    return np.outer(np.sin(k * np.pi * (x + 1) / 2), np.sin(m * np.pi * (x + 1) / 2))


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


def test_2d_sweeps_match_the_matrix_form_and_the_closed_form():
    prob = poisson.problem(15, dim=2)
    A = poisson.laplacian(15, prob.h, dim=2)
    u0 = np.cos(np.arange(225)).reshape(15, 15)
    diagonal = 4 / prob.h**2
    for method, weight in (("jacobi", 1.0), ("weighted-jacobi", 0.8)):
        step = relax.relax(prob, iterations=1, method=method, weight=weight, u0=u0).final
        expected = u0.ravel() + weight * (prob.g.ravel() - A @ u0.ravel()) / diagonal
        np.testing.assert_allclose(step.ravel(), expected, rtol=1e-12)
    run = relax.relax(prob, iterations=40, record_at=[0, 5, 40], u0=u0)
    np.testing.assert_allclose(relax.predicted_errors(prob, u0, [0, 5, 40]), run.errors, rtol=1e-8)
    gs = relax.relax(prob, iterations=200, method="gauss-seidel", u0=u0).final
    jacobi = relax.relax(prob, iterations=200, u0=u0).final
    assert np.abs(gs - prob.discrete).max() < 0.5 * np.abs(jacobi - prob.discrete).max()
    # 2D damping factors: the (k, l) mode decays by exactly its factor per sweep
    lam = relax.damping_factors(15, 0.8, dim=2)
    swept = relax.relax(prob, iterations=3, method="weighted-jacobi", weight=0.8, u0=prob.discrete + mode(15, 2, 9)).final
    np.testing.assert_allclose(swept - prob.discrete, lam[1, 8] ** 3 * mode(15, 2, 9), atol=1e-12)


def test_2d_multigrid_converges_like_multigrid():
    prob = poisson.problem(127, dim=2)
    u = np.zeros(prob.shape)
    norms = []
    for _ in range(5):
        u = multigrid.v_cycle(u, prob.g, prob.h)
        norms.append(np.linalg.norm(poisson.residual(u, prob.g, prob.h)))
    assert max(b / a for a, b in zip(norms, norms[1:])) < 0.3  # a factor per V-cycle independent of n
    u, seconds, cycles = multigrid.solve(prob)
    assert np.abs(u - prob.exact).max() <= 1.01 * prob.discretization_error and seconds > 0


def test_energy_in_2d():
    prob = poisson.problem(31, dim=2)
    u = torch.tensor(np.cos(np.arange(961.0)).reshape(31, 31), requires_grad=True)
    energy = poisson.discrete_energy(u, torch.tensor(prob.g), prob.h)
    energy.backward()
    A = poisson.laplacian(31, prob.h, dim=2)
    np.testing.assert_allclose(u.grad.numpy().ravel(), A @ u.detach().numpy().ravel() - prob.g.ravel(), rtol=1e-9)
    net = nets.ZeroBoundary(nets.mlp([2, 8, 1], dtype=torch.float64))
    edge = np.array([[-1.0, 0.3], [0.2, 1.0], [1.0, -1.0]])
    np.testing.assert_allclose(nets.predict(net, edge), 0, atol=1e-15)


def test_bad_2d_input_is_named():
    with pytest.raises(ValueError, match="dim"):
        poisson.problem(15, dim=3)
    with pytest.raises(TypeError, match="shape"):
        poisson.problem(15, source=np.ones(15), dim=2)
    with pytest.raises(ValueError, match="spacing"):
        poisson.sine_solve(np.ones((15, 15)), 0.1)
    with pytest.raises(ValueError, match="u0"):
        relax.relax(poisson.problem(15, dim=2), iterations=1, u0=np.zeros(15))
    with pytest.raises(ValueError, match="one shape"):
        poisson.residual(np.zeros((15, 15)), np.zeros(15), 0.1)
