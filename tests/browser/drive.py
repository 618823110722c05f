"""Drive one live figure on the page and compare it with the core's own copy.

For every slider: focus its handle, move it with Home / ArrowRight / End /
ArrowLeft, and after each move require that

* every ``span.bp-value`` of the figure shows exactly the text the core's copy
  of the figure shows once its controls are set to the page's slider readouts;
* the ipympl canvas shows different pixels than before the move.

Drop-downs get the same treatment, one option after another.
"""
import re
import time

from harness import file_state, pixels_changed
from mirror import build, controls_in_page_order, shown, sync

#: The key presses tried on every slider, in order: (key, presses).
MOVES = (("Home", 1), ("ArrowRight", 3), ("End", 1), ("ArrowLeft", 2))


def _slug(name):
    return re.sub(r"\W+", "_", name)


def _will_move(control, key, times):
    value = control.value
    if key in ("Home", "ArrowLeft"):
        return value > control.min
    return value < control.max


def agree(figure, copy, what, timeout=30.0):
    """Wait until the page's numbers equal the copy's (synced to the page's
    controls); assert they do.  Returns the displayed pairs."""
    deadline = time.monotonic() + timeout
    last_controls = None
    while True:
        controls = (figure.slider_texts(), figure.dropdown_labels())
        if controls != last_controls:
            sync(copy, *controls)
            expected = shown(copy)
            last_controls = controls
        page = [tuple(pair) for pair in figure.value_spans()]
        if page == expected or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert expected, f"{what}: the figure shows no bp-value numbers"
    assert page == expected, (
        f"{what}: the page shows {page}\n but the core computes {expected} "
        f"for the controls {controls}")
    return page


def redrawn(figure, before, what):
    after = figure.wait_for_new_canvas(before)
    changed = pixels_changed(before, after)
    assert changed > 0, f"{what}: the figure's pixels did not change"
    return after, changed


def exercise(chapter_page, spec, chapter_text, artifact_prefix):
    """Drive figure ``spec`` on ``chapter_page``; return a log of what was checked."""
    figure = chapter_page.figure(spec.index)
    figure.scroll_into_view()
    copy = build(spec, chapter_text)
    sliders, dropdowns = controls_in_page_order(copy)
    assert figure.sliders().count() == len(sliders), "slider count differs from the core's figure"
    assert figure.dropdowns().count() == len(dropdowns), "drop-down count differs"
    log = [("", "start", 0, None, 0, dict(agree(figure, copy, f"{spec.label()} after Run All")))]
    figure.screenshot(f"{artifact_prefix}_start.png")
    png = figure.canvas_png()
    for i, (name, control) in enumerate(sliders):
        moved_at_all = False
        for key, times in MOVES:
            sync(copy, figure.slider_texts(), figure.dropdown_labels())
            moves = _will_move(control, key, times)
            before_text = figure.slider_texts()[i]
            figure.press(i, key, times)
            what = f"{spec.label()}: slider {name!r} after {key}×{times}"
            if moves:
                deadline = time.monotonic() + 10
                while figure.slider_texts()[i] == before_text and time.monotonic() < deadline:
                    time.sleep(0.02)
                assert figure.slider_texts()[i] != before_text, f"{what}: the slider did not move"
            shown_now = agree(figure, copy, what)
            changed = 0
            if moves:
                png, changed = redrawn(figure, png, what)
                moved_at_all = True
            log.append((name, key, times, figure.slider_texts()[i], changed, dict(shown_now)))
        assert moved_at_all or control.min == control.max, f"slider {name!r} never moved"
        figure.screenshot(f"{artifact_prefix}_{_slug(name)}.png")
    for i, (name, control) in enumerate(dropdowns):
        start = figure.dropdown_labels()[i]
        for label in [lab for lab in control._options_labels if lab != start] + [start]:
            figure.choose(i, label)
            what = f"{spec.label()}: drop-down {name!r} = {label!r}"
            shown_now = agree(figure, copy, what)
            png, changed = redrawn(figure, png, what)
            log.append((name, "select", 1, label, changed, dict(shown_now)))
        figure.screenshot(f"{artifact_prefix}_{_slug(name)}.png")
    return log


def check_chapter(open_chapter, chapter, specs):
    """The whole browser check of one chapter; returns the per-figure logs."""
    page = open_chapter(chapter)
    stem = page.path.stem
    text = page.path.read_text()
    assert page.error_outputs() == [], f"{chapter}: cells show errors after Run All"
    page.screenshot(f"{stem}_page.png")
    found = page.live_figures().count()
    assert found == len(specs), (
        f"{chapter} shows {found} live figures; the test knows {len(specs)}: "
        "add a FigureSpec for each")
    logs = {}
    for spec in specs:
        logs[spec.label()] = exercise(page, spec, text, f"{stem}_fig{spec.index}")
    assert page.error_outputs() == [], f"{chapter}: errors appeared while moving the controls"
    page.screenshot(f"{stem}_page_after.png")
    page.close()
    for path, state in page.files_before.items():
        assert file_state(path) == state, f"{path.name} was modified by the browser session"
    return logs
