"""One training loop for every notebook: ``fit`` records the model's output over training into a ``History``;
``learning_order`` records any measure of the model (e.g. its error per mode) while a training runs."""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from tqdm.auto import tqdm

from . import _check, config
from .nets import evaluate, predict

OPTIMIZERS = {
    "adam": torch.optim.Adam,
    "sgd": torch.optim.SGD,
    # one L-BFGS step = up to 20 inner iterations with a strong-Wolfe line search (full batch only)
    "lbfgs": lambda params, lr: torch.optim.LBFGS(params, lr=lr, max_iter=20, history_size=50,
                                                  line_search_fn="strong_wolfe"),
}


@dataclass
class History:
    """What ``fit`` saw.

    ``steps``: the steps at which the output was recorded (step s = after s updates);
    ``times``: training wall-clock seconds at those steps (time spent recording excluded);
    ``outputs``: the model's output on ``x`` at those steps, shape (len(steps), len(x));
    ``loss``: the loss before each update, one entry per step taken;
    ``stopped_early``: whether ``stop`` ended training before ``steps``.

    >>> from fplib import nets
    >>> _ = config.seed_everything(0)
    >>> x = np.linspace(-1, 1, 16)
    >>> history = fit(nets.mlp([1, 8, 1]), mse, (x, x), steps=30, lr=1e-2, record_x=x, record_at=[0, 10, 30])
    >>> history.steps.tolist(), history.outputs.shape, history.loss.shape, history.stopped_early
    ([0, 10, 30], (3, 16), (30,), False)
    """

    steps: np.ndarray
    times: np.ndarray
    outputs: np.ndarray
    loss: np.ndarray
    x: np.ndarray | None
    stopped_early: bool


BLOW_UP = 100.0  # a rise this many times the loss's scale (|start|, or its fall if larger) is a blow-up (our threshold)


def mse(model, x, y):
    """Mean squared error of ``model(x)`` against ``y``: the loss for fitting samples.

    >>> model = torch.nn.Linear(1, 1)
    >>> _ = torch.nn.init.zeros_(model.weight), torch.nn.init.ones_(model.bias)  # model(x) = 1
    >>> round(mse(model, torch.zeros(4, 1), torch.full((4, 1), 3.0)).item(), 6)  # (1 - 3)^2
    4.0
    """
    out = evaluate(model, x)
    if out.shape != y.shape:
        raise ValueError(f"the model's output has shape {tuple(out.shape)} but the targets y have shape "
                         f"{tuple(y.shape)}: give the model one output per target column")
    return torch.mean((out - y) ** 2)



def linear_steps(total: int, count: int) -> np.ndarray:
    """About ``count`` equally spaced steps from 0 to ``total`` (both included).

    >>> linear_steps(100, 5).tolist()
    [0, 25, 50, 75, 100]
    """
    total = _check.integer(total, "total", minimum=1)
    count = _check.integer(count, "count", minimum=2)
    return np.unique(np.linspace(0, total, count).round().astype(int))


def log_steps(total: int, count: int) -> np.ndarray:
    """About ``count`` log-spaced steps from 0 to ``total`` (both included), for long trainings: 0, then
    ``count - 1`` points from 1 to ``total`` spaced evenly in log, rounded (repeats dropped). The schedule
    for recording training steps (``fit(record_at=...)``) or relaxation iterations (``relax.relax(record_at=...)``).

    >>> log_steps(1000, 5).tolist()
    [0, 1, 10, 100, 1000]
    """
    total = _check.integer(total, "total", minimum=1)
    count = _check.integer(count, "count", minimum=2)
    return np.unique(np.concatenate(([0], np.geomspace(1, total, count - 1).round().astype(int))))


