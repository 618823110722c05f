"""Every chapter without a dedicated browser test, swept in a real browser.

Chapters are discovered from ``chapters/[0-9][0-9]_*.md``; a chapter with its
own ``test_chNN_*.py`` (which compares its numbers with the core) is left to
that test, every other one is swept here, so a new chapter is covered at once
(the notation page, ``chapters/notation.md``, has no control and no figure: the
book's build executes it, tests/test_chapters.py reads the result):

* open it in JupyterLab, Run All, wait until every code cell has run;
* no cell shows an error or stderr output, and every matplotlib figure on the
  page shows a visible canvas;
* every live control is used once, with the keyboard only (focused as Tab
  would reach it, then keys: issue 25) -- a slider moved one step with an arrow
  key, a drop-down set to the next option (Alt+ArrowDown opens it, ArrowDown or
  ArrowUp, Enter),
  a toggle-buttons group switched and a button pressed with Enter, a Play
  widget rewound, played and paused with Enter -- and after each action (the
  kernel idle again) something visible changed: the pixels of a figure near
  the control, or the text of its readout's ``span.bp-value`` numbers (and
  then the figure's hidden text alternative, ``.bp-alt``, changed too);
* no control label shows HTML source (``<i>l</i>``) instead of symbols, and
  every live figure with a canvas has a text alternative;
* a control the sweep does not know how to use fails the test (it is not
  silently ignored).

A screenshot of each whole page is saved to ``tests/artifacts/``.
"""
import re
import time
from pathlib import Path

import pytest

from harness import CHAPTERS, file_state

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
CHAPTER_FILES = sorted(p.name for p in CHAPTERS.glob("[0-9][0-9]_*.md"))


def dedicated_tests():
    """Chapter file -> the dedicated test file that names it as ``CHAPTER``."""
    found = {}
    for test in sorted(HERE.glob("test_ch[0-9][0-9]_*.py")):
        named = re.search(r'^CHAPTER\s*=\s*"([^"]+)"', test.read_text(), re.M)
        assert named, f"{test.name} does not say which chapter it tests (CHAPTER = \"...\")"
        found[named.group(1)] = test.name
    return found


SWEPT = [name for name in CHAPTER_FILES if name not in dedicated_tests()]

#: How each kind of control is found, inside the notebook's outputs.
CONTROLS = {
    "slider": ".jp-OutputArea-output .widget-slider",
    "dropdown": ".jp-OutputArea-output .widget-dropdown select",
    "toggles": ".jp-OutputArea-output .widget-toggle-buttons",
    "button": ".jp-OutputArea-output button.widget-button",
    "play": ".jp-OutputArea-output .widget-play",
}
#: Controls the sweep cannot use yet: finding one is a failure, never a skip.
UNKNOWN_CONTROLS = (".jp-OutputArea-output :is(.widget-text, .widget-textarea, .widget-checkbox, "
                    ".widget-radio-box, .widget-select, .widget-select-multiple, "
                    ".widget-colorpicker, .widget-datepicker, .widget-tab, .widget-upload, "
                    ".widget-toggle-button:not(.widget-toggle-buttons .widget-toggle-button))")

#: The near-by things that must change: the live figure holding the control,
#: else the output holding it.  Returns its canvases and readout numbers.
SCOPE_JS = """el => {
    const scope = el.closest('.bp-live') || el.closest('.jp-OutputArea-output');
    return [...scope.querySelectorAll('span.bp-value')]
           .map(s => s.getAttribute('data-name') + '=' + s.textContent.trim());
}"""


#: What each figure's canvas shows: its size, and a hash of every pixel ipympl has
#: drawn into it (read in the page: cheaper than a screenshot, and the same pixels).
#: With the rubber-band canvas above it; both are hashed.
CANVAS_JS = """scope => [...scope.querySelectorAll('.jupyter-matplotlib-canvas-div')].map(div =>
    [...div.querySelectorAll('canvas')].map(c => {
        if (!c.width || !c.height) return '0x0';
        const words = new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer);
        let h = 2166136261;
        for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 16777619) >>> 0;
        return `${c.width}x${c.height}:${h.toString(16)}`;
    }).join(' '))"""


def _scope(control):
    return control.locator("xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '),"
                           " ' bp-live ')][1]")


