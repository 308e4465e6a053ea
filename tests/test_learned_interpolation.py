"""The learned interpolation: the construction from known weights against closed forms, constant k gives bilinear
interpolation on every level (trained or not), reflections of k reflect P, bad input is refused with the argument
named, training is seeded and lowers the two-grid loss."""
import numpy as np
import pytest
import torch

from fplib import config, multigrid, poisson
from fplib import learned_interpolation as li


def random_net(seed=0):
    """A net with random weights everywhere (the output layers too): what symmetry alone must guarantee."""
    torch.manual_seed(seed)
    net = li.InterpolationNet()
    for parameter in net.parameters():
        torch.nn.init.normal_(parameter, std=0.3)
    return net


def matrix(k):
    return poisson.laplacian(len(k) - 2, 1.0 / (len(k) - 1), 2, poisson.faces(k))


def test_known_weights_give_the_closed_form():
    n, m, rng = 9, 4, np.random.default_rng(0)
    edges_i, edges_j, centres = rng.random((m + 1, m, 2)), rng.random((m, m + 1, 2)), rng.random((m + 1, m + 1, 4))
    c = rng.normal(size=(m, m))
    u = (li.prolongation(n, edges_i, edges_j, centres) @ c.ravel()).reshape(n, n)
    ghost = np.pad(c, 1)  # coarse (I, J) at ghost[I + 1, J + 1]; the ring of ghosts holds 0
    assert np.allclose(u[1::2, 1::2], c)
    assert np.isclose(u[4, 3], edges_i[2, 1, 0] * c[1, 1] + edges_i[2, 1, 1] * c[2, 1])  # (2a, 2b + 1), a = 2, b = 1
    assert np.isclose(u[0, 3], edges_i[0, 1, 1] * c[0, 1])  # the neighbour above is a ghost
    assert np.isclose(u[5, 8], edges_j[2, 4, 0] * c[2, 3])  # (2a + 1, 2b), a = 2, b = 4: the right one is a ghost
    a, b = 2, 3  # the centre (4, 6): corners (1, 2), (1, 3), (2, 2), (2, 3)
    corners = [ghost[a + di, b + dj] for di in (0, 1) for dj in (0, 1)]
    assert np.isclose(u[2 * a, 2 * b], centres[a, b] @ corners)
    bilinear = li.prolongation(n, np.full((m + 1, m, 2), 0.5), np.full((m, m + 1, 2), 0.5), np.full((m + 1, m + 1, 4), 0.25))
    assert abs(bilinear - multigrid.bilinear_interpolation(poisson.laplacian(n, 0.1, 2), n)).max() == 0


@pytest.mark.parametrize("trained", [False, True])
def test_constant_k_gives_bilinear_interpolation_on_every_level(trained):
    net = random_net()
    if trained:
        config.seed_everything(0)
        li.train_interpolation(net, steps=2, batch=2)
    n, built = 63, []

    def build(a, size):
        built.append(abs(li.LearnedInterpolation(net)(a, size) - multigrid.bilinear_interpolation(a, size)).max())
        return multigrid.bilinear_interpolation(a, size)

    multigrid.Galerkin(5.0 * poisson.laplacian(n, 1.0 / (n + 1), 2), n, 2, interpolation=build)
    assert len(built) == 3 and max(built) < 1e-12  # 63, 31 (9-point), 15 (9-point)


@pytest.mark.parametrize("reflect", ["i", "j"])
def test_a_reflected_k_gives_the_reflected_interpolation(reflect):
    config.seed_everything(3)
    k, build = li.training_coefficients(1, 15)[0], li.LearnedInterpolation(random_net())
    flip = (lambda x: x[::-1]) if reflect == "i" else (lambda x: x[:, ::-1])
    p = build(matrix(k), 15).toarray().reshape(15, 15, 7, 7)
    q = build(matrix(np.ascontiguousarray(flip(k))), 15).toarray().reshape(15, 15, 7, 7)
    expected = p[::-1, :, ::-1] if reflect == "i" else p[:, ::-1, :, ::-1]
    swapped = (slice(0, None, 2), slice(1, None, 2)) if reflect == "i" else (slice(1, None, 2), slice(0, None, 2))
    centres = (slice(0, None, 2), slice(0, None, 2))  # edges between the swapped neighbours, and centres: exact
    assert np.allclose(q[swapped], expected[swapped], atol=1e-12) and np.allclose(q[centres], expected[centres], atol=1e-12)
    assert np.abs(p - multigrid.bilinear_interpolation(matrix(k), 15).toarray().reshape(p.shape)).max() > 0.01


