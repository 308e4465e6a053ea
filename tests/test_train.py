"""The training loop: determinism, recording, mini-batches, early stop, the recording hook, the learning order,
L-BFGS, schedules, divergence and blow-ups, bad input."""
import re
import warnings

import numpy as np
import pytest
import torch

from fplib import config, nets, train


def run(seed, **kw):
    config.seed_everything(seed)
    model = nets.mlp([1, 16, 16, 1])
    x = np.linspace(-1, 1, 64)
    kw = {"lr": 1e-2, **kw}
    return train.fit(model, train.mse, (x, np.sin(3 * x)), steps=40, record_x=x,
                     record_at=[0, 10, 40], progress=False, **kw)


@pytest.mark.parametrize("kw", [{}, {"batch_size": 16}, {"optimizer": "sgd"}, {"optimizer": "lbfgs", "lr": 1.0}])
def test_fit_is_deterministic(kw):
    a, b = run(0, **kw), run(0, **kw)
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_array_equal(a.outputs, b.outputs)
    assert not np.array_equal(a.loss, run(1, **kw).loss)


def test_fit_records_and_learns():
    h = run(0)
    np.testing.assert_array_equal(h.steps, [0, 10, 40])
    assert h.outputs.shape == (3, 64) and len(h.loss) == 40
    assert np.all(np.diff(h.times) >= 0) and h.times[0] == 0
    assert h.loss[-1] < 0.3 * h.loss[0]


def test_minibatches_cover_the_data_each_epoch():
    seen = []
    x = np.arange(10.0)
    config.seed_everything(0)
    model = nets.mlp([1, 2, 1])

    def loss(model, xb):
        seen.append(sorted(xb[:, 0].tolist()))
        return model(xb).pow(2).mean()

    train.fit(model, loss, (x,), steps=5, batch_size=5, progress=False)
    assert sorted(seen[0] + seen[1]) == list(range(10)) and sorted(seen[2] + seen[3]) == list(range(10))


def test_early_stop_records_the_final_state():
    h = run(0, stop=lambda step, loss: step == 14)
    assert h.stopped_early and len(h.loss) == 15
    np.testing.assert_array_equal(h.steps, [0, 10, 15])


def test_on_step_sees_every_update_and_cannot_stop_training():
    seen = []
    h = run(0, on_step=lambda done, loss: seen.append((done, loss)) or True)  # its return value is ignored
    assert [done for done, _ in seen] == list(range(1, 41)) and len(h.loss) == 40 and not h.stopped_early
    np.testing.assert_array_equal([loss for _, loss in seen], h.loss)
    np.testing.assert_array_equal(h.loss, run(0).loss)  # recording changes nothing in the training


def test_learning_order_records_the_measure_before_training_and_after_the_given_steps():
    config.seed_everything(0)
    model = nets.mlp([1, 16, 1], dtype=torch.float64)
    x = np.linspace(-1, 1, 32)
    outputs = lambda: nets.predict(model, x).ravel()  # noqa: E731
    start = outputs()
    order = train.learning_order(train.fit, model, train.mse, (x, np.sin(2 * x)), steps=30, lr=1e-2, at=[0, 7, 30],
                                 measure=outputs)
    np.testing.assert_array_equal(order.at, [0, 7, 30])
    assert order.measured.shape == (3, 32) and len(order.history.loss) == 30
    np.testing.assert_array_equal(order.measured[0], start)
    np.testing.assert_array_equal(order.measured[-1], outputs())
    config.seed_everything(0)
    again = nets.mlp([1, 16, 1], dtype=torch.float64)
    train.fit(again, train.mse, (x, np.sin(2 * x)), steps=7, lr=1e-2, progress=False)
    np.testing.assert_allclose(order.measured[1], nets.predict(again, x).ravel(), rtol=1e-12)  # after 7 updates
    with pytest.raises(ValueError, match="before each of at was reached: \\[20\\]"):  # stop= really stops
        train.learning_order(train.fit, model, train.mse, (x, np.sin(2 * x)), steps=30, at=[0, 20], measure=outputs,
                             stop=lambda step, loss: step == 9)
    with pytest.raises(ValueError, match="at most steps"):
        train.learning_order(train.fit, model, train.mse, (x, x), steps=5, at=[6], measure=outputs)
    with pytest.raises(TypeError, match="measure"):
        train.learning_order(train.fit, model, train.mse, (x, x), steps=5, at=[1], measure=None)


def test_fit_without_data_trains_a_loss_of_the_model_alone():
    config.seed_everything(0)
    model = nets.mlp([1, 4, 1])
    h = train.fit(model, lambda m: m(torch.zeros(1, 1)).pow(2).sum(), steps=30, lr=1e-2, progress=False)
    assert h.loss[-1] < h.loss[0] and h.outputs.size == 0


def test_lbfgs_converges_on_a_small_fit():
    config.seed_everything(0)
    model = nets.mlp([1, 16, 1], dtype=torch.float64)
    x = np.linspace(-1, 1, 32)
    h = train.fit(model, train.mse, (x, np.sin(2 * x)), steps=15, lr=1.0, optimizer="lbfgs", progress=False)
    assert h.loss[-1] < 1e-4 * h.loss[0]


def test_step_schedules():
    np.testing.assert_array_equal(train.linear_steps(100, 5), [0, 25, 50, 75, 100])
    steps = train.log_steps(10000, 9)
    assert steps[0] == 0 and steps[-1] == 10000 and np.all(np.diff(steps) > 0)
    np.testing.assert_array_equal(train.log_steps(100, 4), [0, 1, 10, 100])  # 0, then 1..100 evenly in log
    np.testing.assert_array_equal(train.log_steps(3, 6), [0, 1, 2, 3])  # rounding repeats are dropped


