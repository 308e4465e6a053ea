import numpy as np
import pytest
import torch

from fplib import config, nets, ntk, train


def circle(n):
    t = 2 * np.pi * np.arange(n) / n
    return t, np.stack([np.cos(t), np.sin(t)], axis=1)


def test_jacobian_matches_finite_differences():
    config.seed_everything(0)
    model = nets.mlp([2, 5, 3, 1], "tanh", dtype=torch.float64)
    x = np.random.default_rng(0).standard_normal((4, 2))
    jac = ntk.jacobian(model, x, chunk=3)
    params = [p for p in model.parameters()]
    assert jac.shape == (4, sum(p.numel() for p in params))
    column, step = 0, 1e-6
    for p in params:
        flat = p.data.view(-1)
        for i in range(flat.numel()):
            flat[i] += step
            up = nets.predict(model, x)
            flat[i] -= 2 * step
            down = nets.predict(model, x)
            flat[i] += step
            np.testing.assert_allclose(jac[:, column], (up - down) / (2 * step), atol=1e-8)
            column += 1


def test_kernel_of_a_wide_two_layer_relu_network_approaches_the_closed_form():
    config.seed_everything(0)
    t, x = circle(16)
    K = ntk.kernel(nets.TwoLayer(2, 20000, "relu"), x)
    closed = 2 / 16 * ntk.circle_kernel(t[:, None] - t[None, :])
    assert np.abs(K - closed).max() < 0.03 * np.abs(closed).max()  # Monte Carlo over 20,000 neurons


def test_quadrature_kernel_of_a_smooth_activation_matches_a_wide_network():
    config.seed_everything(0)
    t, x = circle(16)
    K = ntk.kernel(nets.TwoLayer(2, 20000, "tanh"), x)
    limit = 2 / 16 * ntk.circle_kernel(t[:, None] - t[None, :], "tanh")
    assert np.abs(K - limit).max() < 0.03 * np.abs(limit).max()  # Monte Carlo over 20,000 neurons
    finer = 2 / 16 * ntk.circle_kernel(t[:, None] - t[None, :], "tanh", nodes=200)
    assert np.abs(limit - finer).max() < 1e-6 * np.abs(limit).max()  # the quadrature has converged


def test_comparison_reports_deviation_top_eigenvalues_and_learning_steps():
    config.seed_everything(0)
    t, x = circle(32)
    target = np.sin(t) + np.sin(3 * t)
    model = nets.TwoLayer(2, 256, "tanh")
    lr = 1 / ntk.eigen(ntk.kernel(model, x))[0][0]
    run = ntk.train_and_predict(model, x, target, lr=lr, steps=200, record_at=train.log_steps(200, 40), alpha=100.0)
    assert run.deviation < 1e-2 and run.lr * run.mu_max_start == pytest.approx(1)
    assert run.mu_max_end == pytest.approx(run.mu_max_start, rel=1e-3)
    learned = ntk.learned_at(run, t)
    np.testing.assert_array_equal(learned.freq, [1, 3])
    np.testing.assert_array_equal(learned.measured, learned.predicted)
    assert learned.measured[0] < learned.measured[1]


def test_linear_prediction_is_exact_for_a_model_linear_in_its_parameters():
    features = torch.tensor(np.random.default_rng(1).standard_normal((12, 30)))

    class Linear(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = torch.nn.Parameter(torch.zeros(30, dtype=torch.float64))

        def forward(self, rows):
            return (features[rows[:, 0].long()] @ self.w)[:, None]

    model, index, y = Linear(), np.arange(12.0), np.sin(np.arange(12.0))
    K = ntk.kernel(model, index)
    lr = 1.0 / ntk.eigen(K)[0][0]
    history = train.fit(model, train.mse, (index, y), steps=25, lr=lr, optimizer="sgd", record_x=index,
                        record_at=[0, 5, 25], progress=False)
    predicted = ntk.predict_outputs(K, np.zeros(12), y, lr, [0, 5, 25])
    np.testing.assert_allclose(history.outputs, predicted, atol=1e-10)


def test_lazy_model_starts_at_zero_with_alpha_squared_times_the_kernel():
    config.seed_everything(0)
    _, x = circle(8)
    model = nets.TwoLayer(2, 50, "tanh")
    lazy = ntk.Lazy(model, 10.0)
    np.testing.assert_allclose(nets.predict(lazy, x), 0, atol=1e-12)
    np.testing.assert_allclose(ntk.kernel(lazy, x), 100 * ntk.kernel(model, x), rtol=1e-10)
    assert ntk.relative_change(ntk.kernel(model, x), ntk.kernel(model, x)) == 0


def test_eigenvectors_of_a_rotation_invariant_kernel_are_fourier_modes():
    t, _ = circle(32)
    mu, vectors = ntk.eigen(2 / 32 * ntk.circle_kernel(t[:, None] - t[None, :]))
    assert np.all(np.diff(mu) <= 1e-12)
    constant = np.abs(vectors[:, 0] @ np.ones(32) / np.sqrt(32))
    assert constant == pytest.approx(1, abs=1e-9)  # the largest mode is the constant one
    pair = vectors[:, 1:3]  # the next two span cos t and sin t
    basis = np.stack([np.cos(t), np.sin(t)], axis=1) / 4
    np.testing.assert_allclose(np.linalg.svd(basis.T @ pair, compute_uv=False), 1, atol=1e-9)


@pytest.mark.parametrize("call, match", [
    (lambda: ntk.kernel("net", [0.0]), "model"),
    (lambda: ntk.kernel(torch.nn.Tanh(), [0.0]), "no parameters"),
    (lambda: ntk.kernel(nets.mlp([1, 3, 2]), [0.0, 1.0]), "one output"),
    (lambda: ntk.kernel(nets.mlp([1, 3, 1]), [[np.nan]]), "finite"),
    (lambda: ntk.eigen(np.ones((2, 3))), "square"),
    (lambda: ntk.eigen(np.array([[1.0, 2.0], [0.0, 1.0]])), "symmetric"),
    (lambda: ntk.predict_outputs(np.eye(2), [0.0, 0.0], [1.0], 0.5, [1]), "one value per kernel point"),
    (lambda: ntk.predict_outputs(np.eye(2), [0.0, 0.0], [1.0, 1.0], 2.5, [1]), "diverge"),
    (lambda: ntk.predict_outputs(np.eye(2), [0.0, 0.0], [1.0, 1.0], 0.5, [1.5]), "steps"),
    (lambda: ntk.relative_change(np.eye(2), np.eye(3)), "one shape"),
    (lambda: ntk.Lazy(nets.mlp([1, 2, 1]), 0), "alpha"),
    (lambda: nets.TwoLayer(2, 0), "width"),
    (lambda: ntk.circle_kernel([0.0], "cosh"), "activation"),
    (lambda: ntk.learned_at("run", [0.0, 1.0]), "run"),
    (lambda: nets.TwoLayer(2, 4, "cosh"), "activation"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
