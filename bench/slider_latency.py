"""How long a live figure takes to answer a key press, in a real browser.

Opens a chapter in JupyterLab (headless Chromium, the browser tests' harness),
runs all cells, then presses ArrowRight / ArrowLeft on one slider's handle,
one press at a time, and measures in the page, on one clock (performance.now()):

* numbers  -- key press → the figure's readout changed (MutationObserver);
* figure   -- key press → the ipympl canvas drawn with the new image (a hook on
  CanvasRenderingContext2D.drawImage for that figure's canvas) and painted
  (the next animation frame after that);

and, to see what limits them, the kernel traffic on the page's WebSocket:

* send     -- key press → the slider's new value leaves the page;
* echo     -- that send → the first message back from the kernel (the bare
  round trip through the server, before any of our code runs);
* bytes    -- the bytes received per press, and the largest message (the PNG).

It also times, in this process, what the kernel does per step for the same
figure (compute + readout, the Agg draw, the PNG encoding).

    .venv/bin/python bench/slider_latency.py                  # chapter 06, the Δz slider
    .venv/bin/python bench/slider_latency.py --chapter 00_start_here.md --slider z --figure 0
    .venv/bin/python bench/slider_latency.py --drag           # a 2-second mouse drag instead

With ``--drag`` it drags the slider's handle with the mouse instead: ``--moves``
mouse moves (default 40) spread over ``--seconds`` (default 2), and counts

* redraws/s -- canvas draws (drawImage on the figure's canvas) between the
  mouse going down and up, per second (target ≥ 25);
* settle    -- mouse up → the last canvas draw, once nothing more arrives for
  a second (target ≤ 100 ms), and whether the figure then shows the
  slider's final value (the readout's number for the slider = its text).
"""
import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from harness import (CHAPTERS, ChapterPage, LabServer, find_chromium,  # noqa: E402
                     launch_browser, stop_browser)

TARGETS = {"numbers": 40.0, "figure": 80.0}
DRAG_TARGETS = {"redraws/s": 25.0, "settle ms": 100.0}

#: Installed on the figure for a drag: every canvas draw and the mouse's down/up.
DRAG_HOOK = """
(root) => {
  const s = window.__bpDrag = {down: null, up: null, draws: [], readouts: []};
  document.addEventListener('pointerdown', () => { s.down = performance.now(); }, true);
  document.addEventListener('pointerup', () => { s.up = performance.now(); }, true);
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const out = draw.apply(this, args);
    if (s.down !== null && this.canvas.isConnected && root.contains(this.canvas)) {
      s.draws.push(performance.now());
    }
    return out;
  };
}
"""

#: A message from the kernel this big is an image (a readout is about 2 KB, a whole
#: image of a live figure tens of KB).
IMAGE_BYTES = 8000

#: Installed before JupyterLab loads: timestamps and sizes of WebSocket traffic.
WS_HOOK = """
(() => {
  const Native = window.WebSocket;
  window.__bpWs = [];
  class Watched extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const size = typeof e.data === 'string' ? e.data.length
                   : (e.data.byteLength !== undefined ? e.data.byteLength : e.data.size);
        window.__bpWs.push(['in', performance.now(), size]);
      });
    }
    send(data) {
      const size = typeof data === 'string' ? data.length : (data.byteLength || data.size || 0);
      window.__bpWs.push(['out', performance.now(), size]);
      return super.send(data);
    }
  }
  window.WebSocket = Watched;
})();
"""

#: Installed on the figure: key press, readout mutation, canvas draw, next frame.
FIGURE_HOOK = """
([root, handle]) => {
  const s = window.__bp = {t0: null, numbers: null, figure: null, painted: null};
  handle.addEventListener('keydown', () => {
    s.t0 = performance.now(); s.numbers = s.figure = s.painted = null;
    window.__bpWs.length = 0;
  }, true);
  const readout = root.querySelector('.bp-readout').closest('.widget-html, .jupyter-widgets');
  new MutationObserver(() => {
    if (s.t0 !== null && s.numbers === null) s.numbers = performance.now();
  }).observe(readout, {subtree: true, childList: true, characterData: true});
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const out = draw.apply(this, args);
    if (s.t0 !== null && s.figure === null && this.canvas.isConnected && root.contains(this.canvas)) {
      s.figure = performance.now();
      requestAnimationFrame(() => { s.painted = performance.now(); });
    }
    return out;
  };
}
"""


