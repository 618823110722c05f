"""The fast path of ``Live`` (backprop_core/widgets/base.py), driven headless with Agg.

A change of a ``fast`` control must blit (restore the background, draw only the
``moving`` artists, ``canvas.blit``) and leave the same pixels a full draw would;
any other change, or a fast step that changed something else, is a full draw.
"""
import json
import warnings

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

_backend = matplotlib.get_backend()
from ipympl.backend_nbagg import Canvas, FigureManager  # noqa: E402
plt.switch_backend(_backend)        # importing ipympl made itself pyplot's backend

from backprop_core.widgets import fmt
from backprop_core.widgets.activation import activation_explorer
from backprop_core.widgets.base import Live, new_figure, readout_html
from backprop_core.widgets.demon import nudge_w_lab, nudge_z_lab, saturation_lab


class Toy(Live):
    """A dot at (x, x²) on a line whose slope is a slow control; ``limit`` a
    fast control that (unlike a well-behaved one) also moves the y range."""
    rows = (("x", "x"), ("y", "y"))
    moving, fast = ("dot",), ("x", "grow")

    def __init__(self, ipympl=False):
        controls = {"x": widgets.FloatSlider(value=0.5, min=-2, max=2, step=0.1),
                    "slope": widgets.FloatSlider(value=1.0, min=-3, max=3, step=0.5),
                    "grow": widgets.Checkbox(value=False)}
        fig, ax = new_figure(3.0, 2.0)
        (self.line,) = ax.plot([-2, 2], [0, 0])
        (self.dot,) = ax.plot([], [], "o")
        ax.set_xlim(-2, 2)
        ax.set_ylim(-7, 7)
        self.ax = ax
        if ipympl:                          # the canvas JupyterLab would use
            with warnings.catch_warnings():     # ipympl's Toolbar vs traitlets, not ours
                warnings.simplefilter("ignore", DeprecationWarning)
                FigureManager(Canvas(fig), 1)
        super().__init__(controls, fig)
        self.update()

    def compute(self):
        x = self.controls["x"].value
        return {"x": x, "y": x * x, "slope": self.controls["slope"].value}

    def draw(self, values):
        s = values["slope"]
        if list(self.line.get_ydata()) != [-2 * s, 2 * s]:   # touch it only if it moves
            self.line.set_data([-2, 2], [-2 * s, 2 * s])
        self.dot.set_data([values["x"]], [values["y"]])
        ylim = (-7, 14 if self.controls["grow"].value else 7)
        if self.ax.get_ylim() != ylim:
            self.ax.set_ylim(*ylim)


def pixels(live):
    return np.asarray(live.figure.canvas.buffer_rgba()).copy()


def full_render(live):
    """The pixels of a fresh full draw of the figure in its current state."""
    live.figure.canvas.draw()
    return pixels(live)


def spy(monkeypatch):
    calls = []
    monkeypatch.setattr(FigureCanvasAgg, "blit", lambda self, bbox=None: calls.append("blit"))
    original = FigureCanvasAgg.draw

    def draw(self):
        calls.append("draw")
        return original(self)

    monkeypatch.setattr(FigureCanvasAgg, "draw", draw)
    return calls


def test_fast_control_blits_only_the_moving_artists(monkeypatch):
    live = Toy()
    assert live.dot.get_animated() and not live.line.get_animated()
    calls = spy(monkeypatch)
    drawn = []
    original = live.figure.draw_artist
    monkeypatch.setattr(live.figure, "draw_artist", lambda a: (drawn.append(a), original(a)))
    before = dict(live.redraws)
    live.controls["x"].value = 1.3
    assert calls == ["blit"], "a fast step must not render the whole figure"
    assert drawn == [live.dot], "only the moving artist is drawn"
    assert live.redraws == {"full": before["full"], "blit": before["blit"] + 1}
    assert list(live.dot.get_xdata()) == [1.3]
    assert live.dot.get_ydata()[0] == pytest.approx(1.3 ** 2)
    assert f'data-name="y">{fmt(1.3 ** 2)}<' in live.readout.value


def test_slow_control_does_a_full_draw(monkeypatch):
    live = Toy()
    calls = spy(monkeypatch)
    before = dict(live.redraws)
    live.controls["slope"].value = -2.5
    assert calls == ["draw"]
    assert live.redraws == {"full": before["full"] + 1, "blit": before["blit"]}
    assert list(live.line.get_ydata()) == [5.0, -5.0]


