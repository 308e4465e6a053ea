"""Geometric multigrid: V-cycles, full multigrid, solves to an error or a residual tolerance."""
import numpy as np
import pytest
import scipy.sparse.linalg
from helpers import operator_matrix, variable_problem

from fplib import krylov, multigrid, poisson


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
    assert np.abs(fmg - prob.exact).max() < 2 * prob.discretization_error


def test_multigrid_solve_meets_the_tolerance_and_counts_its_cycles():
    prob = poisson.problem(511)
    u, seconds, cycles = multigrid.solve(prob, tol=1e-4)
    assert np.abs(u - prob.exact).max() <= 1e-4
    again, _, more = multigrid.solve(prob, tol=1.01 * prob.discretization_error)
    assert more >= cycles and np.abs(again - prob.exact).max() <= 1.01 * prob.discretization_error
    assert seconds > 0
    with pytest.raises(ValueError, match="odd"):
        multigrid.solve(poisson.problem(512))


def test_multigrid_to_a_residual_tolerance():
    prob = poisson.problem(255)
    u, seconds, cycles = multigrid.solve(prob, rtol=1e-10)
    assert np.linalg.norm(poisson.residual(u, prob.g, prob.h)) <= 1e-10 * np.linalg.norm(prob.g)
    assert 3 <= cycles <= 20 and seconds > 0


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="prob"):
        multigrid.solve("problem")


def test_residual_history_falls_by_a_grid_independent_factor():
    factors = []
    for n in (31, 63):
        r = multigrid.residual_history(poisson.problem(n, dim=2), cycles=6)
        assert r[0] == 1 and len(r) == 7 and np.all(np.diff(r) < 0)
        factors.append((r[-1] / r[2]) ** (1 / 4))
    assert max(factors) < 0.2 and abs(factors[0] - factors[1]) < 0.05
    with pytest.raises(ValueError, match="cycles"):
        multigrid.residual_history(poisson.problem(15, dim=2), cycles=0)


@pytest.mark.parametrize("dim", [1, 2])
def test_galerkin_v_cycle_preconditions_cg_to_the_discrete_solution(dim):
    prob = variable_problem(dim=dim)
    a = operator_matrix(prob)
    mg = multigrid.Galerkin(a, prob.n, dim)
    run = krylov.cg(a, prob.g, scipy.sparse.linalg.LinearOperator(a.shape, mg.precondition))
    assert run.converged and run.iterations <= 15
    assert np.allclose(run.u.reshape(prob.shape), prob.discrete, atol=1e-6 * np.abs(prob.discrete).max())
    r = np.random.default_rng(0).normal(size=a.shape[0])
    s = np.random.default_rng(1).normal(size=a.shape[0])
    assert np.isclose(s @ mg.precondition(r), r @ mg.precondition(s))  # symmetric: fit for CG


def test_galerkin_and_algebraic_reject_bad_input():
    a = operator_matrix(variable_problem(n=15, dim=1))
    with pytest.raises(ValueError, match="matrix"):
        multigrid.Galerkin(a.toarray(), 15, 1)
    with pytest.raises(ValueError, match="n must be odd"):
        multigrid.Galerkin(operator_matrix(variable_problem(n=14, dim=1)), 14, 1)
    with pytest.raises(ValueError, match="kind"):
        multigrid.algebraic_preconditioner(a, "geometric")
    with pytest.raises(ValueError, match="variable coefficient"):
        multigrid.solve(variable_problem(n=15, dim=1), rtol=1e-8)


def test_preconditioned_cg_builds_the_named_coarse_spaces_inside_the_call():
    prob = poisson.problem(31, dim=2, coefficient=lambda x, y: 1 + 99 * (x * y > 0))
    a, g = poisson.laplacian(prob.n, prob.h, 2, prob.faces), prob.g.ravel()
    spaces = (*multigrid.PYAMG_KINDS, *multigrid.INTERPOLATIONS, multigrid.bilinear_interpolation)
    runs = [multigrid.preconditioned_cg(a, g, prob.n, coarse, rtol=1e-10) for coarse in spaces]
    assert all(run.converged and run.iterations <= 15 for run in runs)
    same = krylov.cg(a, g, multigrid.Galerkin(a, prob.n, 2).precondition, rtol=1e-10)  # by name or by function
    assert runs[2].iterations == runs[4].iterations == same.iterations
    np.testing.assert_array_equal(runs[4].u, same.u)
    with pytest.raises(ValueError, match="coarse must be one of"):
        multigrid.preconditioned_cg(a, g, prob.n, "geometric")
    with pytest.raises(TypeError, match="coarse must be a name"):
        multigrid.preconditioned_cg(a, g, prob.n, 2)


@pytest.mark.parametrize("kind", ["smoothed_aggregation", "ruge_stuben"])
def test_algebraic_preconditioner_converges_in_few_iterations(kind):
    prob = variable_problem()
    a = operator_matrix(prob)
    preconditioner, seconds = multigrid.algebraic_preconditioner(a, kind)
    run = krylov.cg(a, prob.g, preconditioner)
    assert run.converged and run.iterations <= 15 and seconds >= 0


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