def kernel_side_costs(spec_call, module, slider_index, values):
    """Median milliseconds, in this process, of one step of the same figure:
    compute + readout, a slider step as Live now does it (blit of the moving
    artists), a full Agg render, and the diff PNG ipympl would send (bytes too)."""
    import importlib

    from mirror import controls_in_page_order

    from backprop_core.widgets.base import readout_html

    mod = importlib.import_module(module)
    live = eval(spec_call, {n: getattr(mod, n) for n in dir(mod) if not n.startswith("_")})  # noqa: S307
    sliders, _ = controls_in_page_order(live)
    control = sliders[slider_index][1]
    fig = live.figure
    # ipympl's canvas is webagg's core plus a widget: the same canvas with a
    # manager but no page renders and blits as there, and sends nothing; the
    # PNG of the changed pixels (webagg's diff image) is then made here.
    from matplotlib.backends.backend_webagg_core import (FigureCanvasWebAggCore,
                                                         FigureManagerWebAgg)

    canvas = FigureCanvasWebAggCore(fig)
    FigureManagerWebAgg(canvas, 0)
    canvas.draw()
    canvas.get_diff_image()
    compute, step, full, encode, sizes = [], [], [], [], []
    blits = live.redraws["blit"]
    for v in values:
        t = time.perf_counter()
        found = live.compute()
        readout_html([(label, n, found[n]) for label, n in live.rows], live.title)
        compute.append(time.perf_counter() - t)
        t = time.perf_counter()
        control.value = v           # what Live.update now does for a slider step
        step.append(time.perf_counter() - t)
        t = time.perf_counter()
        canvas._png_is_old = True
        png = canvas.get_diff_image()
        encode.append(time.perf_counter() - t)
        sizes.append(len(png or b""))
    for _ in values[:8]:
        t = time.perf_counter()
        canvas.draw()               # a full redraw (what the step cost before)
        full.append(time.perf_counter() - t)
    ms = lambda xs: 1000 * statistics.median(xs)  # noqa: E731
    return {"compute+readout ms": ms(compute), "slider step (update, blit) ms": ms(step),
            "steps blitted": f"{live.redraws['blit'] - blits}/{len(values)}",
            "full Agg render ms": ms(full), "diff PNG encode ms": ms(encode),
            "diff PNG bytes": int(statistics.median(sizes)),
            "figure px": f"{int(fig.bbox.width)}x{int(fig.bbox.height)} at dpi {fig.dpi:g}"}


#: ``--variant text-later``: the lab's readout sent ``TEXT_DELAY`` after the image
#: (as the stepper's text is) instead of right after it, in the same handler.
TEXT_LATER = """
from backprop_core.widgets.base import TEXT_DELAY as _DELAY
{name}.text_delay = _DELAY
"""

#: The old redraw, run in the chapter's own kernel (``--variant draw-idle``), for
#: a side-by-side comparison: before the fast path, ``Live.update`` moved the
#: artists and called ``canvas.draw_idle()``, which with ipympl only asks the
#: page for a redraw (the page answers, then the kernel renders the whole
#: figure).  This turns the lab's fast path off and makes its full draw that.
DRAW_IDLE = """
_lab = {name}
_lab.fast = ()
def _full_draw_idle(self=_lab):
    self.figure.canvas.draw_idle()
    self.redraws["full"] += 1
_lab._full_draw = _full_draw_idle
print("draw_idle redraw installed")
"""


def run_in_kernel(server, code):
    """Run ``code`` in the (only) running kernel through its connection file;
    the page and the chapter file are not touched."""
    from jupyter_client import BlockingKernelClient

    (kernel,) = server.api("GET", "/api/kernels")
    client = BlockingKernelClient(connection_file=str(
        server.tmp / "runtime" / f"kernel-{kernel['id']}.json"))
    client.load_connection_file()
    client.start_channels()
    try:
        reply = client.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        client.stop_channels()


@contextlib.contextmanager
def opened_chapter(chapter, prototype=None):
    """An isolated JupyterLab and headless Chromium with the WebSocket hook, the
    chapter opened and run (Run All), ``prototype`` then run in its kernel:
    yields (server, page); everything is stopped afterwards."""
    server = LabServer().start()
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as api:
            context, user_data = launch_browser(api, find_chromium())
            context.add_init_script(WS_HOOK)
            try:
                page = ChapterPage(server, context, chapter)
                page.open()
                page.run_all()
                if prototype:
                    run_in_kernel(server, prototype)
                yield server, page
                page.close()
            finally:
                stop_browser(context, user_data)
    finally:
        server.stop()


def slider_of(page, figure_index, slider_label):
    """(figure, slider labels, index of ``slider_label``), the figure scrolled into view."""
    figure = page.figure(figure_index)
    figure.scroll_into_view()
    labels = [figure.sliders().nth(i).locator(".widget-label").inner_text().strip()
              for i in range(figure.sliders().count())]
    return figure, labels, labels.index(slider_label)


