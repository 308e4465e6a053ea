"""The k-reading network (HINTS): its inputs, training, correction, bad input, and a stall flagged."""
import numpy as np
import pytest
import scipy.fft
import torch
from helpers import operator_matrix, variable_problem

from fplib import amortized, config, fields, hints, krylov, nets, poisson, train


def test_coefficient_inputs_interpolate_log_k():
    k = np.exp(np.linspace(-1, 1, 17))  # log k linear: interpolation is exact
    assert np.allclose(hints.coefficient_inputs(k, 5), np.linspace(-1, 1, 5))
    k2 = np.exp(np.add.outer(np.linspace(-1, 1, 17), np.zeros(17)))
    assert hints.coefficient_inputs(k2[None], 4, dim=2).shape == (1, 16)
    with pytest.raises(ValueError, match="coefficient"):
        hints.coefficient_inputs(-k, 5)
    with pytest.raises(ValueError, match="side"):
        hints.coefficient_inputs(k, 1)


@pytest.fixture(scope="module")
def trained():
    config.seed_everything(0)
    n, side = 31, 8
    ks = fields.random_coefficients(60, n, length=0.2, contrast=10.0)
    fs = fields.random_sources(60, n, length=0.2)
    net = nets.DeepONet(side + 8, 16, hidden=(32,), branch_hidden=(32,), dtype=__import__("torch").float64)
    history = hints.train_coefficient_operator(net, ks, fs, side=side, steps=150, lr=3e-3)
    return net, side, history


def test_coefficient_operator_learns_and_corrects(trained):
    net, side, history = trained
    assert history.loss[-1] < history.loss[0]
    prob = variable_problem(n=31, dim=1, contrast=10.0)
    correction = hints.CoefficientCorrection(net, prob, side)
    left = poisson.residual(correction(prob.g), prob.g, prob.h, prob.faces)
    energy = lambda e: e @ poisson.apply(e, prob.h, prob.faces)  # noqa: E731
    assert energy(prob.discrete - correction(prob.g)) <= energy(prob.discrete)  # the damped step never hurts
    assert left.shape == prob.shape
    run = krylov.flexible_cg(operator_matrix(prob), prob.g, hints.hints_preconditioner(prob, correction), max_iterations=500)
    assert run.converged
    factors = hints.mode_factors(prob, hints.jacobi_step(prob, 1), [1, 31])
    assert factors[0] > 0.9 and factors[1] < 0.9  # Jacobi: the lowest mode barely moves, the highest falls


def test_coefficient_operator_rejects_bad_input(trained):
    net, side, _ = trained
    with pytest.raises(ValueError, match="weighting"):
        hints.train_coefficient_operator(net, np.ones((2, 33)), np.ones((2, 31)), side=side, steps=1, lr=1e-3,
                                             weighting="energy")
    with pytest.raises(ValueError, match="coefficients"):
        hints.train_coefficient_operator(net, np.ones((2, 31)), np.ones((2, 31)), side=side, steps=1, lr=1e-3)
    with pytest.raises(ValueError, match="variable coefficient"):
        hints.CoefficientCorrection(net, poisson.problem(31), side)
    with pytest.raises(ValueError, match="model.inputs"):
        hints.CoefficientCorrection(net, variable_problem(n=31, dim=1), 16)
    with pytest.raises(ValueError, match="modes"):
        hints.mode_factors(variable_problem(n=31, dim=1), lambda u: u, [0])


@pytest.mark.parametrize("weighting", ["residual", "equal"])
def test_control_weightings_train(trained, weighting):
    net, side, _ = trained
    ks = fields.random_coefficients(8, 15, length=0.2, contrast=10.0)
    fs = fields.random_sources(8, 15, length=0.2)
    history = hints.train_coefficient_operator(net, ks, fs, side=side, steps=3, lr=1e-4, weighting=weighting)
    assert np.all(np.isfinite(history.loss))


def test_equal_weighting_gives_every_mode_of_u_a_unit_scale():
    config.seed_everything(0)
    ks = fields.random_coefficients(40, 15, length=0.2, contrast=10.0)
    fs = fields.random_sources(40, 15, length=0.2)
    net = nets.DeepONet(8 + 8, 8, hidden=(16,), branch_hidden=(16,), dtype=torch.float64)
    torch.nn.init.zeros_(net.branch[-1].weight), torch.nn.init.zeros_(net.branch[-1].bias)  # the output is 0
    history = hints.train_coefficient_operator(net, ks, fs, side=8, steps=1, lr=1e-9, weighting="equal")
    assert history.loss[0] == pytest.approx(1.0)  # the mean over modes of (u's mode / its spread)^2
    c = amortized.sine_inputs(fs, poisson.grid(15)[0], 8, 1)
    scaled = c / np.linalg.norm(c, axis=1, keepdims=True) * net.input_scale.numpy()[8:]
    assert np.sqrt(np.mean(scaled**2, axis=0)) == pytest.approx(np.ones(8))  # every residual input of one size
    assert np.all(net.input_scale.numpy()[:8] == 1)  # log k as it is
    hints.train_coefficient_operator(net, ks, fs, side=8, steps=1, lr=1e-9)
    assert np.all(net.input_scale.numpy() == 1)  # the natural loss reads the inputs as given


