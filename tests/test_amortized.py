"""The amortized solver of notebook 09: random right-hand sides, the operator network, the interleaved solver."""
import numpy as np
import pytest
import torch

from fplib import config, hybrid, multigrid, nets, poisson, relax


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


def test_deeponet_is_scale_equivariant_and_zero_at_the_boundary():
    config.seed_everything(0)
    net = nets.DeepONet(8, 16, hidden=(32,))
    c, x = torch.randn(3, 8), torch.tensor([-1.0, 0.3, 1.0])
    u = net(c, x)
    assert u.shape == (3, 3) and torch.allclose(u[:, [0, 2]], torch.zeros(3, 2))
    torch.testing.assert_close(net(5 * c, x), 5 * u)
    with pytest.raises(ValueError, match="8 entries"):
        net(torch.randn(3, 7), x)


def test_closed_form_residual_count_matches_measured_jacobi():
    prob = poisson.problem(31, source=np.ones(31))
    for weight, method in ((1.0, "jacobi"), (2 / 3, "weighted-jacobi")):
        t = int(relax.iterations_to_residual(prob, np.zeros(31), 1e-6, weight))
        u = relax.relax(prob, iterations=t, method=method, weight=weight).final
        before = relax.relax(prob, iterations=t - 2, method=method, weight=weight).final
        ratio = lambda v: np.linalg.norm(poisson.residual(v, prob.g, prob.h)) / np.linalg.norm(prob.g)  # noqa: E731
        assert ratio(u) <= 1e-6 < ratio(before) * 1.01


def test_multigrid_to_a_residual_tolerance():
    prob = poisson.problem(255)
    u, seconds, cycles = multigrid.solve(prob, rtol=1e-10)
    assert np.linalg.norm(poisson.residual(u, prob.g, prob.h)) <= 1e-10 * np.linalg.norm(prob.g)
    assert 3 <= cycles <= 20 and seconds > 0


@pytest.fixture(scope="module")
def trained():
    """A tiny operator network trained on a tiny grid (a few seconds)."""
    config.seed_everything(0)
    n = 63
    net = nets.DeepONet(16, 32, hidden=(64, 64), branch_hidden=(), sigma=2.0)
    history = hybrid.train_operator(net, poisson.random_sources(256, n, length=0.06), steps=400, lr=2e-3)
    return net, history


def test_trained_network_speeds_up_jacobi_on_an_unseen_source(trained):
    net, history = trained
    assert history.loss[-1] < 0.05 * history.loss[0]
    config.seed_everything(99)
    prob = poisson.problem(63, source=poisson.random_sources(1, 63, length=0.06)[0])
    correction = hybrid.OperatorCorrection(net, prob)
    run = hybrid.interleaved_solve(prob, correction, every=8, rtol=1e-8, max_iterations=20_000)
    jacobi = relax.iterations_to_residual(prob, np.zeros(63), 1e-8, 2 / 3)
    assert run.converged and run.iterations[-1] < jacobi / 5
    assert np.linalg.norm(poisson.residual(run.final, prob.g, prob.h)) <= 1e-8 * np.linalg.norm(prob.g)
    factors = correction.factors()
    assert factors[:4].max() < 0.5 and np.all(factors[16:] == 1)  # low modes corrected; unread modes untouched
    # a linear branch: the response matrix is the correction, and it predicts the measured iterations
    predicted = hybrid.predicted_iterations(correction, [8], 1e-8)[0]
    assert 0.7 < run.iterations[-1] / predicted < 1.5
    assert hybrid.predicted_rates(correction, [8])[0] < 1


