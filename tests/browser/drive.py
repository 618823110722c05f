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

import ipywidgets as widgets

from harness import file_state, pixels_changed
from mirror import build, controls_in_page_order, shown, sync

#: The key presses tried on every float slider, in order: (key, presses).
MOVES = (("Home", 1), ("ArrowRight", 3), ("End", 1), ("ArrowLeft", 2))
#: Integer sliders (layer, neuron) have few positions: both ends are enough.
INT_MOVES = (("Home", 1), ("End", 1))


def _slug(name):
    return re.sub(r"\W+", "_", name)


def _will_move(control, key, times):
    value = control.value
    if key in ("Home", "ArrowLeft"):
        return value > control.min
    return value < control.max


def agree(figure, copy, what, timeout=60.0, follow_page=True):
    """Wait until the page's numbers equal the copy's and assert they do.
    With ``follow_page`` the copy's controls are first set to what the page's
    controls show; without, the copy's current state is the expectation (and the
    page's controls must then show the copy's values).  Returns the pairs shown."""
    deadline = time.monotonic() + timeout
    last_controls = None
    expected = shown(copy)
    while True:
        sliders, dropdowns, page = figure.state()
        controls = (sliders, dropdowns)
        if follow_page and controls != last_controls:
            sync(copy, *controls)
            expected = shown(copy)
            last_controls = controls
        if page == expected or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert expected, f"{what}: the figure shows no bp-value numbers"
    assert page == expected, (
        f"{what}: the page shows {page}\n but the core computes {expected} "
        f"for the controls {controls}")
    return page


def redrawn(figure, before, what):
    after = figure.wait_for_new_canvas(before, timeout_ms=60_000)
    changed = pixels_changed(before, after)
    assert changed > 0, f"{what}: the figure's pixels did not change"
    return after, changed


def exercise(chapter_page, spec, chapter_text, artifact_prefix):
    """Drive figure ``spec`` on ``chapter_page``; return a log of what was checked."""
    figure = chapter_page.figure(spec.index)
    figure.scroll_into_view()
    copy = build(spec, chapter_text)
    sliders, dropdowns = controls_in_page_order(copy)
    buttons = [(name, c) for name, c in copy.controls.items() if isinstance(c, widgets.Button)]
    assert figure.sliders().count() == len(sliders), "slider count differs from the core's figure"
    assert figure.dropdowns().count() == len(dropdowns), "drop-down count differs"
    assert figure.buttons().count() == len(buttons), "button count differs"
    log = [("", "start", 0, None, 0, dict(agree(figure, copy, f"{spec.label()} after Run All")))]
    figure.wait_for_canvas(spec.label())
    figure.screenshot(f"{artifact_prefix}_start.png")
    png = figure.canvas_png()
    for i, (name, control) in enumerate(sliders):
        moved_at_all = False
        for key, times in (INT_MOVES if isinstance(control, widgets.IntSlider) else MOVES):
            sync(copy, figure.slider_texts(), figure.dropdown_labels())
            moves = _will_move(control, key, times)
            before_text = figure.slider_texts()[i]
            figure.press(i, key, times)
            what = f"{spec.label()}: slider {name!r} after {key}×{times}"
            if moves:
                deadline = time.monotonic() + 10
                while figure.state()[0][i] == before_text and time.monotonic() < deadline:
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
    for i, (name, control) in enumerate(buttons):
        # The copy clicks too: the page must end up showing the copy's numbers,
        # and its sliders the copy's slider values.
        sync(copy, figure.slider_texts(), figure.dropdown_labels())
        control.click()
        figure.buttons().nth(i).click()
        what = f"{spec.label()}: button {control.description!r}"
        shown_now = agree(figure, copy, what, follow_page=False)
        log.append((name, "click", 1, control.description, 0, dict(shown_now)))
        before = shown(copy)
        sync(copy, figure.slider_texts(), figure.dropdown_labels())
        assert shown(copy) == before, f"{what}: the page's sliders differ from the core's"
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
    page.close()
    assert page.writes == [], f"the browser asked the server to write files: {page.writes}"
    for path, state in page.files_before.items():
        assert file_state(path) == state, (
            f"{path.name} changed during the test although the browser sent no write "
            "request: was it edited by someone else meanwhile?")
    return logs
