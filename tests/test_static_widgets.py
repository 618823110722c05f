"""The kernel side of the static book's figures (docs/_ext/static_widgets.py), without
building the book: labels kept to a few inline tags, their plain text for screen
readers, the grid a main control is swept over, and the sweep itself (it moves only
that control and puts it back, so the chapter's next cells see the first state).
"""
import importlib.util
from pathlib import Path

import ipywidgets as widgets
import pytest

from backprop_core.widgets import demon, memory, paths, stepper
from backprop_core.widgets.base import readout_html
from backprop_core.widgets.symbols import symbol_html

SPEC = importlib.util.spec_from_file_location(
    "static_widgets_under_test",
    Path(__file__).resolve().parent.parent / "docs" / "_ext" / "static_widgets.py")
sw = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(sw)


def test_labels_keep_only_inline_tags():
    assert sw.inline_html("layer <i>l</i>") == "layer <i>l</i>"
    assert sw.inline_html(symbol_html("bias b^l_j")) == symbol_html("bias b^l_j")
    assert sw.inline_html('Δ<i onclick="x()">z</i><script>alert(1)</script><a href="y">k</a>') == \
        "Δ<i>z</i>alert(1)k"
    assert sw.inline_html('<span style="color:red;background:url(javascript:x)">a</span>') == \
        '<span style="color:red">a</span>'
    assert sw.inline_html("<b>open <sub>2") == "<b>open <sub>2</sub></b>"
    assert sw.inline_html("a < b & c") == "a &lt; b &amp; c"


def test_plain_text_keeps_the_scripts():
    assert sw.plain_text(symbol_html("layer l")) == "layer l"
    assert sw.plain_text(symbol_html("bias b^l_j")) == "bias bˡⱼ"
    assert sw.plain_text(symbol_html("a_in")) == "a_(in)"
    rows = readout_html([("z^l_j", "z", 0.5), ("cost C", "C", 2.0)], title="nudge z^l_j")
    assert sw.plain_text(rows) == "nudge zˡⱼ: zˡⱼ 0.5; cost C 2"



def test_a_figure_without_its_own_description_is_described_by_its_labels():
    from backprop_core.widgets.base import new_figure
    fig, ax = new_figure()
    ax.set_xlabel(r"$\Delta z$ (added to $z^l_j$)")
    ax.set_ylabel(r"$\Delta C$")
    alt = sw._alt(fig, "Δz 0.5")
    assert alt == "Figure: horizontal axis: Δz (added to zˡⱼ), vertical axis: ΔC. Readout: Δz 0.5", alt


def test_the_grid_holds_the_first_value_and_spans_the_range():
    dz = widgets.FloatSlider(value=0.5, min=-5.0, max=5.0, step=0.05)
    values, first, kind = sw.grid(dz)
    assert kind == "range" and len(values) == 21 and values[first] == 0.5
    assert values[0] == -5.0 and values[-1] == 5.0 and values[1] == -4.5
    odd = widgets.FloatSlider(value=0.33, min=0.0, max=1.0, step=0.01)
    values, first, _ = sw.grid(odd)
    assert len(values) == 22 and values[first] == 0.33 and values == sorted(values)
    scale = widgets.FloatSlider(value=1.0, min=0.2, max=3.0, step=0.05)  # 57 positions: 15 states
    assert len(sw.grid(scale)[0]) == 15
    step = widgets.IntSlider(value=0, min=0, max=33)
    assert len(sw.grid(step)[0]) == 21 and sw.grid(step)[0][-1] == 33
    eps = widgets.FloatLogSlider(value=1e-6, base=10, min=-10, max=-1, step=0.5)
    values, first, _ = sw.grid(eps)
    assert len(values) == 19 and values[first] == 1e-6
    entry = widgets.Dropdown(options=[("a", 1), ("b", 2), ("c", 3)], value=2)
    assert sw.grid(entry) == ([1, 2, 3], 1, "choice")
    assert sw.grid(widgets.IntSlider(value=0, min=0, max=0)) is None


def test_the_main_control_is_declared_or_the_first_long_slider():
    assert sw.main_control(demon.nudge_z_lab(l=3, j=0, dz=0.5)) == "dz"
    assert sw.main_control(memory.memory_explorer()) == "k"          # declared
    assert sw.main_control(stepper.backprop_stepper()) == "step"      # declared by Stepping
    assert sw.main_control(paths.path_explorer()) == "dw"             # l, j, k are drop-downs


def test_a_sweep_moves_only_its_control_and_puts_it_back():
    live = demon.nudge_z_lab(l=3, j=0, dz=0.5)
    before = dict(live.values)
    context = sw.Context(live.widget)
    found = sw.sweep(live, "dz", context)
    assert len(found["labels"]) == 21 and found["labels"][found["first"]] == "0.50"
    states = found["states"]
    assert states[found["first"]] is None and sum(s is not None for s in states) == 20
    readouts = {s[0]["html"] for s in states if s is not None}
    assert len(readouts) == 20                       # each state its own numbers
    assert live.controls["dz"].value == 0.5 and live.values == before
    picture = sw.render(live.widget, context)
    assert 'disabled aria-label="layer l (fixed in this edition)"' in picture


def test_a_sweep_that_moves_another_control_is_refused():
    live = memory.memory_explorer(depth=16, batch=64, k=4)
    with pytest.raises(RuntimeError, match="moved"):      # depth 3 clamps k = 4 to 3
        sw.sweep(live, "depth", sw.Context(live.widget))
    assert live.controls["depth"].value == 16
