"""Drive JupyterLab in headless Chromium: one isolated server, one browser.

Used by the browser tests (``tests/browser``) and by ``bench/slider_latency.py``.

* :class:`LabServer` starts ``jupyter lab`` on a free loopback port with a
  random token and throw-away config/runtime/settings/workspace directories.
  Its settings make ``.md`` open as a Jupytext notebook, switch autosave off
  (a test must never rewrite a chapter) and switch notebook windowing off (or
  JupyterLab 4 removes off-screen cells from the page).  The server's root is
  ``chapters/``, so every kernel runs there.
* :func:`launch_browser` starts Debian's Chromium through Playwright.
* :class:`ChapterPage` opens a chapter, waits for a *really* ready kernel,
  runs all cells and gives access to the live figures on the page.

Every process started here runs in its own process group and is stopped by
its id (``os.killpg``); nothing is killed by name.
"""
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
ARTIFACTS = ROOT / "tests" / "artifacts"

#: Debian's chromium-headless-shell first: the same engine without the browser's own
#: user interface, which the tests never show (Playwright's default for headless
#: runs); it needs about a fifth less CPU than headless chromium (tests/README.md).
CHROMIUM_CANDIDATES = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "chromium",
                       "chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

#: JupyterLab user settings written into the isolated settings directory.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"},
        "autosave": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

#: Outputs that mean a cell went wrong.
ERROR_OUTPUTS = ('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
                 '.jp-RenderedText[data-mime-type*="stderr"], '
                 '.jp-OutputArea-output[data-mime-type*="error"], .jp-RenderedText[data-mime-type*="error"]')


def find_chromium():
    """The Chromium executable, or None.  ``$BP_CHROMIUM``, when set, is the only
    candidate (so a test can point it at a missing file)."""
    override = os.environ.get("BP_CHROMIUM")
    for candidate in (override,) if override else CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(proc, timeout=10):
    """Stop ``proc`` and its whole process group (it was started in a new session)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=timeout)


def api_request(url, token, method, path, timeout=10):
    """One call to the REST API of a Jupyter server (or hub) at ``url``: its JSON answer."""
    request = urllib.request.Request(f"{url}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body) if body else None


def wait_until_up(proc, ping, name, log_text, timeout=90):
    """Wait until ``ping()`` answers (the server ``proc`` started is up); raise a
    RuntimeError with the server's log if it exits or does not answer in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited ({proc.returncode}):\n{log_text()}")
        try:
            ping()
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer within {timeout} s:\n{log_text()}")


class LabServer:
    """``jupyter lab`` serving ``root`` (chapters/) with isolated settings."""

    def __init__(self, root=CHAPTERS):
        self.root = Path(root)
        self.tmp = Path(tempfile.mkdtemp(prefix="bp-lab-"))
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log = self.tmp / "server.log"

    def environment(self):
        env = dict(os.environ)
        dirs = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_RUNTIME_DIR": "runtime",
                "JUPYTER_DATA_DIR": "data", "JUPYTERLAB_SETTINGS_DIR": "settings",
                "JUPYTERLAB_WORKSPACES_DIR": "workspaces", "IPYTHONDIR": "ipython",
                "MPLCONFIGDIR": "mpl"}
        for var, name in dirs.items():
            (self.tmp / name).mkdir()
            env[var] = str(self.tmp / name)
        # The venv's share/jupyter (kernels, lab extensions) is found through
        # sys.prefix; nothing from the user's own Jupyter folders is used.
        for var in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTERLAB_DIR", "MPLBACKEND"):
            env.pop(var, None)
        env["PYTHONUNBUFFERED"] = "1"
        for name, content in LAB_SETTINGS.items():
            path = self.tmp / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content, indent=2))
        return env

    #: The Jupyter application (``jupyter lab``; Notebook 7's is ``notebook``).
    app = "lab"

    def app_options(self):
        """The command-line options of :attr:`app` itself."""
        return ["--LabApp.news_url=",
                # window.jupyterapp, so that one loaded JupyterLab can open chapter
                # after chapter (see open_lab)
                "--LabApp.expose_app_in_browser=True",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]

    def start(self, timeout=90):
        cmd = [sys.executable, "-m", "jupyter", self.app, "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}",
               # JupyterLab makes a checkpoint of a file it opens that has none
               # (always, in a fresh clone): keep those copies in the throw-away
               # directory, never next to the chapters.
               f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",
               *self.app_options()]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        env = self.environment()
        self._log_file = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        try:
            wait_until_up(self.proc, lambda: self.api("GET", "/api/status"), f"jupyter {self.app}",
                          self.log_text, timeout)
        except RuntimeError:
            self.stop()
            raise
        return self

    def log_text(self):
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def api(self, method, path, timeout=10):
        return api_request(self.url, self.token, method, path, timeout)

    def sessions(self):
        return self.api("GET", "/api/sessions")

    def shutdown_kernels(self):
        for kernel in self.api("GET", "/api/kernels"):
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.HTTPError:
                pass

    def lab_url(self, chapter, workspace):
        """The page that opens ``chapter`` in its own fresh workspace."""
        return f"{self.url}/lab/workspaces/{workspace}/tree/{chapter}?reset&token={self.token}"

    def stop(self):
        try:
            if self.proc is not None and self.proc.poll() is None:
                try:
                    self.shutdown_kernels()
                except (urllib.error.URLError, OSError):
                    pass
        finally:
            stop_group(self.proc)
            if getattr(self, "_log_file", None):
                self._log_file.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def launch_browser(playwright, executable):
    """Headless Chromium with a fresh user-data dir: returns (context, user_data_dir).

    A persistent context is what lets us pick the user-data dir; closing the
    context stops the browser process."""
    user_data = tempfile.mkdtemp(prefix="bp-chromium-")
    context = playwright.chromium.launch_persistent_context(
        user_data, executable_path=executable, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 1000})
    return context, user_data