def fit(
    model: torch.nn.Module,
    loss,
    data=(),
    *,
    steps: int,
    lr: float = 1e-3,
    optimizer: str = "adam",
    batch_size: int | None = None,
    record_x=None,
    record_at=None,
    stop=None,
    on_step=None,
    progress: bool | None = None,
    desc: str = "training",
) -> History:
    """Train ``model`` for ``steps`` updates of ``loss(model, *batch)``; return its ``History``.

    ``data``: arrays or tensors with a common first axis (a 1-D array becomes a column); the whole
    set each step (full batch), or ``batch_size`` rows drawn without replacement (mini-batch).
    ``optimizer``: "adam", "sgd" or "lbfgs" (full batch; use lr=1). ``record_x``: points where the
    output is recorded, at the steps ``record_at`` (default: 51 equally spaced; each must be at most
    ``steps``). ``stop(step, loss_value) -> bool`` ends training early (``step``: 0-based, the update just
    taken). ``on_step(done, loss_value)`` is called after every update with the number of updates done
    (1, 2, ...): a hook to record or print; its return value is ignored, so it cannot stop training. The
    mini-batch order comes from PyTorch's global generator: ``config.seed_everything`` before building the
    model fixes it too. The progress bar is silent in CI (see ``config.quiet``) unless ``progress`` says
    otherwise. A loss that peaks far above its start or ends above it draws a ``RuntimeWarning`` naming lr.

    >>> from fplib import nets
    >>> _ = config.seed_everything(0)
    >>> model = nets.mlp([1, 16, 1])
    >>> x = np.linspace(-1, 1, 32)
    >>> history = fit(model, mse, (x, np.sin(2 * x)), steps=200, lr=1e-2, record_x=x, record_at=[0, 200],
    ...               progress=False)
    >>> history.steps.tolist(), history.outputs.shape
    ([0, 200], (2, 32))
    >>> print(f"loss {history.loss[0]:.2f} at the start, {history.loss[-1] / history.loss[0]:.1%} of it at the end")
    loss 0.45 at the start, 2.5% of it at the end
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not any(p.requires_grad for p in model.parameters()):
        raise ValueError("model has no trainable parameters: there is nothing to train")
    if not callable(loss):
        raise TypeError(f"loss must be a callable loss(model, *batch), got {type(loss).__name__}")
    for name, hook in (("stop", stop), ("on_step", on_step)):
        if hook is not None and not callable(hook):
            raise TypeError(f"{name} must be a callable {name}(step, loss_value) or None, got {type(hook).__name__}")
    steps = _check.integer(steps, "steps", minimum=0)
    lr = _check.positive(lr, "lr")
    _check.one_of(optimizer, "optimizer", tuple(OPTIMIZERS))
    if batch_size is not None:
        batch_size = _check.integer(batch_size, "batch_size", minimum=1)
        if optimizer == "lbfgs":
            raise ValueError("batch_size must be None with optimizer='lbfgs' (L-BFGS needs the full batch)")
    tensors = _as_tensors(data, model)
    sampler = _batches(tensors, batch_size)
    record = _record_steps(record_at, steps, record_x) or set()
    opt = OPTIMIZERS[optimizer](model.parameters(), lr=lr)

    steps_seen, times, outputs, losses = [], [], [], []
    clock, stopped = 0.0, False

    def snapshot(step):
        steps_seen.append(step)
        times.append(clock)
        outputs.append(predict(model, record_x))

    batch = []  # the current batch, read by the closure (L-BFGS calls it several times per step)

    def closure():
        opt.zero_grad()
        value = loss(model, *batch)
        value.backward()
        return value

    bar = tqdm(total=steps, desc=desc, disable=(config.quiet() if progress is None else not progress))
    for step in range(steps):
        if step in record:
            snapshot(step)
        start = time.perf_counter()
        batch[:] = next(sampler)
        value = opt.step(closure) if optimizer == "lbfgs" else _plain_step(opt, closure)
        clock += time.perf_counter() - start
        losses.append(value.item())
        if not np.isfinite(losses[-1]):
            bar.close()
            raise FloatingPointError(f"loss became {losses[-1]} at step {step}: lower lr (now {lr})")
        bar.update()
        if step % 50 == 0:
            bar.set_postfix(loss=f"{losses[-1]:.3g}")
        if on_step is not None:
            on_step(step + 1, losses[-1])
        if stop is not None and stop(step, losses[-1]):
            stopped = step + 1 < steps
            break
    bar.close()
    _warn_if_blown_up(losses, lr)
    final = len(losses)
    if record_x is not None and (final in record or stopped):
        snapshot(final)
    return History(
        steps=np.array(steps_seen, dtype=int),
        times=np.array(times),
        outputs=np.array(outputs) if outputs else np.empty((0, 0)),
        loss=np.array(losses),
        x=None if record_x is None else np.asarray(record_x, dtype=float),
        stopped_early=stopped,
    )


@dataclass
class LearningOrder:
    """What ``learning_order`` recorded: ``measured[i]`` is what the measure returned after ``at[i]`` steps
    (0: before training), e.g. an error per mode, one row per recording; ``history``: the training's ``History``.

    >>> from fplib import nets
    >>> _ = config.seed_everything(0)
    >>> model, x = nets.mlp([1, 8, 1]), np.linspace(-1, 1, 16)
    >>> order = learning_order(fit, model, mse, (x, x), steps=20, lr=1e-2, at=[0, 20], measure=lambda: [1.0, 2.0])
    >>> order.at.tolist(), order.measured.shape, len(order.history.loss)
    ([0, 20], (2, 2), 20)
    """

    at: np.ndarray
    measured: np.ndarray
    history: History


def learning_order(trainer, *args, measure, at, **kwargs) -> LearningOrder:
    """Run ``trainer(*args, on_step=..., **kwargs)`` — ``fit`` or a function that trains with it and passes
    ``on_step`` on (``amortized.train_operator``, ``hints.train_coefficient_operator``) — and record
    ``measure()`` before training and after each step count in ``at``. With a measure per mode (what the
    network leaves of each mode, its relative error in each), the rows show which modes it learns first.
    ``steps`` (in ``kwargs``) bounds ``at``; the measure is off the training's clock.

    >>> from fplib import nets
    >>> _ = config.seed_everything(0)
    >>> model = nets.mlp([1, 16, 1])
    >>> x = np.linspace(-1, 1, 32)
    >>> worst = lambda: np.abs(predict(model, x).ravel() - np.sin(2 * x)).max()  # the largest error
    >>> order = learning_order(fit, model, mse, (x, np.sin(2 * x)), steps=100, lr=1e-2, at=[0, 50, 100], measure=worst,
    ...                        progress=False)
    >>> print(np.round(order.measured, 1))
    [1.1 0.4 0.4]
    """
    if not callable(trainer) or not callable(measure):
        raise TypeError("trainer and measure must be callables: trainer(*args, on_step=..., **kwargs) trains, "
                        "measure() measures the model")
    at = [_check.integer(step, "each of at", minimum=0) for step in at]
    if not at:
        raise ValueError("at must list at least one step count")
    steps = kwargs.get("steps")
    if steps is not None and max(at) > steps:
        raise ValueError(f"each of at must be at most steps={steps}, got {max(at)}")
    recorded = {}

    def record(done, _loss=None):
        if done in at and done not in recorded:
            recorded[done] = np.array(measure(), dtype=float)

    record(0)
    history = trainer(*args, on_step=record, **kwargs)
    missing = [step for step in at if step not in recorded]
    if missing:
        raise ValueError(f"training ended after {len(history.loss)} steps, before each of at was reached: {missing}")
    return LearningOrder(np.array(at), np.array([recorded[step] for step in at]), history)


def _warn_if_blown_up(losses, lr):
    """Warn, naming lr, when the loss rose over ``BLOW_UP`` times its scale above its start (a blow-up, even one that
    collapsed back, e.g. into dead ReLU units) or ended above its start (training did not reduce it). The scale is
    the larger of |start| and the loss's largest fall below its start, so that a loss that starts near zero or
    negative (an energy) is measured against how far it moves, not against its sign."""
    losses = np.asarray(losses, dtype=float)
    if len(losses) < 2 or np.abs(losses).max() <= 1e-12:
        return
    start, peak, end = losses[0], losses.max(), losses[-1]
    scale = max(abs(start), start - losses.min())
    if scale > 0 and peak - start > BLOW_UP * scale:
        warnings.warn(f"the loss blew up: it rose from its start {start:.3g} to {peak:.3g}, {(peak - start) / scale:.2g} "
                      f"times the larger of |start| and its largest fall, and ended at {end:.3g}; lower lr (now {lr})",
                      RuntimeWarning, stacklevel=3)
    elif end > start:
        warnings.warn(f"the loss ended above its start ({start:.3g} -> {end:.3g}): training did not reduce it; "
                      f"if lr (now {lr}) is too large, lower it", RuntimeWarning, stacklevel=3)


def _plain_step(opt, closure):
    value = closure()
    opt.step()
    return value


def _as_tensors(data, model) -> list[torch.Tensor]:
    if not isinstance(data, (tuple, list)):
        raise TypeError(f"data must be a tuple of arrays or tensors, got {type(data).__name__}")
    first = next(model.parameters())
    tensors = []
    for i, item in enumerate(data):
        tensor = torch.as_tensor(item, dtype=first.dtype, device=first.device)
        if tensor.ndim == 1:
            tensor = tensor[:, None]
        if tensor.ndim == 0 or len(tensor) == 0 or not torch.isfinite(tensor).all():
            raise ValueError(f"data[{i}] must be a non-empty finite array, got shape {tuple(tensor.shape)}")
        if len(tensor) != len(tensors[0] if tensors else tensor):
            raise ValueError(f"data[{i}] has {len(tensor)} rows, data[0] has {len(tensors[0])}: they must match")
        tensors.append(tensor)
    return tensors


def _batches(tensors, batch_size):
    """Yield batches forever: everything each time, or ``batch_size`` rows per draw, reshuffled each epoch."""
    if batch_size is None or not tensors:
        while True:
            yield tensors
    n = len(tensors[0])
    size = min(batch_size, n)
    generator = torch.Generator().manual_seed(config.derived_seed())
    while True:
        order = torch.randperm(n, generator=generator).to(tensors[0].device)
        for start in range(0, n - size + 1, size):
            rows = order[start:start + size]
            yield [t[rows] for t in tensors]


def _record_steps(record_at, steps, record_x):
    if record_x is None:
        if record_at is not None:
            raise ValueError("record_at needs record_x: the points where the output is recorded")
        return None
    _check.real_array(record_x, "record_x", ndim=None)
    if record_at is None:
        return set(linear_steps(max(steps, 1), 51).tolist())
    record = _check.real_array(record_at, "record_at")
    if np.any(record < 0) or np.any(record != np.round(record)) or np.any(record > steps):
        raise ValueError(f"record_at must hold integer steps in [0, steps={steps}]; got {record[record > steps]} "
                         "beyond the training" if np.any(record > steps) else
                         "record_at must hold non-negative integer steps")
    return set(record.astype(int).tolist())
