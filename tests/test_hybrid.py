"""The one-switch hybrid: error-vs-time curves, the network phase, the best switch and the automatic rule."""
import numpy as np
import pytest
import torch

from fplib import config, hybrid, nets, poisson, relax, train


def test_jacobi_curve_measures_or_extrapolates():
    prob = poisson.problem(127)
    measured = hybrid.jacobi_curve(prob, np.zeros(prob.n), tol=1e-2, budget=5.0, start=1.0)
    assert not measured.extrapolated and measured.times[0] == 1.0
    assert hybrid.time_to(measured, 1e-2) > 1.0 and measured.errors[-1] <= 1e-2
    capped = hybrid.jacobi_curve(prob, np.zeros(prob.n), tol=1e-3, budget=1e-4)
    assert capped.extrapolated and capped.errors[capped.measured - 1] > 1e-3 >= capped.errors[-1]
    assert hybrid.time_to(capped, 1e-3) == capped.times[-1] and np.all(np.diff(capped.times) > 0)
    # the extrapolated entries follow the closed-form decay: errors fall to the tolerance
    tail = capped.errors[capped.measured:]
    assert len(tail) > 5 and np.all(np.diff(tail) <= 0)


def test_coarse_grid_start_is_the_interpolated_coarse_solution():
    prob = poisson.problem(255)
    u0 = hybrid.coarse_grid_start(prob, 31)
    coarse = poisson.problem(31)
    np.testing.assert_allclose(u0[7::8], coarse.discrete, rtol=1e-12)  # the grids nest: every 8th point is coarse
    # its error is the coarse grid's: O(H^2), far above the fine grid's, and Jacobi removes the rest
    assert np.abs(u0 - prob.exact).max() > 10 * prob.discretization_error
    with pytest.raises(ValueError, match="coarse_n"):
        hybrid.coarse_grid_start(prob, 2)
    with pytest.raises(TypeError, match="prob"):
        hybrid.coarse_grid_start("problem", 31)


def _history(prob, outputs, times):
    outputs = np.asarray(outputs, dtype=float)
    return train.History(steps=np.arange(len(outputs)), times=np.asarray(times, dtype=float), outputs=outputs,
                         loss=np.zeros(len(outputs)), x=prob.x, stopped_early=False)


def test_predicted_hybrid_times_add_training_evaluation_and_closed_form_sweeps():
    prob = poisson.problem(63)
    history = _history(prob, [np.zeros(prob.n), 0.5 * prob.discrete, prob.exact], [0.0, 1.0, 2.0])
    tol, per_sweep, evaluation = 1e-2, 1e-3, 0.25
    predicted = hybrid.predicted_hybrid_times(prob, history, tol, per_sweep, evaluation)
    sweeps = [relax.iterations_to_tolerance(prob, u, tol) for u in history.outputs]
    np.testing.assert_allclose(predicted, history.times + evaluation + np.array(sweeps) * per_sweep)
    assert sweeps[2] == 0 and sweeps[0] > sweeps[1] > 0  # the exact u needs no sweep; half the solution fewer
    index, curve = hybrid.best_switch(prob, history, tol, 1.0, evaluation, budget=5.0)
    assert index == 2 and curve.times[0] == pytest.approx(2.25) and not curve.extrapolated


def test_network_phase_records_both_optimizers_and_restricts_to_nested_grids():
    prob = poisson.problem(255)
    config.seed_everything(0)
    model = nets.ZeroBoundary(nets.mlp([1, 16, 1], dtype=torch.float64))
    history = hybrid.train_network(prob, model, train_n=101, adam_steps=40, lbfgs_steps=3, lr=1e-2,
                                   record_every=20)
    np.testing.assert_array_equal(history.steps, [0, 20, 40, 41, 42, 43])
    assert np.all(np.diff(history.times) > 0) and history.outputs.shape == (6, 255)
    curve = hybrid.network_curve(prob, history)
    assert curve.errors[-1] < curve.errors[0]
    coarse = hybrid.on_coarser_grid(history, poisson.problem(127))
    np.testing.assert_allclose(coarse.x, poisson.problem(127).x)
    np.testing.assert_allclose(coarse.outputs[:, 0], history.outputs[:, 1])
    with pytest.raises(ValueError, match="divide"):
        hybrid.on_coarser_grid(history, poisson.problem(100))


def test_auto_switch_watches_the_grid_it_is_trained_on_and_restores_its_best_network():
    prob = poisson.problem(511)
    config.seed_everything(0)
    model = nets.ZeroBoundary(nets.mlp([1, 16, 1], dtype=torch.float64))
    rule = hybrid.AutoSwitch(1e-3, 1e-5, check_interval=1e-9)
    history = hybrid.train_network(prob, model, train_n=101, adam_steps=3000, lbfgs_steps=0, lr=1e-2,
                                   record_every=1, switch=rule)
    assert rule.coarse.n == 101 and rule.mode_count == 101
    assert history.stopped_early and len(rule.checks) > 2 and history.outputs.size == 0
    rule.restore()
    assert rule.predicted_total() < rule.checks[0][1]


@pytest.mark.parametrize("call, match", [
    (lambda: hybrid.time_to(hybrid.Curve("c", np.ones(2), np.ones(2)), 0), "tol"),
    (lambda: hybrid.time_to("curve", 1e-3), "Curve"),
    (lambda: hybrid.jacobi_curve(poisson.problem(15), np.zeros(15), tol=1e-3, budget=-1), "budget"),
    (lambda: hybrid.jacobi_curve(poisson.problem(15), np.zeros(15), tol=1e-6, budget=1), "discretization error"),
    (lambda: hybrid.jacobi_curve(poisson.problem(15), np.zeros(14), tol=1e-2, budget=1), "u0"),
    (lambda: hybrid.AutoSwitch(0, 1e-6), "tol"),
    (lambda: hybrid.AutoSwitch(1e-3, -1.0), "seconds_per_iteration"),
    (lambda: hybrid.AutoSwitch(1e-3, 1e-6).restore(), "train_network"),
    (lambda: hybrid.train_network(poisson.problem(15), nets.mlp([1, 2, 1]), train_n=11, adam_steps=1,
                                  lbfgs_steps=0, lr=1e-3, record_every=1, switch=lambda step, loss: False), "AutoSwitch"),
    (lambda: hybrid.train_network(poisson.problem(15), torch.nn.Identity(), train_n=11, adam_steps=1,
                                  lbfgs_steps=0, lr=1e-3, record_every=1), "parameters"),
    (lambda: hybrid.predicted_hybrid_times(poisson.problem(15), _history(poisson.problem(31), np.zeros((2, 31)), [0, 1]),
                                           1e-2, 1e-6, 0.0), "on_coarser_grid"),
    (lambda: hybrid.predicted_hybrid_times(poisson.problem(15), _history(poisson.problem(15), np.zeros((2, 15)), [0, 1]),
                                           1e-2, 0.0, 0.0), "seconds_per_iteration"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError, RuntimeError), match=match):
        call()
