"""The course plan: the one list of the notebooks, with what each teaches, what it asserts, what it builds on,
how long a student needs, and three suggested paths.

    python -m coursework.plan [OUT.png]     (default: figures/course_plan.png)

draws the dependency graph (the figure of the site's course plan page). Everything else that names or counts
notebooks is written from ``PLAN`` or checked against it: the headers' "What you will learn", "Builds on" and
"Time" lines (``coursework.notebook_furniture``), the tables of the README and the site
(``coursework.catalogue``), the tests that loop over notebooks. Adding or renumbering a notebook is its file, its
entry here and its ``fplib/exercises/nbNN.py``; the measured run times come from ``coursework.reproduce --record``.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from . import repository


@dataclass(frozen=True)
class Notebook:
    name: str       # the file is notebooks/NN_name.ipynb
    title: str      # the short title of every table
    builds_on: tuple[str, ...]
    minutes: int    # a student's time, our estimate (not measured): reading, running (classroom), exercises 1-2
    homework: int   # a student's time for exercises 3-4 (try it, open question), our estimate
    place: tuple[float, float]  # (column, row) in the course plan's figure: column = depth in the graph
    summary: str    # what you see, in a few words (the README's and the site's landing table)
    see: str        # what you see, in full (the site's catalogue)
    asserted: str   # what the notebook checks in every profile
    learn: tuple[str, ...]  # the objectives: the header's "What you will learn"
    background: str  # what it uses without teaching, beyond the notebooks it builds on (the instructors' page)


PLAN = {
    "01": Notebook(
        "f_principle_1d", "The F-Principle in 1D", (), minutes=45, homework=20, place=(0, 2.2),
        summary="a network fits three sine waves, slowest first",
        see="a network fits sin x + 2 sin 3x + 3 sin 5x; its spectrum over training (animation), the relative error at "
            "each peak (heat map)",
        asserted="every peak falls below 10 % within the run, the lowest first and strictly before the highest",
        learn=(
            "What the **Frequency Principle** (F-Principle; also called **spectral bias**, the name Rahaman et al. gave"
            " it in 2019) says: deep networks tend to fit a target from low to high frequency (Xu, Zhang, Luo, Xiao & "
            "Ma, *Frequency Principle: Fourier Analysis Sheds Light on Deep Neural Networks*, Commun. Comput. Phys. "
            "28(5), 2020; arXiv:1901.06523).",
            "How to measure it: the discrete Fourier transform (DFT) of the output, the **peaks** of the target's "
            "spectrum, and the **relative error at each peak** over training.",
            "How to read the heat map used throughout this bundle: rows are frequencies, columns are training steps, "
            "**red means small error**.",
        ),
        background="the discrete Fourier transform (the amplitude of a frequency); training a small network: "
                   "activation, loss, Adam, learning rate"),
    "02": Notebook(
        "image_memorization", "Image memorization", (), minutes=40, homework=20, place=(0, -1.7),
        summary="a picture is learned from coarse to fine",
        see="a network maps pixel (x, y) to gray value, trained on every other pixel of Grace Hopper's portrait; "
            "snapshots from coarse to fine, a step scrubber, PSNR on training and held-out pixels, relative error per "
            "ring of the 2D spectrum",
        asserted="the rings are learned in order of frequency: at least the two lowest, none before a lower one, the "
                 "lowest strictly first; unlearned rings are reported, never counted as \"later\"",
        learn=(
            "How to turn a picture into a regression problem: coordinates in $[-1, 1]^2$ → gray value.",
            "PSNR on training and on **held-out** pixels: memorizing versus generalizing.",
            "The radially averaged 2D spectrum of the error: the F-Principle of notebook 01 in two dimensions.",
        ),
        background="the F-Principle of notebook 01, which it carries to 2D; the 2D Fourier transform of an image; training a "
                   "network with Adam on a squared-error loss"),
    "03": Notebook(
        "jacobi_poisson", "Jacobi on Poisson", (), minutes=60, homework=20, place=(0, -0.3),
        summary="Jacobi fixes the highest frequency first, exactly as its factors say",
        see="−u″ = g on (−1, 1); Jacobi's error at the three peaks of g (ω = π, 3π, 8π); each sine mode decays exactly "
            "as λ_k^t; plain vs weighted Jacobi, the Nyquist caveat, Gauss–Seidel, why multigrid exists",
        asserted="g's terms land on the tracked peaks (sin x and 4 sin 4x both on π); g's and u's spectral tails are "
                 "within 25 % of 4|g(1)|/(πk) and 16|g(1)|/(π³k³) at k = 48; every peak reaches 10 % within the run, "
                 "from the highest to the lowest, never before the closed form's exact count; measured decay equals "
                 "λ_k^t to 1e-8; red-black Gauss–Seidel reaches the discretization error first, weighted Jacobi last",
        learn=(
            "The finite-difference Poisson problem and its exact discrete solution (a banded direct solve).",
            "Why each sine mode of the Jacobi error decays by its own factor $\\lambda_k$ per sweep — and how to check "
            "that to round-off.",
            "The caveat: plain Jacobi hardly damps the grid-scale (Nyquist) mode; weighted Jacobi does.",
            "Why this behaviour is the reason multigrid exists.",
        ),
        background="finite differences for u″; eigenvectors of a symmetric matrix; tridiagonal (banded) solves; sine "
                   "series"),
    "04": Notebook(
        "network_poisson", "A network on Poisson", ("03",), minutes=50, homework=25, place=(1, 0.6),
        summary="the network fixes the lowest first",
        see="a network trained on the discrete energy ½uᵀAu − gᵀu and on the Deep Ritz energy (autograd, boundary "
            "penalty β); its heat map beside Jacobi's",
        asserted="the peaks are learned from the lowest (at least the two lowest, in order), in both trainings; "
                 "Jacobi's from the highest",
        learn=(
            "The **energy (Ritz) formulation**: the solution of $-u'' = g$, $u(\\pm1) = 0$ minimizes $E(u) = "
            "\\int_{-1}^{1} \\tfrac12 u'(x)^2 - g(x)\\,u(x)\\,dx$ — a loss a network can be trained on (the *Deep Ritz*"
            " method).",
            "Two versions of that loss: the continuous one with $h'$ from autograd on sampled points and a boundary "
            "penalty $\\beta$, and the discrete one on the grid, whose minimizer **is** the finite-difference solution "
            "of notebook 03.",
            "Jacobi and the network side by side: the F-Principle against a classical smoother.",
        ),
        background="automatic differentiation; the gradient of a quadratic form; training a network with Adam"),
    "05": Notebook(
        "hybrid_solver", "The hybrid solver", ("03", "04"), minutes=75, homework=30, place=(2, 0.6),
        summary="network first, then Jacobi, against honest baselines",
        see="network first, then Jacobi from its output: the article's error-vs-time figure for three switch times; a "
            "float64 network with L-BFGS; an automatic switch rule; T_hybrid/T_Jacobi against n; banded and multigrid "
            "baselines and a classical coarse-grid control timed in the same run; extrapolated times marked",
        asserted="at the largest grid, the best switch reaches 1e-3 sooner than Jacobi from zero; on the smallest (n = "
                 "255) Jacobi alone is faster — the crossover is measured; the best predicted switch lies between the "
                 "too-early and too-late ones, and switched too late the Jacobi phase is no shorter than from it",
        learn=(
            "How to hand a network's output to Jacobi, when to switch, and how to compare the hybrid honestly with "
            "multigrid and a direct solve, training time included.",
        ),
        background="floating point (float32 against float64); big-O cost and timing code; L-BFGS, in outline"),
    "06": Notebook(
        "beyond_the_article", "Beyond the article", ("01", "04", "05"), minutes=60, homework=30, place=(3, 1.9),
        summary="Fourier features and multiscale networks",
        see="Fourier features and multiscale networks against a plain MLP at equal parameter count: notebook 01's heat "
            "map, held-out PSNR on notebook 02's picture for several σ, notebook 04's heat map and notebook 05's hybrid"
            " with a multiscale network; a table of the measured results",
        asserted="the highest peak is learned sooner with Fourier features than with the plain MLP; with the largest σ "
                 "the held-out PSNR is below the plain MLP's",
        learn=(
            "Fourier features and multiscale networks, which learn high frequencies sooner, measured on the tasks of "
            "notebooks 01, 02, 04 and 05.",
        ),
        background="overfitting and a held-out split; PSNR (notebook 02); writing a PyTorch nn.Module (exercise 4)"),
    "07": Notebook(
        "why_low_frequencies_first", "Why low frequencies first", ("01", "03"), minutes=75, homework=30, place=(1, 3.0),
        summary="the heat map predicted from the network's tangent kernel",
        see="the network's tangent kernel K (computed with `torch.func`): its eigenvectors are Fourier modes, its "
            "eigenvalues fall like 1/k² (against the closed form); the heat map predicted from K before training beside"
            " the measured one; where the prediction breaks (the lazy dial α, a narrow network, Adam, a learning rate "
            "beyond 2/μ_max); Jacobi's and gradient descent's factor per mode on one figure",
        asserted="in the lazy regime (α = 100) every peak's predicted first step is the measured one or a neighbouring "
                 "recorded step; the deviation from the linear prediction falls as α grows; convergence time grows like"
                 " 1/μ_k (fitted slope from k = 5 within 0.3 of the infinite-width kernel's); a narrow network deviates"
                 " more than a wide one; the catapult run's top eigenvalue shrinks; Adam's k = 5 / k = 3 time ratio is "
                 "below gradient descent's at the same α; the whole notebook also runs with `ACTIVATION = \"tanh\"`",
        learn=(
            "To write gradient descent with a small step as a linear iteration on the residual, $r_{t+1} \\approx (I - "
            "\\eta K)\\, r_t$, with $K$ the network's *neural tangent kernel* (NTK): the network's counterpart of "
            "Jacobi's $\\lambda_k$.",
            "To read the F-Principle off $K$: its eigenvectors are (nearly) Fourier modes and its eigenvalues $\\mu_k$ "
            "fall with the frequency $k$, so mode $k$ needs about $\\ln 10/(\\eta\\mu_k)$ steps — for a ReLU network a "
            "time that grows like $k^2$ at large $k$, and faster than that at small $k$.",
            "To predict a network's heat map from $K$ before training, and to test the prediction.",
            "To tell when the prediction fails: a network that moves its kernel (the *lazy dial* $\\alpha$, a narrow "
            "network), Adam, a learning rate beyond the stability limit.",
            "To set Jacobi's factor and gradient descent's factor per mode side by side: the whole bundle in one "
            "figure.",
        ),
        background="Jacobians and linearization; eigendecomposition of a symmetric matrix; circulant matrices; "
                   "expectations over random weights; log-log fits"),
    "08": Notebook(
        "high_dimensions", "High dimensions", (), minutes=60, homework=30, place=(0, -2.9),
        summary="real data, parity, generalization",
        see="the filtering method (Gaussian low/high split of the labels, as in the authors' code) on scikit-learn's "
            "digits for an MLP and a small CNN; the projection method along the first principal component; plane waves "
            "in 8 dimensions measured along each wave; on the Boolean cube {−1, 1}¹⁰ a smooth target generalizes from "
            "half the points while parity is fitted and not generalized, with both Walsh spectra",
        asserted="for every δ and both networks the low part reaches 10 % before the high part (both reached); along "
                 "the first principal component no frequency before a lower one; in 8 dimensions the lowest wave before"
                 " the highest; when fitted, the smooth target's test accuracy ≥ 0.9, parity's more than 3 standard "
                 "errors below chance and below 0.75 afterwards; the fitted majority network's energy is at degree 1 "
                 "and its sign is the target",
        learn=(
            "How to measure frequency without a grid: the **filtering method** (a Gaussian average over neighbouring "
            "data points splits any function on a data set into a low and a high part) and the **projection method** (a"
            " Fourier transform along one direction of the data).",
            "Why a measurement is first checked on a **control whose spectrum is known**.",
            "What the F-Principle predicts about **generalization**: on the Boolean cube, where frequency is the degree"
            " of a Walsh function, a network trained on half the points generalizes on a low-degree target, and on "
            "parity — the highest degree — it does worse than a coin once it has fitted its training half.",
            "How to judge an accuracy against **chance**, with its standard error.",
        ),
        background="complex Fourier coefficients; training a classifier: cross-entropy, softmax, mini-batches, "
                   "convolutions; the SVD"),
    "09": Notebook(
        "train_once_solve_many", "Train once, solve many", ("03", "05"), minutes=60, homework=30, place=(3, -1.9),
        summary="one operator network inside the iteration",
        see="one operator network (a DeepONet reading a residual's first 32 sine modes) trained once on random-field "
            "right-hand sides, then reused inside weighted Jacobi — a network correction every m iterations (the HINTS "
            "idea): per-mode heat maps of Jacobi, the network and both; the best m predicted from Jacobi's closed form "
            "and the network's measured response, then measured; unseen right-hand sides (the article's g, held-out "
            "fields, discontinuous steps); an under-trained network that diverges; standings against Jacobi, multigrid,"
            " a banded solve and sparse LU, with the solves that pay for the training",
        asserted="the correction shrinks mode 1 more than mode 32 and the sweeps mode 32 more than mode 1; a "
                 "residual-loss control shows the low-first profile comes from the loss weighting; predicted iterations"
                 " within 10 % of measured, and which m converge (m = 1 does not); the factor per cycle is the larger of"
                 " the read modes' part and mode 33's closed form: the network's modes set the pace on the training "
                 "grid, mode 33 on the grid 16x finer; measured factors within 10 % of predicted; the iterations are at"
                 " least an ideal network's; every unseen source converges; multigrid beats it on the finer grids, the "
                 "direct solvers on every grid; an under-trained network is predicted to diverge and does",
        learn=(
            "To read an iterative solver **mode by mode**: which sine modes of the error a network correction removes, "
            "which ones weighted Jacobi removes, and why together every mode falls.",
            "To **separate causes with a control**: how much of \"the network corrects the low modes\" comes from what "
            "it reads, and whether, for this network, the loss's weighting of the modes explains the rest.",
            "To **predict** the solver's iterations for each $m$ from Jacobi's exact factors and the network's measured"
            " response, before running it — and to check the prediction, including where it says \"this will not "
            "converge\".",
            "To judge a learned solver **honestly**: iterations and wall time against Jacobi, multigrid and direct "
            "solvers in this run (Jacobi extrapolated where marked), and how many solves pay for the training.",
        ),
        background="Gaussian random variables; eigenvalues of a block-triangular matrix; Fourier features (notebook "
                   "06); a sparse LU, by name"),
    "10": Notebook(
        "two_dimensions", "Two dimensions", ("03", "04", "05"), minutes=60, homework=30, place=(3, -0.3),
        summary="relaxation, a network and the one-switch hybrid on the square",
        see="−Δu = g on (−1, 1)² with the 5-point Laplacian (our source: three 2D sine modes, low to high); second "
            "order measured; Jacobi's factor per 2D mode checked against the sweeps; why weighted Jacobi uses 4/5 "
            "(smoothing factor 3/5, derived and measured), red–black Gauss–Seidel; a 2D network on the discrete energy,"
            " its heat map beside Jacobi's; the one-switch hybrid with the switch chosen in hindsight (an oracle, "
            "labelled) on grids 63² to 255², the crossover measured; what limits the network (its error split by mode, "
            "printed); the classical solvers to the same tolerance, timed",
        asserted="every tracked mode reaches 10 % under Jacobi, the highest first, and the closed form holds to 1e-8; "
                 "the network learns from the lowest (at least two modes, in order) on each of three seeds, one of them"
                 " with no head start from the envelope (step-0 error at least 0.9); at the largest grid the oracle "
                 "hybrid beats Jacobi from zero, and on the smallest Jacobi alone is faster; the network's best error "
                 "is more than 3× the training grid's discretization error",
        learn=(
            "To set up −Δu = g on a square with the 5-point Laplacian, and to measure its second-order accuracy.",
            "To predict Jacobi's factor for every 2D sine mode in closed form and check it against the sweeps.",
            "Why weighted Jacobi uses the weight 4/5 in 2D: its smoothing factor 3/5, derived by a local Fourier "
            "calculation.",
            "To see the F-Principle on one 2D example: a network reaches the low 2D modes first, Jacobi the high ones.",
            "To measure where notebook 05's one-switch hybrid beats Jacobi in 2D, and to find which modes limit the "
            "network.",
        ),
        background="the 2D Laplacian; order of accuracy (error ∝ hᵖ); tensor-product eigenvectors; a sparse LU and "
                   "algebraic multigrid by name (notebook 11 explains them)"),
    "11": Notebook(
        "two_dimensions_train_once", "2D: train once against multigrid", ("09", "10"), minutes=60, homework=30, place=(4, -1.1),
        summary="the trained-once solver against multigrid, pyamg, sparse LU",
        see="notebook 09's trained-once solver on the square (a DeepONet reading 8 × 8 modes inside weighted Jacobi) "
            "against plain and weighted Jacobi, multigrid V-cycles, the fast sine solve and a sparse LU, all to one "
            "residual, the iteration count bounded by the unread modes (an ideal network's count, the mode (9, 1)'s "
            "estimate); the 2D V-cycle (full weighting,"
            " bilinear interpolation) and its grid-independent factor; the bundle's multigrid and pyamg (Ruge–Stüben) "
            "stopped by one residual rule, sparse LU and the sine solve timed to the discretization error, with their "
            "growth",
        asserted="the interleaved count is at least an ideal network's on every grid and, on the largest, at most "
                 "the mode (9, 1)'s estimate plus one cycle; there multigrid, the sparse LU and the sine solve are "
                 "faster, and the time ratio to multigrid grows with the grid",
        learn=(
            "To carry notebook 09's trained-once solver (a DeepONet inside weighted Jacobi) to the square, and to "
            "bound its iterations by the modes it does not read.",
            "How a geometric multigrid V-cycle works in 2D (smoothing, full weighting, bilinear interpolation) and why "
            "its factor per cycle does not depend on the grid.",
            "What algebraic multigrid (pyamg), a sparse LU and the fast sine solve cost on the same problem, timed in "
            "this run with one stopping rule, and how each cost grows with the number of unknowns.",
            "To read a learned solver's speed against these baselines, not against Jacobi alone.",
        ),
        background="a sparse LU factorization and its cost; vector norms; growth exponents from log-log fits"),
    "12": Notebook(
        "variable_coefficients", "Variable coefficients: Jacobi modes and HINTS", ("03", "09"), minutes=75, homework=30,
        place=(4, -2.7),
        summary="a new k in every solve: Jacobi modes, HINTS, and controls for the learning order",
        see="−∇·(k∇u) = f with a new k in every solve (k = exp(Gaussian field), contrast 10–10⁴, unseen inclusions; "
            "harmonic means at faces): Jacobi modes (A v = θ D v) against sine modes; which error Jacobi leaves; a "
            "DeepONet reading log k and the residual (HINTS's design), its relative error per sine mode of u during "
            "training for three seeds beside three controls (equal loss weights and input sizes; no boundary factor; "
            "no output scale s/k_h), with heat maps; its per-mode response; HINTS on grids 63–255 against weighted "
            "Jacobi's exact iteration count, sparse LU and the solves that pay back the training; the damped step and "
            "the residual monitor",
        asserted="the smoothest Jacobi mode decays by its closed form and is mostly, not wholly, sine mode 1; in every "
                 "seed the natural design and the design without the boundary factor learn the low modes in order; "
                 "with equal weights and inputs mode 1 is still first; without the output scale no mode from 2 up is "
                 "learned and mode 1 ends at least twice as wrong; mode 1 is first in every training that learns "
                 "any of modes 1–8; modes 8–32 stay unlearned in every training; one "
                 "HINTS cycle leaves less of modes 1–3 than 10 Jacobi sweeps; every HINTS run lowers the error's "
                 "energy (guaranteed by the damped step), every converged run takes under a quarter of Jacobi's "
                 "iterations, every field run up to contrast 100 (10 in the quick profile) converges; a sparse LU is "
                 "faster than every HINTS run; most undamped runs diverge where the damped ones converged",
        learn=(
            "What \"frequency\" means for Jacobi when k varies: the modes of A v = θ D v.",
            "How HINTS's network acts on each mode, alone and in a cycle with Jacobi sweeps.",
            "How controls and seeds test an order's cause, and when they cannot.",
            "When HINTS beats Jacobi, in iterations and in time, and why its correction needs a damped step.",
        ),
        background="divergence-form diffusion −∇·(k∇u) and its flux differences; a generalized eigenproblem A v = θ "
                   "D v; geometric and harmonic means"),
    "13": Notebook(
        "network_inside_krylov", "The network inside a Krylov method", ("11", "12"), minutes=60, homework=30,
        place=(5, -1.9),
        summary="flexible CG with and without the network; standings per new coefficient",
        see="notebook 12's network as the preconditioner of flexible CG (keeping 5 directions, fewer than n) against "
            "the same Jacobi sweeps without the network and Jacobi-CG, on grids 63–255 and every contrast; the "
            "rounding floor; one preconditioner application mode by mode: the band of modes left grows with n; "
            "standings per new coefficient on the square, set-up included: pyamg SA-CG and RS-CG, the bundle's "
            "Galerkin multigrid-CG, sparse LU, Jacobi-CG, the network and its sweeps-only baseline in flexible CG",
        asserted="with the network flexible CG needs more iterations than with the sweeps alone on every k (1D); the "
                 "sweeps alone beat Jacobi-CG on every k; a stuck network run is at contrast 10⁴ within 10 rounding "
                 "floors; the band of modes left more than half grows with n and the network takes at most 3 modes "
                 "out of it; on the square the network-CG converges, costs more than twice the time of the sweeps "
                 "alone and over 5 times pyamg's; the bundle's multigrid-CG beats pyamg",
        learn=(
            "What flexible CG does with a network as preconditioner, and why the number of directions it keeps decides"
            " whether an iteration count means anything (finite termination).",
            "How to measure what the network adds: the same method without it, and Jacobi-CG.",
            "Why the iterations grow with the grid, mode by mode: the band between the network's modes and what the "
            "sweeps remove.",
            "How the network stands per new coefficient against algebraic and geometric multigrid and a sparse LU, "
            "set-up included.",
        ),
        background="conjugate gradients on a symmetric positive definite matrix; machine epsilon and the ∞-norm"),
    "14": Notebook(
        "coarse_spaces", "Coarse spaces built from k", ("12", "13"), minutes=60, homework=30, place=(6, -1.9),
        summary="bilinear, operator-dependent and learned interpolation against algebraic multigrid, per new k",
        see="the error a smoother leaves on a jumping k (the low-energy modes of A, drawn) and what one two-grid cycle "
            "leaves of each with bilinear, operator-dependent (Alcouffe et al. 1981; Dendy 1982) and learned "
            "interpolation (a network trained once on Greenfeld et al.'s two-grid objective); the same Galerkin V-cycle "
            "in CG with each interpolation, beside pyamg smoothed aggregation and Ruge–Stüben, on held-out k of five "
            "families, set-up included: iterations against n, their fitted growth, seconds, and the solves that pay "
            "for the training",
        asserted="every followed low-energy mode of A on a turned checkerboard is flat where k is high; for k = 1 "
                 "operator-dependent interpolation is bilinear; operator-dependent and learned interpolation each leave "
                 "less of every followed mode than bilinear (operator-dependent with a smaller two-grid factor too); "
                 "training lowers the loss; in CG operator-dependent's growth exponent stays below 0.2 on every "
                 "family; learned needs fewer iterations than bilinear on bilinear's worst family; operator-dependent no "
                 "more than learned on every grid of the three families the network never saw, and less time per new k "
                 "than learned and than both pyamg hierarchies at the largest grid on all five, set-up included",
        learn=(
            "Which error a smoother leaves when k jumps: the low-energy modes of A, not sine modes.",
            "Why bilinear interpolation misses them, and how interpolation built from A's stencils catches them.",
            "How to train a network once, without solutions, to write interpolation weights.",
            "How to judge it against a classical control and algebraic multigrid per new k, set-up included.",
        ),
        background="power iteration; the energy norm and projections; Rayleigh quotients; softmax (notebook 08)"),
}

PATHS = {
    "A two-week module on spectral bias": ("01", "02", "03", "04", "05"),
    "A numerical-analysis course (iterative solvers)": ("03", "04", "05", "09", "10", "11", "12", "13", "14"),
    "A machine-learning theory course": ("01", "02", "07", "08", "06"),
}


def stem(number: str) -> str:
    """The file name of notebook ``number`` without its suffix, e.g. ``01_f_principle_1d``."""
    return f"{number}_{PLAN[number].name}"


def stems() -> list[str]:
    """Every notebook's stem, in the plan's order."""
    return [stem(number) for number in PLAN]


def files() -> list[Path]:
    """Every notebook's file, in the plan's order."""
    return [repository() / "notebooks" / f"{name}.ipynb" for name in stems()]


def exercise_modules() -> list[str]:
    """The name of every notebook's exercise module, ``nbNN`` (in ``fplib.exercises``)."""
    return [f"nb{number}" for number in PLAN]