def open_lab(server, context, workspace="tests"):
    """A page of ``context`` with JupyterLab loaded and restored, and no document
    open: give it to :class:`ChapterPage` as ``app`` to open chapters in it one
    after another, instead of loading JupyterLab afresh for each (about 3 s of CPU
    each in software rendering)."""
    page = context.new_page()
    page.goto(f"{server.url}/lab/workspaces/{workspace}?reset&token={server.token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=120_000)
    page.evaluate("() => window.jupyterapp.restored")
    return page


def processes_with(marker):
    """Ids of the running processes whose command line contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(entry.name))
    return found


def browser_pid(user_data):
    """The id of the main Chromium process using ``user_data`` (None if gone)."""
    for pid in processes_with(f"--user-data-dir={user_data}"):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"--type=" not in cmdline:
            return pid
    return None


def stop_browser(context, user_data):
    """Close the browser; then stop, by id, any of its processes still running
    (Playwright starts Chromium as the leader of its own process group)."""
    pid = browser_pid(user_data)
    try:
        context.close()
    except Exception:  # the browser may already be gone; the kill below still runs
        pass
    for leftover in [pid] + processes_with(f"--user-data-dir={user_data}"):
        if leftover is None:
            continue
        for kill in (os.killpg, os.kill):
            try:
                kill(leftover, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    shutil.rmtree(user_data, ignore_errors=True)


def file_state(path):
    path = Path(path)
    if not path.exists():
        return None
    return path.read_bytes(), path.stat().st_mtime_ns


class ChapterPage:
    """One chapter opened in JupyterLab, in a page of ``context``.

    With ``app`` (a page from :func:`open_lab`), the chapter is opened in that
    JupyterLab, which :meth:`close` leaves loaded with no document open, ready
    for the next chapter; without, in a new page that loads JupyterLab for it."""

    def __init__(self, server, context, chapter, timeout_ms=120_000, app=None):
        self.server = server
        self.chapter = chapter
        self.path = CHAPTERS / chapter
        if not self.path.exists():
            raise FileNotFoundError(f"chapter {chapter} does not exist in {CHAPTERS}")
        self.shared = app is not None
        self.page = app if self.shared else context.new_page()
        self.closed = False
        self.timeout = timeout_ms
        self.page.set_default_timeout(timeout_ms)
        self.console_errors = []
        self.page.on("pageerror", self._page_error)
        #: Requests that would write a file (JupyterLab saves with PUT /api/contents/...).
        self.writes = []
        self.page.on("request", self._watch_writes)

    def _page_error(self, exc):
        self.console_errors.append(str(exc))

    def _watch_writes(self, request):
        """Record requests that could change a file.  ``POST .../checkpoints``
        is not one: it copies the opened file into the server's throw-away
        checkpoint directory (see :class:`LabServer`), as JupyterLab does on
        opening any file that has no checkpoint yet."""
        url = request.url.split("?")[0]
        if request.method == "POST" and url.endswith("/checkpoints"):
            return
        if "/api/contents" in url and request.method in ("PUT", "POST", "PATCH", "DELETE"):
            self.writes.append(f"{request.method} {request.url.split('?')[0]}")

    # -- opening and running -------------------------------------------------
    def open(self):
        if self.shared:
            self.page.evaluate(
                """path => window.jupyterapp.commands.execute(
                       'docmanager:open', {path: path, factory: 'Jupytext Notebook'})""",
                self.chapter)
        else:
            workspace = re.sub(r"[^a-z0-9]", "", self.path.stem.lower())
            self.page.goto(self.server.lab_url(self.chapter, workspace))
        self.notebook = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
        self.notebook.locator(".jp-Cell").first.wait_for()
        self.wait_for_kernel()
        return self

    def wait_for_kernel(self):
        """Wait until a kernel exists for this chapter on the server, is idle,
        and the page's toolbar shows its name and an idle status.  (The
        execution indicator reads idle for a moment before any kernel exists.)"""
        deadline = time.monotonic() + self.timeout / 1000
        while time.monotonic() < deadline:
            states = [s["kernel"]["execution_state"] for s in self.server.sessions()
                      if s.get("path", "").endswith(self.chapter) and s.get("kernel")]
            if states and all(state == "idle" for state in states):
                break
            time.sleep(0.2)
        else:
            raise TimeoutError(f"no idle kernel for {self.chapter}")
        toolbar = self.notebook.locator(".jp-NotebookPanel-toolbar")
        toolbar.locator(".jp-Toolbar-kernelName", has_text="Python 3").wait_for()
        self.page.wait_for_function(
            """(el) => { const i = el.querySelector('.jp-Notebook-ExecutionIndicator');
                         return i && i.getAttribute('data-status') === 'idle'; }""",
            arg=toolbar.element_handle(), timeout=self.timeout)
        # Idle must hold for a moment, not flicker.
        time.sleep(0.5)
        self.page.wait_for_function(
            """(el) => el.querySelector('.jp-Notebook-ExecutionIndicator')
                       .getAttribute('data-status') === 'idle'""",
            arg=toolbar.element_handle(), timeout=self.timeout)

    def run_all(self):
        """Run ▸ Run All Cells from the menu bar; wait until every code cell has a number.

        A cell whose source is hidden (``jupyter.source_hidden``) has no prompt
        on the page (JupyterLab shows an input placeholder instead), so for it
        the wait is for the kernel: cells run in order, and the kernel idle
        (for a moment, see :meth:`wait_for_kernel`) after every visible
        prompt is numbered means the hidden cells have run too."""
        self.notebook.locator(".jp-Notebook").click(position={"x": 5, "y": 5})
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        self.page.wait_for_function(
            """(nb) => { const cells = [...nb.querySelectorAll('.jp-CodeCell')];
                         return cells.length > 0 && cells.every(c =>
                           c.querySelector('.jp-InputPlaceholder') ||
                           [...c.querySelectorAll('.jp-InputArea .jp-InputPrompt')]
                             .some(e => /^\\[\\d+\\]:$/.test(e.textContent.trim()))); }""",
            arg=self.notebook.element_handle(), timeout=self.timeout)
        self.wait_for_kernel()
        return self.code_cell_count()

    def code_cell_count(self):
        return self.notebook.locator(".jp-CodeCell").count()

    def error_outputs(self):
        """Texts of stderr / error outputs on the page (should be empty)."""
        found = self.notebook.locator(ERROR_OUTPUTS)
        return [found.nth(i).inner_text()[:500] for i in range(found.count())]

    # -- live figures --------------------------------------------------------
    def live_figures(self):
        return self.notebook.locator(".bp-live")

    def figure(self, index):
        return LiveFigure(self, self.live_figures().nth(index))

    def figure_with(self, selector):
        """The first live figure on the page that holds ``selector`` (e.g. a Play)."""
        figures = self.live_figures()
        for i in range(figures.count()):
            if figures.nth(i).locator(selector).count():
                return self.figure(i)
        raise AssertionError(f"{self.chapter}: no live figure holds {selector!r}")

    def screenshot(self, name):
        """The whole notebook: the viewport is made as tall as the notebook first
        (JupyterLab scrolls inside a fixed-height page)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        size = self.page.viewport_size
        height = self.notebook.evaluate(
            "el => Math.max(...[...el.querySelectorAll('.jp-WindowedPanel-outer, .jp-Notebook')]"
            ".map(e => e.scrollHeight))")
        self.page.set_viewport_size({"width": size["width"], "height": min(int(height) + 200, 16000)})
        try:
            self.notebook.evaluate(
                "el => el.querySelectorAll('.jp-WindowedPanel-outer').forEach(e => e.scrollTop = 0)")
            self.page.wait_for_timeout(300)
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(size)
        return path

    def close(self):
        """Close the chapter unsaved (autosave is off) and shut down its kernel: the
        page, or in a shared JupyterLab every open document, marked unchanged first so
        that no dialog asks to save it."""
        if self.closed:
            return
        self.closed = True
        try:
            if self.shared:
                self.page.evaluate(
                    """() => { for (const w of [...window.jupyterapp.shell.widgets('main')]) {
                                 if (w.context) { w.context.model.dirty = false; }
                                 w.dispose(); } }""")
                self.page.remove_listener("pageerror", self._page_error)
                self.page.remove_listener("request", self._watch_writes)
            else:
                self.page.close()
        finally:
            for session in self.server.sessions():
                if session.get("path", "").endswith(self.chapter):
                    self.server.api("DELETE", f"/api/sessions/{session['id']}")


