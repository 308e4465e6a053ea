"""config: the run profile from FPLIB_PROFILE, one seed for initialization and batch order, the device, threads within
the CPU quota (a fake cgroup tree)."""
import os

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


@pytest.fixture
def cgroup(tmp_path, monkeypatch):
    """A fake cgroup tree read by fplib.config in place of the kernel's; restores the thread counts afterwards."""
    import threadpoolctl

    monkeypatch.setattr(config, "CGROUP_ROOT", tmp_path / "cgroup")
    monkeypatch.setattr(config, "SELF_CGROUP", tmp_path / "self-cgroup")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    monkeypatch.delenv("FPLIB_THREADS", raising=False)
    before = torch.get_num_threads()
    with threadpoolctl.threadpool_limits(limits=None):  # restores every BLAS/OpenMP pool's count on exit
        yield tmp_path
    torch.set_num_threads(before)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_threads_follow_the_cgroup_v2_quota_the_tightest_along_the_path(cgroup):
    write(cgroup / "self-cgroup", "0::/course/ada\n")
    write(cgroup / "cgroup" / "cpu.max", "max 100000\n")
    write(cgroup / "cgroup" / "course" / "cpu.max", "300000 100000\n")
    write(cgroup / "cgroup" / "course" / "ada" / "cpu.max", "150000 100000\n")
    assert config.cpu_quota() == 1.5 and config.default_threads() == 1
    write(cgroup / "cgroup" / "course" / "ada" / "cpu.max", "max 100000\n")
    assert config.cpu_quota() == 3.0 and config.default_threads() == 3
    write(cgroup / "cgroup" / "course" / "cpu.max", "20000 100000\n")
    assert config.default_threads() == 1  # a fifth of a CPU: still one thread


def test_threads_follow_the_cgroup_v1_quota_else_the_affinity_mask(cgroup):
    write(cgroup / "self-cgroup", "4:cpu,cpuacct:/kubepods/pod1\n3:memory:/kubepods/pod1\n")
    write(cgroup / "cgroup" / "cpu,cpuacct" / "kubepods" / "pod1" / "cpu.cfs_quota_us", "200000\n")
    write(cgroup / "cgroup" / "cpu,cpuacct" / "kubepods" / "pod1" / "cpu.cfs_period_us", "100000\n")
    assert config.cpu_quota() == 2.0 and config.default_threads() == 2
    write(cgroup / "cgroup" / "cpu,cpuacct" / "kubepods" / "pod1" / "cpu.cfs_quota_us", "-1\n")  # no quota
    assert config.cpu_quota() is None and config.default_threads() == 8
    (cgroup / "self-cgroup").unlink()  # no cgroup at all (macOS, a sandbox)
    assert config.cpu_quota() is None and config.default_threads() == 8


def test_torch_and_blas_are_limited_to_the_quota_and_fplib_threads_overrides(cgroup, monkeypatch):
    import threadpoolctl

    write(cgroup / "self-cgroup", "0::/\n")
    write(cgroup / "cgroup" / "cpu.max", "100000 100000\n")  # one CPU
    torch.set_num_threads(2)
    assert config.limit_threads() == 1 == torch.get_num_threads()
    pools = threadpoolctl.threadpool_info()
    assert any(p["user_api"] == "blas" for p in pools) and all(p["num_threads"] == 1 for p in pools), pools
    monkeypatch.setenv("FPLIB_THREADS", "2")
    assert config.limit_threads() == 2 and all(p["num_threads"] == 2 for p in threadpoolctl.threadpool_info())
    monkeypatch.setenv("FPLIB_THREADS", "all")
    with pytest.raises(ValueError, match="FPLIB_THREADS='all'"):
        config.default_threads()
