"""Training losses on the Poisson problem: the discrete energy (1D and 2D) and the Deep Ritz energy."""
import numpy as np
import pytest
import torch

from fplib import config, losses, poisson


class Fixed(torch.nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f, self.dummy = f, torch.nn.Parameter(torch.zeros(()))

    def forward(self, x):
        return self.f(x)


@pytest.mark.parametrize("dim", [1, 2])
def test_discrete_energy_gradient_is_Au_minus_g(dim):
    prob = poisson.problem(31, dim=dim)
    rng = np.random.default_rng(0)
    u = torch.tensor(rng.standard_normal(prob.shape), requires_grad=True)
    losses.discrete_energy(u, torch.tensor(prob.g), prob.h).backward()
    expected = poisson.laplacian(prob.n, prob.h, dim) @ u.detach().numpy().ravel() - prob.g.ravel()
    np.testing.assert_allclose(u.grad.numpy().ravel(), expected, rtol=1e-9, atol=1e-8)


@pytest.mark.parametrize("dim", [1, 2])
def test_discrete_loss_is_the_scaled_energy_of_the_network_on_the_grid(dim):
    prob = poisson.problem(15, dim=dim)
    model = Fixed(lambda p: torch.cos(p.sum(dim=1, keepdim=True)))
    u = np.cos(prob.points.reshape(prob.g.size, -1).sum(axis=1))
    energy = 0.5 * u @ (poisson.laplacian(prob.n, prob.h, dim) @ u) - prob.g.ravel() @ u
    loss = losses.discrete_loss(prob, dtype=torch.float64)(model)
    assert loss.item() == pytest.approx(prob.h**dim * energy, rel=1e-12)


def test_ritz_energy_of_a_known_function_equals_its_integral():
    m = 200000
    x = torch.tensor(-1 + (np.arange(m) + 0.5) * 2 / m)  # midpoints
    g = 2 * torch.ones(m, dtype=torch.float64)
    # v = 1 - x^2: integral of (1/2)(2x)^2 - 2(1 - x^2) over (-1, 1) is -4/3; zero at the ends
    energy = losses.ritz_energy(Fixed(lambda x: 1 - x**2), x, g, beta=10.0)
    assert energy.item() == pytest.approx(-4 / 3, abs=1e-9)
    # v = 1 + x: integral of 1/2 - 2(1 + x) is 1 - 4 = -3; the penalty adds beta * (0 + 4)
    energy = losses.ritz_energy(Fixed(lambda x: 1 + x), x, g, beta=10.0)
    assert energy.item() == pytest.approx(-3 + 40, abs=1e-9)


def test_ritz_loss_samples_stratified_points_reproducibly():
    seen = []
    model = Fixed(lambda x: seen.append(x.detach().clone()) or 0 * x)
    config.seed_everything(3)
    loss = losses.ritz_loss(np.sin, 1.0, 8)
    loss(model)
    cells = np.floor((seen[0][:, 0].numpy() + 1) / 0.25)
    np.testing.assert_array_equal(cells, np.arange(8))  # one point per cell
    again = []
    config.seed_everything(3)
    losses.ritz_loss(np.sin, 1.0, 8)(Fixed(lambda x: again.append(x.detach().clone()) or 0 * x))
    assert torch.equal(seen[0], again[0])
    loss(model)
    assert not torch.equal(seen[0], seen[1])  # fresh points at every call


@pytest.mark.parametrize("call, match", [
    (lambda: losses.ritz_loss(np.sin, 0, 10), "beta"),
    (lambda: losses.ritz_loss(np.sin, 1.0, 0), "points"),
    (lambda: losses.ritz_loss("sin", 1.0, 10), "source"),
    (lambda: losses.discrete_loss("problem"), "prob"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
