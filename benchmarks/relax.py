"""Cost of one relaxation sweep per grid point, against a memory-bandwidth bound measured in the same run.

    .venv/bin/python benchmarks/relax.py

A Jacobi sweep (one iteration) must read u and the right-hand side and write the new u: 24 bytes per
point in float64, in 1D and in 2D. The bound is 24 bytes divided by the rate of a large-array copy (bytes
read + written per second), measured here; the variable-coefficient row is set against the same bound (it
reads more: k at the faces and 1 / the diagonal). The last line holds key=value pairs for scripts.
"""
from __future__ import annotations

import numpy as np

from fplib import poisson, relax, timing

SIZES = (1_000, 10_000, 100_000, 1_000_000)
SIZES_2D = (127, 511, 1023)  # n x n interior points on the square
BYTES_PER_POINT = 24


def copy_rate(n_bytes=256 * 2**20):
    src = np.ones(n_bytes // 8)
    dst = np.empty_like(src)
    return 2 * n_bytes / timing.best_of(lambda: np.copyto(dst, src), 5).seconds


def ns_per_point(prob, method, iterations, repeats=5):
    """Sweeping time only, as relax measures it (set-up and error recording excluded); best of ``repeats``."""
    return relax.seconds_per_iteration(prob, iterations, method, repeat=repeats) / prob.g.size * 1e9


def python_loop_ns_per_point(prob, iterations=20):
    """The weak baseline: one Python statement per point and sweep."""
    rhs = (prob.h**2 * prob.g).tolist()

    def run():
        u = [0.0] * (prob.n + 2)
        for _ in range(iterations):
            new = u[:]
            for i in range(1, prob.n + 1):
                new[i] = 0.5 * (u[i - 1] + u[i + 1] + rhs[i - 1])
            u = new

    return timing.best_of(run).seconds / iterations / prob.n * 1e9


def main():
    rate = copy_rate()
    bound = BYTES_PER_POINT / rate * 1e9
    print(f"large-array copy: {rate / 1e9:.1f} GB/s -> bound for a Jacobi sweep: {bound:.2f} ns/point")
    print(f"{'n':>9} {'jacobi':>10} {'weighted':>10} {'gauss-seidel':>13} {'jacobi/bound':>13}   (ns per point per sweep)")
    results = {}
    for n in SIZES:
        prob = poisson.problem(n)
        iterations = max(50, 20_000_000 // n)
        row = {m: ns_per_point(prob, m, iterations) for m in relax.METHODS}
        results[n] = row
        print(f"{n:9d} {row['jacobi']:10.2f} {row['weighted-jacobi']:10.2f} {row['gauss-seidel']:13.2f} "
              f"{row['jacobi'] / bound:13.2f}")
    print(f"\n2D, 5-point stencil (the same 24 bytes per point bound):\n{'n x n':>11} {'jacobi':>10} {'weighted':>10} "
          f"{'gauss-seidel':>13} {'jacobi/bound':>13}")
    results_2d = {}
    for n in SIZES_2D:
        prob = poisson.problem(n, dim=2)
        iterations = max(20, 20_000_000 // n**2)
        row = {m: ns_per_point(prob, m, iterations) for m in relax.METHODS}
        results_2d[n] = row
        print(f"{f'{n} x {n}':>11} {row['jacobi']:10.2f} {row['weighted-jacobi']:10.2f} {row['gauss-seidel']:13.2f} "
              f"{row['jacobi'] / bound:13.2f}")
    varied = poisson.problem(SIZES_2D[-1], dim=2, coefficient=lambda x, y: np.exp(x * y))
    variable = ns_per_point(varied, "jacobi", max(20, 20_000_000 // SIZES_2D[-1] ** 2))
    print(f"{f'{SIZES_2D[-1]} x {SIZES_2D[-1]}':>11} {variable:10.2f} {'':>10} {'':>13} {variable / bound:13.2f}"
          "   (variable coefficient k = exp(xy))")
    loop = python_loop_ns_per_point(poisson.problem(1_000))
    print(f"pure-Python loop at n = 1000: {loop:.0f} ns/point, {loop / results[1_000]['jacobi']:.0f}x the vectorized sweep")
    pairs = {f"ns_per_point_n{n}": results[n]["jacobi"] for n in SIZES}
    pairs |= {f"bandwidth_ratio_n{n}": results[n]["jacobi"] / bound for n in SIZES}
    pairs |= {f"gauss_seidel_ns_per_point_n{n}": results[n]["gauss-seidel"] for n in SIZES}
    pairs |= {f"ns_per_point_2d_n{n}": results_2d[n]["jacobi"] for n in SIZES_2D}
    pairs |= {f"bandwidth_ratio_2d_n{n}": results_2d[n]["jacobi"] / bound for n in SIZES_2D}
    pairs |= {f"ns_per_point_2d_varcoef_n{SIZES_2D[-1]}": variable,
              f"bandwidth_ratio_2d_varcoef_n{SIZES_2D[-1]}": variable / bound}
    pairs |= {"copy_rate_gb_s": rate / 1e9, "bound_ns_per_point": bound,
              "python_loop_slowdown_n1000": loop / results[1_000]["jacobi"]}
    print(" ".join(f"{key}={value:.3g}" for key, value in pairs.items()))


if __name__ == "__main__":
    main()
