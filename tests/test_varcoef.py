"""The variable-coefficient solvers: Galerkin multigrid, pyamg preconditioners, CG and flexible CG, the
k-reading network correction and its standings."""
import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg

from fplib import amortized, config, krylov, multigrid, nets, poisson, standings


def _prob(n=31, dim=2, contrast=100.0):
    config.seed_everything(1)
    k = poisson.random_coefficients(1, n, length=0.2, contrast=contrast, dim=dim)[0]
    return poisson.problem(n, source=poisson.random_sources(1, n, length=0.2, dim=dim)[0], coefficient=k, dim=dim)


def _matrix(prob):
    return poisson.laplacian(prob.n, prob.h, prob.dim, prob.faces)


@pytest.mark.parametrize("dim", [1, 2])
def test_galerkin_v_cycle_preconditions_cg_to_the_discrete_solution(dim):
    prob = _prob(dim=dim)
    a = _matrix(prob)
    mg = multigrid.Galerkin(a, prob.n, dim)
    run = krylov.cg(a, prob.g, scipy.sparse.linalg.LinearOperator(a.shape, mg.precondition))
    assert run.converged and run.iterations <= 15
    assert np.allclose(run.u.reshape(prob.shape), prob.discrete, atol=1e-6 * np.abs(prob.discrete).max())
    r = np.random.default_rng(0).normal(size=a.shape[0])
    s = np.random.default_rng(1).normal(size=a.shape[0])
    assert np.isclose(s @ mg.precondition(r), r @ mg.precondition(s))  # symmetric: fit for CG


def test_galerkin_and_algebraic_reject_bad_input():
    a = _matrix(_prob(n=15, dim=1))
    with pytest.raises(ValueError, match="matrix"):
        multigrid.Galerkin(a.toarray(), 15, 1)
    with pytest.raises(ValueError, match="n must be odd"):
        multigrid.Galerkin(_matrix(_prob(n=14, dim=1)), 14, 1)
    with pytest.raises(ValueError, match="kind"):
        multigrid.algebraic_preconditioner(a, "geometric")
    with pytest.raises(ValueError, match="variable coefficient"):
        multigrid.solve(_prob(n=15, dim=1), rtol=1e-8)


@pytest.mark.parametrize("kind", ["smoothed_aggregation", "ruge_stuben"])
def test_algebraic_preconditioner_converges_in_few_iterations(kind):
    prob = _prob()
    a = _matrix(prob)
    preconditioner, seconds = multigrid.algebraic_preconditioner(a, kind)
    run = krylov.cg(a, prob.g, preconditioner)
    assert run.converged and run.iterations <= 15 and seconds >= 0


def test_flexible_cg_with_a_fixed_preconditioner_matches_cg_and_checks_input():
    prob = _prob(dim=1)
    a = _matrix(prob)
    inverse = 1.0 / a.diagonal()
    flexible = krylov.flexible_cg(a, prob.g, lambda r: inverse * r)
    plain = krylov.cg(a, prob.g, scipy.sparse.diags(inverse))
    assert flexible.converged and abs(flexible.iterations - plain.iterations) <= 2
    assert flexible.residuals[-1] <= 1e-8
    with pytest.raises(TypeError, match="precondition"):
        krylov.flexible_cg(a, prob.g, None)
    with pytest.raises(ValueError, match="g must not be zero"):
        krylov.cg(a, np.zeros(prob.n))
    with pytest.raises(ValueError, match="matrix"):
        krylov.cg(a, np.ones(3))
    with pytest.raises(ValueError, match="keep"):
        krylov.flexible_cg(a, prob.g, lambda r: r, keep=0)


def test_coefficient_inputs_interpolate_log_k():
    k = np.exp(np.linspace(-1, 1, 17))  # log k linear: interpolation is exact
    assert np.allclose(amortized.coefficient_inputs(k, 5), np.linspace(-1, 1, 5))
    k2 = np.exp(np.add.outer(np.linspace(-1, 1, 17), np.zeros(17)))
    assert amortized.coefficient_inputs(k2[None], 4, dim=2).shape == (1, 16)
    with pytest.raises(ValueError, match="coefficient"):
        amortized.coefficient_inputs(-k, 5)
    with pytest.raises(ValueError, match="side"):
        amortized.coefficient_inputs(k, 1)


