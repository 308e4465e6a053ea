"""Exercises of notebook 08 (the F-Principle in high dimensions, on real data)."""
import numpy as np

from ..spectrum import boolean_cube
from . import Exercise, Wrong, multiple_choice, require_array, require_callable

_RNG = np.random.default_rng(8)
_X = _RNG.standard_normal((12, 3))
_Y = np.eye(2)[np.arange(12) % 2]
_DELTA = 0.7


def _filter(x, y, delta, *, normalize=True, variance=True, square=True):
    distance = np.sqrt(((x[:, None] - x[None]) ** 2).sum(-1))
    scale = 2 * delta if variance else 2 * delta**2
    weights = np.exp(-(distance**2 if square else distance) / scale)
    if normalize:
        weights = weights / weights.sum(axis=1, keepdims=True)
    return weights @ y


def _low_part(answer):
    require_callable(answer, "a function low_part(x, y, delta)")
    got = np.asarray(answer(_X.copy(), _Y.copy(), _DELTA), dtype=float)
    right = _filter(_X, _Y, _DELTA)
    if got.shape != right.shape:
        raise Wrong(f"expected the low part of every label, shape {right.shape} (points x classes); got {got.shape}.")
    if np.allclose(got, right):
        return "Each point's labels averaged with its neighbours, weighted by a Gaussian of variance δ."
    if np.allclose(got, _filter(_X, _Y, _DELTA, normalize=False)):
        raise Wrong("the rows of G must sum to 1 (divide each row by its sum): otherwise a constant is not its own low part.")
    if np.allclose(got, _filter(_X, _Y, _DELTA, variance=False)):
        raise Wrong("δ is a variance, not a width: the exponent is -|x_i - x_j|² / (2δ), not / (2δ²).")
    if np.allclose(got, _filter(_X, _Y, _DELTA, square=False)):
        raise Wrong("the exponent uses the squared distance |x_i - x_j|².")
    if np.allclose(got, _Y - right):
        raise Wrong("that is the high part y - G y; the low part is G y.")
    raise Wrong("not the low part: compare with G_ij = exp(-|x_i - x_j|² / (2δ)), rows normalized, low = G y.")


low_part = Exercise(
    "The low-frequency part of the labels",
    _low_part,
    "Squared distances with broadcasting: ((x[:, None] - x[None]) ** 2).sum(-1); then exp, normalize rows, multiply.",
    "```python\ndef low_part(x, y, delta):\n    squared = ((x[:, None] - x[None]) ** 2).sum(-1)\n"
    "    G = np.exp(-squared / (2 * delta))\n    return (G / G.sum(axis=1, keepdims=True)) @ y\n```",
)


larger_delta = multiple_choice(
    "Predict: the low part with the largest δ",
    "earlier",
    {
        "earlier": "A larger δ averages each label over a wider neighbourhood, so its low part holds only the "
                   "smoothest content of the labels — the part the F-Principle says a network fits first. "
                   "At the extreme, a very wide average leaves only the share of each class, a constant — "
                   "the lowest frequency of all. Section 1 asserts that this run agrees, for both networks.",
        "later": "A larger δ averages over wider neighbourhoods: its low part holds *less* and smoother content, "
                 "not more. By the F-Principle smoother content is fitted sooner.",
        "same": "the low part changes with δ: a larger δ averages over wider neighbourhoods and keeps only the "
                "smoothest content. Would the F-Principle fit smoother content at the same pace?",
    },
    hint="A larger δ keeps less in the low part: only what varies slowly over wide neighbourhoods.",
    solution="`earlier`: the larger δ's low part is smoother, and smoother content is fitted first.",
)

_CUBE = boolean_cube(10)


def _product_of_three(answer):
    got = require_array(answer, f"the target's value at each of the {len(_CUBE)} points of `cube`")
    if got.shape != (len(_CUBE),):
        raise Wrong(f"expected the target's value at each of the {len(_CUBE)} points of `cube`, got {answer!r:.80}.")
    if np.array_equal(got, _CUBE[:, 0] * _CUBE[:, 1] * _CUBE[:, 2]):
        return "A single Walsh function, of degree 3."
    if np.array_equal(got, np.prod(_CUBE, axis=1)):
        raise Wrong("that is parity, the product of all 10 coordinates; the exercise asks for x1 x2 x3 only.")
    if np.array_equal(got, _CUBE[:, 1] * _CUBE[:, 2] * _CUBE[:, 3]):
        raise Wrong("x1, x2, x3 are the columns 0, 1, 2 of `cube` (Python counts from 0).")
    if np.allclose(got, _CUBE[:, :3].sum(axis=1)) or np.array_equal(got, np.sign(_CUBE[:, :3].sum(axis=1))):
        raise Wrong("that is the sum of x1, x2, x3 (or its sign, the majority); the exercise asks for their product.")
    raise Wrong("not x1 x2 x3: multiply the first three columns of `cube`, point by point.")


product_of_three = Exercise(
    "The degree-3 target x1 x2 x3",
    _product_of_three,
    "Each row of `cube` is a point; its columns 0, 1, 2 are x1, x2, x3.",
    "```python\nfrom fplib.spectrum import boolean_cube\n\ncube = boolean_cube(10)  # the notebook's cube, already defined there\n"
    "degree_three = cube[:, 0] * cube[:, 1] * cube[:, 2]\n```",
)

_COUNT = ("A heuristic count of the Walsh functions of low degree on 10 coordinates: degree ≤ 3 gives 1 + 10 + 45 + 120 = 176, "
            "fewer than the 512 training points, so the training half pins a degree-3 function down; degree ≤ 4 "
            "gives 386 and degree ≤ 5 gives 638, so a low-degree function that fits parity's 512 training "
            "points needs degrees up to about 5, and has no reason to agree with parity (degree 10) off them.")

degree_three = multiple_choice(
    "A degree-3 target on the cube",
    "smooth",
    {
        "smooth": "x1 x2 x3 has degree 3, far below parity's 10, and depends on 3 coordinates only. " + _COUNT,
        "parity": "x1 x2 x3 is a product like parity, but of degree 3, not 10: a low-degree bias does not punish it "
                  "much. Look at the printed test accuracy. " + _COUNT,
    },
    hint="Degree is the cube's frequency. How many Walsh functions of degree at most 3 are there on 10 "
         "coordinates, against 512 training points?",
    solution="`smooth`: with degree 3 it generalizes nearly as well as the majority (a heuristic count: 176 "
             "Walsh functions of degree ≤ 3 against 512 training points).",
)
