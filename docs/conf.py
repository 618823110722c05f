"""Sphinx configuration of the static HTML book: ``make book`` -> _build/html/.

Why Sphinx + MyST-NB: it reads the chapters' MyST Markdown notebooks as they
are, executes them with the project's own kernel, and builds entirely offline
(the theme's assets ship in its wheel; MathJax comes from the
``sphinx-mathjax-offline`` wheel and is served from ``_static/mathjax``).

Sphinx reads from the repository root (``sphinx-build -c docs . OUT``) so
that the pages keep the repository's paths: every ``chapters/NN_*.md`` that
exists becomes ``OUT/chapters/NN_*.html``, in number order, with
previous/next links, and the notation page ``chapters/notation.md`` comes after
them (a second table of contents in docs/index.md); the front page is ``docs/index.md`` and ``OUT/index.html``
forwards to it.
"""
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

# The book's GitHub repository as "OWNER/REPO". This is the one place it is
# named: the Binder links on every page and the theme's repository button
# are made from it.
GITHUB_REPO = "OWNER/REPO"

project = "Backprop, Interactively"
author = "the Backprop, Interactively authors"
copyright = "the Backprop, Interactively authors; based on Michael Nielsen's book (CC BY-NC 3.0)"

extensions = [
    "myst_nb",
    "sphinx-mathjax-offline",   # MathJax 3 copied into _static/mathjax, no CDN
    "binder_links",             # "open this chapter on Binder" note on every page
    "static_widgets",           # live widgets drawn as static HTML in their first state
]
book_github_repo = GITHUB_REPO

root_doc = "docs/index"
include_patterns = ["docs/index.md", "chapters/[0-9][0-9]_*.md", "chapters/notation.md"]
exclude_patterns = [".*", "_build", "build", "node_modules", "backprop_core", "tests", "bench",
                    "binder", "**/.ipynb_checkpoints"]

# MyST: $...$ and $$...$$ math as the notebooks use it in JupyterLab.
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# Execution: every build runs every chapter afresh, like tests/test_chapters.py
# (in the chapters folder, with the python3 kernel of the environment).
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_output_stderr = "warn"       # stderr in a chapter becomes a build warning
nb_merge_streams = True
nb_ipywidgets_js = {}           # no widget JavaScript from a CDN: see static_widgets.py

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
templates_path = ["_templates"]
html_additional_pages = {"index": "redirect.html"}   # OUT/index.html -> docs/index.html
html_css_files = ["book.css"]
html_last_updated_fmt = None
html_context = {"default_mode": "light"}   # figures are drawn on white
html_theme_options = {
    "repository_url": f"https://github.com/{GITHUB_REPO}",
    "use_repository_button": True,
    "show_toc_level": 2,
    "home_page_in_toc": True,
}


# sphinx-mathjax-offline copies all of MathJax (about 24 MB); the pages load
# only tex-chtml.js and what it pulls in (input/, output/chtml/, a11y/, ui/...).
MATHJAX_UNUSED = ["tex-chtml-full.js", "tex-chtml-full-speech.js", "tex-mml-chtml.js",
                  "tex-mml-svg.js", "tex-svg.js", "tex-svg-full.js", "mml-chtml.js",
                  "mml-svg.js", "node-main.js", "output/svg"]


def _prune_mathjax(app, exception):
    import shutil
    if exception is not None:
        return
    mathjax = Path(app.outdir) / "_static" / "mathjax"
    for name in MATHJAX_UNUSED:
        path = mathjax / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def setup(app):
    app.connect("build-finished", _prune_mathjax, priority=900)   # after the copy
    # sphinx-mathjax-offline only copies MathJax when the build has finished, so
    # pages can be read and written in parallel (make book runs sphinx -j auto);
    # it does not say so itself, and Sphinx would fall back to one process.
    mathjax = app.extensions["sphinx-mathjax-offline"]
    mathjax.parallel_read_safe = mathjax.parallel_write_safe = True