@pytest.fixture(scope="module")
def trained():
    config.seed_everything(0)
    n, side = 31, 8
    ks = poisson.random_coefficients(60, n, length=0.2, contrast=10.0)
    fs = poisson.random_sources(60, n, length=0.2)
    net = nets.DeepONet(side + 8, 16, hidden=(32,), branch_hidden=(32,), dtype=__import__("torch").float64)
    history = amortized.train_coefficient_operator(net, ks, fs, side=side, steps=150, lr=3e-3)
    return net, side, history


def test_coefficient_operator_learns_and_corrects(trained):
    net, side, history = trained
    assert history.loss[-1] < history.loss[0]
    prob = _prob(n=31, dim=1, contrast=10.0)
    correction = amortized.CoefficientCorrection(net, prob, side)
    left = poisson.residual(correction(prob.g), prob.g, prob.h, prob.faces)
    energy = lambda e: e @ poisson.apply(e, prob.h, prob.faces)  # noqa: E731
    assert energy(prob.discrete - correction(prob.g)) <= energy(prob.discrete)  # the damped step never hurts
    assert left.shape == prob.shape
    run = krylov.flexible_cg(_matrix(prob), prob.g, amortized.hints_preconditioner(prob, correction), max_iterations=500)
    assert run.converged
    factors = amortized.mode_factors(prob, amortized.jacobi_step(prob, 1), [1, 31])
    assert factors[0] > 0.9 and factors[1] < 0.9  # Jacobi: the lowest mode barely moves, the highest falls


def test_coefficient_operator_rejects_bad_input(trained):
    net, side, _ = trained
    with pytest.raises(ValueError, match="weighting"):
        amortized.train_coefficient_operator(net, np.ones((2, 33)), np.ones((2, 31)), side=side, steps=1, lr=1e-3,
                                             weighting="energy")
    with pytest.raises(ValueError, match="coefficients"):
        amortized.train_coefficient_operator(net, np.ones((2, 31)), np.ones((2, 31)), side=side, steps=1, lr=1e-3)
    with pytest.raises(ValueError, match="variable coefficient"):
        amortized.CoefficientCorrection(net, poisson.problem(31), side)
    with pytest.raises(ValueError, match="model.inputs"):
        amortized.CoefficientCorrection(net, _prob(n=31, dim=1), 16)
    with pytest.raises(ValueError, match="modes"):
        amortized.mode_factors(_prob(n=31, dim=1), lambda u: u, [0])


def test_residual_weighting_trains(trained):
    net, side, _ = trained
    ks = poisson.random_coefficients(8, 15, length=0.2, contrast=10.0)
    fs = poisson.random_sources(8, 15, length=0.2)
    history = amortized.train_coefficient_operator(net, ks, fs, side=side, steps=3, lr=1e-4, weighting="residual")
    assert np.all(np.isfinite(history.loss))


def test_interleaved_solve_flags_a_stall(trained):
    net, side, _ = trained
    prob = _prob(n=31, dim=1, contrast=10.0)
    run = amortized.interleaved_solve(prob, amortized.CoefficientCorrection(net, prob, side), every=2,
                                      max_iterations=200, stall=1e-9)
    assert run.stalled and not run.converged


def test_coefficient_standings_rows(trained):
    prob = _prob(n=31, dim=2)
    rows = standings.coefficient_standings(prob, rtol=1e-8, repeat=1)
    assert set(rows) == {"pyamg_sa", "pyamg_rs", "multigrid_cg", "jacobi_cg", "splu"}
    assert all(np.isfinite(row.iterations) for row in rows.values())
    assert "sine_solve" in standings.coefficient_standings(poisson.problem(15, dim=2), repeat=1)


def test_jacobi_modes_decay_by_their_closed_form():
    from fplib import relax
    prob = _prob(n=31, dim=1)
    theta, v = relax.jacobi_modes(prob)
    after = amortized.jacobi_step(prob, 3)(prob.discrete - v[:, 0]) - prob.discrete
    assert np.allclose(after, -(1 - relax.WEIGHTS[1] * theta[0]) ** 3 * v[:, 0], atol=1e-10)
    with pytest.raises(ValueError, match="1D"):
        relax.jacobi_modes(_prob(n=15, dim=2))