def test_divergence_is_reported():
    config.seed_everything(0)
    model = nets.mlp([1, 8, 1])
    with pytest.raises(FloatingPointError, match="lr"):
        train.fit(model, lambda m: m(torch.ones(1, 1)).sum() * float("inf"), steps=3, progress=False)
    model = torch.nn.Linear(1, 1, bias=False)
    with pytest.warns(RuntimeWarning, match="blew up.*lower lr"):  # finite, but growing: loss w^2, SGD step 1.5: w -> -2w
        history = train.fit(model, lambda m: m(torch.ones(1, 1)).pow(2).sum(), steps=12, lr=1.5, optimizer="sgd",
                            progress=False)
    assert np.all(np.isfinite(history.loss)) and history.loss[-1] == pytest.approx(4**11 * history.loss[0], rel=1e-4)
    with pytest.warns(RuntimeWarning, match="ended above its start.*lr \\(now 1.02\\)"):  # w -> -1.04 w
        history = train.fit(model, lambda m: m(torch.ones(1, 1)).pow(2).sum(), steps=12, lr=1.02, optimizer="sgd",
                            progress=False)
    assert history.loss.max() < train.BLOW_UP * history.loss[0] < train.BLOW_UP * history.loss[-1]


def test_a_blow_up_that_collapses_is_not_silent():
    """The careless student: a ReLU network with lr = 1e6. The loss shoots up by many orders of magnitude, the
    units die, and it settles back within a few times its start: the final loss alone hides it."""
    config.seed_everything(0)
    model = nets.mlp([1, 8, 1], "relu")
    x = np.linspace(-1, 1, 64)
    with pytest.warns(RuntimeWarning, match="blew up.*lower lr \\(now 1000000.0\\)"):
        history = train.fit(model, train.mse, (x, np.sin(3 * x)), steps=1000, lr=1e6, progress=False)
    start, peak, end = history.loss[0], history.loss.max(), history.loss[-1]
    assert peak > 1e10 * start and end < 10 * start  # collapsed back: the final loss alone would not tell


def energy_training(lr, spike_at=None, steps=12):
    """SGD on the energy E(w) = (w - 2)^2 / 2 - 2 of one weight from w = 0.5 (E = -0.875, minimum -2), like the
    discrete energy of notebook 10: negative from the start. ``spike_at`` adds 2.5 to the loss at that one step."""
    model = torch.nn.Linear(1, 1, bias=False)
    with torch.no_grad():
        model.weight.fill_(0.5)
    count = iter(range(steps))

    def loss(m):
        return 0.5 * (m.weight.sum() - 2) ** 2 - 2 + (2.5 if next(count) == spike_at else 0.0)

    return train.fit(model, loss, steps=steps, lr=lr, optimizer="sgd", progress=False)


def test_an_energy_that_starts_negative_is_measured_by_how_far_it_moves():
    """Notebook 10's case: an energy from a negative start, up above zero once, down to a larger negative value is
    no blow-up (measured against its start 1e-300 it read as a 1e300-fold one); from a negative start, a real
    blow-up still warns, with a ratio that means something."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calm = energy_training(lr=0.5)
        spiked = energy_training(lr=0.5, spike_at=2)
    assert calm.loss[0] == pytest.approx(-0.875) and calm.loss[-1] < -1.99 and np.all(np.diff(calm.loss) <= 0)
    assert spiked.loss[0] < 0 < spiked.loss.max() and spiked.loss[-1] < -1.99
    with pytest.warns(RuntimeWarning, match=r"blew up: it rose from its start -0.875 to ") as caught:
        blown = energy_training(lr=2.5)  # w - 2 -> -1.5 (w - 2) per step
    ratio = float(re.search(r", (\S+) times the larger of \|start\|", str(caught[0].message)).group(1))
    assert ratio == pytest.approx((blown.loss.max() + 0.875) / 0.875, rel=0.05) and ratio > train.BLOW_UP


@pytest.mark.parametrize("kw", [{}, {"batch_size": 16}, {"optimizer": "lbfgs", "lr": 1.0}])
def test_a_healthy_training_draws_no_warning(kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = run(0, **kw)
    assert history.loss[-1] < history.loss[0]


@pytest.mark.parametrize("call, match", [
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0], [1.0]), steps=-1), "steps"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0], [1.0]), steps=1, lr=0), "lr"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0], [1.0]), steps=1, optimizer="lbfgs2"), "optimizer"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0, 2.0], [1.0]), steps=1), "rows"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([np.nan], [1.0]), steps=1), "finite"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0], [1.0]), steps=1, batch_size=0), "batch_size"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), "mse", steps=1), "loss"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0], [1.0]), steps=1, optimizer="lbfgs", batch_size=1),
     "batch_size"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, steps=1, record_at=[0]), "record_x"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, steps=1, record_x=[0.0], record_at=[-1]), "record_at"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0], [1.0]), steps=5, record_x=[0.0], record_at=[0, 9]),
     "beyond the training"),
    (lambda: train.fit(nets.mlp([2, 2, 1]), train.mse, ([1.0], [1.0]), steps=1), "input width"),
    (lambda: train.fit(nets.mlp([1, 2, 2]), train.mse, ([1.0], [1.0]), steps=1), "one output per target"),
    (lambda: train.fit(torch.nn.Tanh(), train.mse, ([1.0], [1.0]), steps=1), "no trainable parameters"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0], [1.0]), steps=1, on_step=True), "on_step"),
    (lambda: train.fit(nets.mlp([1, 2, 1]), train.mse, ([1.0], [1.0]), steps=1, stop="never"), "stop"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
