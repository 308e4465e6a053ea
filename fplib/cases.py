"""Poisson problems with known exact solutions, the defaults of ``poisson.problem``: the article's source on
(-1, 1) and its solution, and our example on the square (three sine modes) and its solution.

The article's example: g(x) = sin x + 4 sin 4x - 8 sin 8x + 16 sin 24x, whose exact solution is
u = g0 + c1 x + c0 with g0(x) = sin x + sin(4x)/4 - sin(8x)/8 + sin(24x)/36.
The examples assume ``import numpy as np`` and ``from fplib import cases, poisson``.
"""
from __future__ import annotations

import numpy as np

LEFT, RIGHT = -1.0, 1.0  # the interval of every problem (in 2D, of each side of the square)


def article_source(x):
    """g(x) = sin x + 4 sin 4x - 8 sin 8x + 16 sin 24x.

    >>> print(cases.article_source(np.array([0.0, np.pi / 2])).round(6))
    [0. 1.]
    """
    return np.sin(x) + 4 * np.sin(4 * x) - 8 * np.sin(8 * x) + 16 * np.sin(24 * x)


def _g0(x):
    return np.sin(x) + np.sin(4 * x) / 4 - np.sin(8 * x) / 8 + np.sin(24 * x) / 36


def article_solution(x):
    """The exact u for ``article_source``: g0(x) + c1 x + c0, zero at x = +-1.

    >>> x = np.linspace(-1, 1, 2001)  # spacing 0.001: check u(+-1) = 0 and -u'' = g by differences
    >>> u = cases.article_solution(x)
    >>> print(np.abs(u[[0, -1]]).max() < 1e-15, np.abs(-np.diff(u, 2) / 0.001**2 - cases.article_source(x[1:-1])).max() < 1e-2)
    True True
    """
    c0 = -(_g0(LEFT) + _g0(RIGHT)) / 2
    c1 = (_g0(LEFT) - _g0(RIGHT)) / 2
    return _g0(x) + c1 * x + c0


SQUARE_MODES = ((1, 2, 1.0), (5, 4, 10.0), (14, 12, 50.0))  # (k, l, coefficient of g): low, middle, high


def _square_modes(x, y, weight):
    return sum(c * weight(kx, ky) * np.sin(kx * np.pi * (x + 1) / 2) * np.sin(ky * np.pi * (y + 1) / 2)
               for kx, ky, c in SQUARE_MODES)


def square_source(x, y):
    """Our 2D example (not the article's): g = sum of three sine modes phi_kl(x, y) = sin(k pi (x+1)/2) sin(l pi (y+1)/2)
    at (k, l) = (1, 2), (5, 4), (14, 12) with coefficients 1, 10, 50 (their solution modes are of similar size).

    >>> print(cases.square_source(np.array([-1.0, 0.5]), np.array([0.3, -0.5])).round(4))  # x = -1: the boundary
    [0.     0.7071]
    """
    return _square_modes(x, y, lambda kx, ky: 1.0)


def square_solution(x, y):
    """The exact u for ``square_source``: each mode divided by its eigenvalue (k^2 + l^2) pi^2 / 4; zero on the boundary.

    >>> x, h = poisson.grid(255)
    >>> u, g = (f(*np.meshgrid(x, x, indexing="ij")) for f in (cases.square_solution, cases.square_source))
    >>> print(np.abs(poisson.residual(u, g, h)).max() / np.abs(g).max() < 1e-2)  # -Laplace(u) = g, to O(h^2)
    True
    """
    return _square_modes(x, y, lambda kx, ky: 4 / ((kx**2 + ky**2) * np.pi**2))