def measure(chapter, figure_index, slider_label, presses, prototype=None):
    rows = []
    with opened_chapter(chapter, prototype) as (server, page):
        figure, labels, index = slider_of(page, figure_index, slider_label)
        handle = figure.sliders().nth(index).locator(".noUi-handle")
        handle.focus()
        page.page.evaluate(FIGURE_HOOK, [figure.root.element_handle(),
                                         handle.element_handle()])
        half = presses // 2
        keys = ["ArrowRight"] * half + ["ArrowLeft"] * (presses - half)
        for key in keys:
            before = figure.value_spans()
            handle.press(key)
            page.page.wait_for_function(
                "() => window.__bp.numbers !== null && window.__bp.painted !== null",
                timeout=30_000)
            time.sleep(0.25)        # let the step settle before the next press
            got = page.page.evaluate("() => ({...window.__bp, ws: window.__bpWs.slice()})")
            assert figure.value_spans() != before, "the readout did not change"
            t0 = got["t0"]
            outs = [t for d, t, _ in got["ws"] if d == "out"]
            ins = [(t, n) for d, t, n in got["ws"] if d == "in"]
            send = outs[0] if outs else None
            echo = next((t for t, _ in ins if send is not None and t > send), None)
            rows.append({
                "numbers": got["numbers"] - t0, "figure": got["figure"] - t0,
                "painted": got["painted"] - t0,
                "send": None if send is None else send - t0,
                "echo": None if echo is None else echo - send,
                "bytes": sum(n for _, n in ins), "largest": max((n for _, n in ins), default=0),
                "value": figure.slider_texts()[index],
                "timeline": [(d, round(t - t0, 1), n) for d, t, n in got["ws"]]})
    return rows, labels


def measure_drag(chapter, figure_index, slider_label, moves, seconds, prototype=None):
    """One mouse drag of the slider's handle across most of its track."""
    with opened_chapter(chapter, prototype) as (server, page):
        figure, labels, index = slider_of(page, figure_index, slider_label)
        slider = figure.sliders().nth(index)
        page.page.evaluate("() => { window.__bpWs.length = 0; }")
        handle, track = slider.locator(".noUi-handle"), slider.locator(".noUi-target")
        page.page.evaluate(DRAG_HOOK, figure.root.element_handle())
        tb, hb = track.bounding_box(), handle.bounding_box()
        x0, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
        x1 = tb["x"] + tb["width"] * (0.95 if x0 < tb["x"] + tb["width"] / 2 else 0.05)
        page.page.mouse.move(x0, y)
        page.page.mouse.down()
        start = time.perf_counter()
        for i in range(1, moves + 1):
            page.page.mouse.move(x0 + (x1 - x0) * i / moves, y)
            pause = start + seconds * i / moves - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        page.page.mouse.up()
        quiet_since = time.perf_counter()
        count = 0
        while time.perf_counter() - quiet_since < 1.0:      # until a quiet second
            time.sleep(0.1)
            now = page.page.evaluate("() => window.__bpDrag.draws.length")
            if now != count:
                count, quiet_since = now, time.perf_counter()
        got = page.page.evaluate("() => window.__bpDrag")
        ws = page.page.evaluate("() => window.__bpWs.slice()")
        final_text = figure.slider_texts()[index]
        spans = dict(figure.value_spans())
    down, up, draws = got["down"], got["up"], got["draws"]
    during = [t for t in draws if down <= t <= up]
    after = [t for t in draws if t > up]
    sends = [t for d, t, n in ws if d == "out" and down <= t <= up]
    images = [t for d, t, n in ws if d == "in" and n > IMAGE_BYTES and t >= down]
    return {"sends": len(sends), "images": len(images),
            "labels": labels, "drag ms": up - down, "draws during": len(during),
            "redraws/s": len(during) / ((up - down) / 1000),
            "settle ms": (after[-1] - up) if after else 0.0,
            "draws after": len(after), "final slider": final_text, "readout": spans}


def summary(rows, key):
    xs = [r[key] for r in rows if r[key] is not None]
    return statistics.median(xs), max(xs)