def test_fast_step_that_changes_more_falls_back_to_a_full_draw(monkeypatch):
    live = Toy()
    calls = spy(monkeypatch)
    live.controls["grow"].value = True      # a "fast" control that moves the y range
    assert calls == ["draw"]
    assert live.ax.get_ylim() == (-7, 14)
    calls.clear()
    live.controls["x"].value = -1.0          # the range is unchanged now: blit again
    assert calls == ["blit"]


def test_no_background_of_the_current_size_means_full_draw(monkeypatch):
    live = Toy()
    live.figure.set_size_inches(4.0, 2.5)   # the kept background no longer fits
    calls = spy(monkeypatch)
    live.controls["x"].value = 0.0
    assert calls[0] == "draw"
    calls.clear()
    live.controls["x"].value = 0.2
    assert calls == ["blit"]


@pytest.mark.parametrize("x", [-2.0, -0.7, 0.0, 1.1, 2.0])
def test_blitted_pixels_equal_a_full_draw(x):
    live = Toy()
    live.controls["x"].value = x
    blitted = pixels(live)
    assert np.array_equal(blitted, full_render(live))
    assert live.redraws["blit"] == 1


def builders():
    return [(activation_explorer, "z"), (nudge_z_lab, "dz"), (nudge_w_lab, "dw"),
            (saturation_lab, "b")]


@pytest.mark.parametrize("build,name", builders())
def test_labs_blit_their_slider_and_match_a_full_draw(build, name):
    live = build()
    control = live.controls[name]
    shown = []
    for value in (control.min, -0.35, 0.0, 1.25, control.max):
        control.value = value
        assert live.values[name] == value
        assert f'data-name="{name}">{fmt(value)}<' in live.readout.value
        shown.append(pixels(live))
        assert np.array_equal(shown[-1], full_render(live)), f"{name}={value}: stale pixels"
    assert live.redraws["blit"] >= 3
    assert not np.array_equal(shown[0], shown[-1]), "the figure did not move"


@pytest.mark.parametrize("build,slow", [(activation_explorer, ("activation", "relu")),
                                        (nudge_z_lab, ("l", 2)), (nudge_w_lab, ("k", 0)),
                                        (saturation_lab, ("activation", "tanh"))])
def test_labs_slow_controls_draw_in_full(build, slow):
    live = build()
    name, value = slow
    full = live.redraws["full"]
    live.controls[name].value = value
    assert live.redraws["full"] == full + 1
    assert np.array_equal(pixels(live), full_render(live))


def test_readout_values_do_not_wrap():
    html = readout_html([("tiny", "t", 3.37706e-07)])
    cell = html[html.index('<td style="text-align:right'):html.index("</td></tr>")]
    assert "white-space:nowrap" in cell and f">{fmt(3.37706e-07)}<" in cell


def test_unknown_fast_control_is_rejected():
    class Bad(Toy):
        fast = ("nudge",)

    with pytest.raises(ValueError, match=r"fast controls \['nudge'\]"):
        Bad()


def sent_messages(canvas):
    """Record what an ipympl canvas sends to its page: (type, has an image)."""
    sent = []
    canvas.send = lambda content, buffers=None: sent.append(
        (json.loads(content["data"])["type"], bool(buffers)))
    return sent


def page_is_ready(canvas):
    """What ipympl's page says once it shows the canvas: ready, then draw."""
    canvas._handle_message(canvas, {"type": "initialized"}, [])
    canvas._handle_message(canvas, {"type": "draw"}, [])


def test_ipympl_sends_images_at_once_once_the_page_is_ready():
    live = Toy(ipympl=True)
    canvas = live.figure.canvas
    assert live.widget.children[1].children[0] is canvas
    sent = sent_messages(canvas)
    live.controls["x"].value = 1.0         # no page yet: only ask for a draw, send no image
    assert sent == [("draw", False)] and canvas._data_url is None
    page_is_ready(canvas)                  # the page: ready, then its first draw request
    assert ("binary", True) in sent and live._background is not None
    sent.clear()
    live.controls["x"].value = -1.5        # fast: the changed pixels leave at once
    assert sent == [("binary", True)] and live.redraws["blit"] == 1
    sent.clear()
    live.controls["slope"].value = 2.0     # slow: a full render, also sent at once
    assert sent == [("binary", True)], "no draw request (round trip) before the image"
    assert live.redraws["blit"] == 1