def test_learning_order_records_the_relative_error_per_mode(trained):
    net, side, _ = trained
    held = [variable_problem(n=15, dim=1, contrast=10.0)]
    ks = fields.random_coefficients(8, 15, length=0.2, contrast=10.0)
    fs = fields.random_sources(8, 15, length=0.2)
    measure = lambda: hints.network_error_per_mode(net, held, side)  # noqa: E731
    errors = train.learning_order(hints.train_coefficient_operator, net, ks, fs, side=side, steps=4, lr=1e-3,
                                  at=[0, 2, 4], measure=measure).measured
    assert errors.shape == (3, 15) and np.all(errors >= 0)
    np.testing.assert_allclose(errors[-1], measure())
    with pytest.raises(ValueError, match="at most steps"):
        train.learning_order(hints.train_coefficient_operator, net, ks, fs, side=side, steps=4, lr=1e-3, at=[5],
                             measure=measure)
    with pytest.raises(ValueError, match="problems"):
        hints.network_error_per_mode(net, [], side)


def test_the_error_per_mode_is_that_of_each_problems_own_undamped_correction(trained):
    net, side, _ = trained
    held = [variable_problem(n=15, dim=1, contrast=c) for c in (10.0, 100.0, 1e4)]
    for level in hints.LEVELS:
        answers = np.array([hints.CoefficientCorrection(net, p, side, damped=False, level=level)(p.g) for p in held])
        exact = scipy.fft.dst(np.array([p.discrete for p in held]), type=1, axis=1)
        expected = np.linalg.norm(scipy.fft.dst(answers, type=1, axis=1) - exact, axis=0) / np.linalg.norm(exact, axis=0)
        np.testing.assert_allclose(hints.network_error_per_mode(net, held, side, level=level), expected, rtol=1e-12)
    with pytest.raises(ValueError, match=r"problems\[0\] must have a variable coefficient"):
        hints.network_error_per_mode(net, [poisson.problem(15)], side)
    with pytest.raises(TypeError, match="model"):
        hints.network_error_per_mode("net", held, side)


def test_interleaved_solve_flags_a_stall(trained):
    net, side, _ = trained
    prob = variable_problem(n=31, dim=1, contrast=10.0)
    run = amortized.interleaved_solve(prob, hints.CoefficientCorrection(net, prob, side), every=2,
                                      max_iterations=200, stall=1e-9)
    assert run.stalled and not run.converged


def test_a_window_of_cycles_waits_for_progress_across_it(trained):
    net, side, _ = trained
    prob = variable_problem(n=31, dim=1, contrast=10.0)
    run = amortized.interleaved_solve(prob, hints.CoefficientCorrection(net, prob, side), every=2,
                                      max_iterations=400, stall=1e-9, window=50)
    assert run.stalled and len(run.residuals) == 50  # the first window ends at cycle 50
    with pytest.raises(ValueError, match="window"):
        amortized.interleaved_solve(prob, hints.CoefficientCorrection(net, prob, side), every=2, window=0)


def test_the_output_scale_control_divides_by_the_geometric_mean(trained):
    net, side, _ = trained
    prob = variable_problem(n=31, dim=1, contrast=10.0)
    k = prob.coefficient
    harmonic = hints.CoefficientCorrection(net, prob, side, damped=False)(prob.g)
    geometric = hints.CoefficientCorrection(net, prob, side, damped=False, level="geometric")(prob.g)
    ratio = np.exp(np.mean(np.log(k))) * np.mean(1 / k)  # k_g / k_h >= 1 (means' inequality)
    np.testing.assert_allclose(harmonic, ratio * geometric)
    assert ratio > 1
    ks = fields.random_coefficients(8, 15, length=0.2, contrast=10.0)
    fs = fields.random_sources(8, 15, length=0.2)
    assert np.isfinite(hints.train_coefficient_operator(net, ks, fs, side=side, steps=2, lr=1e-4, level="geometric").loss).all()
    with pytest.raises(ValueError, match="level"):
        hints.CoefficientCorrection(net, prob, side, level="arithmetic")


def test_the_preconditioner_without_the_network_is_two_jacobi_sweeps():
    prob = variable_problem(n=31, dim=1, contrast=10.0)
    r = np.sin(np.arange(31.0))
    sweeps = hints.hints_preconditioner(prob, None)(r)
    expected = hints.jacobi_step(poisson.problem(31, source=r * 1.0, coefficient=prob.coefficient), 2)(np.zeros(31))
    np.testing.assert_allclose(sweeps, expected)
    matrix = operator_matrix(prob)
    applied = np.stack([hints.hints_preconditioner(prob, None)(e) for e in np.eye(31)], axis=1)
    np.testing.assert_allclose(applied, applied.T, atol=1e-12)  # symmetric and linear: plain PCG in effect
    assert krylov.flexible_cg(matrix, prob.g, hints.hints_preconditioner(prob, None), keep=1).converged
