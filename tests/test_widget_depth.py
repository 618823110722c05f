"""Drive the depth explorer headless: every control value, finite readouts, the core's numbers."""
import itertools

import numpy as np
import pytest

from backprop_core.depth import (ACTIVATIONS, INITS, deep_example, deep_network,
                                 log_error_norms, log_factors, mean_factor)
from backprop_core.widgets import fmt
from backprop_core.widgets.depth import SCALE_RANGE, depth_explorer

NUMBERS = ("factor", "estimate", "bound", "peak_prime", "ratio", "grad_first", "grad_last")
LO, HI, STEP = SCALE_RANGE


def _check_shown(live):
    v = live.values
    assert all(np.isfinite(v[k]) for k in NUMBERS), v
    for curve in (live.delta_line, live.grad_line, live.estimate_line, live.bound_line):
        x, y = curve.get_data()
        assert list(x) == v["layers"] and np.all(np.isfinite(y)) and np.all(np.asarray(y) > 0)
        lo, hi = live.ax.get_ylim()
        assert lo <= np.min(y) and np.max(y) <= hi            # the axis shows every point
    assert live.ax.get_xlim()[1] > v["layers"][-1]
    # the bound's line lies above every measured ‖δ^l‖
    assert all(b >= d - 1e-9 for b, d in zip(v["log_bounded"], v["log_delta"]))


def test_readout_is_the_core():
    live = depth_explorer()
    c = live.controls
    c["depth"].value, c["activation"].value, c["init"].value, c["scale"].value = 17, "tanh", "xavier", 1.5
    ex = deep_example(deep_network(17, 30, "tanh", "xavier", 1.5, seed=0), seed=0)
    norms = log_error_norms(ex)
    assert live.values["layers"] == list(range(2, 18))
    assert live.values["log_delta"] == pytest.approx(list(norms))
    assert live.values["factor"] == pytest.approx(mean_factor(log_factors(ex)))
    assert live.values["ratio"] == pytest.approx(np.linalg.norm(ex.delta[2]) / np.linalg.norm(ex.delta[17]))
    assert f'data-name="factor">{fmt(mean_factor(log_factors(ex)))}<' in live.readout.value
    y = live.delta_line.get_data()[1]
    assert y[0] == pytest.approx(np.linalg.norm(ex.delta[2]))


def test_every_control_value_is_finite_and_warning_free():
    live = depth_explorer()
    c = live.controls
    assert (c["depth"].min, c["depth"].max) == (3, 30)
    assert (c["scale"].min, c["scale"].max) == (LO, HI)
    scales = [LO, 1.0, HI]
    for act, init in itertools.product(ACTIVATIONS, INITS):
        c["activation"].value, c["init"].value = act, init
        for depth, s in itertools.product((3, 30), scales):
            with live.quietly():
                c["depth"].value = depth
            c["scale"].value = s
            _check_shown(live)
            live.figure.canvas.draw()


def test_every_scale_step_at_the_extremes():
    live = depth_explorer(depth=30)
    c = live.controls
    for act, init in (("relu", "normal"), ("sigmoid", "xavier")):
        c["activation"].value, c["init"].value = act, init
        for s in np.arange(LO, HI + STEP / 2, STEP):
            c["scale"].value = round(float(s), 2)
            _check_shown(live)


def test_every_depth_step():
    live = depth_explorer(activation="relu", init="normal", scale=HI)
    for depth in range(3, 31):
        live.controls["depth"].value = depth
        _check_shown(live)
        assert len(live.values["log_delta"]) == depth - 1


def test_each_control_changes_what_is_shown():
    live = depth_explorer()
    before = dict(live.values)
    for name, value in (("depth", 21), ("scale", 1.05), ("activation", "relu"), ("init", "he")):
        live.controls[name].value = value
        assert live.values["log_delta"] != before["log_delta"] or live.values["factor"] != before["factor"]
        before = dict(live.values)


@pytest.mark.parametrize("kw, match", [
    ({"depth": 31}, "depth must be in 3..30"),
    ({"depth": 2}, "depth must be in 3..30"),
    ({"scale": 5.0}, "scale must be in"),
    ({"scale": "big"}, "scale must be"),
    ({"activation": "linear"}, "activation must be one of"),
    ({"init": "orthogonal"}, "init must be one of"),
    ({"width": 0}, "width must be"),
    ({"width": 1000}, "width must be at most 200"),
])
def test_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        depth_explorer(**kw)