def test_interleaved_solver_records_modes_and_rejects_bad_input(trained):
    net, _ = trained
    prob = poisson.problem(63, source=np.ones(63))
    correction = hybrid.OperatorCorrection(net, prob)
    u0 = prob.discrete + np.random.default_rng(0).normal(size=63)  # an error with every mode in it
    run = hybrid.interleaved_solve(prob, correction, every=4, u0=u0, modes=[1, 2, 32], record_until=8, max_iterations=8)
    assert run.mode_errors.shape == (9, 3) and np.allclose(run.mode_errors[0], 1)
    with pytest.raises(ValueError, match="every"):
        hybrid.interleaved_solve(prob, correction, every=0)
    with pytest.raises(ValueError, match="rtol"):
        hybrid.interleaved_solve(prob, correction, every=4, rtol=1e-16)
    with pytest.raises(TypeError, match="correction"):
        hybrid.interleaved_solve(poisson.problem(31), correction, every=4)
    with pytest.raises(ValueError, match="u0"):
        hybrid.interleaved_solve(prob, correction, every=4, u0=np.zeros(62))
    with pytest.raises(ValueError, match="modes"):
        hybrid.interleaved_solve(prob, correction, every=4, modes=[0, 64])
    with pytest.raises(ValueError, match="sources"):
        hybrid.train_operator(net, np.ones(63), steps=1, lr=1e-3)


def test_an_untrained_network_makes_the_iteration_diverge_and_the_rate_predicts_it():
    config.seed_everything(3)
    net = nets.DeepONet(16, 32, hidden=(64, 64), branch_hidden=(), sigma=2.0)  # not trained at all
    prob = poisson.problem(63, source=np.ones(63))
    correction = hybrid.OperatorCorrection(net, prob)
    run = hybrid.interleaved_solve(prob, correction, every=8, max_iterations=20_000)
    assert not run.converged and run.residuals[-1] > 1e6 and run.iterations[-1] < 20_000  # stopped as diverging
    assert hybrid.predicted_rates(correction, [8])[0] > 1


def test_breakeven_solves():
    assert hybrid.breakeven_solves(10.0, 1.0, 0.5) == 20
    assert hybrid.breakeven_solves(10.0, 0.5, 1.0) == np.inf  # never
    with pytest.raises(ValueError, match="training_seconds"):
        hybrid.breakeven_solves(-1.0, 1.0, 0.5)


def test_standings_time_every_solver_to_the_same_residual(trained):
    net, _ = trained
    prob = poisson.problem(63, source=np.sin(3 * np.pi * (poisson.grid(63)[0] + 1) / 2) + 0.5)
    table = hybrid.solver_standings(prob, hybrid.OperatorCorrection(net, prob), every=8, rtol=1e-8, budget=2.0)
    assert set(table) >= {"Jacobi", "multigrid V-cycles", "banded direct solve", "sparse LU (splu)"}
    jacobi, interleaved = table["Jacobi"], table["interleaved (network every 8)"]
    assert not jacobi[2] and jacobi[0] > 1000  # small enough to be measured, not extrapolated
    assert interleaved[0] < jacobi[0] / 5 and all(seconds > 0 for _, seconds, _ in table.values())


def test_the_amortized_solver_in_2d():
    config.seed_everything(5)
    n = 31
    sources = poisson.random_sources(200, n, length=0.15, dim=2)
    assert sources.shape == (200, n, n)
    net = nets.DeepONet(16, 32, hidden=(64, 64), branch_hidden=(), sigma=1.0, dim=2)  # reads the lowest 4 x 4 modes
    edge = torch.tensor([[-1.0, 0.2], [0.3, 1.0]])
    assert torch.allclose(net.basis(edge), torch.zeros(2, 32))  # zero on the boundary of the square
    history = hybrid.train_operator(net, sources, steps=300, lr=2e-3)
    assert history.loss[-1] < 0.1 * history.loss[0]
    prob = poisson.problem(n, source=poisson.random_sources(1, n, length=0.15, dim=2)[0], dim=2)
    run = hybrid.interleaved_solve(prob, hybrid.OperatorCorrection(net, prob), every=8, max_iterations=20_000)
    jacobi = relax.iterations_to_residual(prob, np.zeros(prob.shape), 1e-8)
    assert run.converged and run.iterations[-1] < jacobi / 3
    with pytest.raises(ValueError, match="square number"):
        hybrid.sine_inputs(prob.g, prob.x, 15, dim=2)
    with pytest.raises(ValueError, match="1D"):
        hybrid.interleaved_solve(prob, hybrid.OperatorCorrection(net, prob), every=8, modes=[1])