class Sweep:
    """Uses each control of one open chapter page and records what changed."""

    def __init__(self, chapter_page):
        self.owner = chapter_page
        self.page = chapter_page.page
        self.notebook = chapter_page.notebook
        self.log = []
        self.settled = False
        #: controls used with the keyboard (all of them)
        self.by_keys = 0

    # what is visible near a control ------------------------------------------
    def scope(self, control):
        live = _scope(control)
        if live.count():
            return live.first
        return control.locator("xpath=ancestor::*[contains(concat(' ', normalize-space(@class), "
                               "' '), ' jp-OutputArea-output ')][1]").first

    def observe(self, control):
        """(readout numbers, canvas digests) of the figure holding ``control``."""
        numbers = control.evaluate(SCOPE_JS)
        pictures = self.scope(control).evaluate(CANVAS_JS)
        assert numbers or pictures, "the control belongs to no figure and no readout: nothing to watch"
        return numbers, pictures

    @staticmethod
    def difference(before, after):
        """A description of what changed between two observations ('' if nothing)."""
        parts = []
        if before[0] != after[0]:
            changed = [f"{a} -> {b}" for a, b in zip(before[0], after[0]) if a != b]
            parts.append(f"readout {changed or after[0]}")
        if len(before[1]) != len(after[1]):
            parts.append(f"{len(before[1])} -> {len(after[1])} canvases")
        else:
            redrawn = [i for i, (a, b) in enumerate(zip(before[1], after[1])) if a != b]
            if redrawn:
                parts.append(f"the pixels of canvas {redrawn} changed")
        return "; ".join(parts)

    def settle(self):
        """Wait until this chapter's kernel is idle (and stays idle a moment), unless
        nothing was done to the page since the last time it was."""
        if not self.settled:
            self.owner.wait_for_kernel()
            self.settled = True

    def keys(self, element, *keys):
        """Focus ``element`` as Tab would (it must be in the tab order) and press ``keys``."""
        element.focus()
        reachable = element.evaluate(
            "el => el === document.activeElement && el.tabIndex >= 0 && !el.disabled")
        assert reachable, f"{self.owner.chapter}: a control is not reachable with Tab"
        for key in keys:
            element.press(key)
        self.by_keys += 1

    def alt_text(self, control):
        return control.evaluate(
            "el => { const a = (el.closest('.bp-live') || document).querySelector('.bp-alt');"
            " return a ? a.textContent : null; }")

    def do(self, action):
        """Do ``action`` to the page: the kernel has to settle again after it."""
        self.settled = False
        action()

    def act(self, what, control, action, timeout=60.0):
        """Do ``action``; wait until something near ``control`` changed and the
        kernel is idle again; assert the change; return it."""
        control.scroll_into_view_if_needed()
        self.settle()
        before = self.observe(control)
        alt_before = self.alt_text(control)
        self.do(action)
        deadline = time.monotonic() + timeout
        while True:
            # The readout's text is cheapest to read; the canvases' pixels are
            # hashed only while it has not changed.
            if control.evaluate(SCOPE_JS) != before[0]:
                break
            change = self.difference(before, self.observe(control))
            if change or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.settle()
        after = self.observe(control)
        change = self.difference(before, after)
        assert change, f"{self.owner.chapter}: {what}: nothing visibly changed"
        if alt_before is not None and before[0] != after[0]:
            assert self.alt_text(control) != alt_before, (
                f"{self.owner.chapter}: {what}: the readout changed but not the figure's text "
                "alternative")
        self.log.append((what, change))
        return after

    # each kind of control ---------------------------------------------------
    def slider(self, i, control):
        handle = control.locator(".noUi-handle").first
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_max else "ArrowRight"
        readout = control.locator(".widget-readout")
        start = readout.inner_text()

        def press():
            self.keys(handle, key)

        self.act(f"slider {i} ({control.locator('.widget-label').first.inner_text()!r}) {key}",
                 control, press)
        assert readout.inner_text() != start, f"slider {i} did not move with {key}"

    def dropdown(self, i, control):
        labels, index = control.evaluate("s => [[...s.options].map(o => o.text), s.selectedIndex]")
        assert len(labels) > 1, f"drop-down {i} has a single option {labels}"
        # Alt+ArrowDown opens the list, an arrow moves in it, Enter chooses.  (A bare
        # ArrowDown on the closed drop-down is JupyterLab's: in command mode it
        # moves to the next cell and the drop-down keeps its value.)
        key, to = ("ArrowUp", index - 1) if index == len(labels) - 1 else ("ArrowDown", index + 1)
        self.act(f"drop-down {i} {labels[index]!r} -> {labels[to]!r} (Alt+ArrowDown, {key}, Enter)",
                 control, lambda: self.keys(control, "Alt+ArrowDown", key, "Enter"))
        now = control.evaluate("s => s.options[s.selectedIndex].text")
        assert now == labels[to], f"drop-down {i} shows {now!r} after the keys, not {labels[to]!r}"

    def toggles(self, i, control):
        active = control.locator("button.widget-toggle-button").evaluate_all(
            "bs => bs.map(b => b.classList.contains('mod-active'))")
        assert False in active, f"toggle buttons {i} has no inactive option"
        # By position: a ':not(.mod-active)' locator would find another button after the click.
        other = control.locator("button.widget-toggle-button").nth(active.index(False))
        label = other.inner_text().strip()
        self.act(f"toggle buttons {i} -> {label!r} (Enter)", control,
                 lambda: self.keys(other, "Enter"))
        assert "mod-active" in (other.get_attribute("class") or ""), f"{label!r} did not become active"

    def button(self, i, control):
        self.act(f"button {i} {control.inner_text().strip()!r} (Enter)", control,
                 lambda: self.keys(control, "Enter"))

    def play(self, i, control):
        play_pause, stop = control.locator("button").nth(0), control.locator("button").nth(1)
        icon = play_pause.locator("i")
        # Rewind (a Play at its end does nothing when played), then play, then pause.
        self.settle()
        before = self.observe(control)
        self.do(lambda: self.keys(stop, "Enter"))
        self.settle()
        self.act(f"Play {i}: play (Enter)", control, lambda: self.keys(play_pause, "Enter"))
        if "fa-pause" in (icon.get_attribute("class") or ""):
            self.do(lambda: self.keys(play_pause, "Enter"))
        self.page.wait_for_function("i => i.className.includes('fa-play')",
                                    arg=icon.element_handle(), timeout=30_000)
        self.settle()
        # Values the Play sent before the pause may still be queued for a busy kernel:
        # let the figure come to rest (at most 30 s), then it must stay at rest.
        stopped, deadline = self.observe(control), time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.observe(control)
            if now == stopped:
                break
            stopped = now
        time.sleep(1.0)
        self.settled = False        # a Play that did not stop would still be running
        self.settle()
        assert self.difference(stopped, self.observe(control)) == "", f"Play {i} did not stop"
        self.log.append((f"Play {i}: paused", self.difference(before, stopped) or "back at start"))

    def run(self):
        labels = self.notebook.locator(".jp-OutputArea-output .widget-label").evaluate_all(
            "ls => ls.map(l => l.textContent).filter(t => /<\\/?[a-z][^>]*>/i.test(t))")
        assert labels == [], f"{self.owner.chapter}: labels show HTML source: {labels}"
        mute = self.notebook.locator(".bp-live").evaluate_all(
            "ls => ls.filter(l => l.querySelector('.jupyter-matplotlib') &&"
            " !(l.querySelector('.bp-alt') || {}).textContent).length")
        assert mute == 0, f"{self.owner.chapter}: {mute} figures have no text alternative"
        unknown = self.notebook.locator(UNKNOWN_CONTROLS)
        assert unknown.count() == 0, (
            f"{self.owner.chapter} has controls the sweep cannot use: "
            f"{unknown.evaluate_all('els => els.map(e => e.className)')}")
        counts = {}
        for kind, selector in CONTROLS.items():
            found = self.notebook.locator(selector)
            counts[kind] = found.count()
            for i in range(counts[kind]):
                getattr(self, kind)(i, found.nth(i))
        return counts


