"""Interpolation for Galerkin multigrid: stencils read back the matrix; operator-dependent interpolation against
its closed forms (constant k: bilinear on every level; k varying along one axis: the flux-continuous weights,
and in 1D the exact coarse operator); any builder plugs into multigrid.Galerkin."""
import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg

from fplib import config, fields, krylov, multigrid, poisson


def shifted(u, di, dj):
    """u at (i + di, j + dj), zero beyond the grid."""
    padded = np.pad(u, 1)
    return padded[1 + di: 1 + di + u.shape[0], 1 + dj: 1 + dj + u.shape[1]]


def layered(n, dim, axis=0, seed=0):
    """A matrix of -div(k grad) with k varying along ``axis`` only (jumps of 1000 between random layers)."""
    k1 = np.exp(np.log(1e3) * np.random.default_rng(seed).integers(0, 2, n + 2))
    k = k1 if dim == 1 else np.repeat(k1[:, None] if axis == 0 else k1[None, :], n + 2, axis=1 - axis)
    return poisson.laplacian(n, 1.0 / (n + 1), dim, poisson.faces(k)), k1


@pytest.mark.parametrize("coarse", [False, True])
def test_stencils_read_back_the_matrix(coarse):
    n, rng = 31, np.random.default_rng(0)
    a = poisson.laplacian(n, 1.0 / (n + 1), 2, poisson.faces(np.exp(rng.normal(size=(n + 2, n + 2)))))
    if coarse:  # a 9-point Galerkin operator on 15 x 15
        p = multigrid.bilinear_interpolation(a, n)
        a, n = p.T @ a @ p, 15
    s, u = multigrid.stencils(a, n), rng.normal(size=(n, n))
    applied = sum(s[:, :, 1 + di, 1 + dj] * shifted(u, di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1))
    assert s.shape == (n, n, 3, 3) and np.allclose(applied.ravel(), a @ u.ravel())
    assert not s[0, :, 0].any() and not s[:, -1, :, 2].any()  # nothing beyond the grid
    one = multigrid.stencils(poisson.laplacian(7, 1.0), 7)
    assert one.shape == (7, 3) and np.array_equal(one[3], [-1, 2, -1]) and one[0, 0] == 0


def test_stencils_and_builders_refuse_bad_input():
    a = poisson.laplacian(15, 1.0, 2)
    with pytest.raises(ValueError, match="a must be a sparse matrix"):
        multigrid.stencils(a.toarray(), 15)
    with pytest.raises(ValueError, match="a must be a sparse matrix"):
        multigrid.stencils(a, 13)
    with pytest.raises(ValueError, match="3 x 3 box"):
        multigrid.stencils((a @ a).tocsr(), 15)  # a 13-point stencil
    with pytest.raises(ValueError, match="n must be odd"):
        multigrid.operator_dependent_interpolation(poisson.laplacian(14, 1.0), 14)
    with pytest.raises(ValueError, match="positive diagonal"):
        multigrid.operator_dependent_interpolation(-a, 15)


@pytest.mark.parametrize("dim", [1, 2])
def test_constant_k_gives_bilinear_interpolation_on_every_level(dim):
    a = 3.0 * poisson.laplacian(63, 1.0 / 64, dim)
    bilinear = multigrid.Galerkin(a, 63, dim)
    dependent = multigrid.Galerkin(a, 63, dim, interpolation="operator_dependent")
    assert len(dependent.levels) == len(bilinear.levels) == 3
    for (_, p, _), (_, q, _) in zip(bilinear.levels, dependent.levels):
        assert abs(p - q).max() < 1e-12


def test_1d_weights_are_flux_continuous_and_the_coarse_operator_exact():
    n = 63
    a, k = layered(n, 1)
    kf = 2 * k[:-1] * k[1:] / (k[:-1] + k[1:])  # k at the faces (harmonic means), face i left of point i
    p = multigrid.operator_dependent_interpolation(a, n).toarray()
    fine = np.arange(0, n, 2)  # the fine points between coarse points 2I - 1 and 2I + 1
    left, right = kf[fine], kf[fine + 1]
    assert np.allclose(p[fine[1:], np.arange(len(fine) - 1)], (left / (left + right))[1:])
    assert np.allclose(p[fine[:-1], np.arange(len(fine) - 1)], (right / (left + right))[:-1])
    c, f = np.arange(1, n, 2), fine  # P^T A P is the Schur complement: the exact coarse operator
    dense = a.toarray()
    schur = dense[np.ix_(c, c)] - dense[np.ix_(c, f)] @ np.linalg.solve(dense[np.ix_(f, f)], dense[np.ix_(f, c)])
    assert np.allclose(p.T @ dense @ p, schur, rtol=1e-10, atol=1e-10 * np.abs(schur).max())


