"""The networks: layouts, evaluation, Fourier features, multiscale, DeepONet, the zero-boundary wrapper, bad input."""
import numpy as np
import pytest
import torch

from fplib import config, nets


def test_mlp_layout():
    model = nets.mlp([1, 20, 10, 1], "relu")
    linear = [m for m in model if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linear] == [(1, 20), (20, 10), (10, 1)]
    assert sum(isinstance(m, torch.nn.ReLU) for m in model) == 2
    assert nets.parameter_count(model) == 20 * 2 + 10 * 21 + 11


def test_predict_returns_numpy_in_chunks():
    config.seed_everything(0)
    model = nets.mlp([1, 8, 1])
    x = np.linspace(-1, 1, 1001)
    np.testing.assert_allclose(nets.predict(model, x, chunk=7), nets.predict(model, x), atol=1e-6)
    assert nets.predict(model, x).shape == (1001,)


def test_zero_boundary_network_vanishes_at_the_ends():
    config.seed_everything(0)
    model = nets.ZeroBoundary(nets.mlp([1, 8, 1], dtype=torch.float64))
    np.testing.assert_allclose(nets.predict(model, [-1.0, 1.0]), 0, atol=1e-15)
    assert abs(nets.predict(model, [0.0])[0]) > 0


@pytest.mark.parametrize("call, match", [
    (lambda: nets.mlp([1]), "widths"),
    (lambda: nets.mlp([]), "widths"),
    (lambda: nets.mlp([1, 0, 1]), "widths"),
    (lambda: nets.mlp([1, 2.5, 1]), "widths"),
    (lambda: nets.mlp([1, 5, 1], "swish-ish"), "activation"),
    (lambda: nets.predict("net", [1.0]), "model"),
    (lambda: nets.ZeroBoundary("net"), "net"),
    (lambda: nets.predict(nets.mlp([3, 2, 1]), np.zeros((4, 2))), "input width"),
    (lambda: nets.predict(torch.nn.Tanh(), np.zeros(4)), "no parameters"),
    (lambda: nets.evaluate(nets.mlp([3, 2, 1]), torch.zeros(4, 2)), "input width"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_fourier_features_shape_frequencies_and_seed():
    config.seed_everything(1)
    mapping = nets.FourierFeatures(2, 8, sigma=3.0)
    v = torch.rand(5, 2)
    out = mapping(v)
    assert out.shape == (5, 16)
    angles = 2 * np.pi * v @ mapping.B.T
    torch.testing.assert_close(out, torch.cat([torch.cos(angles), torch.sin(angles)], dim=-1))
    config.seed_everything(1)
    assert torch.equal(mapping.B, nets.FourierFeatures(2, 8, 3.0).B)
    assert not torch.equal(mapping.B, nets.FourierFeatures(2, 8, 3.0).B)  # the next draw differs
    big = nets.FourierFeatures(1, 4000, sigma=5.0).B
    assert abs(big.std().item() - 5.0) < 0.3  # Gaussian of scale sigma
    assert nets.fourier_mlp([2, 32, 1], sigma=1.0, features=8)(torch.rand(3, 2)).shape == (3, 1)


def test_multiscale_net_feeds_each_subnetwork_its_scaled_input():
    model = nets.MultiscaleNet([1, 3, 1], scales=[1, 2, 4])  # three sub-networks 1-1-1: w2 tanh(w1 a x + b1) + b2
    assert len(model.nets) == 3 and model.scales.tolist() == [1, 2, 4]
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.ones_like(p) if p.ndim == 2 else torch.zeros_like(p))
    x = torch.linspace(-1, 1, 7)[:, None]
    torch.testing.assert_close(model(x), torch.tanh(x) + torch.tanh(2 * x) + torch.tanh(4 * x))
    wide = nets.MultiscaleNet([1, 12, 12, 1], scales=[1, 2, 4])
    first = [m for m in wide.nets[0] if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in first] == [(1, 4), (4, 4), (4, 1)]


@pytest.mark.parametrize("call, match", [
    (lambda: nets.FourierFeatures(1, 8, sigma=0), "sigma"),
    (lambda: nets.FourierFeatures(1, 8, sigma=-1.0), "sigma"),
    (lambda: nets.fourier_mlp([1], sigma=1.0), "widths"),
    (lambda: nets.MultiscaleNet([1, 12, 1], scales=[]), "scales"),
    (lambda: nets.MultiscaleNet([1, 12, 1], scales=[1, -2]), "scales"),
    (lambda: nets.MultiscaleNet([1, 2, 1], scales=[1, 2, 4]), "widths"),
    (lambda: nets.MultiscaleNet([1, 1], scales=[1]), "widths"),
])
def test_bad_architecture_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_deeponet_is_scale_equivariant_and_zero_at_the_boundary():
    config.seed_everything(0)
    net = nets.DeepONet(8, 16, hidden=(32,))
    c, x = torch.randn(3, 8), torch.tensor([-1.0, 0.3, 1.0])
    u = net(c, x)
    assert u.shape == (3, 3) and torch.allclose(u[:, [0, 2]], torch.zeros(3, 2))
    torch.testing.assert_close(net(5 * c, x), 5 * u)
    with pytest.raises(ValueError, match="8 entries"):
        net(torch.randn(3, 7), x)
    torch.testing.assert_close(net.coefficients(c), net.branch(c))  # input_scale starts at ones
    net.input_scale.fill_(2.0)
    torch.testing.assert_close(net.coefficients(c), net.branch(2 * c))


def test_deeponet_boundary_control_subtracts_the_line_through_the_ends():
    config.seed_everything(0)
    net = nets.DeepONet(8, 16, hidden=(32,), boundary="subtract", dtype=torch.float64)
    x = torch.linspace(-1, 1, 7, dtype=torch.float64)
    basis = net.basis(x)
    torch.testing.assert_close(basis[[0, -1]], torch.zeros(2, 16, dtype=torch.float64))  # zero at x = -1 and 1
    torch.nn.init.zeros_(net.trunk[-1].weight)  # a constant trunk: the factor 1 - x^2 would make it sine mode 1
    torch.testing.assert_close(net.basis(x), torch.zeros(7, 16, dtype=torch.float64))  # here it vanishes
    with pytest.raises(ValueError, match="boundary"):
        nets.DeepONet(8, 16, boundary="clamp")
    with pytest.raises(ValueError, match="dim=1"):
        nets.DeepONet(8, 16, boundary="subtract", dim=2)


def test_zero_boundary_in_2d():
    net = nets.ZeroBoundary(nets.mlp([2, 8, 1], dtype=torch.float64))
    edge = np.array([[-1.0, 0.3], [0.2, 1.0], [1.0, -1.0]])
    np.testing.assert_allclose(nets.predict(net, edge), 0, atol=1e-15)
