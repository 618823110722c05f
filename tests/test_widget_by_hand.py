"""The by-hand figure (chapter 12), driven as a reader would: entries typed in
code, the entry drop-down moved, the reveal and next buttons clicked."""
import html
import re

import ipywidgets as widgets
import pytest

from backprop_core import by_hand as bh
from backprop_core.widgets.by_hand import COLOURS, by_hand_figure
from backprop_core.widgets.symbols import symbol_html


@pytest.fixture
def fill():
    return by_hand_figure()


def test_it_starts_empty_with_every_weight_and_bias_drawn(fill):
    assert fill.values["right"] == 0 and fill.values["total"] == 37
    texts = [t.get_text() for t in fill.ax.texts]
    ex = bh.friendly_example()
    for l in (2, 3):
        for j in range(2):
            assert f"$b={ex.b[l][j, 0]:g}$" in texts
            for k in range(2):
                assert f"{ex.w[l][j, k]:g}" in texts
    assert all(c.get_text() == "…" for c in fill.cells.values())


def test_entries_colour_the_table_and_the_drawing(fill, capsys):
    t = fill.table
    fill.enter("z^2_0", t.correct("z^2_0"))
    assert fill.values["right"] == 1 and fill.values["entry"] == "z^2_0"
    assert fill.cells["z^2_0"].get_color() == COLOURS["right"]
    assert fill.neuron_text[("z", 2, 0)].get_color() == COLOURS["right"]
    assert "✓" in fill.cells["z^2_0"].get_text()
    fill.enter("a^2_1", 0.7)
    assert fill.cells["a^2_1"].get_color() == COLOURS["wrong"]
    assert fill.values["wrong"] == 1 and fill.values["status"] == "wrong"
    assert "not yet" in fill.panel.value
    z = t.correct("z^3_0") + t.ex.w[3][0, 1] * (0.7 - t.correct("a^2_1"))
    fill.enter({"z^3_0": z})
    assert fill.values["given"] == 1 and fill.cells["z^3_0"].get_color() == COLOURS["given"]
    assert "given your earlier value of a^2_1" in capsys.readouterr().out
    assert "n of N" not in fill.readout.value and 'data-name="right">1<' in fill.readout.value


def test_the_dropdown_picks_any_entry_and_marks_it(fill):
    labels = dict((name, label) for label, name in fill.controls["entry"].options)
    assert list(labels) == list(fill.table.names)
    assert labels["a^2_0"] == "a²₀" and labels["∂C/∂w^3_01"] == "∂C/∂w³₀₁"
    for name in fill.table.names:
        fill.controls["entry"].value = name
        assert fill.values["entry"] == name
        e = fill.table.entry(name)
        if e.kind in ("nabla_w", "w_new"):
            assert len(fill.art.highlight.get_xdata()) == 2
            assert len(fill.ring.get_offsets()) == 0
        else:
            assert len(fill.ring.get_offsets()) == (2 if e.kind == "cost" else 1)
        shown = html.unescape(re.sub(r"<[^>]+>", "", fill.panel.value))
        assert html.unescape(re.sub(r"<[^>]+>", "", symbol_html(name))) in shown


def test_the_buttons_reveal_and_move_on(fill):
    fill.controls["entry"].value = "δ^3_0"
    fill.buttons["reveal"].click()
    assert fill.values["revealed"] == 1 and "$$" in fill.panel.value
    assert fill.table.entry("δ^3_0").equation in fill.panel.value
    assert fill.cells["δ^3_0"].get_color() == COLOURS["revealed"]
    fill.buttons["next"].click()
    assert fill.values["entry"] == "z^2_0"
    for name in fill.table.names:
        fill.reveal(name)
    assert fill.next_to_do() is None and fill.values["revealed"] == 37


def test_odd_input_gives_verdicts_and_the_figure_stays_up(fill, capsys):
    for name, value in (("zz", 1), (None, 2), ("C", "abc"), ("C", 10**400), ("C", [1, 2])):
        fill.enter(name, value)
    out = capsys.readouterr().out
    assert "There is no entry" in out and "a string" in out
    assert fill.values["status"] == "invalid" and fill.values["wrong"] == 1
    assert fill.cells["C"].get_text() == "not a number ✗"
    assert fill.reveal("nope") is None
    with pytest.raises(TypeError, match="by_hand.Table"):
        by_hand_figure(table="mine")


def test_a_shared_table_and_a_full_redraw(fill):
    t = bh.Table()
    other = by_hand_figure(t)
    t.record("z^2_0", 0.21)
    other.update()
    assert other.values["right"] == 1
    fill.figure.canvas.draw()
    assert fill.redraws["full"] >= 1
    assert isinstance(fill.widget, widgets.VBox)


def test_the_classic_table_with_fixed_biases_through_every_control(capsys):
    t = bh.Table(bh.classic_example(), eta=bh.CLASSIC_ETA, fixed_biases=True)
    fill = by_hand_figure(t)
    assert fill.values["total"] == 33 and not any(n.startswith("b'") for n in fill.cells)
    texts = [x.get_text() for x in fill.ax.texts]
    assert "$b=0.35$" in texts and "$b=0.6$" in texts and "0.15" in texts and "0.55" in texts
    assert any("biases fixed" in x.get_text() for x in fill.figure.axes[1].texts)
    for name in t.names:
        fill.controls["entry"].value = name
        assert fill.values["entry"] == name
    fill.controls["entry"].value = "w'^3_00"
    fill.buttons["reveal"].click()
    assert fill.values["revealed"] == 1 and "0.358916" in fill.panel.value
    fill.buttons["next"].click()
    assert fill.values["entry"] == "z^2_0"
    fill.enter({name: t.correct(name) for name in t.names})
    assert fill.values["right"] == 33 and fill.values["revealed"] == 0 and fill.next_to_do() is None
    assert "right" in capsys.readouterr().out
