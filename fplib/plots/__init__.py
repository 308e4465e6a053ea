"""Figures, by what they draw. Each function draws only what it is given and returns its axes: one ``Axes``,
or a NumPy array of them for a figure of several panels (``spectra.spectrum_animation`` returns its animation).

* ``spectra``     -- heat maps of the error per frequency over training, amplitude spectra, a spectrum's
                     animation and snapshots, energy per Walsh degree;
* ``convergence`` -- a quantity against steps, iterations, seconds or grid size: loss, accuracy, PSNR, error
                     curves, measured against predicted mode decay, the hybrid's figure, solver standings, iterations
                     against the grid size;
* ``damping``     -- what one sweep (or one network correction, or one two-grid cycle) keeps of each mode, in
                     1D and on the square;
* ``pictures``    -- 2D pictures: a row of pictures, snapshots of a memorized picture, a solution on the square, a
                     coefficient beside modes;
* ``kernels``     -- the tangent kernel: its eigenvectors and eigenvalues, learning times, the lazy dial.

Call them as ``plots.spectra.error_heatmap(...)``.
"""
from . import convergence, damping, kernels, pictures, spectra  # noqa: F401  (so that ``plots.spectra`` works)
