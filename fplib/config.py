"""Run profiles, seeding and device choice: the one switch every notebook reads.

The profile comes from the environment variable ``FPLIB_PROFILE``:

* ``quick``     -- CI and ``make test``: tiny sizes, seconds per notebook;
* ``classroom`` -- the default: minutes per notebook on 1-2 CPU cores, under ~1.5 GB;
* ``paper``     -- the article's sizes, for a GPU or a patient CPU.

Threads: on import, PyTorch and the BLAS libraries (through threadpoolctl) are limited to the CPUs this process
may really use (``default_threads``: the cgroup's CPU quota, else the affinity mask), so that kernels sharing a
hub node do not each start a thread per core of the node. ``FPLIB_THREADS=N`` sets the count instead.
"""
from __future__ import annotations

import math
import os
import random
from pathlib import Path

import numpy as np
import threadpoolctl
import torch

PROFILES = ("quick", "classroom", "paper")
DEFAULT_PROFILE = "classroom"
PROFILE_VARIABLE = "FPLIB_PROFILE"
THREADS_VARIABLE = "FPLIB_THREADS"
CGROUP_ROOT = Path("/sys/fs/cgroup")  # where the kernel's cgroup files are mounted
SELF_CGROUP = Path("/proc/self/cgroup")  # this process's cgroup, one line per hierarchy


def profile() -> str:
    """The active run profile, read from ``FPLIB_PROFILE`` (default ``classroom``)."""
    name = os.environ.get(PROFILE_VARIABLE, "").strip().lower() or DEFAULT_PROFILE
    if name not in PROFILES:
        raise ValueError(
            f"{PROFILE_VARIABLE}={name!r} is not a run profile; expected one of {', '.join(PROFILES)}"
        )
    return name


def seed_everything(seed: int = 0) -> int:
    """Seed Python, NumPy and PyTorch so that the same profile gives the same numbers twice.

    The one seeding call: call it before building a model. Everything random in fplib follows from
    it -- the model's initialization, Fourier-feature matrices, ``train.fit``'s batch order, the Deep
    Ritz points -- since each draws from PyTorch's global generator (see ``derived_seed``).
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    random.seed(int(seed))
    np.random.seed(int(seed))
    torch.manual_seed(int(seed))
    return int(seed)


def derived_seed() -> int:
    """A seed drawn from PyTorch's global generator, for a private generator that ``seed_everything`` still fixes."""
    return int(torch.randint(0, 2**62, (1,)).item())


def device() -> torch.device:
    """CUDA when a GPU is present, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def quiet() -> bool:
    """True where progress bars should stay silent: in CI, or with ``FPLIB_PROGRESS=0``."""
    return bool(os.environ.get("CI")) or os.environ.get("FPLIB_PROGRESS", "1") == "0"


def _folders(base: Path, path: str):
    """``base/path`` and each folder above it up to ``base``: a limit set on a parent applies to its children."""
    folder = base / path.strip("/")
    while True:
        yield folder
        if folder == base:
            return
        folder = folder.parent


def cpu_quota() -> float | None:
    """The CPUs this process's CFS quota allows (e.g. 1.5), the smallest along its cgroup path (cgroup v2 ``cpu.max``,
    v1 ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``); None where no quota is set or no cgroup is readable."""
    try:
        lines = SELF_CGROUP.read_text().splitlines()
    except OSError:
        return None
    quotas = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "":  # cgroup v2: one unified hierarchy
            for folder in _folders(CGROUP_ROOT, path):
                fields = _read(folder / "cpu.max").split()
                if len(fields) == 2 and fields[0] != "max":
                    quotas.append(int(fields[0]) / int(fields[1]))
        elif "cpu" in controllers.split(","):  # cgroup v1: the cpu controller's own hierarchy
            for base in (CGROUP_ROOT / controllers, CGROUP_ROOT / "cpu"):
                for folder in _folders(base, path):
                    quota, period = _read(folder / "cpu.cfs_quota_us"), _read(folder / "cpu.cfs_period_us")
                    if quota.lstrip("-").isdigit() and int(quota) > 0 and period.isdigit():
                        quotas.append(int(quota) / int(period))
    return min(quotas) if quotas else None


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def default_threads() -> int:
    """The thread count for PyTorch and BLAS: ``FPLIB_THREADS`` if set, else the CPU quota rounded down (at least 1,
    as Go's automaxprocs does), at most the CPUs of the affinity mask; the affinity mask where no quota is set."""
    override = os.environ.get(THREADS_VARIABLE, "").strip()
    if override:
        if not override.isdigit() or int(override) < 1:
            raise ValueError(f"{THREADS_VARIABLE}={override!r} must be a positive whole number of threads")
        return int(override)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    quota = cpu_quota()
    return cpus if quota is None else max(1, min(cpus, math.floor(quota)))


def limit_threads() -> int:
    """Limit PyTorch's and every BLAS/OpenMP pool's threads to ``default_threads()``: exactly that many where
    ``FPLIB_THREADS`` is set, else never more than a pool already has (``OMP_NUM_THREADS=1`` stays 1). Returns
    PyTorch's thread count after. Runs once on import; call it again after changing ``FPLIB_THREADS``."""
    count, exact = default_threads(), bool(os.environ.get(THREADS_VARIABLE, "").strip())
    torch.set_num_threads(count if exact else min(count, torch.get_num_threads()))
    for pool in threadpoolctl.ThreadpoolController().lib_controllers:
        pool.set_num_threads(count if exact else min(count, pool.num_threads))
    return torch.get_num_threads()


limit_threads()
