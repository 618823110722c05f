"""A class on a JupyterHub: two students pull the book with an nbgitpuller link.

A real JupyterHub on 127.0.0.1 in a throw-away directory:
``SharedPasswordAuthenticator`` (``DummyAuthenticator`` with one shared
password, as JupyterHub >= 5.3 calls it), ``SimpleLocalProcessSpawner`` (each
student's home under that directory, the single-user server this venv's
``jupyterhub-singleuser``, so that ``backprop_core`` imports) and the proxy ``configurable-http-proxy``
(npm, ``tests/package.json``, installed by ``make test``'s set-up).  The
book is a bare clone of this repository in the same directory, reached by a
``file://`` URL.

Two students log in one right after the other (their servers start and
clone at the same time), in two browser contexts of one headless Chromium;
each follows the instructors' link (docs/instructors.md)
``/hub/user-redirect/git-pull?repo=…&branch=…&urlpath=lab/tree/book/chapters/06_demon.md``,
which starts their server, clones the book into their home and opens chapter
06 in JupyterLab; both run it and move the demon's Δz slider.  Then the hub
is stopped (SIGTERM) and every process it started -- proxy, single-user
servers, kernels -- must be gone."""
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from availability import unavailable
from harness import (CHROMIUM_ARGS, LAB_SETTINGS, ROOT, ChapterPage, LabServer, api_request, free_port,
                     wait_until_up)

pytestmark = pytest.mark.browser

CHAPTER = "06_demon.md"
STUDENTS = ("ada", "grace")
PASSWORD = "class-password"
PROXY = ROOT / "tests" / "node_modules" / ".bin" / "configurable-http-proxy"
SINGLEUSER = Path(sys.executable).parent / "jupyterhub-singleuser"
#: The link's target inside a student's home: nbgitpuller clones into the
#: repository's last path component (here the bare clone ``book``).
CHAPTER_IN_HOME = f"book/chapters/{CHAPTER}"


def pull_link(hub_url, repo, branch, urlpath):
    """The nbgitpuller link of docs/instructors.md."""
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": urlpath})
    return f"{hub_url}/hub/user-redirect/git-pull?{query}"


class Hub:
    """``jupyterhub`` with its config, database, homes and book in one temp dir."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="bp-hub-"))
        self.port, self.hub_port, self.proxy_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)      # a service's token: the test's own API access
        self.log = self.tmp / "hub.log"
        self.proc = None
        self.started = {}                       # pid -> command line, of everything seen running
        self.rss = {}                           # pid -> resident memory (bytes) when last seen

    def clone_book(self):
        """A bare clone of this repository, with the commit under test on branch ``class``."""
        book = self.tmp / "book"
        subprocess.run(["git", "clone", "--quiet", "--bare", "--no-hardlinks", str(ROOT), str(book)],
                       check=True, capture_output=True)
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True,
                              capture_output=True, text=True).stdout.strip()
        subprocess.run(["git", "-C", str(book), "update-ref", "refs/heads/class", head], check=True)
        return book.as_uri()

    def config(self):
        settings = self.tmp / "lab-settings"
        for name, content in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content))
        values = {
            "JupyterHub.ip": "127.0.0.1", "JupyterHub.port": self.port,
            "JupyterHub.hub_ip": "127.0.0.1", "JupyterHub.hub_port": self.hub_port,
            "JupyterHub.db_url": f"sqlite:///{self.tmp / 'hub.sqlite'}",
            "JupyterHub.cookie_secret_file": str(self.tmp / "cookie_secret"),
            "JupyterHub.pid_file": str(self.tmp / "hub.pid"),
            # DummyAuthenticator with a password, as JupyterHub >= 5.3 names it
            "JupyterHub.authenticator_class": "shared-password",
            "SharedPasswordAuthenticator.user_password": PASSWORD,
            "Authenticator.allowed_users": list(STUDENTS),
            "JupyterHub.spawner_class": "jupyterhub.spawner.SimpleLocalProcessSpawner",
            "SimpleLocalProcessSpawner.home_dir_template": str(self.tmp / "home" / "{username}"),
            "Spawner.cmd": [str(SINGLEUSER)],
            "Spawner.args": (["--allow-root"] if os.geteuid() == 0 else []) + [
                "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            "Spawner.environment": {"JUPYTERLAB_SETTINGS_DIR": str(settings),
                                    "JUPYTERLAB_WORKSPACES_DIR": str(self.tmp / "workspaces"),
                                    "PYTHONUNBUFFERED": "1"},
            "Spawner.start_timeout": 120, "Spawner.http_timeout": 120,
            "ConfigurableHTTPProxy.command": [str(PROXY)],
            "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{self.proxy_port}",
            "ConfigurableHTTPProxy.pid_file": str(self.tmp / "proxy.pid"),
            "JupyterHub.services": [{"name": "test", "api_token": self.token}],
            "JupyterHub.load_roles": [{"name": "test", "services": ["test"],
                                       "scopes": ["access:servers", "read:users", "admin:servers"]}],
        }
        lines = [f"c.{key} = {value!r}" for key, value in values.items()]
        path = self.tmp / "jupyterhub_config.py"
        path.write_text("\n".join(lines) + "\n")
        return path

    def start(self, timeout=90):
        config = self.config()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "IPYTHON", "MPL"))}
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
        self._log_file = open(self.log, "wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)],
                                     cwd=self.tmp, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        wait_until_up(self.proc, lambda: self.api("GET", "/hub/api/"), "jupyterhub",
                      self.log_text, timeout)
        return self

    def log_text(self):
        return self.log.read_text(errors="replace")[-6000:] if self.log.exists() else ""

    def api(self, method, path, timeout=10):
        return api_request(self.url, self.token, method, path, timeout)

    def note_processes(self):
        """Remember the hub's process tree as it is now (proxy, servers, kernels)."""
        import psutil

        hub = psutil.Process(self.proc.pid)
        for proc in [hub] + hub.children(recursive=True):
            try:
                self.started[proc.pid] = " ".join(proc.cmdline())[:200]
                self.rss[proc.pid] = proc.memory_info().rss
            except psutil.Error:
                pass

    def stop(self, timeout=60):
        """SIGTERM to the hub alone (it stops the servers and the proxy itself);
        returns the processes it left running, after stopping them by id."""
        import psutil

        if self.proc is not None and self.proc.poll() is None:
            self.note_processes()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        left = {}
        deadline = time.monotonic() + 10
        for pid, cmdline in self.started.items():
            try:
                proc = psutil.Process(pid)
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except psutil.NoSuchProcess:
                continue
            except psutil.TimeoutExpired:
                left[pid] = cmdline
                try:
                    proc.kill()
                except psutil.Error:
                    pass
        if getattr(self, "_log_file", None):
            self._log_file.close()
        return left

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