def test_ipympl_gets_whole_images_so_a_dropped_one_leaves_nothing_stale():
    """ipympl's page drops an image that arrives while the previous one loads; with
    webagg's diff images that would leave stale pixels, so every image is whole."""
    live = Toy(ipympl=True)
    canvas = live.figure.canvas
    page_is_ready(canvas)
    modes = []
    original = canvas.send_binary

    def record(data):
        modes.append(canvas._image_mode)
        return original(data)

    canvas.send_binary = record
    for x in (-1.5, -1.0, 0.3):
        live.controls["x"].value = x       # fast: a blit
    live.controls["slope"].value = 2.0     # slow: a full render
    assert live.redraws["blit"] >= 3
    assert modes and all(mode == "full" for mode in modes), modes


def test_the_private_ipympl_state_we_use_is_in_the_installed_ipympl():
    """widgets/ipympl_private.py sets Canvas._size and _force_full and reads
    syncing_data_url; pyproject bounds ipympl to the versions that have them."""
    import re
    from pathlib import Path

    import ipympl
    canvas = Toy(ipympl=True).figure.canvas
    assert canvas.has_trait("_size") and canvas.has_trait("_force_full")
    assert isinstance(canvas.syncing_data_url, bool)
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    bound = re.search(r'"ipympl>=[0-9.]+,<([0-9.]+)"', pyproject)
    assert bound, "pyproject gives ipympl an upper bound"
    version = tuple(int(p) for p in ipympl.__version__.split(".")[:2])
    assert version < tuple(int(p) for p in bound.group(1).split("."))


def test_an_ipympl_canvas_in_a_box_gets_its_size_before_the_page_asks():
    live = Toy(ipympl=True)
    canvas = live.figure.canvas
    assert isinstance(canvas, Canvas)
    ratio = getattr(canvas, "device_pixel_ratio", 1) or 1
    want = (3.0 * live.figure.get_dpi() / ratio, 2.0 * live.figure.get_dpi() / ratio)
    assert tuple(canvas._size) == pytest.approx(want)
    assert min(canvas._size) > 0


# -- values no figure can show, and figures a re-run replaces ---------------------

@pytest.mark.parametrize("build, name", [(nudge_z_lab, "dz"), (nudge_w_lab, "dw"),
                                         (saturation_lab, "b"), (activation_explorer, "z")])
def test_a_float_slider_set_to_nan_goes_back_to_the_shown_value(build, name):
    live = build()
    live.controls[name].value = 0.25 if name != "b" else 1.0
    shown = dict(live.values)
    live.controls[name].value = float("nan")
    assert live.controls[name].value == (0.25 if name != "b" else 1.0)
    assert live.values == shown
    assert "nan" not in live.readout.value


@pytest.mark.parametrize("build", [activation_explorer, saturation_lab])
def test_a_dropdown_set_to_none_goes_back_to_its_option(build):
    live = build()
    dropdowns = [c for c in live.controls.values() if isinstance(c, widgets.Dropdown)]
    assert dropdowns, "the explorer has a drop-down"
    for d in dropdowns:
        old = d.value
        d.value = None
        assert d.value == old


def test_figures_are_not_pyplots_so_re_running_a_cell_never_warns():
    """21 builds of a figure (a reader re-running its cell) raise no "More than 20
    figures" warning (warnings are errors here) and leave pyplot's list empty."""
    plt.close("all")
    for _ in range(25):
        nudge_z_lab()
    assert plt.get_fignums() == []


def test_a_cell_run_again_closes_the_figures_its_last_run_made(monkeypatch):
    """In JupyterLab (IPython names the cell), a second run of a cell closes the
    figures of its first run; another cell's figures stay."""
    import types

    import backprop_core.widgets.base as base
    handlers = []
    shell = types.SimpleNamespace(events=types.SimpleNamespace(
        register=lambda event, f: handlers.append((event, f))))
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    monkeypatch.setattr(base, "_CELL", {"id": None, "watching": False})
    monkeypatch.setattr(base, "_BY_CELL", {})

    def run_cell(cell_id):
        for event, f in handlers:
            assert event == "pre_run_cell"
            f(types.SimpleNamespace(cell_id=cell_id))
        fig, _ = new_figure(2, 2)
        return fig

    first = run_cell("cell-a")                 # registers the handler
    assert len(handlers) == 1
    first = run_cell("cell-a")
    other = run_cell("cell-b")
    destroyed = []
    for fig in (first, other):
        monkeypatch.setattr(fig.canvas.manager, "destroy",
                            lambda fig=fig: destroyed.append(fig))
    run_cell("cell-a")
    assert destroyed == [first]
    run_cell("cell-b")
    assert destroyed == [first, other]


