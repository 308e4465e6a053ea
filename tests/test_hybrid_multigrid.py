import numpy as np
import pytest
import torch

from fplib import config, hybrid, multigrid, nets, poisson, relax


@pytest.mark.parametrize("n", [63, 1023])
def test_v_cycles_converge_fast_and_fmg_reaches_the_discretization_error(n):
    prob = poisson.problem(n)
    u, errors = np.zeros(n), []
    for _ in range(5):
        u = multigrid.v_cycle(u, prob.g, prob.h)
        errors.append(np.abs(u - prob.discrete).max())
    factors = np.array(errors[1:]) / np.array(errors[:-1])
    assert np.all(factors < 0.15)  # textbook V(2,2) with weighted Jacobi: about 0.1 per cycle
    fmg = multigrid.full_multigrid(prob.g, prob.h)
    assert np.abs(fmg - prob.exact).max() < 2 * np.abs(prob.discrete - prob.exact).max()


def test_multigrid_solve_meets_the_tolerance():
    prob = poisson.problem(511)
    u, seconds, cycles = multigrid.solve(prob, tol=1e-4)
    assert np.abs(u - prob.exact).max() <= 1e-4 and seconds > 0
    with pytest.raises(ValueError, match="odd"):
        multigrid.solve(poisson.problem(512))


def test_closed_form_sweeps_match_a_measured_jacobi_run():
    prob = poisson.problem(63)
    tol = 1e-2
    predicted = hybrid.sweeps_to_tolerance(prob, np.zeros(prob.n), tol)
    run = relax.relax(prob, iterations=int(predicted) + 5, record_at=np.arange(int(predicted) + 6), keep_iterates=False)
    measured = run.iterations[np.argmax(run.error_exact <= tol)]
    assert abs(measured - predicted) <= max(1, predicted / 500)
    assert hybrid.sweeps_to_tolerance(prob, prob.exact, 1.0) == 0
    assert hybrid.sweeps_to_tolerance(prob, np.zeros(prob.n), 1e-12) == np.inf  # below the discretization error


def test_jacobi_curve_measures_or_extrapolates():
    prob = poisson.problem(127)
    measured = hybrid.jacobi_curve(prob, np.zeros(prob.n), tol=1e-2, budget=5.0, start=1.0)
    assert not measured.extrapolated and measured.time[0] == 1.0
    assert hybrid.time_to(measured, 1e-2) > 1.0 and measured.error[-1] <= 1e-2
    capped = hybrid.jacobi_curve(prob, np.zeros(prob.n), tol=1e-3, budget=1e-4)
    assert capped.extrapolated and capped.error[-1] == 1e-3
    sweeps = hybrid.sweeps_to_tolerance(prob, np.zeros(prob.n), 1e-3)
    assert capped.time[-1] > sweeps * 1e-7  # time = sweeps x a measured (positive) cost per sweep


def test_network_phase_records_both_optimizers_and_restricts_to_nested_grids():
    prob = poisson.problem(255)
    config.seed_everything(0)
    model = nets.ZeroBoundary(nets.mlp([1, 16, 1], dtype=torch.float64))
    history = hybrid.train_network(prob, model, train_points=101, adam_steps=40, lbfgs_steps=3, lr=1e-2, record_every=20)
    np.testing.assert_array_equal(history.steps, [0, 20, 40, 41, 42, 43])
    assert np.all(np.diff(history.times) > 0) and history.outputs.shape == (6, 255)
    curve = hybrid.network_curve(prob, history)
    assert curve.error[-1] < curve.error[0]
    coarse = hybrid.on_coarser_grid(history, poisson.problem(127))
    np.testing.assert_allclose(coarse.x, poisson.problem(127).x)
    np.testing.assert_allclose(coarse.outputs[:, 0], history.outputs[:, 1])
    with pytest.raises(ValueError, match="divide"):
        hybrid.on_coarser_grid(history, poisson.problem(100))


def test_auto_switch_stops_and_restores_its_best_network():
    prob = poisson.problem(511)
    config.seed_everything(0)
    model = nets.ZeroBoundary(nets.mlp([1, 16, 1], dtype=torch.float64))
    rule = hybrid.AutoSwitch(model, poisson.problem(101), prob.n, 1e-3, 1e-5, check_interval=1e-9)
    history = hybrid.train_network(prob, model, train_points=101, adam_steps=3000, lbfgs_steps=0, lr=1e-2,
                                   record_every=1, stop=rule, record=False)
    assert history.stopped_early and len(rule.checks) > 2
    rule.restore()
    assert rule.predicted_total() < rule.checks[0][1]


@pytest.mark.parametrize("call, match", [
    (lambda: hybrid.time_to(hybrid.Curve("c", np.ones(2), np.ones(2)), 0), "tol"),
    (lambda: hybrid.jacobi_curve(poisson.problem(15), np.zeros(15), tol=1e-3, budget=-1), "budget"),
    (lambda: hybrid.jacobi_curve(poisson.problem(15), np.zeros(15), tol=1e-6, budget=1), "discretization error"),
    (lambda: hybrid.AutoSwitch(nets.mlp([1, 2, 1]), poisson.problem(11), 2, 1e-3, 1e-6), "fine_n"),
    (lambda: hybrid.AutoSwitch(nets.mlp([1, 2, 1]), poisson.problem(11), 31, 0, 1e-6), "tol"),
    (lambda: multigrid.solve("problem"), "prob"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
