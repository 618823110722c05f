"""Without Chromium the browser tests skip, with the reason -- but under CI
(CI=true) a missing Chromium is a failure.  Runs pytest on the chapter 00
browser test in a subprocess with $BP_CHROMIUM pointing at a missing file (no
browser or server is started: the chromium fixture comes first)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser   # starts no browser, but belongs with the browser tests

ROOT = Path(__file__).resolve().parents[2]


def run_without_chromium(ci):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["BP_CHROMIUM"] = "/nonexistent/chromium"
    if ci is not None:
        env["CI"] = ci
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsE", "-p", "no:cacheprovider",
         "tests/browser/test_ch00_start.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def test_missing_chromium_is_a_skip_outside_ci():
    code, out = run_without_chromium(ci=None)
    assert code == 0, out
    assert "1 skipped" in out and "Chromium not found" in out, out


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_chromium_fails_under_ci(ci):
    code, out = run_without_chromium(ci=ci)
    assert code != 0, out
    assert "skipped" not in out and "Chromium not found" in out and "CI is set" in out, out
