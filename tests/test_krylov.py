"""Conjugate gradients and flexible CG."""
import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg
from helpers import operator_matrix, variable_problem

from fplib import krylov


def test_flexible_cg_with_a_fixed_preconditioner_matches_cg_and_checks_input():
    prob = variable_problem(dim=1)
    a = operator_matrix(prob)
    inverse = 1.0 / a.diagonal()
    flexible = krylov.flexible_cg(a, prob.g, lambda r: inverse * r)
    plain = krylov.cg(a, prob.g, scipy.sparse.diags(inverse))
    assert flexible.converged and abs(flexible.iterations - plain.iterations) <= 2
    as_function = krylov.cg(a, prob.g, lambda r: inverse * r)  # cg takes M^-1 as a function too
    assert as_function.iterations == plain.iterations and np.allclose(as_function.u, plain.u, rtol=1e-12, atol=0)
    assert flexible.residuals[-1] <= 1e-8
    with pytest.raises(TypeError, match="precondition"):
        krylov.flexible_cg(a, prob.g, None)
    with pytest.raises(ValueError, match="g must not be zero"):
        krylov.cg(a, np.zeros(prob.n))
    with pytest.raises(ValueError, match="matrix"):
        krylov.cg(a, np.ones(3))
    with pytest.raises(ValueError, match="keep"):
        krylov.flexible_cg(a, prob.g, lambda r: r, keep=0)


def test_residual_floor_is_rounding_times_the_solution_size():
    matrix = scipy.sparse.diags([1.0, 1e8])
    floor = krylov.residual_floor(matrix, np.array([1.0, 1.0]))
    u_norm = np.hypot(1.0, 1e-8)
    assert floor == pytest.approx(np.finfo(float).eps * 1e8 * u_norm / np.sqrt(2))
    with pytest.raises(ValueError, match="sparse"):
        krylov.residual_floor(np.eye(2), np.ones(2))
    with pytest.raises(ValueError, match="g must not be zero"):
        krylov.residual_floor(matrix, np.zeros(2))
