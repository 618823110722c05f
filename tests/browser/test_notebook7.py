"""The book in Jupyter Notebook 7 (``jupyter notebook``), not only in JupyterLab.

A Notebook 7 server with the same settings as the JupyterLab of the other
browser tests (the chapters' ``.md`` open as Jupytext notebooks, autosave off,
windowing off: Notebook 7 reads JupyterLab's user settings).  Chapter 06 is
opened from the file browser (``/tree``) by double-click, which opens it in a
new tab (``/notebooks/06_demon.md``); Run ▸ Run All Cells; then: no error
output, the four live figures each with a canvas and sliders, and the demon's
Δz slider moved: the readout and the canvas change."""
import time

import pytest

from harness import CHAPTERS, ChapterPage, LabServer, file_state, pixels_changed

pytestmark = pytest.mark.browser

CHAPTER = "06_demon.md"


class NotebookServer(LabServer):
    """``jupyter notebook`` (Notebook 7) serving chapters/, with the isolated
    settings of :class:`harness.LabServer`."""

    app = "notebook"

    def app_options(self):
        return []


class NotebookPage(ChapterPage):
    """A chapter opened from Notebook 7's file browser: ``self.page`` starts as the
    /tree page and becomes the notebook's own tab."""

    def open(self):
        self.tree = self.page
        self.tree.goto(f"{self.server.url}/tree?token={self.server.token}")
        item = self.tree.locator(".jp-DirListing-item", has_text=self.chapter)
        with self.tree.context.expect_page() as opened:
            item.dblclick()
        self.page = opened.value
        self.page.set_default_timeout(self.timeout)
        self.page.on("pageerror", self._page_error)
        self.page.on("request", self._watch_writes)
        self.page.wait_for_url(f"**/notebooks/{self.chapter}")
        self.notebook = self.page.locator(".jp-NotebookPanel").first
        self.notebook.locator(".jp-Cell").first.wait_for()
        self.wait_for_kernel()
        return self

    def close(self):
        if self.closed:
            return
        try:
            self.tree.close()
        finally:
            super().close()


@pytest.fixture(scope="module")
def notebook_server(chromium):
    server = NotebookServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_chapter_06_in_notebook_7(notebook_server, browser_context):
    path = CHAPTERS / CHAPTER
    before = file_state(path)
    page = NotebookPage(notebook_server, browser_context, CHAPTER)
    try:
        page.open()
        assert page.page.url.split("?")[0].endswith(f"/notebooks/{CHAPTER}")
        assert page.run_all() > 0
        assert page.error_outputs() == [], f"{CHAPTER}: cells show errors after Run All in Notebook 7"
        assert page.live_figures().count() == 4
        for i in range(4):
            figure = page.figure(i)
            figure.scroll_into_view()
            figure.wait_for_canvas(f"{CHAPTER} figure {i} in Notebook 7")
            assert figure.sliders().count() >= 3
        # The demon's first figure: sliders l, j, Δz; Δz to its end.
        figure = page.figure(0)
        figure.scroll_into_view()
        numbers, png = dict(figure.value_spans()), figure.canvas_png()
        figure.press(2, "End")
        deadline = time.monotonic() + 30
        while dict(figure.value_spans()) == numbers and time.monotonic() < deadline:
            time.sleep(0.05)
        after = dict(figure.value_spans())
        assert after["dz"] != numbers["dz"] and after["actual"] != numbers["actual"], (numbers, after)
        assert pixels_changed(png, figure.wait_for_new_canvas(png)) > 0
        assert page.error_outputs() == []
        assert page.writes == [], f"the browser asked the server to write files: {page.writes}"
    finally:
        page.close()
    assert notebook_server.sessions() == []
    assert file_state(path) == before
