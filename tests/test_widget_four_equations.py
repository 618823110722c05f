"""Drive chapter 03's widgets headless: readouts equal the core's own numbers."""
import numpy as np
import pytest

from backprop_core import Network, numerical_gradient
from backprop_core.four_equations import TOLERANCE, comparison, max_errors
from backprop_core.widgets import fmt
from backprop_core.widgets.four_equations import (equations_by_activation, input_activation_lab,
                                                   shown_error)


def span(name, value):
    return f'data-name="{name}">{fmt(value)}<'


@pytest.mark.parametrize("j", [0, 1, 2])
@pytest.mark.parametrize("k", [0, 1])
def test_input_activation_lab(j, k):
    live = input_activation_lab(sizes=(2, 3, 2), seed=1, x=(0.5, 0.8), y=(1.0, 0.0))
    if (j, k) != (2, 1):
        live.figure.canvas.draw_idle = lambda: None   # rasterize in one case only (speed)
    net = Network([2, 3, 2], seed=1)
    live.controls["j"].value = j
    live.controls["k"].value = k
    for a_in in (0.0, 0.01, 0.37, 0.99, 1.0):
        live.controls["a_in"].value = a_in
        x = np.array([[0.5], [0.8]])
        x[k, 0] = a_in
        y = np.array([[1.0], [0.0]])
        delta_out = net.deltas(x, y)[2][j, 0]
        dC_dw = net.backprop(x, y)[1][2][j, k]
        _, num_w = numerical_gradient(net, x, y)
        assert live.values["dC_dw"] == pytest.approx(num_w[2][j, k], rel=1e-5, abs=1e-10)
        out = live.readout.value
        assert span("a_in", a_in) in out
        assert span("delta_out", delta_out) in out
        assert span("dC_dw", dC_dw) in out
        assert span("product", a_in * delta_out + 0.0) in out
        xs, ys = live.grad_dot.get_data()
        assert xs[0] == a_in and ys[0] == dC_dw
        gx, gy = live.grad_curve.get_data()
        i = int(np.argmin(np.abs(gx - a_in)))
        X = np.array([[0.5], [0.8]]).repeat(1, axis=1)
        X[k, 0] = gx[i]
        assert gy[i] == pytest.approx(net.backprop(X, y)[1][2][j, k], rel=1e-12, abs=1e-15)
    live.controls["a_in"].value = 0.0
    assert live.values["dC_dw"] == 0.0


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear", "sigmoid"])
def test_equations_by_activation(activation):
    live = equations_by_activation(sizes=(3, 4, 2), seed=2, x=(0.3, -0.5, 0.8), y=(1.0, 0.0))
    live.controls["activation"].value = "linear" if activation == "sigmoid" else "sigmoid"
    live.controls["activation"].value = activation
    net = Network([3, 4, 2], activation=activation, seed=2)
    rows = comparison(net.example(np.array([[0.3], [-0.5], [0.8]]), np.array([[1.0], [0.0]])))
    expected = max_errors(rows)
    for eq, value in expected.items():
        assert live.errors[eq] == value
        assert value < TOLERANCE
        assert live.values[eq] == shown_error(value) == "< 1e-06"
        assert f'data-name="{eq}">&lt; 1e-06<' in live.readout.value
        pts = live.points[eq].get_offsets()
        want = [(r["backprop"], r["numerical"]) for r in rows if r["equation"] == eq]
        np.testing.assert_allclose(pts, want)


def test_j_and_k_sliders_span_layers_2_and_1():
    live = input_activation_lab(sizes=(2, 3, 2), seed=1, x=(0.5, 0.8), y=(1.0, 0.0))
    assert (live.controls["j"].min, live.controls["j"].max) == (0, 2)     # neurons of layer 2
    assert (live.controls["k"].min, live.controls["k"].max) == (0, 1)     # neurons of layer 1
    assert "l" not in live.controls


def test_bad_input_rejected():
    with pytest.raises(ValueError, match="no hidden layer"):
        equations_by_activation(sizes=(3, 2), x=(0, 0, 0), y=(0, 0))
    with pytest.raises(ValueError, match="unknown activation"):
        equations_by_activation(activations=("sigmoid", "swish"))
    with pytest.raises(ValueError, match="at least one activation"):
        equations_by_activation(activations=())
    with pytest.raises(ValueError, match="a_in must be in 0..1"):
        input_activation_lab(a_in=2.0)
    with pytest.raises(ValueError, match=r"input x has shape"):
        input_activation_lab(x=(0.5, 0.8, 0.1))
    with pytest.raises(ValueError, match="one example"):
        input_activation_lab(x=np.ones((2, 2)), y=np.ones((2, 2)))


def test_the_drop_down_starts_at_the_first_activation_listed():
    live = equations_by_activation(activations=("tanh", "sigmoid"))
    assert live.controls["activation"].value == "tanh" and live.values["activation"] == "tanh"


def test_shown_error_keeps_a_real_disagreement():
    assert shown_error(1e-9) == "< 1e-06"
    assert shown_error(0.25) == 0.25 and fmt(shown_error(0.25)) == "0.25"