def test_weights_are_a_partition_of_unity_inside():
    config.seed_everything(1)
    p = li.LearnedInterpolation(random_net())(matrix(li.training_coefficients(1, 31)[0]), 31)
    sums = (p @ np.ones(p.shape[1])).reshape(31, 31)
    assert np.allclose(sums[1:-1, 1:-1], 1) and p.min() >= 0


def test_two_grid_loss_is_the_mean_squared_eigenvalue():
    config.seed_everything(2)
    a = matrix(li.training_coefficients(1, 7)[0]).toarray()
    p = li.LearnedInterpolation(random_net())(scipy_sparse(a), 7).toarray()
    smooth = np.linalg.matrix_power(np.eye(49) - 0.8 * a / np.diag(a)[:, None], 2)
    m = smooth @ (np.eye(49) - p @ np.linalg.solve(p.T @ a @ p, p.T @ a)) @ smooth
    loss = li.two_grid_loss(torch.as_tensor(a)[None], torch.as_tensor(p)[None])[0].item()
    assert np.isclose(loss, np.mean(np.abs(np.linalg.eigvals(m)) ** 2))


def scipy_sparse(a):
    import scipy.sparse

    return scipy.sparse.csr_matrix(a)


def test_training_is_seeded_and_lowers_the_loss_on_new_k():
    def trained(steps):
        config.seed_everything(0)
        net = li.InterpolationNet()
        return net, li.train_interpolation(net, steps=steps, batch=4)

    (net, run), (again, _) = trained(30), trained(30)
    config.seed_everything(9)
    mats = [matrix(k) for k in li.training_coefficients(8, 15)]
    a = torch.as_tensor(np.stack([x.toarray() for x in mats]))

    def loss(build):
        return li.two_grid_loss(a, torch.as_tensor(np.stack([build(x, 15).toarray() for x in mats]))).mean().item()

    first = li.LearnedInterpolation(net)(mats[0], 15)
    assert abs(first - li.LearnedInterpolation(again)(mats[0], 15)).max() == 0 and len(run.losses) == 30
    assert loss(li.LearnedInterpolation(net)) < 0.95 * loss(multigrid.bilinear_interpolation)


def test_bad_input_is_refused_with_its_name():
    m = 3
    good = (np.full((m + 1, m, 2), 0.5), np.full((m, m + 1, 2), 0.5), np.full((m + 1, m + 1, 4), 0.25))
    with pytest.raises(ValueError, match="n must be odd"):
        li.prolongation(8, *good)
    with pytest.raises(ValueError, match="centres must have shape"):
        li.prolongation(7, good[0], good[1], good[2][:, :, :3])
    with pytest.raises(TypeError, match="net must be"):
        li.LearnedInterpolation("net")
    build = li.LearnedInterpolation(li.InterpolationNet())
    with pytest.raises(ValueError, match="a must be a sparse"):
        build(poisson.laplacian(7, 0.25, 2), 9)
    with pytest.raises(ValueError, match="a must have a positive diagonal"):
        build(-poisson.laplacian(7, 0.25, 2), 7)
    with pytest.raises(ValueError, match="count must be at least 1"):
        li.training_coefficients(0, 15)
    with pytest.raises(ValueError, match="steps must be at least 1"):
        li.train_interpolation(li.InterpolationNet(), steps=0)
    with pytest.raises(ValueError, match="contrast"):
        li.training_coefficients(1, 15, contrast=-1.0)
