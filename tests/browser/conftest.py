"""One JupyterLab server, one headless Chromium and one loaded JupyterLab page per test
process (each chapter is opened in that page, then closed).

Without Chromium (or Playwright) the browser tests are skipped with the
reason -- unless CI is set, where a missing browser is a failure.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from availability import unavailable  # noqa: E402  (playwright_api is in tests/conftest.py)
from harness import (CHAPTERS, ChapterPage, LabServer, file_state, find_chromium,  # noqa: E402
                     launch_browser, open_lab, stop_browser)


@pytest.fixture(scope="session")
def chromium():
    path = find_chromium()
    if path is None:
        unavailable("Chromium not found (looked for $BP_CHROMIUM if set, else "
                    "/usr/bin/chromium-headless-shell, /usr/bin/chromium, chromium, "
                    "chromium-browser on PATH)")
    return path


@pytest.fixture(scope="session")
def browser_context(chromium, playwright_api):
    context, user_data = launch_browser(playwright_api, chromium)
    try:
        yield context
    finally:
        stop_browser(context, user_data)


@pytest.fixture(scope="session")
def lab_server(chromium):
    server = LabServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab_app(lab_server, browser_context):
    """One loaded JupyterLab per test process, in which every chapter is opened."""
    page = open_lab(lab_server, browser_context)
    yield page
    page.close()


@pytest.fixture
def open_chapter(lab_server, browser_context, lab_app):
    """open_chapter("01_notation.md") -> a ChapterPage whose cells have all run.

    The page remembers the chapter file's bytes and modification time (and its
    paired .ipynb's) from before it was opened; ``page.close()`` shuts its kernel
    down.  Pages a test leaves open (e.g. on failure) are closed here."""
    opened = []

    def _open(chapter):
        path = CHAPTERS / chapter
        assert path.exists(), f"chapter {chapter} does not exist (yet) in {CHAPTERS}"
        page = ChapterPage(lab_server, browser_context, chapter, app=lab_app)
        page.files_before = {p: file_state(p) for p in (path, path.with_suffix(".ipynb"))}
        opened.append(page)
        page.open()
        page.run_all()
        return page

    yield _open
    for page in opened:
        if not page.closed:
            page.close()
