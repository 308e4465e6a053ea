"""Run profiles, seeding and device choice: the one switch every notebook reads.

The profile comes from the environment variable ``FPLIB_PROFILE``:

* ``quick``     -- CI and ``make test``: tiny sizes, seconds per notebook;
* ``classroom`` -- the default: minutes per notebook on 1-2 CPU cores, under ~1.5 GB;
* ``paper``     -- the article's sizes, for a GPU or a patient CPU.
"""
from __future__ import annotations

import os
import random

import numpy as np
import torch

PROFILES = ("quick", "classroom", "paper")
DEFAULT_PROFILE = "classroom"
PROFILE_VARIABLE = "FPLIB_PROFILE"


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
