"""The fast form of a relaxation sweep: ``Sweeper`` runs ``relax.textbook_jacobi`` (and red-black Gauss-Seidel)
as a fixed list of in-place NumPy calls on preallocated, padded, flat buffers.

``relax.textbook_jacobi`` is the textbook step u + w D^-1 (g - A u), written to be read; this module is the
same step written to be fast: each sweep is a single pass over memory, so the cost per point is close to
the memory-bandwidth bound (see ``benchmarks/relax.py``). The tests hold the two to 1e-13.
"""
from __future__ import annotations

import numpy as np

from . import _check
from .poisson import Problem

METHODS = ("jacobi", "weighted-jacobi", "gauss-seidel")
BLOCK = 2**14  # flat points per NumPy call: what one call reads and writes stays in cache


class Sweeper:
    """The fast form of ``relax.textbook_jacobi``, u + w D^-1 (g - A u) (1D, 2D, variable k), and of red-black
    Gauss-Seidel: preallocated buffers and one vectorized sweep of ``method`` (in ``METHODS``) with ``weight``
    from ``u0``; ``run(t)`` sweeps t times, ``interior()`` is the current u (a view).

    One path for 1D and 2D: u lives in a flat array padded with the zero boundary values (in 2D rows of
    odd length, so the parity of a flat index is the parity of i + j). Each neighbour of the interior
    points is then a shifted slice, and a sweep is a fixed list of in-place NumPy calls on blocks of
    ``BLOCK`` points: a single pass over memory. In 2D the slices also cover the padding at the ends of
    the rows; it is reset to 0 after each pass. Red-black Gauss-Seidel updates the points of one parity
    (i + j even, 0-based), then the others, with the new values. With a variable coefficient each
    neighbour counts with k at the face between, and the sum is divided by the diagonal (the sum of those k).

    >>> from fplib import poisson, relax
    >>> prob = poisson.problem(31)
    >>> sweeper = Sweeper(prob, "weighted-jacobi", 2 / 3, np.zeros(31))
    >>> sweeper.run(5)
    >>> u = np.zeros(31)
    >>> for _ in range(5):
    ...     u = relax.textbook_jacobi(prob, u, 2 / 3)
    >>> bool(np.allclose(sweeper.interior(), u, rtol=0, atol=1e-13))
    True
    """

    def __init__(self, prob: Problem, method: str, weight: float, u0):
        _check.instance(prob, Problem, "prob", "poisson.Problem")
        _check.one_of(method, "method", METHODS)
        weight = _check.positive(weight, "weight")
        u0 = _check.grid_values(u0, prob.shape)
        n, dim = prob.n, prob.dim
        width = n + 2 + (dim == 2 and n % 2 == 0)  # odd rows in 2D
        strides = (width, 1)[2 - dim:]  # flat distance to the next point along each axis
        first, last = sum(strides), n * sum(strides) + 1  # the flat range holding the interior points
        padded = (n + 2, width)[:dim]
        self.inside = (slice(1, n + 1),) * dim
        buffers = [np.zeros(padded) for _ in range(1 if method == "gauss-seidel" else 2)]
        buffers[0][self.inside] = u0
        links, inverse = self._links(prob, padded)  # k towards each neighbour; 1 / the diagonal of h^2 A
        constant = np.zeros(padded)  # the update's constant term: weight h^2 g / diagonal
        constant[self.inside] = (inverse[self.inside] if links else inverse) * prob.h**2 * prob.g
        constant = (weight * constant).ravel()
        scale = (weight * inverse).ravel() if links else weight * inverse  # the neighbours' sum times this
        self.buffers, self.done = buffers, 0
        flats = [b.ravel() for b in buffers]
        offsets = [sign * s for s in strides for sign in (-1, 1)]
        gaps = [self._gaps(flat, n, width) for flat in flats] if dim == 2 else [[] for _ in flats]
        if method == "gauss-seidel":
            # flat parity dim % 2 holds the points with i + j even (0-based): they go first
            program = [call for colour in (dim % 2, 1 - dim % 2) for call in
                       self._gauss_seidel(flats[0], constant, scale, links, offsets, first, last, colour) + gaps[0]]
            self.programs = (program, program)
        else:
            self.programs = tuple(self._jacobi(flats[a], flats[1 - a], constant, scale, links, offsets, first, last,
                                               weight) + gaps[1 - a] for a in (0, 1))

    def _links(self, prob, padded):
        """Per neighbour (axis by axis, the lower one first) k at the face towards it, as flat padded arrays, and
        1 / the sum of the four (two in 1D); with k = 1: no arrays and 1 / (2 dim)."""
        if prob.faces is None:
            return [], 0.5 if prob.dim == 1 else 0.25
        links = []
        for axis, k in enumerate(prob.faces):
            for cut in (slice(0, prob.n), slice(1, prob.n + 1)):
                link = np.zeros(padded)
                link[self.inside] = k[tuple(cut if a == axis else slice(None) for a in range(prob.dim))]
                links.append(link)
        inverse = np.zeros(padded)
        inverse[self.inside] = 1.0 / sum(link[self.inside] for link in links)
        return [link.ravel() for link in links], inverse

    @staticmethod
    def _gaps(flat, n, width):
        """The padding at the row ends inside the flat range, as a call that zeroes it."""
        start = width + n + 1
        return [(np.copyto, (flat[start:start + (n - 1) * width].reshape(n - 1, width)[:, :width - n], 0.0))]

    @staticmethod
    def _neighbour_sum(near, links, out, part):
        """Calls that leave the sum over neighbours of k u in ``out`` (k = 1 without ``links``)."""
        if not links:
            return [(np.add, (near[0], near[1], out))] + [(np.add, (out, other, out)) for other in near[2:]]
        calls = [(np.multiply, (links[0], near[0], out))]
        for link, other in zip(links[1:], near[1:]):
            calls += [(np.multiply, (link, other, part)), (np.add, (out, part, out))]
        return calls

    @staticmethod
    def _jacobi(source, target, constant, scale, links, offsets, first, last, weight):
        scratch = np.empty(min(BLOCK, last - first))
        calls = []
        for start in range(first, last, BLOCK):
            stop = min(start + BLOCK, last)
            out, near, part = target[start:stop], [source[start + o:stop + o] for o in offsets], scratch[:stop - start]
            calls += Sweeper._neighbour_sum(near, [link[start:stop] for link in links], out, part)
            calls += [(np.multiply, (out, _block(scale, start, stop), out)), (np.add, (out, constant[start:stop], out))]
            if weight != 1:
                calls += [(np.multiply, (source[start:stop], 1.0 - weight, part)), (np.add, (out, part, out))]
        return calls

    @staticmethod
    def _gauss_seidel(u, constant, scale, links, offsets, first, last, colour):
        scratch = np.empty((2, min(BLOCK, last - first) // 2 + 1))
        calls = []
        for start in range(first + (colour - first) % 2, last, BLOCK):  # BLOCK is even: every start has this colour
            stop = min(start + BLOCK, last)
            near = [u[start + o:stop + o:2] for o in offsets]
            total, part = scratch[:, :len(near[0])]
            calls += Sweeper._neighbour_sum(near, [link[start:stop:2] for link in links], total, part)
            calls += [(np.multiply, (total, _block(scale, start, stop, 2), total)),
                      (np.add, (total, constant[start:stop:2], u[start:stop:2]))]
        return calls

    def run(self, iterations: int) -> None:
        """Sweep ``iterations`` times (no argument check: this is the inner loop's call)."""
        programs, done = self.programs, self.done
        for t in range(done, done + iterations):
            for call, args in programs[t & 1]:
                call(*args)
        self.done = done + iterations

    def interior(self) -> np.ndarray:
        """The current u at the interior points: a view into the buffer the next sweep reads."""
        return self.buffers[self.done % len(self.buffers)][self.inside]


def _block(value, start, stop, step=1):
    """A number as it is; an array's slice [start:stop:step]."""
    return value[start:stop:step] if isinstance(value, np.ndarray) else value
