"""The backprop stepper of chapter 7 in a real browser (beside the chapter's sweep).

* step forward: the readout and the equation show the core's step, and numbers
  appear on the drawn network (its pixels change);
* step back: the page returns to the step before, numbers and picture;
* Play from the start runs to the last step, and stops there.

The core's copy is built from the chapter's own call (``mirror.build``), so the
page's numbers are compared with the engine's, not with the page itself.  The
screenshots go to ``tests/artifacts/``.
"""
import io
import time

import pytest
from PIL import Image

from backprop_core.widgets.base import fmt
from harness import CHAPTERS, pixels_changed
from mirror import FigureSpec, build, shown

pytestmark = pytest.mark.browser

STEPPER_IN = "07_algorithm_and_code.md"
SPEC = FigureSpec(0, "backprop_core.widgets.stepper",
                  "backprop_stepper(sizes=(2, 3, 2), seed=1, x=(0.8, -0.4), y=(1.0, 0.0))")


def shows(figure, copy, what, timeout=30.0):
    """Wait until the page's numbers are the copy's; assert they are."""
    expected = shown(copy)
    deadline = time.monotonic() + timeout
    while figure.value_spans() != [list(p) for p in expected] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [tuple(p) for p in figure.value_spans()] == expected, what


def typeset_kind(figure, timeout_ms=30_000):
    """The kind of step the equation shows, once MathJax has typeset it."""
    equation = figure.root.locator(".bp-equation")
    figure.page.wait_for_function(
        "e => e.querySelector('.bp-step mjx-container') !== null",
        arg=equation.element_handle(), timeout=timeout_ms)
    return equation.locator(".bp-step").get_attribute("data-kind")


def pixels(png):
    width, height = Image.open(io.BytesIO(png)).size
    return width * height


def test_stepper_steps_back_and_plays_to_the_end(open_chapter):
    copy = build(SPEC, (CHAPTERS / STEPPER_IN).read_text())
    page = open_chapter(STEPPER_IN)
    figure = page.figure_with(".widget-play")
    figure.scroll_into_view()
    forward = figure.root.locator("button", has_text="step forward")
    back = figure.root.locator("button", has_text="step back")
    shows(figure, copy, "at the start")
    start = figure.canvas_png()

    pictures = {}
    for position in (1, 2, 3, 4):
        forward.click()
        copy.move(+1)
        shows(figure, copy, f"step {position}")
        assert copy.position == position
        pictures[position] = figure.wait_for_new_canvas(pictures.get(position - 1, start))
    step = copy.steps[3]
    assert dict(figure.value_spans())["value"] == fmt(step.value)
    assert typeset_kind(figure) == step.kind
    assert pixels_changed(start, pictures[4]) > 500, "no numbers appeared on the network"
    figure.screenshot("07_stepper_step4.png")

    back.click()
    copy.move(-1)
    shows(figure, copy, "one step back")
    again = figure.wait_for_new_canvas(pictures[4])
    # the same picture as on the way forward (text drawn in another order may
    # differ in a few antialiased pixels, not in a number)
    assert pixels_changed(pictures[3], again) < 0.002 * pixels(again), "step back is not step 3"

    figure.root.locator("button", has_text="reset").click()
    copy.reset()
    shows(figure, copy, "after reset")
    play = figure.root.locator(".widget-play button").first
    play.click()
    copy.move(len(copy.steps))
    shows(figure, copy, "Play at its end", timeout=60.0)
    assert copy.position == len(copy.steps)
    icon = play.locator("i")
    figure.page.wait_for_function("i => i.className.includes('fa-play')",
                                  arg=icon.element_handle(), timeout=30_000)
    time.sleep(0.5)
    shows(figure, copy, "Play stopped at the last step")
    figure.screenshot("07_stepper_played.png")
    assert page.error_outputs() == []