def wait_for_figures(chapter_page, timeout_ms=60_000):
    """Every ipympl figure on the page shows a visible canvas with a size."""
    figures = chapter_page.notebook.locator(".jp-OutputArea-output .jupyter-matplotlib")
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        canvas = figure.locator(".jupyter-matplotlib-canvas-div canvas").first
        canvas.wait_for(state="visible", timeout=timeout_ms)
        chapter_page.page.wait_for_function(
            "c => c.width > 0 && c.height > 0 && c.getBoundingClientRect().height > 0",
            arg=canvas.element_handle(), timeout=timeout_ms)
    return figures.count()


@pytest.mark.parametrize("chapter", SWEPT)
def test_sweep_chapter(open_chapter, chapter):
    started = time.monotonic()
    page = open_chapter(chapter)
    ran = time.monotonic() - started
    stem = page.path.stem
    assert page.code_cell_count() > 0, f"{chapter} has no code cell"
    assert page.error_outputs() == [], f"{chapter}: cells show errors after Run All"
    figures = wait_for_figures(page)
    sweep = Sweep(page)
    counts = sweep.run()
    assert sweep.by_keys >= sum(counts.values()), "a control was used without the keyboard"
    assert page.error_outputs() == [], f"{chapter}: errors appeared while using the controls"
    page.screenshot(f"{stem}_sweep.png")
    page.close()
    assert page.writes == [], f"the browser asked the server to write files: {page.writes}"
    for path, state in page.files_before.items():
        assert file_state(path) == state, f"{path.name} changed during the test"
    print(f"\n{chapter}: open + Run All {ran:.1f} s, total {time.monotonic() - started:.1f} s, "
          f"{figures} figures, controls {counts}")
    for what, change in sweep.log:
        print(f"  {what}: {change}")


def test_every_chapter_is_covered():
    """Each chapter has a dedicated browser test or is swept -- and the sweep
    list is the chapters minus the dedicated ones, not a hand-kept list."""
    dedicated = dedicated_tests()
    assert CHAPTER_FILES, f"no chapter found in {CHAPTERS}"
    for chapter, test in dedicated.items():
        assert chapter in CHAPTER_FILES, f"{test} tests {chapter}, which is not a chapter"
        number = re.match(r"test_ch(\d\d)_", test).group(1)
        assert chapter.startswith(number), f"{test} is named for chapter {number} but tests {chapter}"
    uncovered = [c for c in CHAPTER_FILES if c not in dedicated and c not in SWEPT]
    assert uncovered == [], f"chapters with no browser test: {uncovered}"
    assert set(dedicated) | set(SWEPT) == set(CHAPTER_FILES)
    assert not set(dedicated) & set(SWEPT), "a chapter is both swept and tested on its own"
