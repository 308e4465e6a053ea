"""Train once, solve many (notebook 09): the operator network, its correction, the interleaved solver, the predictions."""
import numpy as np
import pytest
import torch

from fplib import amortized, config, fields, nets, poisson, relax, train


def test_trained_network_speeds_up_jacobi_on_an_unseen_source(trained_operator):
    net, history = trained_operator
    assert history.loss[-1] < 0.05 * history.loss[0]
    config.seed_everything(99)
    prob = poisson.problem(63, source=fields.random_sources(1, 63, length=0.06)[0])
    correction = amortized.OperatorCorrection(net, prob)
    run = amortized.interleaved_solve(prob, correction, every=8, rtol=1e-8, max_iterations=20_000)
    jacobi = relax.iterations_to_residual(prob, np.zeros(63), 1e-8, 2 / 3)
    assert run.converged and run.iterations[-1] < jacobi / 5
    assert 0 < run.rate() < 1 and np.isclose(run.rate(), (run.residuals[-1] / run.residuals[len(run.residuals) // 2])
                                             ** (1 / (len(run.residuals) - 1 - len(run.residuals) // 2)))
    assert np.linalg.norm(poisson.residual(run.final, prob.g, prob.h)) <= 1e-8 * np.linalg.norm(prob.g)
    factors = correction.factors()
    assert factors[:4].max() < 0.5 and np.all(factors[16:] == 1)  # low modes corrected; unread modes untouched
    # a linear branch: the response matrix is the correction, and it predicts the measured iterations
    predicted = amortized.predicted_iterations(correction, [8], 1e-8)[0]
    assert 0.7 < run.iterations[-1] / predicted < 1.5
    assert amortized.predicted_rates(correction, [8])[0] < 1


def test_interleaved_solver_records_modes_and_rejects_bad_input(trained_operator):
    net, _ = trained_operator
    prob = poisson.problem(63, source=np.ones(63))
    correction = amortized.OperatorCorrection(net, prob)
    u0 = prob.discrete + np.random.default_rng(0).normal(size=63)  # an error with every mode in it
    run = amortized.interleaved_solve(prob, correction, every=4, u0=u0, modes=[1, 2, 32], record_until=8, max_iterations=8)
    assert run.mode_errors.shape == (9, 3) and np.allclose(run.mode_errors[0], 1)
    with pytest.raises(ValueError, match="3 cycles"):
        run.rate()  # two cycles: no rate
    with pytest.raises(ValueError, match="every"):
        amortized.interleaved_solve(prob, correction, every=0)
    with pytest.raises(ValueError, match="rtol"):
        amortized.interleaved_solve(prob, correction, every=4, rtol=1e-16)
    with pytest.raises(TypeError, match="correction"):
        amortized.interleaved_solve(poisson.problem(31), correction, every=4)
    with pytest.raises(ValueError, match="u0"):
        amortized.interleaved_solve(prob, correction, every=4, u0=np.zeros(62))
    with pytest.raises(ValueError, match="modes"):
        amortized.interleaved_solve(prob, correction, every=4, modes=[0, 64])
    with pytest.raises(ValueError, match="sources"):
        amortized.train_operator(net, np.ones(63), steps=1, lr=1e-3)


def test_an_untrained_network_makes_the_iteration_diverge_and_the_rate_predicts_it():
    config.seed_everything(3)
    net = nets.DeepONet(16, 32, hidden=(64, 64), branch_hidden=(), sigma=2.0)  # not trained at all
    prob = poisson.problem(63, source=np.ones(63))
    correction = amortized.OperatorCorrection(net, prob)
    run = amortized.interleaved_solve(prob, correction, every=8, max_iterations=20_000)
    assert not run.converged and run.residuals[-1] > 1e6 and run.iterations[-1] < 20_000  # stopped as diverging
    assert amortized.predicted_rates(correction, [8])[0] > 1


def test_breakeven_solves():
    assert amortized.breakeven_solves(10.0, 1.0, 0.5) == 20
    assert amortized.breakeven_solves(10.0, 0.5, 1.0) == np.inf  # never
    with pytest.raises(ValueError, match="training_seconds"):
        amortized.breakeven_solves(-1.0, 1.0, 0.5)


def test_the_amortized_solver_in_2d():
    config.seed_everything(5)
    n = 31
    sources = fields.random_sources(200, n, length=0.15, dim=2)
    assert sources.shape == (200, n, n)
    net = nets.DeepONet(16, 32, hidden=(64, 64), branch_hidden=(), sigma=1.0, dim=2)  # reads the lowest 4 x 4 modes
    edge = torch.tensor([[-1.0, 0.2], [0.3, 1.0]])
    assert torch.allclose(net.basis(edge), torch.zeros(2, 32))  # zero on the boundary of the square
    history = amortized.train_operator(net, sources, steps=300, lr=2e-3)
    assert history.loss[-1] < 0.1 * history.loss[0]
    prob = poisson.problem(n, source=fields.random_sources(1, n, length=0.15, dim=2)[0], dim=2)
    run = amortized.interleaved_solve(prob, amortized.OperatorCorrection(net, prob), every=8, max_iterations=20_000)
    jacobi = relax.iterations_to_residual(prob, np.zeros(prob.shape), 1e-8)
    assert run.converged and run.iterations[-1] < jacobi / 3
    with pytest.raises(ValueError, match="square number"):
        amortized.sine_inputs(prob.g, prob.x, 15, dim=2)
    with pytest.raises(ValueError, match="1D"):
        amortized.interleaved_solve(prob, amortized.OperatorCorrection(net, prob), every=8, modes=[1])


def test_the_residual_loss_weighs_a_u_against_f_and_learning_order_records_factors():
    config.seed_everything(7)
    n, sources = 63, fields.random_sources(64, 63, length=0.06)
    net = nets.DeepONet(8, 16, hidden=(32,), branch_hidden=())
    x, h = poisson.grid(n)
    c = amortized.sine_inputs(sources, x, 8)
    s = np.linalg.norm(c, axis=1, keepdims=True)
    with torch.no_grad():
        out = net(torch.as_tensor(c, dtype=torch.float32), torch.as_tensor(x, dtype=torch.float32)).double().numpy()
    expected = np.mean(((out @ poisson.laplacian(n, h).toarray().T - sources) / s) ** 2)
    untrained = amortized.OperatorCorrection(net, poisson.problem(n)).factors(8)
    measure = lambda: amortized.OperatorCorrection(net, poisson.problem(n)).factors(8)  # noqa: E731
    order = train.learning_order(amortized.train_operator, net, sources, steps=20, lr=1e-3, loss="residual",
                                 at=[0, 10, 20], measure=measure)
    assert np.isclose(order.history.loss[0], expected, rtol=1e-4)  # the loss before the first update: A u_net - f
    assert order.measured.shape == (3, 8) and np.allclose(order.measured[0], untrained)
    assert np.allclose(order.measured[-1], measure()) and not np.allclose(order.measured[1], untrained)
    with pytest.raises(ValueError, match="at"):
        train.learning_order(amortized.train_operator, net, sources, steps=5, lr=1e-3, at=[10], measure=measure)
    with pytest.raises(ValueError, match="loss"):
        amortized.train_operator(net, sources, steps=1, lr=1e-3, loss="energy")


def test_ideal_iterations_is_jacobis_closed_form_on_the_unread_modes():
    x, _ = poisson.grid(63)
    unread = poisson.problem(63, source=np.sin(20 * np.pi * (x + 1) / 2))  # mode 20 only
    lam = abs(relax.damping_factors(63, 2 / 3)[19])
    assert amortized.ideal_iterations(unread, 16, 8, 1e-8) == 8 * np.ceil(np.log(1e-8) / (7 * np.log(lam)))
    read = poisson.problem(63, source=np.sin(3 * np.pi * (x + 1) / 2))  # mode 3 only: an ideal network removes it
    assert amortized.ideal_iterations(read, 16, 8, 1e-8) == 0
    with pytest.raises(ValueError, match="every"):
        amortized.ideal_iterations(read, 16, 1, 1e-8)


def test_scan_every_predicts_and_measures_which_m_converge(trained_operator):
    net, _ = trained_operator
    config.seed_everything(11)
    prob = poisson.problem(63, source=fields.random_sources(1, 63, length=0.06)[0])
    scan = amortized.scan_every(prob, amortized.OperatorCorrection(net, prob), [1, 8], 1e-8)
    assert np.isinf(scan.predicted[0]) and np.isinf(scan.measured[0])  # m = 1: the unread modes are never touched
    assert np.isfinite(scan.measured[1]) and abs(scan.measured[1] / scan.predicted[1] - 1) < 0.5
    assert scan.table().count("\n") == 3 and "inf" in scan.table()


def test_cycle_parts_split_the_predicted_rate_into_the_read_block_and_the_first_unread_mode(trained_operator):
    net, _ = trained_operator
    prob = poisson.problem(255, source=fields.random_sources(1, 255, length=0.06)[0])
    correction = amortized.OperatorCorrection(net, prob)
    for every in (2, 8, 64):
        parts = amortized.cycle_parts(correction, every, mode_count=128)
        full = relax.damping_factors(255, 2 / 3)[:128, None] ** (every - 1) * correction.response(128)  # the whole C
        assert np.isclose(parts.rate, np.abs(np.linalg.eigvals(full)).max(), rtol=1e-9)
        assert parts.rate == amortized.predicted_rates(correction, [every], mode_count=128)[0]
        first_unread = abs(relax.damping_factors(255, 2 / 3)[net.inputs]) ** (every - 1)
        assert np.isclose(parts.unread, first_unread, rtol=1e-12)
    alone = amortized.cycle_parts(correction, 1, mode_count=128)  # the network alone: the unread modes never move
    assert alone.unread == 1 and alone.read < 1 and alone.pace == "unread"
    with pytest.raises(ValueError, match="every"):
        amortized.cycle_parts(correction, 0)


def test_ideal_iterations_in_2d_leave_the_unread_modes_to_jacobi():
    x, _ = poisson.grid(31)
    X, Y = np.meshgrid(x, x, indexing="ij")

    def mode(kx, ky):
        return np.sin(kx * np.pi * (X + 1) / 2) * np.sin(ky * np.pi * (Y + 1) / 2)

    unread = poisson.problem(31, source=mode(5, 1), dim=2)  # outside the 4 x 4 block read
    lam = abs(relax.damping_factors(31, 0.8, dim=2)[4, 0])
    assert amortized.ideal_iterations(unread, 16, 8, 1e-8) == 8 * np.ceil(np.log(1e-8) / (7 * np.log(lam)))
    assert amortized.ideal_iterations(poisson.problem(31, source=mode(3, 4), dim=2), 16, 8, 1e-8) == 0
    with pytest.raises(ValueError, match="square"):
        amortized.ideal_iterations(unread, 15, 8, 1e-8)
