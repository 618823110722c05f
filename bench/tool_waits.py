"""What ``make test`` waits on: each tool it starts, timed alone, wall clock and CPU.

    .venv/bin/python bench/tool_waits.py

Measures, one after the other on an otherwise idle machine:

* a Jupyter kernel started and running one cell (what every chapter run pays);
* one chapter executed headless (nbclient, the way the Binder test runs one);
* JupyterLab started until its API answers (the browser tests' LabServer);
* Chromium launched by Playwright;
* one chapter opened in JupyterLab in Chromium until its kernel is idle, and Run All;
* the static book built (every chapter executed: the ``make book`` command);
* the Binder environment: a fresh venv, ``pip install -r binder/requirements.txt``
  (``--no-compile``, as the test does) and ``postBuild``.

CPU is the CPU time of every process on the machine during the step (from
/proc), so it includes the kernels, JupyterLab and Chromium the step starts.
The table it prints is in tests/README.md.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]


def machine_cpu():
    """CPU seconds used so far by every process (user + system, from /proc)."""
    total = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return total / os.sysconf("SC_CLK_TCK")


ROWS = []


class step:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.wall, self.cpu = time.monotonic(), machine_cpu()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            ROWS.append((self.name, time.monotonic() - self.wall, machine_cpu() - self.cpu))
            print(f"{self.name}: {ROWS[-1][1]:.1f} s wall, {ROWS[-1][2]:.1f} s CPU", flush=True)


def kernel_and_chapter():
    import nbformat
    from nbclient import NotebookClient
    from notebook_runner import CHAPTERS, execute

    with step("kernel start-up + one cell"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
        NotebookClient(nb, kernel_name="python3").execute()
    with step("one chapter headless (06_demon, nbclient)"):
        execute(CHAPTERS / "06_demon.md")


def browser():
    from harness import ChapterPage, LabServer, launch_browser, stop_browser
    from playwright.sync_api import sync_playwright

    with step("JupyterLab server start"):
        server = LabServer().start()
    try:
        with sync_playwright() as api:
            with step("Chromium launch (Playwright)"):
                context, user_data = launch_browser(api, "/usr/bin/chromium")
            try:
                with step("a chapter opened in JupyterLab, kernel idle (06_demon)"):
                    page = ChapterPage(server, context, "06_demon.md").open()
                with step("Run All (06_demon)"):
                    page.run_all()
                page.close()
            finally:
                stop_browser(context, user_data)
    finally:
        server.stop()


def book():
    from notebook_runner import book_command

    out = Path(tempfile.mkdtemp(prefix="bp-book-")) / "html"
    out.mkdir()
    try:
        with step("the book built (every chapter executed, sphinx -j auto)"):
            subprocess.run(book_command(out), cwd=ROOT, check=True, capture_output=True)
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


def binder():
    top = Path(tempfile.mkdtemp(prefix="bp-binder-"))
    try:
        with step("Binder: fresh venv"):
            subprocess.run([sys.executable, "-m", "venv", str(top / "env")], check=True)
        python = top / "env" / "bin" / "python"
        with step("Binder: pip install -r requirements.txt (--no-compile)"):
            subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-compile",
                            "--disable-pip-version-check", "-r", "binder/requirements.txt"],
                           cwd=ROOT, check=True)
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    kernel_and_chapter()
    browser()
    book()
    binder()
    print("\n| step | wall (s) | CPU (s) |\n|---|---|---|")
    for name, wall, cpu in ROWS:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} |")
