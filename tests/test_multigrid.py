"""Geometric multigrid: V-cycles, full multigrid, solves to an error or a residual tolerance."""
import numpy as np
import pytest

from fplib import multigrid, poisson


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