class UserServer:
    """A student's single-user server, seen through the hub with the service's
    token: what :class:`harness.ChapterPage` needs of a server."""

    api = LabServer.api
    sessions = LabServer.sessions

    def __init__(self, hub, name):
        self.url = f"{hub.url}/user/{name}"
        self.token = hub.token


class StudentPage(ChapterPage):
    """A student's page: log in, follow the link, land on the chapter in JupyterLab."""

    def __init__(self, hub, context, name, link):
        super().__init__(UserServer(hub, name), context, CHAPTER, timeout_ms=240_000)
        self.name, self.link = name, link
        self.home = hub.tmp / "home" / name

    def log_in(self):
        """Log in with the link as the page to go to next: the hub starts the
        student's server, nbgitpuller clones the book, JupyterLab opens the
        chapter, while the test goes on with the other student."""
        hub_url, path = self.link.split("/hub/", 1)
        self.page.goto(f"{hub_url}/hub/login?" + urllib.parse.urlencode({"next": f"/hub/{path}"}))
        self.page.fill("input[name=username]", self.name)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("input[type=submit], button[type=submit]")

    def open(self):
        page = self.page
        page.wait_for_url(f"**/user/{self.name}/lab/**", timeout=self.timeout)
        # nbgitpuller redirects to the link's urlpath once the clone is made: the
        # file it names must be in the student's clone.
        urlpath = urllib.parse.parse_qs(urllib.parse.urlsplit(self.link).query)["urlpath"][0]
        target = urlpath.split("lab/tree/", 1)[1]
        assert (self.home / target).is_file(), (
            f"{self.name}: the link opens {target}, which is not in the clone "
            f"(it has {sorted(p.name for p in (self.home / 'book' / 'chapters').glob('*.md'))[:3]}...)")
        self.notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
        self.notebook.locator(".jp-Cell").first.wait_for()
        self.wait_for_kernel()
        return self


@pytest.fixture
def hub(chromium):
    if not PROXY.exists():
        unavailable(f"configurable-http-proxy is not installed ({PROXY}): "
                    "run `cd tests && npm ci` (make test does)")
    if not SINGLEUSER.exists():
        unavailable(f"{SINGLEUSER} not found: install the dev extra (pip install -e '.[dev]')")
    hub = Hub()
    try:
        yield hub
    finally:
        hub.stop()
        hub.cleanup()


def test_two_students_pull_the_book_and_run_chapter_06(hub, chromium, playwright_api):
    repo = hub.clone_book()
    link = pull_link(hub.url, repo, "class", f"lab/tree/{CHAPTER_IN_HOME}")
    hub.start()
    browser = playwright_api.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
    try:
        pages = {}
        for name in STUDENTS:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            pages[name] = StudentPage(hub, context, name, link)
            pages[name].log_in()
        for name, page in pages.items():
            page.open()
            assert (hub.tmp / "home" / name / CHAPTER_IN_HOME).is_file(), f"{name} has no clone"
            # The chapter is open as a notebook (a kernel session), from the student's own clone.
            assert [s["path"] for s in page.server.sessions()] == [CHAPTER_IN_HOME]
            assert page.run_all() > 0
            assert page.error_outputs() == [], f"{name}: cells show errors after Run All"
            assert page.live_figures().count() == 4
        for name, page in pages.items():
            figure = page.figure(0)
            figure.scroll_into_view()
            figure.wait_for_canvas(f"{name}'s first figure")
            before = dict(figure.value_spans())
            figure.press(2, "End")      # sliders l, j, Δz
            deadline = time.monotonic() + 30
            while dict(figure.value_spans()) == before and time.monotonic() < deadline:
                time.sleep(0.05)
            after = dict(figure.value_spans())
            assert after["dz"] != before["dz"] and after["actual"] != before["actual"], (name, before, after)
            assert page.error_outputs() == []
        # Both students' servers and kernels are running at once.
        hub.note_processes()
        kernels = [c for c in hub.started.values() if "ipykernel" in c]
        servers = [c for c in hub.started.values() if "jupyterhub-singleuser" in c]
        assert len(kernels) >= 2 and len(servers) == 2, hub.started
        assert any("configurable-http-proxy" in c for c in hub.started.values()), hub.started
        for pid, cmdline in hub.started.items():   # shown with pytest -s: docs/instructors.md
            print(f"{hub.rss[pid] / 2**20:6.0f} MiB  {cmdline[:100]}")
    finally:
        browser.close()
    left = hub.stop()
    assert hub.proc.returncode is not None, "the hub did not stop on SIGTERM"
    assert left == {}, f"processes left running after the hub stopped: {left}"
