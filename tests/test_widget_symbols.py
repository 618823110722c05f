"""The readouts write the book's symbols as mathematics, not as ASCII.

``symbol_html`` (backprop_core/widgets/symbols.py) turns ``z^l_j`` into HTML
with raised and lowered scripts; every readout goes through it, so no readout of
any live figure shows a bare ``^`` or ``_{`` to the reader.
"""
import html
import re

import numpy as np
import pytest

from backprop_core.widgets.activation import activation_explorer
from backprop_core.widgets.base import readout_html
from backprop_core.widgets.cost import cost_assumptions
from backprop_core.widgets.demon import nudge_w_lab, nudge_z_lab, saturation_lab
from backprop_core.widgets.four_equations import equations_by_activation, input_activation_lab
from backprop_core.widgets.notation import weight_finder
from backprop_core.widgets.overflow import softmax_overflow
from backprop_core.widgets.paths import path_explorer
from backprop_core.widgets.polyfit import polyfit_explorer
from backprop_core.widgets.proofs import chain_rule_terms
from backprop_core.widgets.softmax import delta_by_cost
from backprop_core.widgets.speed import epsilon_explorer
from backprop_core.widgets.stepper import backprop_stepper
from backprop_core.widgets.symbols import symbol_html

def stepper_at_step_5():
    live = backprop_stepper()
    live.controls["step"].value = 5
    return live


BUILDERS = {
    "activation_explorer": activation_explorer,
    "cost_assumptions": lambda: cost_assumptions(np.array([[0.2, 0.7], [0.9, 0.1]]),
                                                 np.array([[0.0, 1.0], [1.0, 0.0]])),
    "nudge_z_lab": nudge_z_lab, "nudge_w_lab": nudge_w_lab, "saturation_lab": saturation_lab,
    "input_activation_lab": input_activation_lab, "equations_by_activation": equations_by_activation,
    "weight_finder": weight_finder, "path_explorer": path_explorer,
    "polyfit_explorer": polyfit_explorer, "chain_rule_terms": chain_rule_terms,
    "delta_by_cost": delta_by_cost, "epsilon_explorer": epsilon_explorer,
    "softmax_overflow": softmax_overflow,
    "backprop_stepper": backprop_stepper, "backprop_stepper at step 5": stepper_at_step_5,
}


def text_of(markup):
    """What the reader sees: the markup without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize("label, seen, scripts", [
    ("z^l_j", "zlj", 1),
    ("δ^l_j = ∂C/∂z^l_j", "δlj = ∂C/∂zlj", 2),
    ("a_in = a^{l−1}_k", "ain = al−1k", 2),
    ("w^l_jk", "wljk", 1),
    ("columns of w^l (n_{l−1})", "columns of wl (nl−1)", 2),
    ("(w^4)^T δ^4", "(w4)T δ4", 3),
])
def test_scripts_are_raised_and_lowered(label, seen, scripts):
    out = symbol_html(label)
    assert text_of(out) == seen
    assert "^" not in out and "_" not in text_of(out)
    assert out.count("<sup>") + out.count("<sub>") + out.count("display:inline-block") == scripts


def test_letters_are_italic_but_words_and_the_article_are_not():
    assert symbol_html("layer l") == "layer <i>l</i>"
    assert symbol_html("a neuron at a time") == "a neuron at a time"
    assert "<i>i</i>" not in symbol_html("a_in") and "<i>a</i>" in symbol_html("a_in")
    assert symbol_html("w^l_jk").count("<i>") == 4          # w, l, j, k


def test_text_is_escaped():
    assert symbol_html("x < y & <br>") == "<i>x</i> &lt; <i>y</i> &amp; &lt;br&gt;"
    assert text_of(readout_html([("<script>", "s", "<b>")], title="a<b")) == "a<b<script><b>"


def test_plain_labels_are_unchanged():
    for label in ("saturated?", "step", "largest relative error, BP1", "Σ of the terms", "ε"):
        assert symbol_html(label) == html.escape(label)


def ascii_mathematics(shown):
    return "^" in shown or "_{" in shown or bool(re.search(r"\b[A-Za-zδσ]_[A-Za-z0-9]", shown))


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_no_readout_shows_ascii_mathematics(name):
    shown = text_of(BUILDERS[name]().readout.value)
    assert not ascii_mathematics(shown), shown


@pytest.mark.parametrize("name", ["nudge_z_lab", "backprop_stepper at step 5", "weight_finder"])
def test_the_check_can_fail(monkeypatch, name):
    """With the labels written as they are, the check above sees their ASCII."""
    import backprop_core.widgets.base as base
    monkeypatch.setattr(base, "symbol_html", lambda t: html.escape(str(t)))
    assert ascii_mathematics(text_of(BUILDERS[name]().readout.value))


def test_control_descriptions_are_written_in_symbols_too():
    live = saturation_lab()
    bias = next(c for c in live.controls.values() if "bias" in c.description)
    assert bias.description_allow_html and "^" not in text_of(bias.description)
    assert text_of(bias.description) == "bias blj"
    layer = live.controls["l"]
    assert layer.description == "layer <i>l</i>" and layer.description_allow_html
    assert text_of(live.controls["activation"].description) == "σ"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_no_control_description_shows_ascii_mathematics(name):
    for control in BUILDERS[name]().controls.values():
        assert not ascii_mathematics(text_of(str(getattr(control, "description", ""))))


def test_a_contraction_is_not_a_variable():
    assert symbol_html("can't move it's") == html.escape("can't move it's")
    assert symbol_html("w'^2_10").startswith("<i>w</i>&#x27;")


def test_a_part_in_backticks_is_code_shown_as_written():
    out = symbol_html("w^2_13 is `net.w[2][1, 3]` = 0.5")
    assert "<code>net.w[2][1, 3]</code>" in out and "<i>w</i>" in out
    assert text_of(out) == "w213 is net.w[2][1, 3] = 0.5"
    assert symbol_html("x ` y") == "<i>x</i> ` <i>y</i>"          # unbalanced: no code


def test_a_name_from_code_is_shown_as_written_not_subscripted():
    """In a verdict such as "def my_dC_db(...) should return ..." or a suspect's
    name ``missing_sigma_prime``, the underscores belong to the name."""
    from backprop_core.widgets.symbols import symbol_html

    for name in ("my_dC_db", "sigma_prime", "dL_da", "list_of_arrays"):
        assert f"<code>{name}</code>" in symbol_html(f"your {name} returned None"), name
    for symbol, sub in (("z^l_j", "<i>j</i>"), ("a_in", "<sub>in</sub>"), ("C_x", "<sub><i>x</i></sub>")):
        html = symbol_html(symbol)
        assert "<code>" not in html and sub in html, (symbol, html)