def test_a_wide_figure_can_have_its_readout_under_it():
    class Wide(Live):
        rows = (("x", "x"),)
        readout_below = True

        def compute(self):
            return {"x": self.controls["x"].value}

    fig, _ = new_figure(2, 2)
    extra = widgets.HTML("under the figure")
    live = Wide({"x": widgets.FloatSlider(value=0.5)}, fig, extra=(extra,))
    controls, shown, *rest = live.widget.children
    assert rest == [live.alt, extra, live.readout] and not isinstance(shown, widgets.HBox)


class FakeLoop:
    """Stands in for the kernel's event loop: records what is scheduled."""
    def __init__(self):
        self.later = []

    def call_later(self, delay, callback):
        self.later.append((delay, callback))


def test_with_a_page_heavy_text_follows_the_image_and_the_latest_wins(monkeypatch):
    """With ``text_delay`` (a figure with heavy text), in a page the image leaves
    first and the text that much later; updates made in between are shown once,
    with the latest numbers."""
    from backprop_core.widgets import base
    live = Toy(ipympl=True)
    live.text_delay = base.TEXT_DELAY
    canvas = live.figure.canvas
    page_is_ready(canvas)
    loop = FakeLoop()
    monkeypatch.setattr(base.asyncio, "get_running_loop", lambda: loop)
    sent = sent_messages(canvas)
    before = live.readout.value
    live.controls["x"].value = 1.0
    assert sent == [("binary", True)]
    assert live.readout.value == before, "the readout went before its delay"
    live.controls["x"].value = -1.0
    assert len(loop.later) == 1 and loop.later[0][0] == live.text_delay
    loop.later[0][1]()
    assert f'data-name="x">{fmt(-1.0)}<' in live.readout.value
    live.controls["x"].value = 0.5          # the next update is scheduled anew
    assert len(loop.later) == 2


def test_without_a_page_the_text_is_shown_at_once(monkeypatch):
    from backprop_core.widgets import base
    loop = FakeLoop()
    monkeypatch.setattr(base.asyncio, "get_running_loop", lambda: loop)
    live = Toy(ipympl=True)                 # no page has said it is ready
    live.text_delay = base.TEXT_DELAY
    live.controls["x"].value = 1.5
    assert f'data-name="x">{fmt(1.5)}<' in live.readout.value and loop.later == []


def test_a_light_readout_follows_the_image_in_the_same_handler(monkeypatch):
    """By default (text_delay 0) the readout leaves right after the image."""
    from backprop_core.widgets import base
    loop = FakeLoop()
    monkeypatch.setattr(base.asyncio, "get_running_loop", lambda: loop)
    live = Toy(ipympl=True)
    canvas = live.figure.canvas
    page_is_ready(canvas)
    order = []
    canvas.send_binary = lambda data: order.append("image")
    live.readout.observe(lambda change: order.append("readout"), names="value")
    live.controls["x"].value = 1.25
    assert order == ["image", "readout"] and loop.later == []


def test_the_steppers_equation_follows_the_image():
    from backprop_core.widgets.autograd import autograd_graph
    from backprop_core.widgets.base import TEXT_DELAY
    from backprop_core.widgets.stepper import backprop_stepper
    assert backprop_stepper().text_delay == TEXT_DELAY > 0
    assert autograd_graph().text_delay == TEXT_DELAY


def test_the_neuron_controls_follow_the_layer_without_a_net_attribute():
    """Live.follow keeps j and k in range from the controls neuron_controls made
    (it used self.net, which Live never defines)."""
    from backprop_core import Network
    from backprop_core.widgets.base import neuron_controls

    class Bare(Live):
        rows = (("l", "l"),)

        def __init__(self):
            super().__init__(neuron_controls(Network([2, 5, 3, 1], seed=0), 3, 2, 4))
            self.update()

        def compute(self):
            return {"l": self.controls["l"].value}

    live = Bare()
    live.controls["l"].value = 4
    assert live.controls["j"].max == 0 and live.controls["k"].max == 2
    live.controls["l"].value = 2
    assert live.controls["j"].max == 4 and live.controls["k"].max == 1
