"""fplib: measure the Frequency Principle (spectral bias) of neural networks, and contrast it with relaxation.

Modules, in the order data flows through them (each imports only modules listed above it):

* ``config``    -- run profile (quick | classroom | paper), seeding, device, threads within the CPU quota;
* ``claims``    -- a notebook's claims checked on its run: strict in tests and CI, ✓/✗ with an explanation for a student;
* ``spectrum``  -- DFT, nonuniform DFT, sine series, Walsh spectra, peaks, relative error per frequency
                   (pure numerics on NumPy arrays);
* ``radial``    -- radial spectra of images: rings of the 2D FFT, the amplitude and the relative error per ring;
* ``plots``     -- figures by what they draw (each returns its axes): ``plots.spectra`` (heat maps, spectra),
                   ``plots.convergence`` (curves, solver standings), ``plots.damping`` (per-mode factors),
                   ``plots.pictures`` (2D pictures and fields), ``plots.kernels`` (the tangent kernel);
* ``nets``      -- MLPs, Fourier-feature and multiscale networks, DeepONet, a zero-boundary wrapper,
                   ``evaluate`` (a tensor) and ``predict`` (a NumPy array);
* ``train``     -- ``fit``: one training loop that records outputs into a ``History``; ``learning_order``: any
                   measure recorded while a training runs; ``log_steps`` and ``linear_steps``: the schedules at
                   which to record (training steps or relaxation iterations);
* ``tracker``   -- ``FrequencyTracker``: the relative error per frequency over any training loop (grids,
                   scattered points, images, data in many dimensions), or from any run record;
* ``ntk``       -- the empirical tangent kernel, its eigenmodes, the linear prediction of training;
* ``timing``    -- wall-clock timing, best of a few runs;
* ``cases``     -- Poisson problems with known exact solutions: the article's 1D example, ours on the square;
* ``poisson``   -- the Poisson problem (1D and on the square, a variable coefficient k too), finite
                   differences, eigenvalues, residual, the fast sine solve;
* ``fields``    -- random right-hand sides and coefficients (Gaussian fields, steps, inclusions);
* ``losses``    -- training losses for a network on the Poisson problem: discrete energy, Deep Ritz;
* ``sweeper``   -- ``Sweeper``: the fast form of a relaxation sweep (in-place NumPy calls on padded flat buffers);
* ``relax``     -- Jacobi (``textbook_jacobi``: the step to read), weighted Jacobi, Gauss-Seidel (1D and 2D),
                   and their closed-form decay per sine mode;
* ``krylov``    -- preconditioned CG and flexible CG (for a network as preconditioner);
* ``multigrid`` -- geometric multigrid (V-cycles, full multigrid; 1D and 2D; Galerkin for a variable k with
                   bilinear, operator-dependent or any interpolation) and pyamg's algebraic multigrid;
* ``hybrid``    -- the one-switch solver, network then Jacobi: error-vs-time curves, the network phase,
                   the best switch in hindsight and the automatic switch rule;
* ``amortized`` -- train once, solve many: an operator network inside weighted Jacobi, its predicted rates;
* ``hints``     -- a network that reads k and the residual (HINTS), as correction and as preconditioner;
* ``learned_interpolation`` -- a network that reads A's stencils and writes Galerkin multigrid's interpolation
                   weights, trained once on the two-grid error (after Greenfeld et al. 2019);
* ``standings`` -- every solver timed to one target in one run (extrapolation marked); the hybrid
                   against Jacobi across grids (``scaling``);
* ``images``    -- the picture to memorize, pixel coordinates, PSNR;
* ``widgets``   -- ipywidgets explorers with a static fallback;
* ``exercises`` -- checked exercises, one module per notebook (``fplib.exercises.nbNN``).

The examples in the docstrings assume ``import numpy as np`` and the module imported by its name
(``from fplib import spectrum``); they run as tests (``pytest --doctest-modules``).

The course tooling (student copies, grader inputs, reproduction, the website) is not installed with the
library: it is the ``coursework`` folder of the repository (``python -m coursework.student`` ...).
"""
__version__ = "0.3.0"
