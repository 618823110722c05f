"""A "run this chapter live" note at the top of every page of the static book.

The static pages show one control of each chapter's main figure moving between
precomputed states, and every other figure in its first state; to drag all the
sliders a reader needs a kernel.  This extension puts a short note under each
page's title with a Binder link that opens the same chapter in JupyterLab:

    https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=lab/tree/chapters/NN_name.md

OWNER/REPO comes from the config value ``book_github_repo`` (set once, in
docs/conf.py).  The book's front page links to chapter 0.
"""
from pathlib import Path

from docutils import nodes

BINDER = "https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/{path}"
CHAPTERS = "chapters/"
FRONT_PAGE_TARGET = "chapters/00_start_here.md"


def binder_url(repo, path):
    """The Binder address that opens ``path`` (relative to the repository root) in JupyterLab."""
    if repo.count("/") != 1 or not all(repo.split("/")):
        raise ValueError(f"book_github_repo must look like 'OWNER/REPO', got {repo!r}")
    return BINDER.format(repo=repo, path=path)


def _note(url, chapter):
    link = nodes.reference("", "open it on Binder", refuri=url, classes=["bp-binder-link"])
    what = "this chapter" if chapter else "the book"
    text = nodes.paragraph()
    text += nodes.Text("This is the static edition: the code ran when the book was built. "
                       "Each chapter's main figure has one control that moves between states "
                       "computed then; the other figures show their first state. To drag "
                       "every slider, ")
    text += link
    text += nodes.Text(f" (JupyterLab in your browser, {what} ready to run; the first start "
                       "can take a few minutes) or run ")
    text += nodes.literal("", "make lab")
    text += nodes.Text(" in a copy of the repository.")
    note = nodes.admonition("", nodes.title("", "Run it live"), text,
                            classes=["note", "bp-binder"])
    return note


def page_path(app, docname):
    """The file Binder opens for page ``docname``: the chapter itself (its path in
    the repository), or chapter 0 for the front page; None for other pages."""
    if docname.startswith(CHAPTERS):
        return docname + Path(app.env.doc2path(docname)).suffix
    if docname == app.config.root_doc:
        return FRONT_PAGE_TARGET
    return None


def add_binder_note(app, doctree):
    docname = app.env.docname
    path = page_path(app, docname)
    if path is None:
        return
    chapter = docname.startswith(CHAPTERS)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    note = _note(binder_url(app.config.book_github_repo, path), chapter)
    title = next(iter(section.findall(nodes.title)), None)
    section.insert(section.index(title) + 1 if title is not None else 0, note)


def setup(app):
    app.add_config_value("book_github_repo", "OWNER/REPO", "env")
    app.connect("doctree-read", add_binder_note)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
