import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib.pyplot as plt
import pytest

#: Tests that share one expensive fixture run on one xdist worker (``make test``
#: runs ``--dist loadgroup``), so the fixture is made once per run: the book's
#: tests and the chapter test share one build of the book (which executes every
#: chapter once), and the Binder tests share one fresh environment.  Everything
#: else is spread over the workers as they come free, the browser tests too: a
#: worker starts its JupyterLab and Chromium at its first browser test and
#: keeps them for the rest of the run (tests/browser/conftest.py).
GROUPS = ("book", "binder")


@pytest.hookimpl(tryfirst=True)     # before xdist reads the groups from the markers
def pytest_collection_modifyitems(items):
    for item in items:
        for group in GROUPS:
            if item.get_closest_marker(group):
                item.add_marker(pytest.mark.xdist_group(group))
                break


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def playwright_api():
    """The one Playwright of the test session (the sync API allows only one per
    process, so the book's page checks and the JupyterLab tests share it)."""
    from availability import unavailable

    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        unavailable(f"the playwright package is not installed ({err})")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def book(tmp_path_factory):
    """The static book, built once per run (``make book``'s command): every chapter
    executed.  Shared by tests/test_book.py and tests/test_chapters.py."""
    from notebook_runner import build_book

    out = tmp_path_factory.mktemp("book") / "html"
    out.mkdir()
    return build_book(out)
