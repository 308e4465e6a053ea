"""Model answers and rubrics of the manually graded exercises (exercises 3 and 4 of every notebook).

They reach the instructor only: ``coursework.grading`` writes them into the nbgrader source notebook and
otter's autograder notebook, whose student copies replace them by an empty answer. The instructor
notebooks, the student versions, the site and the installed ``fplib`` hold only the answer cell that
``coursework.notebook_furniture`` inserts. ``asks`` is a phrase of the exercise's prompt: if the prompt
is rewritten without it, the furniture script stops and asks for the model answer to be checked.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Manual:
    points: int
    asks: str    # a phrase of the prompt this answer was written for
    model: str   # the model answer (Markdown)
    rubric: str  # how the points are given (Markdown)


MANUAL = {
    ("01", 3): Manual(2, "relu", model=(
        "(a) With ReLU the order is usually still low to high, but less cleanly: ReLU's kinks put energy at all "
        "frequencies, so the high peak's error falls earlier and more noisily than with tanh. (b) With a slow wave "
        "of amplitude 0.3, $k = 1$ may no longer fall below 10 % first: 10 % of a small amplitude is a small "
        "absolute error (0.03), so the network must fit that component to a much finer absolute accuracy."),
        rubric="1 point: runs (a) and reports the order seen for ReLU, with the tanh run as comparison. "
               "1 point: (b) explains that a relative threshold on a small amplitude is a strict absolute one."),
    ("01", 4): Manual(2, "0.5\\sin 12x", model=(
        "The $k = 12$ term is learned last and much later than $k = 5$: in this run several times the steps $k = 5$ "
        "needed, or not at all within the default budget (the student reports their measured step count). Fine "
        "detail (high frequency) is what a network fits last, so a function with fine detail needs long training, "
        "a wider or multiscale network, or a method that treats high frequencies well (e.g. a classical smoother)."),
        rubric="1 point: a measured number of steps (or 'not within N steps') for $k = 12$, compared with $k = 5$. "
               "1 point: the conclusion that fine detail is learned last and costs training time or a different method."),
    ("02", 3): Manual(2, "Double every hidden width", model=(
        "Both changes let the network fit higher rings sooner; which moves the black bars more is a measurement "
        "(the student quotes their run). Held-out PSNR need not improve with either: a larger network memorizes the "
        "training pixels' high frequencies, which generalize worse, so the held-out PSNR may stay flat or drop."),
        rubric="1 point: both runs made and the bars' movement reported from the figures. "
               "1 point: held-out PSNR compared, with the distinction between fitting training pixels and generalizing."),
    ("02", 4): Manual(2, "equal-energy rings", model=(
        "Not exactly: with equal-energy rings the lowest ring would be very thin and the high rings very wide, so "
        "each high ring averages many frequencies with little energy. The ordering (low before high) should still "
        "show, but the number of rings that look 'learned' and the contrast between them would change; equal width "
        "shows the frequency axis evenly, equal energy weights what matters for the image's error."),
        rubric="1 point: explains how the ring boundaries change (thin low rings, wide high rings). "
               "1 point: says what would and would not change in the figure's story, with a reason."),
    ("03", 3): Manual(2, "zig-zag", model=(
        "Measured against the discrete solution (the exact $u$ differs from it by the discretization error, as large "
        "as the zig-zag): plain Jacobi leaves the zig-zag almost untouched, its max error stays near 1e-3 for 200 "
        "sweeps, flipping sign each sweep, because the zig-zag is mostly the modes next to the Nyquist mode, "
        "$\\lambda_n = -\\cos(\\pi/(n+1)) \\approx -1$. Weighted Jacobi ($w = 2/3$) damps those modes by at least a "
        "factor 3 per sweep: the max error falls by more than an order of magnitude within ten sweeps. What is left "
        "is the zig-zag's small smooth part (it must meet the zero boundary values), which decays slowly, as every "
        "low mode does. Use weighted Jacobi as a smoother: a smoother must remove every high-frequency mode quickly; "
        "the smooth rest is the coarse grid's job."),
        rubric="1 point: the plot (or printed values) of both error histories, measured against prob.discrete. "
               "1 point: chooses weighted Jacobi because plain Jacobi does not damp the highest modes."),
    ("03", 4): Manual(2, "red–black", model=(
        "Measure what matters for a smoother or a solver, not single modes: the reduction of the error (or residual) "
        "norm per unit of work (a red-black sweep costs the same as a Jacobi sweep), e.g. sweeps and time to reach a "
        "tolerance, and the damping of the high-frequency half of the spectrum (the smoothing factor) measured on the "
        "coupled pairs $(k, n+1-k)$ together."),
        rubric="1 point: a measure that does not need modes to decay one by one (error norm, pair energy, smoothing factor). "
               "1 point: compares at equal cost (per sweep or per second)."),
    ("04", 3): Manual(2, "\"relu\"", model=(
        "The order stays low to high, but the high-frequency peaks converge sooner and less smoothly: a piecewise "
        "linear network has kinks whose spectrum decays slowly (like $1/k^2$), so it represents high frequencies more "
        "easily than tanh, whose spectrum decays exponentially. The heat map's diagonal is flatter and noisier."),
        rubric="1 point: the ReLU heat map made and compared with tanh's. "
               "1 point: explains the change by the activation's spectrum (kinks versus a smooth function)."),
    ("04", 4): Manual(2, "what fixes the network", model=(
        "The spectrum of the network's gradient flow: for a wide network, the eigenvalues of its neural tangent kernel, "
        "which decay with frequency at a rate set by the activation's smoothness (and by the initialization scale and "
        "width). The optimizer and the learning rate scale the steps; the data's spectrum decides which modes matter. "
        "Notebook 07 computes this for a real network."),
        rubric="1 point: names the kernel / gradient spectrum decaying with frequency. "
               "1 point: names what sets it (activation smoothness, width or initialization)."),
    ("05", 3): Manual(2, "TRAIN_POINTS", model=(
        "The loose tolerances' best time can improve (the network's floor is lower, so fewer Jacobi sweeps follow), "
        "but each training step costs more, so the tight tolerances — where Jacobi's low-frequency crawl dominates "
        "anyway — may not improve. The student reports which tolerance's best time changed, from their table."),
        rubric="1 point: a prediction stated before the run. 1 point: the table compared, naming the tolerance(s) that improved."),
    ("05", 4): Manual(2, "coarse grid is hard", model=(
        "An irregular geometry or an unstructured point cloud (e.g. a domain with many holes, a surface, a "
        "high-dimensional problem): there a coarse grid and its transfer operators are hard to build, while a network "
        "needs only points where the equation is evaluated. (Algebraic multigrid is the classical answer and should be "
        "the baseline.)"),
        rubric="1 point: a concrete problem where coarsening is hard, with the reason. "
               "1 point: says what the network needs instead, and names a fair classical baseline (e.g. AMG)."),
    ("06", 3): Manual(2, "\\sigma = 3", model=(
        "With a large initialization scale ($\\sigma = 3$) the order weakens or breaks: the network starts with much "
        "high-frequency content and fits all bars more nearly together. With a small one ($\\sigma = 0.1$) the "
        "low-to-high order is clear (and training may be slower at first). The student reports both figures."),
        rubric="1 point: both runs made and described. 1 point: relates the change to the initialization scale."),
    ("06", 4): Manual(2, "multiscale network to win", model=(
        "A source whose solution has high-frequency content everywhere, e.g. $g$ a sum of modes up to a high $k$ with "
        "equal amplitudes, or a multi-scale oscillation. The multiscale network, whose subnetworks see scaled inputs, "
        "should reach the high modes sooner. The answer states the test and its measured outcome, including the "
        "compactly supported activation."),
        rubric="1 point: a source designed with a reason. 1 point: the test run and its outcome reported honestly."),
    ("07", 3): Manual(2, 'ACTIVATION = "tanh"', model=(
        "With tanh the kernel's eigenvalues fall faster with frequency than with ReLU (the eigenvalue figure by "
        "activation: at k = 8, mu_k/mu_1 is about 1e-4 for tanh against about 3e-3 for ReLU), so the high modes' time "
        "constants are longer; the predicted and measured first steps still agree (in our quick tanh run k = 1, 3, 5 "
        "at steps 4, 126 and 1394, as predicted). The deviation from the linear prediction falls faster with alpha "
        "(about alpha^-0.8 in our quick run, against about alpha^-0.4 for ReLU): closer to the 1/alpha that Chizat et "
        "al. prove for models smooth in their parameters, which ReLU networks are not. The student quotes their run."),
        rubric="1 point: the frequencies learned with tanh and their steps, compared with ReLU's. 1 point: explained by "
               "the faster eigenvalue decay, and the faster fall of the deviation related to smoothness."),
    ("07", 4): Manual(2, "Adam", model=(
        "The low-frequency-first ordering comes from gradient descent following a fixed linear map whose eigenvalues "
        "decay with frequency: each mode moves at the rate of its eigenvalue. Adam divides each parameter's step by a "
        "running size of its own gradient, which rescales directions unevenly and boosts the slow ones, so it is no "
        "longer one fixed linear map acting on the modes: the small-eigenvalue (high-frequency) modes are sped up "
        "relative to the large ones."),
        rubric="1 point: states the mode/eigenvalue picture for gradient descent. "
               "1 point: explains that the per-parameter normalization changes the map and speeds up the slow modes."),
    ("08", 3): Manual(2, "x_1x_2x_3", model=(
        "Near the smooth target: x1 x2 x3 is a single Walsh function of degree 3, far below parity's 10, and depends on "
        "three coordinates only. A low-degree bias does not punish it much: there are 1 + 10 + 45 + 120 = 176 Walsh "
        "functions of degree at most 3, fewer than the 512 training points, so the training half pins it down (a "
        "heuristic count). In our classroom run its test accuracy was 0.990 when fitted and 1.000 at the end; the "
        "student quotes theirs."),
        rubric="1 point: the measured test accuracy, placed near the smooth target's and far from parity's. 1 point: "
               "related to the Walsh degree (3 against 10) or the count of low-degree functions."),
    ("08", 4): Manual(2, "Euclidean distance", model=(
        "Not a good one: two images of the same digit shifted by a pixel are far apart in pixel space, while different "
        "images can be close. In the feature space of a trained network, distance reflects learned similarity, so the "
        "filtering would separate 'low frequency' (consistent with the learned classes) from 'high frequency' in that "
        "geometry — and the result would depend on the trained network."),
        rubric="1 point: a reason pixel distance is a poor notion of nearby. 1 point: what changes with feature-space distance."),
    ("09", 3): Manual(2, "16 or 64 modes", model=(
        "With 16 modes the branch cannot read modes 17-32, whose factors become 1 (the unread modes then set the pace: "
        "more iterations, a different best m). With 64 the branch reads them, but the loss weights mode k by about "
        "(a_k/mu_k)^2, so modes near 64 carry a vanishing share of the loss and stay barely corrected within the same "
        "training; section 2b's control shows that in this design the loss weighting, more than spectral bias, makes "
        "the network correct the low modes best. The predicted best m and the iterations move with the factors (the "
        "student reports the measured ones)."),
        rubric="1 point: runs made and the factors / best m / iterations reported. 1 point: why modes near 64 stay "
               "uncorrected, with the loss weighting (and the control) rather than the F-Principle alone."),
    ("09", 4): Manual(2, "network correction trained once", model=(
        "Where multigrid is hard to build or slow: irregular domains or unstructured meshes, strongly variable or "
        "anisotropic coefficients where standard smoothers and coarsening fail, or many solves of one operator where "
        "training is amortized. The network needs training sources representative of the solves and a residual it can "
        "read on the problem's points."),
        rubric="1 point: a problem where multigrid's needs are hard to meet. 1 point: what the network needs, and the amortization."),
    ("10", 3): Manual(2, "TRAIN_POINTS = 63", model=(
        "The training grid's own discretization error falls about fourfold (second order), but the network's best "
        "error on the finest grid falls much less if at all: the printed mode split shows that most of its error "
        "is in modes it has not learned within the training budget, not in the coarse grid's error. A finer "
        "training grid removes the smaller part; more training, a larger or multiscale network, or the hand-over "
        "to Jacobi removes the larger (the student quotes both runs' best errors and mode splits)."),
        rubric="1 point: both runs' best errors and mode splits reported. 1 point: the conclusion that the network's "
               "limit here is what it has learned, not the training grid."),
    ("10", 4): Manual(2, "different directions", model=(
        "Use a source whose only modes are pairs of equal $k^2 + l^2$ in different directions, e.g. $(12, 1)$ and "
        "$(1, 12)$ with equal coefficients, plus a low mode as reference; track each with the 2D tracker. A network "
        "whose input layer treats x and y alike should learn the pair at about the same step (repeat over seeds: a "
        "difference within the seed-to-seed spread means no preference); then break the symmetry on purpose (an "
        "anisotropic input scaling, or Adam against plain gradient descent) and see whether the order follows $k^2+l^2$ "
        "or the direction."),
        rubric="1 point: a source and measurement that isolate direction at fixed $k^2 + l^2$. 1 point: a control for "
               "seed-to-seed noise, or a deliberate symmetry breaking."),
    ("11", 3): Manual(2, "smoothed_aggregation_solver", model=(
        "Smoothed aggregation is also near-linear on the 2D Poisson problem: the growth exponent of its time should stay "
        "close to 1 (the student reports the fitted exponent from their run, beside the other methods')."),
        rubric="1 point: the solver timed on the grid sizes. 1 point: the growth exponent compared with the others."),
    ("11", 4): Manual(2, "L-shaped domain", model=(
        "The fast sine solve does not apply (it needs the square and a constant coefficient). Algebraic multigrid "
        "(pyamg) needs only the matrix, so it applies directly and is likely first; geometric multigrid needs a grid "
        "hierarchy of the L shape (possible, more work); a network applies but must be trained. Measure time to the "
        "discretization error as the grid grows, for each, with the setup (and training) time counted."),
        rubric="1 point: a ranking with a reason for each method. 1 point: a fair measurement (time to the discretization "
               "error, setup and training included)."),
    ("12", 3): Manual(2, "every=25", model=(
        "(a) With every=25 each cycle has more Jacobi sweeps and fewer network calls: each cycle is cheaper per sweep, "
        "but the modes the network removes (1-3) are removed less often, so the iterations usually grow while the time "
        "per iteration falls; which wins is read from the run (the student quotes iterations and seconds at n = 127). "
        "(b) One wide inclusion at contrast 1e4 is unlike every training k (smooth fields), so the network's corrections "
        "are poor there: HINTS crawls at either interval (the damped step keeps the energy from growing, so it cannot "
        "diverge or stall at a false fixed point) and may hit the cap; correcting less often then costs little, since "
        "the correction helps little. The student reports both runs' iterations, times and whether they converged."),
        rubric="1 point: the runs made and their iterations / times / convergence reported. 1 point: the interval's "
               "trade-off (network calls against how often the learned modes are removed) tied to how good the "
               "corrections are on that k."),
    ("12", 4): Manual(2, "output-scale control", model=(
        "Because with the scale s / k_h the size of mode 1 is nearly the same for every k (k_h is the exact conductance "
        "of layers in series in 1D), so the branch only has to output a near-constant to get mode 1 right: mode 1 "
        "comes first for that reason, whatever the network's spectral bias; without the scale almost nothing is learned "
        "(mode 1 poorly, no higher mode), so there is no order left to credit. A control that keeps learning "
        "possible: train longer (or with a larger "
        "network) without the scale until some modes are learned, then read the order; or keep the scale but measure "
        "the order among modes 2-8 only, where the scale gives no help, with the loss and inputs equalized; or hand "
        "every mode its own fixed size (divide each mode of u by its typical size for that k). If the low modes still "
        "come first, that is evidence for spectral bias within these controls; if not, the order was the design's."),
        rubric="1 point: explains that the scale fixes mode 1's size, so 'first' says nothing about spectral bias. "
               "1 point: a concrete control that still lets the network learn, with what each outcome would mean."),
    ("13", 3): Manual(2, "KEEP = 100", model=(
        "(a) With KEEP = 100 >= n = 63 every direction stays A-orthogonal to all before it, so flexible CG is a full "
        "orthogonalization and ends within 63 iterations in exact arithmetic for any preconditioner (rounding may add a "
        "few). The network's count now falls below the sweeps' (in our run about 36-42 against 41-45 at n = 63), "
        "because keeping every direction repairs what a nonlinear preconditioner spoils; but it costs a stored vector "
        "and an inner product per kept direction per step, and it cannot be afforded on a large grid (in 2D, n² "
        "unknowns), which is why sections 2 and 4 keep fewer. (b) Undamped, flexible CG still chooses its own step "
        "along each direction, so the error's energy never grows; but the directions are now dominated by the raw, "
        "overshooting correction, nearly useless, and with KEEP = 5 the runs stall far above 1e-8 (in our run every "
        "k at n = 63), a residual that can even grow while the energy falls. Notebook 12's interleaved iteration took "
        "the raw correction as its step and diverged; here the method cannot diverge in energy but does not converge."),
        rubric="1 point: finite termination explained (A-orthogonal directions, at most n) and the counts compared, "
               "with the cost of keeping every direction. 1 point: why the energy cannot grow in flexible CG and why "
               "the run still fails (poor directions), from the student's run."),
    ("13", 4): Manual(2, "trunk that depends on k", model=(
        "Section 3 shows the modes left to the Krylov method are the band between the few modes the network removes and "
        "those the sweeps remove, a band that grows like n; a fixed trunk (64 functions, of which the network uses "
        "the few lowest well) does not grow with n, so the iterations grow. A coarse space built from k and growing "
        "with the grid, as algebraic multigrid builds its hierarchy from A, could keep them bounded, at the price of a "
        "set-up per new k, which is what pyamg pays (and still wins here). Training on Krylov residuals with an energy "
        "loss (Rudikov et al.) weighs the modes CG actually meets and the energy norm CG minimizes, so it might make "
        "the network remove more of the band, and might stop it from making flexible CG worse than the sweeps alone."),
        rubric="1 point: ties the growth with n to the band (fixed trunk against a band growing like n), and names the "
               "set-up cost of a k-dependent coarse space. 1 point: a reasoned guess at what training on Krylov residuals "
               "with an energy loss would change."),
    ("14", 3): Manual(2, "sweeps=1", model=(
        "(a) With sweeps=0 the factor is 1 for every P: E = I - P A_c^-1 P^T A is then a projection in the energy "
        "norm, so an error A-orthogonal to the coarse space is left whole. The coarse correction alone leaves of the "
        "followed modes at most about 0.42 with bilinear and 0.14 with operator-dependent interpolation (our run, "
        "classroom, n = 63): bilinear's coarse space misses the modes, operator-dependent's mostly holds them. With "
        "one sweep before and after, operator-dependent's factor rises from about 0.27 to 0.45: the smoother does a "
        "real share of its work. Bilinear's stays near 0.87, close to its two-sweep 0.85: its failure is the coarse "
        "space's, and more smoothing cannot repair it. The learned interpolation's numbers are the student's to "
        "report beside operator-dependent's. (b) At contrast 1e6 the factors barely change from 1e4 (0.27 and 0.86 "
        "in our run): operator-dependent weights depend on ratios of face values of k, already near 0 or 1 at 1e4, "
        "and bilinear's failure does not grow once the jump is large."),
        rubric="1 point: the leftovers with no sweeps and the factors with one and two sweeps for each interpolation, "
               "and the reading that bilinear's problem is its coarse space, not the smoother. 1 point: the contrast "
               "1e6 run and why the weights saturate."),
    ("14", 4): Manual(2, "fixed rule", model=(
        "Where the rule's assumptions fail: strong anisotropy, especially at an angle to the grid (collapsing a stencil "
        "onto a grid line assumes the coupling runs along it); a coefficient that varies within a coarse cell; "
        "non-symmetric operators (convection); 3D or unstructured grids where no line of coarse points exists to "
        "collapse onto (Luz et al.'s setting). The measurement: a family of that kind held out from training; the "
        "two-grid factor and the CG iterations across n (their growth exponent) against operator-dependent "
        "interpolation and pyamg, with seconds per new k, set-up included. Costs per new k: the rule is a few "
        "array operations per point and level; the network is an MLP per fine point and level, also linear in the "
        "unknowns but with a larger constant, plus its training once, repaid only if it saves more solve time than "
        "its extra set-up costs."),
        rubric="1 point: a named setting where the fixed rule's assumption (coupling along grid lines, a structured "
               "coarse grid) fails, with the reason. 1 point: a measurement with a held-out family, a classical "
               "control and per-k cost, set-up included."),
}


def manual(stem: str, number: int) -> Manual:
    """The model answer and rubric of exercise ``number`` of the notebook ``stem`` (e.g. ``03_jacobi_poisson``)."""
    key = (stem[:2], number)
    if key not in MANUAL:
        raise KeyError(f"no model answer for exercise {number} of {stem}: add one to coursework/answers.py")
    return MANUAL[key]
