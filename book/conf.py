"""Sphinx configuration of the course website (``make book``; ``coursework.book`` stages the pages and notebooks)."""
project = "The Frequency Principle, in notebooks"
author = "the fplib authors"
copyright = "the fplib authors; code MIT, text and figures CC-BY-4.0"
extensions = ["myst_nb", "sphinxcontrib.bibtex", "sphinx.ext.autodoc", "sphinx.ext.autosummary"]
# the module reference (reference.md): autosummary walks fplib and writes a page per module from its docstrings
autosummary_generate = True
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "description"
templates_path = ["_templates"]
nb_execution_mode = "off"  # the notebooks come executed by `make reproduce`; the site never runs them again
nb_render_markdown_format = "myst"
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
html_theme = "sphinx_book_theme"
html_title = "The Frequency Principle, in notebooks"
html_theme_options = {"show_toc_level": 2, "use_download_button": False, "use_fullscreen_button": False}
html_static_path = ["_static"]
html_extra_path = ["_extra"]
mathjax_path = "mathjax/tex-chtml.js"  # MathJax shipped with the site (from sphinx-mathjax-offline): nothing is fetched
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
html_copy_source = False
html_show_sourcelink = False
suppress_warnings = ["mystnb.unknown_mime_type"]
html_context = {"default_mode": "light"}  # the theme logs an error on a first visit without one


def _plain_bars(app, what, name, obj, options, lines):
    """The docstrings write |x| for a magnitude: outside literals and doctests, reStructuredText must not read a
    substitution there."""
    doctest = False
    for i, line in enumerate(lines):
        doctest = line.lstrip().startswith(">>>") or (doctest and line.strip() != "")
        if not doctest:
            parts = line.split("``")
            lines[i] = "``".join(p if k % 2 else p.replace("|", "\\|") for k, p in enumerate(parts))


def setup(app):
    app.connect("autodoc-process-docstring", _plain_bars)
