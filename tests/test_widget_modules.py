"""The stack-of-modules figure of chapter 16, driven through every control."""
import itertools

import numpy as np
import pytest

from backprop_core.modules import Activation, Linear, SoftmaxCrossEntropy, run
from backprop_core.widgets.modules import PASSES, SIZES, module_stack


def _stack(c, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((c["in1"], 1))
    y = np.zeros((c["out2"], 1))
    y[0, 0] = 1.0
    row = [Linear(rng.standard_normal((c["out1"], c["in1"])), rng.standard_normal((c["out1"], 1))),
           Activation(c["act"]),
           Linear(rng.standard_normal((c["out2"], c["in2"])), rng.standard_normal((c["out2"], 1))),
           SoftmaxCrossEntropy()]
    return run(row, x, y), row


def test_every_control_value_is_drawn_and_fitting_stacks_show_the_modules_numbers():
    g = module_stack()
    for name, control in g.controls.items():
        for value in control.options:
            control.value = value
            g.figure.canvas.draw()
            texts = g.texts()
            c = {k: v.value for k, v in g.controls.items()}
            if c["out1"] != c["in2"]:
                assert g.values["refused"] == (f"refused: Linear 1 gives {c['out1']} outputs, "
                                               f"but Linear 2 takes {c['in2']} inputs")
                assert g.refusal.get_visible() and g.values["refused"] in texts[-1][1]
            else:
                C, row = _stack(c)
                assert g.values["C"] == pytest.approx(C, rel=1e-15)
                assert not g.refusal.get_visible()
                assert len(g.values["rows"]) == 4


def test_backward_table_chains_grad_out_to_grad_in():
    g = module_stack()
    g.controls["pass"].value = "backward"
    rows = g.values["rows"]
    for left, right in zip(rows, rows[1:]):
        assert left[3] == right[4]          # what leaves a module enters the one to its left
    assert "grad_out enters" in g.texts()[-1][1]
    g.controls["pass"].value = "forward"
    assert "grad_out enters" not in g.texts()[-1][1]


@pytest.mark.parametrize("out1, in2", list(itertools.product(SIZES, SIZES)))
def test_mismatch_is_refused_without_raising(out1, in2):
    g = module_stack()
    g.controls["out1"].value = out1
    g.controls["in2"].value = in2
    assert (g.values["refused"] is None) == (out1 == in2)
    g.figure.canvas.draw()


def test_a_bad_seed_is_refused():
    with pytest.raises(ValueError):
        module_stack(seed=-1)
    assert PASSES == ("forward", "backward")


def test_a_refused_stack_still_shows_every_menu_choice():
    g = module_stack()
    g.controls["in2"].value = 4
    assert g.values["refused"] and "Activation('sigmoid')" in g.values["stack"]
    g.controls["act"].value = "tanh"
    assert "Activation('tanh')" in g.values["stack"] and g.labels[1].get_text() == "σ\ntanh"
    assert g.boxes[0].get_edgecolor() != g.boxes[1].get_edgecolor()     # the two Linears in red
