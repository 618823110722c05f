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
import html
import http.server
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from availability import unavailable

pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parent.parent
#: Debian's chromium-headless-shell if installed (as the browser tests, tests/browser/harness.py), else chromium.
CHROMIUM = next((c for c in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if Path(c).exists()),
                "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tests" / "artifacts" / "book"
sys.path.insert(0, str(ROOT / "docs" / "_ext"))      # the book's extensions: static_widgets...
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


# -- the moving figures (docs/_ext/static_widgets.py, docs/_static/bp_sweep.js) -----

SWEEP_DATA = re.compile(r'<script type="application/json" class="bp-sweep-data">(.*?)</script>', re.S)
#: Figures whose swept control moves only the readout, not the drawing.
READOUT_ONLY = {"09_big_picture": "Δw changes ΔC in the readout; the paths drawn do not depend on it"}


def _sweeps(page):
    """The main figure's sweep data on a page, as a list (one per swept figure)."""
    return [json.loads(m.group(1)) for m in SWEEP_DATA.finditer(page)]


def test_each_chapter_sweeps_its_main_figure(book):
    """Every chapter with a live figure has one figure with precomputed states: at
    least 15 (or every position of a control with fewer), nearly all different,
    their images too (but for a control that moves only the readout)."""
    import static_widgets
    for md in book.chapters:
        page = (book.out / "chapters" / f"{md.stem}.html").read_text()
        if 'class="bp-static-note"' not in page:          # no live figure on this page
            assert "bp-sweep" not in page
            continue
        sweeps = _sweeps(page)
        assert len(sweeps) == 1, f"{md.name}: {len(sweeps)} swept figures"
        data = sweeps[0]
        positions = int(re.search(r'data-bp-positions="(\d+)"', page).group(1))
        states, first = data["states"], data["first"]
        assert len(states) == len(data["labels"]) >= min(static_widgets.MIN_STATES, positions), md.name
        assert states[first] is None and all(s is not None for i, s in enumerate(states) if i != first)
        shown = [json.dumps(s, sort_keys=True) for s in states if s is not None]
        # (a few values may give the same figure: chapter 17's k = 9 ... 15 keep alike)
        assert len(set(shown)) >= 0.8 * len(shown), f"{md.name}: the states are alike"
        images = {slot["img"] for s in states if s for slot in s if "img" in slot}
        if md.stem not in READOUT_ONLY:
            assert len(images) >= 0.6 * len(shown), f"{md.name}: {len(images)} images for {len(shown)} states"
        assert all(src.startswith("data:image/png;base64,") for src in data["images"])


def test_labels_show_their_symbols_not_html_source(book):
    """A control's description ("layer <i>l</i>") shows as HTML, not as its source."""
    escaped = re.compile(r"&lt;/?(?:i|b|sub|sup|span)\b")
    for md in book.chapters:
        page = (book.out / "chapters" / f"{md.stem}.html").read_text()
        for widget in page.split('class="bp-static-widget')[1:]:
            widget = SWEEP_DATA.sub("", widget.split('class="cell_output', 1)[0])
            assert not escaped.search(widget), f"{md.name}: a label shows HTML source"
    page = (book.out / "chapters" / "06_demon.html").read_text()
    assert '<label class="bp-static-label" for="bp-sweep-1">Δ<i>z</i></label>' in page
    assert '<span class="bp-static-label">layer <i>l</i></span>' in page


def test_the_binder_line_links_from_github_repo(book):
    """Under each live figure: every control is live on Binder, a link to this chapter
    made from docs/conf.py's GITHUB_REPO."""
    spec = importlib.util.spec_from_file_location("book_conf", ROOT / "docs" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    from binder_links import binder_url
    from static_widgets import BINDER_PLACEHOLDER
    notes = 0
    for md in book.chapters:
        page = (book.out / "chapters" / f"{md.stem}.html").read_text()
        assert BINDER_PLACEHOLDER not in page
        for note in re.findall(r'<p class="bp-static-note">(.*?)</p>', page, re.S):
            notes += 1
            assert "Every control is live in JupyterLab or on Binder" in note
            href = re.search(r'<a class="bp-binder-chapter" href="([^"]+)"', note).group(1)
            assert html.unescape(href) == binder_url(conf.GITHUB_REPO, f"chapters/{md.name}")
    assert notes >= len(book.chapters) - 1


SWEEP_STATE = """(figure) => {
    const root = document.querySelector(figure);
    const input = root.querySelector('.bp-sweep-input');
    return {src: root.querySelector('img[data-bp-slot]').getAttribute('src'),
            alt: root.querySelector('img[data-bp-slot]').getAttribute('alt'),
            readout: root.querySelector('.bp-static-html[data-bp-slot]').textContent,
            value: input.value, shown: (root.querySelector('output.bp-sweep-value') || {}).textContent,
            state: root.getAttribute('data-bp-state')};
}"""


def test_the_page_control_swaps_image_and_readout(book, server, browser):
    """Moving the range input with the keyboard shows another precomputed state at
    once (image, alt and readout); Home and End reach the two ends; no server needed."""
    page = browser.new_page()
    page.goto(f"{server}/chapters/06_demon.html", wait_until="load")
    page.wait_for_selector(".bp-sweep.bp-sweep-ready")
    first = page.evaluate(SWEEP_STATE, ".bp-sweep")
    assert first["shown"] == "0.50" and "Now:" in first["alt"] and "Δz = 0.5" in first["alt"]
    page.focus(".bp-sweep .bp-sweep-input")
    page.keyboard.press("ArrowRight")
    after = page.evaluate(SWEEP_STATE, ".bp-sweep")
    assert after["value"] == str(int(first["value"]) + 1) and after["shown"] == "1.00"
    assert after["src"] != first["src"] and after["readout"] != first["readout"]
    assert "1" in after["readout"] and after["alt"] != first["alt"]
    page.keyboard.press("Home")
    low = page.evaluate(SWEEP_STATE, ".bp-sweep")
    assert low["shown"] == "-5.00" and low["state"] == "0"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.keyboard.press("Home")
    page.keyboard.press("End")
    high = page.evaluate(SWEEP_STATE, ".bp-sweep")
    assert high["shown"] == "5.00" and high["src"] != low["src"]
    for _ in range(int(high["value"]) - int(first["value"])):
        page.keyboard.press("ArrowLeft")
    back = page.evaluate(SWEEP_STATE, ".bp-sweep")
    assert back == first                                 # the first state, its own 2x image
    page.close()


# -- accessibility: axe-core (tests/package.json, installed by make test's npm ci) ----

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
#: The theme's own navigation, left out of the check (listed in tests/README.md): the
#: top bar and the left sidebar (sphinx-book-theme's search button there has an
#: aria-label "Search" that does not match its visible text, axe's
#: label-content-name-mismatch).  Everything else on a page, the book's own
#: content, must have no critical or serious violation.
AXE_EXCLUDE = [".bd-header", ".bd-sidebar-primary"]
#: The WCAG 2.x A and AA rules (names, alt text, contrast, ARIA...), without
#: axe's best-practice extras and its CSS preloading: a page takes a few seconds.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False,
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                     "wcag22aa"]}}
AXE_RUN = """async ([exclude, options]) => {
    const result = await axe.run({exclude: exclude}, options);
    return result.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
        .map(v => `${v.id} (${v.impact}): ${v.nodes.length}x, e.g. ${v.nodes[0].target.join(' ')}`);
}"""


def test_pages_pass_axe(book, server, browser):
    """Every page of the book, run through axe-core in Chromium: no critical or
    serious violation (controls without a name, images without alt text, low
    contrast...) in the book's own content."""
    if not AXE.is_file():
        unavailable(f"{AXE.relative_to(ROOT)} is missing: run `cd tests && npm ci` "
                    "(make test's install step does)")
    # MathJax is not loaded: its output (glyphs hidden from screen readers, MathML
    # for them) is MathJax's own, and typeset it doubles the page and the time
    # axe takes; the math is checked as the text it is typeset from.  (With
    # MathJax, 2026-12-07: the same result, no violation, in 98 s instead of 27.)
    context = browser.new_context()
    context.route("**/_static/mathjax/**", lambda route: route.abort())
    page = context.new_page()
    found = {}
    for name in book.pages():
        page.goto(f"{server}/{name}", wait_until="load")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_RUN, [AXE_EXCLUDE, AXE_OPTIONS])
        if violations:
            found[name] = violations
    context.close()
    assert found == {}, f"axe: {found}"
