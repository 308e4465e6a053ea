"""config: the run profile from FPLIB_PROFILE, one seed for initialization and batch order, the device."""
import numpy as np
import pytest
import torch

from fplib import config, nets, train


def test_profiles(monkeypatch):
    monkeypatch.delenv("FPLIB_PROFILE", raising=False)
    assert config.profile() == "classroom"
    monkeypatch.setenv("FPLIB_PROFILE", "Quick")
    assert config.profile() == "quick"
    monkeypatch.setenv("FPLIB_PROFILE", "fast")
    with pytest.raises(ValueError, match="FPLIB_PROFILE='fast'.*quick, classroom, paper"):
        config.profile()


def test_one_seed_fixes_initialization_and_batch_order():
    config.seed_everything(3)
    a = torch.rand(3)
    config.seed_everything(3)
    assert torch.equal(a, torch.rand(3))
    with pytest.raises(ValueError, match="seed"):
        config.seed_everything(-1)
    seen = {}
    for seed in (3, 3, 4):
        config.seed_everything(seed)
        model, order = nets.mlp([1, 2, 1]), []
        train.fit(model, lambda m, xb, order=order: order.append(xb[:, 0].tolist()) or m(xb).pow(2).mean(),
                  (np.arange(8.0),), steps=4, batch_size=2, progress=False)
        seen.setdefault(seed, []).append((model[0].weight.detach().clone(), order))
    (w1, o1), (w2, o2) = seen[3]
    assert torch.equal(w1, w2) and o1 == o2
    assert seen[4][0][1] != o1


def test_device_follows_cuda_availability(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert config.device().type == "cpu"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert config.device().type == "cuda"
