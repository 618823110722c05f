"""The static HTML book (make book): it builds, executed and offline, and every
page opens in headless Chromium with its math typeset and no broken image.

The build runs once per test session into a temporary folder, from the
repository, with the same command as ``make book`` (``notebook_runner.book_command``,
the ``book`` fixture in conftest.py); tests/test_chapters.py checks the chapters
that build executed.  The pages are then served from 127.0.0.1; the browser
refuses every request to any other host, so a page that needs the network (a
CDN's MathJax, widget JavaScript, web fonts) fails here.
"""
import functools
import http.server
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from availability import unavailable

pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tests" / "artifacts" / "book"
# Warnings the build may give while some chapters are still being written:
# a link to a chapter file that does not exist yet.
MISSING_CHAPTER = re.compile(r"(Unknown source document '(?:chapters/)?(\d\d_\w+)'"
                             r"|cross-reference target not found: '(\d\d_\w+)\.md')")


def unexpected_warnings(text, chapters_present):
    """Build warnings other than links to chapters not written yet."""
    found = []
    for line in text.splitlines():
        if "WARNING" not in line and "ERROR" not in line:
            if line.strip() and not line.startswith(" "):
                found.append(line)
            continue
        match = MISSING_CHAPTER.search(line)
        if match:
            stem = match.group(2) or match.group(3)
            if stem not in chapters_present:
                continue
        found.append(line)
    return found


def test_missing_chapter_warnings_are_told_apart():
    """The filter above lets through only links to chapters that do not exist."""
    text = ("/x/chapters/00_start_here.md:97: WARNING: 'myst' cross-reference target not "
            "found: '04_proofs.md' [myst.xref_missing]\n"
            "/x/chapters/00_start_here.md:95: WARNING: Unknown source document "
            "'chapters/02_hadamard' [myst.xref_missing]\n"
            "/x/chapters/03.md: WARNING: stderr output [mystnb.stderr]\n")
    assert unexpected_warnings(text, {"00_start_here"}) == [
        "/x/chapters/03.md: WARNING: stderr output [mystnb.stderr]"]
    assert len(unexpected_warnings(text, {"04_proofs", "02_hadamard"})) == 3


def test_book_builds_every_chapter_executed(book):
    assert book.chapters, "no chapters/NN_*.md to build"
    for md in book.chapters:
        page = book.out / "chapters" / f"{md.stem}.html"
        assert page.is_file(), f"{md.name} has no page"
        text = page.read_text()
        # executed: the page shows the code cells and what they printed or drew
        assert 'class="cell docutils container"' in text, f"{page.name} shows no code cell"
        assert 'class="cell_output' in text, f"{page.name} shows no output: was it executed?"
    warnings = (book.out.parent / "warnings.txt").read_text()
    assert unexpected_warnings(warnings, {md.stem for md in book.chapters}) == []
    assert (book.out / "index.html").is_file() and (book.out / "docs" / "index.html").is_file()


def test_pages_need_no_network(book):
    """No script, stylesheet, image or font is loaded from another host."""
    remote = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', re.I)
    for page in sorted(book.out.rglob("*.html")):
        assert not remote.search(page.read_text()), f"{page.relative_to(book.out)} loads a remote file"
    assert (book.out / "_static" / "mathjax" / "tex-chtml.js").is_file()


def test_chapter_outputs_are_in_the_pages(book):
    """A chapter's printed output and its live figure's readout reach the page."""
    page = (book.out / "chapters" / "00_start_here.html").read_text()
    assert "plot backend" in page                      # printed by the first code cell
    assert 'class="bp-static-widget"' in page           # the live figure, drawn statically
    assert 'data-name="prime"' in page                   # its readout with data-name spans
    assert "data:image/png;base64," in page              # and its figure as a PNG
    assert "mybinder.org/v2/gh/" in page and "urlpath=lab/tree/chapters/00_start_here.md" in page


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(book):
    handler = functools.partial(_QuietHandler, directory=str(book.out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser(playwright_api):
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium to run the page checks")
    chromium = playwright_api.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


PAGE_REPORT = """() => {
    const maths = Array.from(document.querySelectorAll('.math'));
    const untypeset = maths.filter(m => !m.querySelector('mjx-container')).length;
    const clone = document.body.cloneNode(true);
    clone.querySelectorAll('pre, code, script, style, mjx-container').forEach(e => e.remove());
    const text = clone.textContent;
    const images = Array.from(document.images);
    return {
        maths: maths.length,
        untypeset: untypeset,
        typeset: document.querySelectorAll('mjx-container').length,
        rawMath: (text.match(/\\$\\$|\\\\\\(|\\\\\\[/g) || []).length,
        images: images.length,
        broken: images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80)),
        next: !!document.querySelector('a.right-next'),
        prev: !!document.querySelector('a.left-prev'),
        toc: document.querySelectorAll('nav.bd-docs-nav a.reference').length,
    };
}"""


def test_every_page_renders_offline(book, server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    remote = []

    def only_local(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    names = book.pages()
    chapters = len(names) - 1
    for i, name in enumerate(names):
        page.goto(f"{server}/{name}", wait_until="load")
        if page.evaluate("() => document.querySelectorAll('.math').length") > 0:
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            page.evaluate("() => MathJax.startup.promise")
        report = page.evaluate(PAGE_REPORT)
        assert report["maths"] > 0 or name == "docs/index.html", f"{name}: no math on the page"
        assert report["untypeset"] == 0, f"{name}: {report['untypeset']} math elements not typeset"
        assert report["typeset"] >= report["maths"], f"{name}: {report}"
        assert report["rawMath"] == 0, f"{name}: raw TeX delimiters left in the text"
        assert report["broken"] == [], f"{name}: broken images {report['broken']}"
        assert report["toc"] >= chapters, f"{name}: the table of contents lists {report['toc']} pages"
        assert report["next"] == (i < len(names) - 1), f"{name}: next link {report['next']}"
        assert report["prev"] == (i > 0), f"{name}: previous link {report['prev']}"
        if i < 2:
            page.screenshot(path=str(ARTIFACTS / f"{Path(name).stem}.png"), full_page=False)
    context.close()
    assert remote == [], f"pages asked for remote files: {remote[:5]}"
    assert console_errors == [], f"console errors: {console_errors[:5]}"


def test_make_book_uses_the_same_command():
    """``make book`` runs the build this test runs (so the test covers it)."""
    makefile = (ROOT / "Makefile").read_text()
    target = makefile.split("\nbook:", 1)[1].split("\n\n", 1)[0]
    assert "-m sphinx -b html -E -j auto" in target and "-c docs . $(BOOK_OUT) -d" in target
    assert shutil.which("make") is None or subprocess.run(
        ["make", "-n", "book"], cwd=ROOT, capture_output=True, text=True).returncode == 0
