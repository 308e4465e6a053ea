"""Multigrid, by topic; every public name is importable from here (``multigrid.Galerkin``):

* ``geometric``     -- multigrid for the Poisson problem with k = 1 (V-cycles, full multigrid, solves to an error
                       or a residual; 1D and 2D) and pyamg's algebraic multigrid on the same problem;
* ``interpolation`` -- interpolation to the grid twice as coarse: each point's stencil, bilinear, and
                       operator-dependent (Alcouffe et al. 1981; Dendy 1982), built from the matrix;
* ``galerkin``      -- multigrid for a variable k from its matrix (Galerkin coarse operators P^T A P, any
                       interpolation); the two-grid method to measure an interpolation (its factor, what it
                       leaves of each low-energy mode); iteration growth with n; pyamg's hierarchies; CG with either.
"""
from .galerkin import (
    INTERPOLATIONS,
    PYAMG_KINDS,
    Galerkin,
    Modes,
    TwoGrid,
    algebraic_preconditioner,
    growth_exponent,
    low_energy_modes,
    preconditioned_cg,
)
from .geometric import COARSEST, AlgebraicSolved, Solved, algebraic, full_multigrid, residual_history, solve, v_cycle
from .interpolation import bilinear_interpolation, operator_dependent_interpolation, stencils

__all__ = ["COARSEST", "INTERPOLATIONS", "PYAMG_KINDS", "AlgebraicSolved", "Galerkin", "Modes", "Solved", "TwoGrid",
           "algebraic", "algebraic_preconditioner", "bilinear_interpolation", "full_multigrid", "growth_exponent",
           "low_energy_modes", "operator_dependent_interpolation", "preconditioned_cg", "residual_history", "solve",
           "stencils", "v_cycle"]
