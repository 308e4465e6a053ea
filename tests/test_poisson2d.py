"""On the square: multigrid, the 2D sine tracker, the zero-boundary network (the 2D Poisson and relaxation tests
are in test_poisson.py and test_relax.py)."""
import numpy as np
import pytest
import torch

from fplib import multigrid, nets, poisson, spectrum


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


def test_sine2d_tracker_and_zero_boundary_in_2d():
    prob = poisson.problem(31, dim=2)
    tracker = spectrum.FrequencyTracker.sine2d(prob.x, prob.discrete, [(1, 2), (5, 4), (14, 12)])
    tracker.record(0, np.zeros(prob.shape).ravel())
    tracker.record(1, prob.discrete.ravel())
    np.testing.assert_allclose(tracker.errors()[:, :], [[1, 1, 1], [0, 0, 0]], atol=1e-12)
    assert tracker.labels == ["(1, 2)", "(5, 4)", "(14, 12)"]
    with pytest.raises(ValueError, match="modes"):
        spectrum.FrequencyTracker.sine2d(prob.x, prob.discrete, [(0, 2)])
    net = nets.ZeroBoundary(nets.mlp([2, 8, 1], dtype=torch.float64))
    edge = np.array([[-1.0, 0.3], [0.2, 1.0], [1.0, -1.0]])
    np.testing.assert_allclose(nets.predict(net, edge), 0, atol=1e-15)
