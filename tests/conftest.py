import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib.pyplot as plt
import pytest


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
