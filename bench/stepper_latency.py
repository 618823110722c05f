"""How fluent the backprop stepper is in a real browser (chapter 7).

Opens chapter 7 in JupyterLab (headless Chromium, the browser tests' harness),
runs all cells, and measures on the page's clock (performance.now()):

* step redraw -- a click on "step forward" → the figure's canvas drawn with the
  new image (a hook on drawImage), for ``--clicks`` clicks one at a time
  (target: median ≤ 80 ms); beside it, click → the readout changed and click →
  the equation typeset by MathJax (the text follows the image by design: see
  ``TEXT_DELAY`` in backprop_core/widgets/base.py);
* play        -- the Play button at its interval: the figure's shown step
  (its readout's "step") sampled by a MutationObserver for ``--seconds``;
  steps shown per second (target ≥ 8), and how far the figure trails the
  Play widget's value at the end of that time (target: ≤ 1 step, i.e. not behind).

    .venv/bin/python bench/stepper_latency.py [--clicks 20] [--seconds 4]
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "bench"))

from slider_latency import opened_chapter  # noqa: E402

CHAPTER = "07_algorithm_and_code.md"
TARGETS = {"step ms": 80.0, "steps/s": 8.0, "behind": 1}

HOOK = """
(root) => {
  const s = window.__bpStep = {click: null, drawn: null, readout: null, raw: false,
                               typeset: null, shown: []};
  root.addEventListener('click', () => {
    s.click = performance.now(); s.drawn = s.readout = s.typeset = null; s.raw = false; }, true);
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const out = draw.apply(this, args);
    if (s.click !== null && s.drawn === null && this.canvas.isConnected && root.contains(this.canvas))
      s.drawn = performance.now();
    return out;
  };
  const readout = root.querySelector('.bp-readout').closest('.widget-html, .jupyter-widgets');
  new MutationObserver(() => {
    const span = root.querySelector('span.bp-value[data-name="position"]');
    if (span) s.shown.push([performance.now(), parseFloat(span.textContent)]);
    if (s.click !== null && s.readout === null) s.readout = performance.now();
  }).observe(readout, {subtree: true, childList: true, characterData: true});
  // the equation: its new TeX arrives as text, then MathJax replaces it
  const equation = root.querySelector('.bp-equation');
  new MutationObserver(() => {
    if (s.click === null || s.typeset !== null) return;
    const done = equation.querySelector('mjx-container') !== null;
    if (!done) s.raw = true;
    else if (s.raw) s.typeset = performance.now();
  }).observe(equation, {subtree: true, childList: true, characterData: true});
}
"""


#: ``--variant no-equation``: the same stepper with its equation sent to a widget
#: that is not displayed, so the page typesets nothing (to see what MathJax costs).
NO_EQUATION = """
import ipywidgets as _w
stepper.equation = _w.HTMLMath()
"""


#: ``--variant text-at-once``: the readout and the equation sent with the image
#: (text_delay = 0), as before the text was made to follow the image.
TEXT_AT_ONCE = """
stepper.text_delay = 0
"""
VARIANTS = {"as-is": None, "no-equation": NO_EQUATION, "text-at-once": TEXT_AT_ONCE}


def measure(clicks, seconds, variant="as-is"):
    waits = ["drawn", "readout"] + ([] if variant == "no-equation" else ["typeset"])
    with opened_chapter(CHAPTER, VARIANTS[variant]) as (_, page):
        figure = page.figure_with(".widget-play")
        figure.scroll_into_view()
        page.page.evaluate(HOOK, figure.root.element_handle())
        forward = figure.root.locator("button", has_text="step forward")
        step_ms, timelines = [], []
        for _ in range(clicks):
            page.page.evaluate("() => { window.__bpWs.length = 0; }")
            forward.click()
            page.page.wait_for_function(
                "(keys) => keys.every(k => window.__bpStep[k] !== null)", arg=waits,
                timeout=30_000)
            got = page.page.evaluate("() => window.__bpStep")
            step_ms.append(got["drawn"] - got["click"])
            ws = page.page.evaluate("() => window.__bpWs.slice()")
            ins = [(t - got["click"], n) for d, t, n in ws if d == "in"]
            outs = [t - got["click"] for d, t, n in ws if d == "out"]
            image = max(ins, key=lambda m: m[1]) if ins else (None, 0)
            timelines.append({"sent": outs[0] if outs else None,
                              "first in": ins[0][0] if ins else None,
                              "image in": image[0], "image bytes": image[1],
                              "drawn": got["drawn"] - got["click"],
                              "readout": got["readout"] - got["click"],
                              "typeset": (got["typeset"] - got["click"]
                                          if got["typeset"] is not None else None)})
            time.sleep(0.2)
        figure.root.locator("button", has_text="reset").click()
        time.sleep(1.0)
        page.page.evaluate("() => { window.__bpStep.shown = []; }")
        play = figure.root.locator(".widget-play button").first     # ▶ play
        play.click()
        t0 = page.page.evaluate("() => performance.now()")
        time.sleep(seconds)
        # in one go: the clock, the Play-driven slider's value, the step the figure shows
        t1, slider_value, shown_now = page.page.evaluate(
            """(root) => {
                 const r = [...root.querySelectorAll('.widget-slider .widget-readout')];
                 const span = root.querySelector('span.bp-value[data-name="position"]');
                 return [performance.now(), parseFloat(r[r.length - 1].textContent),
                         parseFloat(span.textContent)]; }""",
            figure.root.element_handle())
        shown = page.page.evaluate("() => window.__bpStep.shown")
    during = [(t, v) for t, v in shown if t0 <= t <= t1]
    distinct = sorted({v for _, v in during})
    return {"timelines": timelines, "step ms": step_ms, "steps/s": len(distinct) / ((t1 - t0) / 1000),
            "played ms": t1 - t0, "steps shown": len(distinct),
            "slider at pause": slider_value, "figure at pause": shown_now,
            "behind": slider_value - shown_now}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=2.5,
                        help="how long to play (less than the 33 steps take at 10 a second)")
    parser.add_argument("--variant", choices=tuple(VARIANTS), default="as-is")
    args = parser.parse_args(argv)
    got = measure(args.clicks, args.seconds, args.variant)
    load = os.getloadavg()
    med, top = statistics.median(got["step ms"]), max(got["step ms"])
    print(f"variant {args.variant}: chapter {CHAPTER}, the stepper; load average {load[0]:.1f} on {os.cpu_count()} cores")
    print(f"  step forward → figure drawn: median {med:.1f} ms, max {top:.1f} ms over "
          f"{len(got['step ms'])} clicks   target ≤ 80: {'met' if med <= 80 else 'MISSED'}")
    for key in ("sent", "first in", "image in", "image bytes", "readout", "typeset"):
        xs = [t[key] for t in got["timelines"] if t[key] is not None]
        if not xs:
            continue
        print(f"    click → {key:<12} median {statistics.median(xs):8.1f}")
    print(f"  play: {got['steps shown']} steps shown in {got['played ms']:.0f} ms = "
          f"{got['steps/s']:.1f} steps/s   target ≥ 8: "
          f"{'met' if got['steps/s'] >= 8 else 'MISSED'}")
    print(f"  after {got['played ms']:.0f} ms: the slider reads {got['slider at pause']}, the figure shows step "
          f"{got['figure at pause']:g} (behind by {got['behind']:g})   target ≤ 1: "
          f"{'met' if got['behind'] <= 1 else 'MISSED'}")
    return got


if __name__ == "__main__":
    main()
