"""Run the chapters (MyST Markdown notebooks) and collect what went wrong.

Every chapter is executed once per test run, by the build of the static book
(:func:`build_book`, the command of ``make book``): the book's tests check the
pages, and ``test_chapters`` checks the executed notebooks the build leaves in
``jupyter_execute/``.  :func:`execute` runs one chapter by itself (the Binder
test runs it inside the Binder environment; use it to try one chapter).
"""
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"


def all_chapters():
    """The numbered chapters, ``chapters/NN_topic.md``, in order."""
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.md"))


#: The one page of chapters/ that is not a numbered chapter: the notation
#: reference.  The book builds and executes it after the chapters; the tests that
#: are about every executed page (test_chapters, test_book, test_layout) take it
#: with the chapters, the ones about the list of chapters (README, chapter 0's
#: table, the exercise modules) do not.
NOTATION = CHAPTERS / "notation.md"


def all_pages():
    """Every notebook the book executes: the numbered chapters, then the notation page."""
    return all_chapters() + ([NOTATION] if NOTATION.is_file() else [])


def execute(path, timeout=900):
    """Execute every cell of the chapter at ``path``; return the executed notebook."""
    nb = jupytext.read(path)
    # "immediate": once every cell has run (and its outputs are in), the kernel is
    # stopped, not asked to shut down: ipykernel 7.4 can race its own I/O thread while
    # it answers a shutdown request and print a ZMQError traceback on stderr (seen once
    # in CI), which is the kernel's noise, not the chapter's.
    NotebookClient(nb, timeout=timeout, kernel_name="python3", shutdown_kernel="immediate",
                   resources={"metadata": {"path": str(CHAPTERS)}}).execute()
    return nb


def problems(nb):
    """Error outputs, anything written to stderr (warnings included) and code
    cells that never ran, by cell."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.get("cell_type") == "code" and cell.get("execution_count") is None:
            found.append(f"cell {i}: not executed")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"cell {i}: stderr: {out.get('text', '')[:500]}")
    return found


def book_command(out):
    """The build command of ``make book`` (see the Makefile), writing to ``out``; a
    chapter that fails to execute is a warning here (the tests name it) rather than
    the end of the build, so the other chapters and pages are still checked."""
    return [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-j", "auto", "-q", "-c", "docs",
            ".", str(out), "-d", str(out.parent / "doctrees"), "-w",
            str(out.parent / "warnings.txt"), "-D", "nb_execution_raise_on_error=0"]


class Book:
    """A built book: its folder and the pages of chapters/ (the numbered chapters and
    the notation page) that existed when it was built."""

    def __init__(self, out, chapters):
        self.out, self.chapters = out, chapters

    def pages(self):
        return ["docs/index.html"] + [f"chapters/{md.stem}.html" for md in self.chapters]

    def executed(self, md):
        """The chapter ``md`` as the build executed it (myst-nb writes every executed
        notebook into ``jupyter_execute/`` beside the HTML folder)."""
        path = self.out.parent / "jupyter_execute" / "chapters" / f"{Path(md).stem}.ipynb"
        assert path.is_file(), f"the book build left no executed notebook for {Path(md).name}"
        return nbformat.read(path, as_version=4)


def build_book(out):
    """Build the book into ``out`` (every chapter executed); fail with the build's
    error output if it does not finish."""
    chapters = all_pages()          # other chapters may appear while it builds
    result = subprocess.run(book_command(out), cwd=ROOT, capture_output=True, text=True,
                            timeout=1800)
    assert result.returncode == 0, f"book build failed:\n{result.stderr[-4000:]}"
    return Book(out, chapters)
