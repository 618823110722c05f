"""What a test does when the browser it needs is missing."""
import os

import pytest


def unavailable(reason):
    """Skip with ``reason`` -- or fail, when CI is set: there the browser must run."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)