@pytest.mark.parametrize("axis", [0, 1])
def test_2d_weights_across_layers_are_the_1d_ones(axis):
    n = 31
    a, _ = layered(n, 2, axis)
    one, _ = layered(n, 1)
    p1 = multigrid.operator_dependent_interpolation(one, n).toarray()
    p = multigrid.operator_dependent_interpolation(a, n).toarray().reshape(n, n, 15, 15)
    column = 2 * np.arange(15) + 1  # fine points on a coarse line across the layers take the 1D weights
    along = p[:, column, :, np.arange(15)] if axis == 0 else p[column, :, np.arange(15), :]
    assert np.allclose(along, p1[None])


def test_positive_couplings_of_coarse_levels_are_lumped_and_the_weights_stay_in_0_1():
    config.seed_everything(5)
    k = fields.checkerboard_coefficients(1, 63, squares=4, contrast=1e6)[0]
    mg = multigrid.Galerkin(poisson.laplacian(63, 2 / 64, 2, poisson.faces(k)), 63, 2, interpolation="operator_dependent")
    coarse = multigrid.stencils(mg.levels[1][0], 31)
    coarse[..., 1, 1] = 0
    assert coarse.max() > 0  # the Galerkin coarse level is no M-matrix: it has positive couplings
    assert all(p.data.min() >= 0 and p.data.max() <= 1 + 1e-12 for _, p, _ in mg.levels)


def test_weights_are_scaled_to_sum_to_one_where_a_row_sum_is_negative():
    off = np.array([-1.0, -2.0, -0.1, -1.0, -1.0, -1.0])  # couplings (i, i + 1); point 2: -2 and -0.1 against 1
    a = np.diag([4.0, 10.0, 1.0, 10.0, 4.0, 4.0, 4.0]) + np.diag(off, 1) + np.diag(off, -1)
    assert np.linalg.eigvalsh(a).min() > 0  # SPD, with a negative row sum at point 2
    p = multigrid.operator_dependent_interpolation(scipy.sparse.csr_matrix(a), 7).toarray()
    assert np.allclose(p[2], [2 / 2.1, 0.1 / 2.1, 0])  # scaled to sum to one
    assert np.allclose(p[[0, 4, 6]], [[0.25, 0, 0], [0, 0.25, 0.25], [0, 0, 0.25]])  # -a_ij / a_ii elsewhere


def test_galerkin_takes_any_builder_and_checks_what_it_returns():
    a = poisson.laplacian(63, 1.0 / 64, 2)
    seen = []

    def build(matrix, n):
        seen.append((n, multigrid.stencils(matrix, n).shape))
        return multigrid.bilinear_interpolation(matrix, n)

    mg = multigrid.Galerkin(a, 63, 2, interpolation=build)
    assert seen == [(63, (63, 63, 3, 3)), (31, (31, 31, 3, 3)), (15, (15, 15, 3, 3))]
    bilinear = multigrid.Galerkin(a, 63, 2)
    assert all(abs(p - q).max() == 0 for (_, p, _), (_, q, _) in zip(mg.levels, bilinear.levels))
    with pytest.raises(ValueError, match="interpolation must return a sparse"):
        multigrid.Galerkin(a, 63, 2, interpolation=lambda matrix, n: scipy.sparse.identity(n * n))
    with pytest.raises(ValueError, match="interpolation"):
        multigrid.Galerkin(a, 63, 2, interpolation="cubic")


def test_operator_dependent_interpolation_keeps_cg_iterations_low_where_bilinear_does_not():
    config.seed_everything(0)
    n = 127
    k = fields.inclusion_coefficients(1, n, inclusions=8, contrast=1e4, dim=2)[0]
    a = poisson.laplacian(n, 1.0 / (n + 1), 2, poisson.faces(k))
    g = np.ones(n * n)
    runs = {name: krylov.cg(a, g, scipy.sparse.linalg.LinearOperator(a.shape, multigrid.Galerkin(
        a, n, 2, interpolation=name).precondition), rtol=1e-8) for name in multigrid.INTERPOLATIONS}
    assert runs["operator_dependent"].converged and runs["operator_dependent"].iterations <= 12
    assert runs["bilinear"].iterations >= 2 * runs["operator_dependent"].iterations