class LiveFigure:
    """A ``Live`` widget on the page: its sliders, readout spans and canvas."""

    def __init__(self, chapter_page, root):
        self.owner = chapter_page
        self.page = chapter_page.page
        self.root = root

    def scroll_into_view(self):
        self.root.scroll_into_view_if_needed()

    def screenshot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.root.screenshot(path=str(ARTIFACTS / name))

    # controls ----------------------------------------------------------------
    def sliders(self):
        return self.root.locator(".widget-slider")

    def slider_texts(self):
        """Each slider's readout text, in page order."""
        readouts = self.sliders().locator(".widget-readout")
        return [readouts.nth(i).inner_text().strip() for i in range(readouts.count())]

    def press(self, index, key, times=1):
        """Focus the handle of slider ``index`` and press ``key`` ``times`` times."""
        handle = self.sliders().nth(index).locator(".noUi-handle")
        handle.focus()
        for _ in range(times):
            handle.press(key)

    def dropdowns(self):
        return self.root.locator(".widget-dropdown select")

    def dropdown_labels(self):
        selects = self.dropdowns()
        return [selects.nth(i).evaluate("s => s.options[s.selectedIndex].text")
                for i in range(selects.count())]

    def buttons(self):
        return self.root.locator("button.widget-button")

    def choose(self, index, label):
        self.dropdowns().nth(index).select_option(label=label)

    def state(self):
        """(slider readouts, drop-down labels, (data-name, text) pairs) in one call."""
        got = self.root.evaluate(
            """el => ({
                 sliders: [...el.querySelectorAll('.widget-slider .widget-readout')]
                          .map(r => r.textContent.trim()),
                 dropdowns: [...el.querySelectorAll('.widget-dropdown select')]
                          .map(s => s.options[s.selectedIndex].text),
                 spans: [...el.querySelectorAll('span.bp-value')]
                          .map(s => [s.getAttribute('data-name'), s.textContent.trim()])})""")
        return got["sliders"], got["dropdowns"], [tuple(pair) for pair in got["spans"]]

    # readout -----------------------------------------------------------------
    def value_spans(self):
        """Every (data-name, text) of the figure's ``span.bp-value``, in page order."""
        return self.root.evaluate(
            """el => [...el.querySelectorAll('span.bp-value')]
                     .map(s => [s.getAttribute('data-name'), s.textContent.trim()])""")

    # figure --------------------------------------------------------------------
    def canvas(self):
        return self.root.locator(".jupyter-matplotlib-canvas-div").first

    def wait_for_canvas(self, label, timeout_ms=30_000):
        """Fail clearly if the figure's ipympl canvas is not shown (a blank figure)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.canvas().wait_for(state="visible", timeout=timeout_ms)
        except PlaywrightTimeout:
            box = self.root.evaluate(
                "el => [...el.querySelectorAll('.jupyter-matplotlib, canvas')]"
                ".map(e => e.className + ' ' + JSON.stringify(e.getBoundingClientRect()))")
            raise AssertionError(f"{label}: the figure's canvas is not visible after "
                                 f"{timeout_ms / 1000:g} s (a blank figure); elements: {box}") from None

    def canvas_png(self):
        return self.canvas().screenshot(animations="disabled")

    def wait_for_new_canvas(self, before, timeout_ms=30_000):
        """The canvas screenshot once it differs from ``before`` (or the last one)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            now = self.canvas_png()
            if now != before or time.monotonic() > deadline:
                return now
            time.sleep(0.1)


def pixels_changed(png_a, png_b):
    """How many pixels differ between two screenshots of the same element."""
    from PIL import Image, ImageChops

    a = Image.open(io.BytesIO(png_a)).convert("RGB")
    b = Image.open(io.BytesIO(png_b)).convert("RGB")
    if a.size != b.size:
        return a.size[0] * a.size[1]
    import numpy as np

    return int(np.count_nonzero(np.asarray(ImageChops.difference(a, b).convert("L"))))
