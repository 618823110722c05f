"""Drive the depth explorer headless: every control value, finite readouts, the core's numbers."""
import itertools

import numpy as np
import pytest

from backprop_core.depth import (ACTIVATIONS, INITS, deep_example, deep_network,
                                 log_error_norms, log_factors, mean_factor)
from backprop_core.widgets import fmt
from backprop_core.widgets.depth import SCALE_RANGE, depth_explorer

NUMBERS = ("factor", "estimate", "bound", "peak_prime", "ratio", "grad_first", "grad_last",
           "norm_ratio")
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


def _count_draws(live):
    """A list that grows by one each time the figure is drawn (a full draw, as the
    reader's page gets after every change: pytest turns any warning into an error)."""
    draws = []
    live.figure.canvas.mpl_connect("draw_event", lambda event: draws.append(1))
    return draws


def _show_at(live, draws, depth, scale):
    """Set the depth (quietly) and then the scale: the figure is updated and drawn
    once, for that state, and shows only finite numbers."""
    with live.quietly():
        live.controls["depth"].value = depth
    before = len(draws)
    live.controls["scale"].value = scale
    _check_shown(live)
    assert len(draws) == before + 1          # this state was drawn


def test_every_control_value_is_finite_and_warning_free():
    live = depth_explorer()
    c = live.controls
    draws = _count_draws(live)
    assert (c["depth"].min, c["depth"].max) == (3, 30)
    assert (c["scale"].min, c["scale"].max) == (LO, HI)
    scales = [LO, 1.0, HI]
    for act, init in itertools.product(ACTIVATIONS, INITS):
        c["activation"].value, c["init"].value = act, init
        for depth, s in itertools.product((3, 30), scales):
            _show_at(live, draws, depth, s)


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


def test_the_clip_fix_moves_every_gradient_square_down_by_one_factor():
    from backprop_core.clipping import gradient_norm
    live = depth_explorer()
    c = live.controls
    assert c["fix"].value == "none" and live.values["clip_factor"] == 1.0
    assert len(live.clipped_line.get_data()[0]) == 0
    for act, init, scale in (("relu", "normal", 3.0), ("sigmoid", "xavier", 0.2)):
        c["activation"].value, c["init"].value, c["scale"].value = act, init, scale
        c["fix"].value = "clip"
        ex = deep_example(deep_network(20, 30, act, init, scale, seed=0), seed=0)
        g = gradient_norm(ex.nabla_b, ex.nabla_w)
        v = live.values
        assert v["g_norm"] == pytest.approx(g, rel=1e-9)
        assert v["clip_factor"] == pytest.approx(min(1.0, 1.0 / g), rel=1e-9)
        x, y = live.clipped_line.get_data()
        assert list(x) == v["layers"]
        assert np.asarray(y) == pytest.approx(min(1.0, 1.0 / g) * live.grad_line.get_data()[1],
                                              rel=1e-9)
        _check_shown(live)
        lo, hi = live.ax.get_ylim()
        assert lo <= np.min(y) and np.max(y) <= hi
        assert 'data-name="clip_factor">' in live.readout.value
        c["fix"].value = "none"
        assert len(live.clipped_line.get_data()[0]) == 0


def test_the_residual_fix_redraws_every_curve_for_the_residual_network():
    live = depth_explorer(depth=30)
    c = live.controls
    for act, init in (("sigmoid", "xavier"), ("relu", "normal")):
        c["activation"].value, c["init"].value, c["scale"].value = act, init, 1.0
        c["fix"].value = "none"
        plain = live.values["ratio"]
        c["fix"].value = "residual"
        ex = deep_example(deep_network(30, 30, act, init, 1.0, seed=0, residual=True), seed=0)
        assert live.values["log_delta"] == pytest.approx(list(log_error_norms(ex)))
        assert live.values["factor"] == pytest.approx(mean_factor(log_factors(ex)))
        assert live.values["ratio"] != pytest.approx(plain)
        assert live.ax.get_title().endswith(", residual")
        assert len(live.clipped_line.get_data()[0]) == 0
        _check_shown(live)
    c["activation"].value, c["scale"].value = "relu", LO       # every other control still works
    c["scale"].value, c["depth"].value = HI, 3
    _check_shown(live)


def test_the_layer_norm_fix_adds_the_normalised_curves():
    from backprop_core.layernorm import log_error_norms as normed_norms
    from backprop_core.layernorm import log_gradient_norms as normed_grads
    from backprop_core.layernorm import norm_example
    live = depth_explorer(depth=30)
    c = live.controls
    assert len(live.norm_line.get_data()[0]) == 0 and len(live.norm_grad_line.get_data()[0]) == 0
    for act, init, scale in (("sigmoid", "xavier", 1.0), ("relu", "normal", HI), ("tanh", "he", LO)):
        c["activation"].value, c["init"].value, c["scale"].value = act, init, scale
        c["fix"].value = "none"
        plain = dict(live.values)
        c["fix"].value = "layernorm"
        net = deep_network(30, 30, act, init, scale, seed=0)
        ex = norm_example(net, 0)
        v = live.values
        assert v["log_delta"] == plain["log_delta"]            # the plain curves stay
        assert v["log_normed"] == pytest.approx(list(normed_norms(ex)))
        assert v["log_normed_grad"] == pytest.approx(list(normed_grads(ex)))
        x, y = live.norm_line.get_data()
        assert list(x) == v["layers"] and np.asarray(y) == pytest.approx(
            10.0 ** np.array(list(normed_norms(ex))))
        lo, hi = live.ax.get_ylim()
        for line in (live.norm_line, live.norm_grad_line):
            y = line.get_data()[1]
            assert lo <= np.min(y) and np.max(y) <= hi
        assert v["norm_ratio"] == pytest.approx(plain["norm_ratio"])
        assert v["norm_ratio"] == pytest.approx(np.linalg.norm(ex.delta[2]) / np.linalg.norm(ex.delta[30]))
        assert live.ax.get_title().endswith(", layer norm")
        assert 'data-name="norm_ratio">' in live.readout.value
        _check_shown(live)
        live.figure.canvas.draw()
    c["fix"].value = "none"
    assert len(live.norm_line.get_data()[0]) == 0


def test_every_fix_value_with_every_activation_and_the_extreme_depths():
    live = depth_explorer()
    c = live.controls
    draws = _count_draws(live)
    fixes = [value for _, value in c["fix"].options]
    assert fixes == ["none", "clip", "residual", "layernorm"]
    for fix, act in itertools.product(fixes, ACTIVATIONS):
        c["fix"].value, c["activation"].value = fix, act
        for depth, s in ((3, LO), (30, HI)):
            _show_at(live, draws, depth, s)
            assert np.isfinite(live.values["norm_ratio"])
            assert (len(live.norm_line.get_data()[0]) > 0) == (fix == "layernorm")
            assert (len(live.clipped_line.get_data()[0]) > 0) == (fix == "clip")