def random_matrix(n, dim=2, contrast=1e3, seed=0):
    k = np.exp(np.log(contrast) * np.random.default_rng(seed).random((n + 2,) * dim))
    return poisson.laplacian(n, 1.0 / (n + 1), dim, poisson.faces(k))


@pytest.mark.parametrize("interpolation", ["bilinear", "operator_dependent"])
def test_two_grid_factor_is_the_largest_eigenvalue_of_the_error_propagation(interpolation):
    a = random_matrix(15)
    two = multigrid.TwoGrid(a, 15, 2, interpolation=interpolation)
    e = two.error(np.eye(a.shape[0]))  # E, column by column
    assert np.allclose(a @ e, (a @ e).T, atol=1e-9 * abs(a).max())  # self-adjoint in the energy inner product
    largest = np.linalg.eigvals(e).real.max()
    assert 0 < largest < 1 and two.factor(iterations=300) == pytest.approx(largest, rel=1e-3)
    rng = np.random.default_rng(1)
    errors = rng.normal(size=(a.shape[0], 5))
    assert np.all(two.leftover(errors) <= largest + 1e-9)
    assert np.allclose(two.leftover(errors)[2], two.leftover(errors[:, 2:3]))


def test_without_sweeps_the_two_grid_method_removes_the_coarse_space_and_nothing_else():
    a = random_matrix(31)
    two = multigrid.TwoGrid(a, 31, 2, interpolation="operator_dependent", sweeps=0)
    w = np.random.default_rng(0).normal(size=(15**2, 3))
    assert np.allclose(two.leftover(two.p @ w), 0, atol=1e-10)  # an error the coarse space holds: gone
    e = np.random.default_rng(1).normal(size=a.shape[0])
    assert np.allclose(two.error(two.error(e)), two.error(e))  # a projection


def test_low_energy_modes_are_the_lowest_eigenpairs():
    a = random_matrix(15)
    modes = multigrid.low_energy_modes(a, 4)
    assert np.allclose(modes.values, np.linalg.eigvalsh(a.toarray())[:4])
    assert np.allclose(a @ modes.vectors, modes.vectors * modes.values, atol=1e-8 * modes.values.max())


def test_operator_dependent_interpolation_leaves_less_of_each_low_mode_on_inclusions():
    config.seed_everything(0)
    n = 63
    a = poisson.laplacian(n, 1 / (n + 1), 2, poisson.faces(fields.inclusion_coefficients(1, n, inclusions=8,
                                                                                          contrast=1e4, dim=2)[0]))
    modes = multigrid.low_energy_modes(a, 6)
    left = {name: multigrid.TwoGrid(a, n, 2, interpolation=name) for name in multigrid.INTERPOLATIONS}
    assert left["operator_dependent"].factor() < 0.5 * left["bilinear"].factor()
    assert left["operator_dependent"].leftover(modes.vectors).max() < left["bilinear"].leftover(modes.vectors).max()


def test_growth_exponent_fits_a_power_law():
    sizes = np.array([63, 127, 255, 511])
    assert multigrid.growth_exponent(sizes, 3 * sizes**0.7) == pytest.approx(0.7)
    assert multigrid.growth_exponent(sizes, [9, 9, 9, 9]) == pytest.approx(0, abs=1e-12)
    assert multigrid.growth_exponent(sizes, [9, 10, 11, np.inf]) == np.inf


def test_measurements_refuse_bad_input():
    a = random_matrix(15)
    with pytest.raises(ValueError, match="sweeps"):
        multigrid.TwoGrid(a, 15, 2, sweeps=-1)
    with pytest.raises(ValueError, match="vectors must hold 225 rows"):
        multigrid.TwoGrid(a, 15, 2).leftover(np.ones((15, 2)))
    with pytest.raises(ValueError, match="count"):
        multigrid.low_energy_modes(a, 224)
    with pytest.raises(ValueError, match="matrix"):
        multigrid.low_energy_modes(a.toarray(), 2)
    with pytest.raises(ValueError, match="two sizes"):
        multigrid.growth_exponent([63], [9])
    with pytest.raises(ValueError, match="same length|sizes"):
        multigrid.growth_exponent([63, 127], [9])