MEASURED = repository() / "coursework" / "measured.json"  # written by `python -m coursework.reproduce --record`


def measured(number: str, profile: str = "classroom") -> dict:
    """The last recorded run of notebook ``number`` in ``profile``: seconds, peak_gb (where measured), date, machine."""
    runs = json.loads(MEASURED.read_text()).get(stem(number), {})
    if profile not in runs:
        raise KeyError(f"{stem(number)} has no {profile} run in {MEASURED.name}: run python -m coursework.reproduce "
                       f"--profile {profile} --record --notebooks notebooks/{stem(number)}.ipynb")
    return runs[profile]


def builds_on(number: str) -> str:
    """The header's "Builds on" sentence of notebook ``number``."""
    before = PLAN[number].builds_on
    if not before:
        return "nothing: this notebook stands alone."
    names = [f"notebook {n} ({PLAN[n].title})" for n in before]
    return (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]) + "."


def draw(out: Path) -> Path:
    """Draw the dependency graph into ``out`` (PNG): a box per notebook, an arrow per prerequisite."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(14, 7))
    boxes = {}
    place = {number: notebook.place for number, notebook in PLAN.items()}
    for number, (x, y) in place.items():
        alone = not PLAN[number].builds_on
        boxes[number] = ax.text(3.4 * x, y, f"{number} · {PLAN[number].title}\n~{PLAN[number].minutes} min", ha="center",
                                va="center", fontsize=10, bbox=dict(boxstyle="round,pad=0.5", edgecolor="0.35",
                                                                    facecolor="#eaf6e4" if alone else "#e8f0fb"))
    fig.canvas.draw()  # the boxes' sizes, so that arrows start and end on their edges
    for number in place:
        for before in PLAN[number].builds_on:
            span, rise = place[number][0] - place[before][0], place[number][1] - place[before][1]
            rad = 0 if span == 1 else (0.25 if rise < 1 else -0.12)  # long arrows bend around the boxes between
            ax.annotate("", xy=(3.4 * place[number][0], place[number][1]), xytext=(3.4 * place[before][0], place[before][1]),
                        arrowprops=dict(arrowstyle="-|>", color="0.4", lw=1.1, connectionstyle=f"arc3,rad={rad}",
                                        patchA=boxes[before].get_bbox_patch(), patchB=boxes[number].get_bbox_patch()))
    ax.set_xlim(-1.6, 3.4 * max(x for x, _ in place.values()) + 1.8)
    ax.set_ylim(min(y for _, y in place.values()) - 0.5, max(y for _, y in place.values()) + 0.4)
    ax.axis("off")
    ax.set_title("Course plan: an arrow from A to B means B builds on A. Green: stands alone. "
                 "Times: our estimates for reading, running and exercises 1-2.", fontsize=11)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return out


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else repository() / "figures" / "course_plan.png"
    print(f"wrote {draw(out)}")


if __name__ == "__main__":
    main(sys.argv[1:])