def main(argv=None):
    default = "06_demon.md" if (CHAPTERS / "06_demon.md").exists() else "00_start_here.md"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", default=default)
    parser.add_argument("--figure", type=int, default=0, help="index of the live figure on the page")
    parser.add_argument("--slider", default=None, help="the slider's label (default Δz, or z in ch 00)")
    parser.add_argument("--presses", type=int, default=24)
    parser.add_argument("--variant", choices=("as-is", "draw-idle", "text-later"),
                        default="as-is",
                        help="as-is: Live's fast path (blit when only the slider moved); "
                             "draw-idle: first switch the lab back to the old redraw "
                             "(full draw requested with draw_idle) in the kernel; "
                             "text-later: the readout sent TEXT_DELAY after the image")
    parser.add_argument("--call", default=None,
                        help="the builder call, to time the kernel side here (default per chapter)")
    parser.add_argument("--drag", action="store_true",
                        help="drag the handle with the mouse instead of pressing keys")
    parser.add_argument("--moves", type=int, default=40, help="mouse moves in the drag")
    parser.add_argument("--seconds", type=float, default=2.0, help="how long the drag takes")
    args = parser.parse_args(argv)
    known = {"06_demon.md": ("Δz", "backprop_core.widgets.demon", "nudge_z_lab(l=3, j=0, dz=0.5)",
                             "nudge_z"),
             "00_start_here.md": ("z", "backprop_core.widgets.activation",
                                  'activation_explorer(activations=("sigmoid",), z=0.0)',
                                  "live")}
    slider, module, call, variable = known.get(args.chapter, (args.slider, None, args.call, None))
    slider = args.slider or slider
    call = args.call or call

    prototype = None
    if args.variant == "draw-idle":
        if not variable:
            parser.error(f"the lab's variable is not known for {args.chapter}")
        prototype = DRAW_IDLE.format(name=variable)
    elif args.variant == "text-later":
        if not variable:
            parser.error(f"the lab's variable is not known for {args.chapter}")
        prototype = TEXT_LATER.format(name=variable)
    if args.drag:
        return report_drag(args, slider, variable, prototype)
    rows, labels = measure(args.chapter, args.figure, slider, args.presses, prototype)
    load = os.getloadavg()
    print(f"variant {args.variant}: chapter {args.chapter}, figure {args.figure}, slider {slider!r} "
          f"(sliders: {labels}), "
          f"{len(rows)} key presses; load average {load[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'key press →':<38}{'median ms':>10}{'max ms':>10}{'target':>10}")
    lines = []
    for key, label in (("numbers", "numbers updated (readout)"),
                       ("figure", "figure redrawn (canvas drawImage)"),
                       ("painted", "figure painted (next frame)"),
                       ("send", "value sent to the kernel"),
                       ("echo", "kernel round trip (send → first reply)")):
        med, mx = summary(rows, key)
        target = TARGETS.get(key)
        verdict = "" if target is None else f"≤ {target:g} {'met' if med <= target else 'MISSED'}"
        print(f"{label:<38}{med:>10.1f}{mx:>10.1f}{verdict:>16}")
        lines.append((label, med, mx, verdict))
    med_bytes = statistics.median(r["bytes"] for r in rows)
    med_largest = statistics.median(r["largest"] for r in rows)
    print(f"bytes received per press: median {med_bytes:.0f} (largest message {med_largest:.0f})")
    typical = sorted(rows, key=lambda r: r["figure"])[len(rows) // 2]
    print("WebSocket traffic of a typical press (direction, ms after the key press, bytes): "
          + " ".join(f"{d}@{t:g}:{n}" for d, t, n in typical["timeline"]))
    costs = {}
    if module and call:
        values = [float(r["value"]) for r in rows]
        sliders_index = labels.index(slider)
        costs = kernel_side_costs(call, module, sliders_index, values)
        print("kernel side, same figure, timed here: " +
              ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}"
                        for k, v in costs.items()))
    return rows, lines, costs, med_bytes, med_largest


def report_drag(args, slider, variable, prototype):
    got = measure_drag(args.chapter, args.figure, slider, args.moves, args.seconds, prototype)
    load = os.getloadavg()
    name = {"Δz": "dz", "z": "z"}.get(slider, slider)
    shown = got["readout"].get(name)
    same = shown is not None and float(shown) == float(got["final slider"].replace("\u2212", "-"))
    print(f"variant {args.variant}: chapter {args.chapter}, figure {args.figure}, slider "
          f"{slider!r}: a mouse drag of {args.moves} moves over {got['drag ms']:.0f} ms; "
          f"load average {load[0]:.1f} on {os.cpu_count()} cores")
    for key in ("redraws/s", "settle ms"):
        target = DRAG_TARGETS[key]
        ok = got[key] >= target if key == "redraws/s" else got[key] <= target
        print(f"  {key:<12}{got[key]:8.1f}   target {'≥' if key == 'redraws/s' else '≤'} "
              f"{target:g}: {'met' if ok else 'MISSED'}")
    print(f"  canvas draws: {got['draws during']} during the drag, {got['draws after']} after "
          f"the mouse was released; messages sent to the kernel during the drag: "
          f"{got['sends']}; images received: {got['images']}")
    print(f"  after it settled: slider reads {got['final slider']}, the figure's readout "
          f"{name} = {shown}: {'the same' if same else 'NOT the same'}")
    return got


if __name__ == "__main__":
    main()
