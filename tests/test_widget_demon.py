"""Drive the demon labs headless: every control, including its extremes; the
readout (fmt + data-name) must equal the core's own computation (the demon's
functions of ``ex = net.example(x, y)``)."""
import html

import numpy as np
import pytest

from matplotlib.backends.backend_agg import FigureCanvasAgg

from backprop_core import Network, demon
from backprop_core.activations import get_activation, saturated
from backprop_core.widgets import fmt
from backprop_core.widgets import demon as labs


@pytest.fixture(autouse=True)
def _no_rendering(monkeypatch):
    """Headless, draw_idle would render the figure with Agg on every step; the
    tests read the artists' data instead (and render explicitly where needed)."""
    monkeypatch.setattr(FigureCanvasAgg, "draw_idle", lambda self, *a, **k: None)


def shown(live, name):
    """The text of the readout span data-name=NAME."""
    text = live.readout.value
    start = text.index(f'data-name="{name}">') + len(f'data-name="{name}">')
    return html.unescape(text[start:text.index("</span>", start)])


def assert_shows(live, name, expected):
    assert live.values[name] == pytest.approx(expected, rel=1e-12, abs=1e-15), name
    assert shown(live, name) == fmt(expected), name


def lab_example(activation="sigmoid"):
    """The labs' default network on their default example, built independently."""
    net = Network(list(labs.SIZES), activation=activation, seed=labs.SEED)
    return net.example(labs.X, labs.Y)


def each_neuron(live, net):
    """Set the lab's l and j sliders to every neuron in turn (checking j's range)."""
    for l in range(2, net.num_layers + 1):
        live.controls["l"].value = l
        assert live.controls["j"].max == net.w[l].shape[0] - 1
        if "k" in live.controls:
            assert live.controls["k"].max == net.w[l].shape[1] - 1
        for j in range(net.w[l].shape[0]):
            live.controls["j"].value = j
            yield l, j


def count_updates(live):
    calls = []
    original = live.update

    def counted():
        calls.append(1)
        return original()

    live.update = counted
    return calls


# ----- nudge z --------------------------------------------------------------------
def test_nudge_z_readout_equals_core_for_every_control():
    live = labs.nudge_z_lab()
    ex = lab_example()
    net = ex.net
    dz_slider = live.controls["dz"]
    for l, j in each_neuron(live, net):
        for dz in (dz_slider.min, -1.35, 0.0, 0.05, dz_slider.max):
            dz_slider.value = dz
            found = demon.nudge_z(ex, l, j, dz)
            for name in ("delta", "actual", "predicted", "difference"):
                assert_shows(live, name, found[name])
            assert_shows(live, "dz", dz)
            assert_shows(live, "z", net.forward_pass(labs.X).z[l][j, 0])
            assert shown(live, "l") == fmt(l) and shown(live, "j") == fmt(j)
            mx, my = live.marker.get_data()
            assert mx[0] == dz and my[0] == pytest.approx(found["actual"])
            px, py = live.prediction_marker.get_data()
            assert py[0] == pytest.approx(found["predicted"])
            assert list(live.gap.get_data()[1]) == pytest.approx([found["predicted"], found["actual"]])
        np.testing.assert_allclose(live.curve.get_ydata(),
                                   demon.delta_C_curve(ex, l, j, live.grid), rtol=1e-12)
        np.testing.assert_allclose(live.tangent.get_ydata(),
                                   demon.delta(ex, l, j) * live.grid, rtol=1e-12)


def test_j_range_follows_l_with_one_update():
    live = labs.nudge_z_lab(l=3, j=2)
    calls = count_updates(live)
    live.controls["l"].value = 4                       # layer 4 has 2 neurons: j is pulled to 1
    assert live.controls["j"].max == 1 and live.controls["j"].value == 1
    assert live.values["j"] == 1 and len(calls) == 1
    live.controls["l"].value = 2
    assert live.controls["j"].max == 2 and len(calls) == 2


def test_a_nudge_step_does_not_recompute_the_curve():
    live = labs.nudge_z_lab()
    curve = live.curve.get_ydata()
    live.controls["dz"].value = 2.0
    assert live.curve.get_ydata() is curve
    live.controls["j"].value = 1
    assert live.curve.get_ydata() is not curve


@pytest.mark.parametrize("build, moves", [
    (labs.nudge_z_lab, (("dz", 1.0), ("l", 2), ("j", 1), ("dz", -3.0))),
    (labs.nudge_w_lab, (("dw", 1.0), ("k", 0), ("l", 4), ("dw", -2.0))),
    (labs.saturation_lab, (("b", 4.0), ("j", 2), ("b", -7.0))),
])
def test_one_example_per_network_not_per_slider_step(build, moves, monkeypatch):
    """The lab keeps its net.example(x, y): no slider step builds a new one of
    the lab's own network (the saturation lab's descent runs on copies)."""
    live = build()
    ex = live.ex
    made = []
    original = Network.example

    def counted(net, x, y):
        made.append(net)
        return original(net, x, y)

    monkeypatch.setattr(Network, "example", counted)
    for name, value in moves:
        live.controls[name].value = value
        assert live.ex is ex
    assert not any(n is live.net for n in made)


def test_saturation_lab_keeps_one_example_per_activation():
    live = labs.saturation_lab()
    first = dict(live.examples)
    for name in ("tanh", "relu", "sigmoid", "tanh"):
        live.controls["activation"].value = name
        assert live.ex is first[name] and live.net is first[name].net
        assert live.net.activation.name == name
    assert live.examples == first


def test_every_lab_renders_with_all_controls_at_their_extremes():
    for live in (labs.nudge_z_lab(), labs.nudge_w_lab(), labs.saturation_lab()):
        if "activation" in live.controls:
            live.controls["activation"].value = "relu"     # zeros on the log axis
        for end in ("max", "min"):
            for control in live.controls.values():
                if hasattr(control, end):
                    control.value = getattr(control, end)
            live.figure.canvas.draw()
            assert all(np.all(np.isfinite(v)) for v in live.values.values()
                       if not isinstance(v, str))


def test_verdict_text():
    live = labs.nudge_z_lab(l=3, j=0)
    assert shown(live, "demon") == "no nudge yet"
    d = live.values["delta"]
    live.controls["dz"].value = 1.0 * np.sign(d)       # with the sign of δ: the cost goes up
    assert shown(live, "demon") == "bad demon: cost goes up" and live.values["actual"] > 0


@pytest.mark.parametrize("l, j", [(2, 0), (2, 2), (3, 1), (4, 0), (4, 1)])
@pytest.mark.parametrize("start", [0.0, 0.8, -0.8])
def test_good_demon_button(l, j, start):
    live = labs.nudge_z_lab(l=l, j=j, dz=start)
    ex = lab_example()
    live.controls["demon"].click()
    d = demon.delta(ex, l, j)
    expected = demon.good_demon_dz(ex, l, j, abs(start) or 1.0)
    assert live.controls["dz"].value == pytest.approx(expected)
    assert np.sign(live.values["dz"]) == -np.sign(d)
    assert live.values["actual"] < 0
    assert shown(live, "demon") == "good demon: cost goes down"
    assert_shows(live, "actual", demon.delta_C_curve(ex, l, j, np.array([expected]))[0])


def test_good_demon_button_cannot_help_a_saturated_neuron():
    stuck = demon.with_bias(lab_example().net, 3, 0, 12.0)
    live = labs.nudge_z_lab(net=stuck, l=3, j=0, dz=0.7)
    live.controls["demon"].click()
    assert live.controls["dz"].value == 0.0
    assert shown(live, "demon") == f"can't be helped: |δ| < {demon.TINY_DELTA:g}"
    live.controls["j"].value = 1                        # its neighbour can be helped
    live.controls["demon"].click()
    assert live.values["actual"] < 0 and shown(live, "demon") == "good demon: cost goes down"


# ----- nudge w --------------------------------------------------------------------
def test_nudge_w_readout_equals_core_for_every_control():
    live = labs.nudge_w_lab()
    ex = lab_example()
    net = ex.net
    nabla_w = net.backprop(labs.X, labs.Y)[1]
    dw_slider = live.controls["dw"]
    for l, j in each_neuron(live, net):
        for k in range(net.w[l].shape[1]):
            live.controls["k"].value = k
            for dw in (dw_slider.min, -0.4, 0.0, dw_slider.max):
                dw_slider.value = dw
                found = demon.nudge_w(ex, l, j, k, dw)
                for name in ("a_in", "delta", "dC_dw", "actual", "predicted", "difference"):
                    assert_shows(live, name, found[name])
                assert_shows(live, "dC_dw_backprop", nabla_w[l][j, k])
                assert shown(live, "k") == fmt(k)
                assert live.marker.get_data()[1][0] == pytest.approx(found["actual"])
            np.testing.assert_allclose(
                live.tangent.get_ydata(), found["dC_dw"] * live.grid, rtol=1e-12)


def test_k_is_pulled_back_when_l_shrinks_the_previous_layer():
    net = Network([3, 2, 4], seed=0)
    live = labs.nudge_w_lab(net=net, x=[0.1, 0.2, 0.3], y=[1, 0, 0, 1], l=2, j=1, k=2)
    live.controls["l"].value = 3                        # layer 2 has 2 neurons: k becomes 1
    assert live.controls["k"].max == 1 and live.values["k"] == 1
    assert live.controls["j"].max == 3


# ----- saturation ------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_saturation_readout_equals_core(activation):
    live = labs.saturation_lab()
    live.controls["activation"].value = activation
    ex = lab_example(activation)
    net = ex.net
    eta = labs.LEARNING_RATES[activation]
    sigma = get_activation(activation)
    peak = float(np.max(sigma.prime(live.grid)))
    assert sigma.peak_prime == pytest.approx(peak)      # the rule's peak is σ′'s largest value

    def start(b):
        return demon.with_bias(net, l, j, b).example(labs.X, labs.Y)

    for l, j in [(2, 1), (3, 0), (4, 1)]:
        live.controls["l"].value = l
        live.controls["j"].value = j
        reference = demon.descent_steps(start(0.0), l, j, eta, 10)
        for b in (live.controls["b"].min, -3.7, 0.0, 2.0, live.controls["b"].max):
            live.controls["b"].value = b
            found = demon.saturation_curves(ex, l, j, b)
            for name in ("z", "sigma_prime", "dC_da", "delta", "grad_w"):
                assert_shows(live, name, found[name])
            assert_shows(live, "b", b)
            path = demon.descent_steps(start(b), l, j, eta, 10)
            assert_shows(live, "moved", path["change"][-1])
            assert_shows(live, "moved_reference", reference["change"][-1])
            assert shown(live, "activation") == activation
            assert shown(live, "saturated") == ("yes" if found["sigma_prime"] < 0.01 * peak else "no")
            assert shown(live, "saturated") == ("yes" if saturated(sigma, found["z"]) else "no")
            np.testing.assert_allclose(live.path.get_ydata(), path["change"], rtol=1e-12)
            assert list(live.b_line.get_xdata()) == [b, b]
        curves = demon.saturation_curves(ex, l, j, live.grid)
        drawn = live.curves["delta"].get_ydata()
        expected = np.abs(curves["delta"])
        np.testing.assert_allclose(drawn[expected > 0], expected[expected > 0], rtol=1e-12)
        assert np.all(np.isnan(drawn[expected == 0]))


def test_saturation_shows_the_slowdown():
    live = labs.saturation_lab(l=3, j=0)
    live.controls["b"].value = 0.0
    assert shown(live, "saturated") == "no"
    moving = live.values["moved"]
    live.controls["b"].value = live.controls["b"].max
    assert shown(live, "saturated") == "yes"
    assert live.values["moved"] < moving / 1000
    live.controls["activation"].value = "linear"           # linear never saturates
    assert shown(live, "saturated") == "no" and live.values["sigma_prime"] == 1.0
    live.controls["activation"].value = "relu"
    live.controls["b"].value = live.controls["b"].min      # a dead ReLU does not learn at all
    assert live.values["delta"] == 0.0 and live.values["moved"] == 0.0


def test_learning_rates_never_raise_the_cost():
    """The lab's rates keep every neuron's descent stable over the whole bias slider."""
    for activation, eta in labs.LEARNING_RATES.items():
        net = lab_example(activation).net
        for l in range(2, net.num_layers + 1):
            for j in range(net.w[l].shape[0]):
                for b in (-15.0, -7.5, 0.0, 7.5, 15.0):
                    start = demon.with_bias(net, l, j, b).example(labs.X, labs.Y)
                    cost = demon.descent_steps(start, l, j, eta, 10)["cost"]
                    assert np.all(np.diff(cost) <= 1e-12 * cost[0]), (activation, l, j, b)


# ----- bad arguments to the builders ---------------------------------------------------
@pytest.mark.parametrize("build, message", [
    (lambda: labs.nudge_z_lab(l=1), r"layer l=1 is out of range"),
    (lambda: labs.nudge_z_lab(j=3), r"neuron j of layer 3=3 is out of range"),
    (lambda: labs.nudge_z_lab(dz=6.0), r"Δz=6.0 is outside the slider range \[-5, 5\]"),
    (lambda: labs.nudge_z_lab(dz_max=0), r"the Δz range must be a positive number"),
    (lambda: labs.nudge_z_lab(x=[1, 2, 3]), r"input x has shape \(3,\)"),
    (lambda: labs.nudge_z_lab(x=np.ones((2, 2)), y=np.ones((2, 2))),
     r"the demon lab takes one example: x must have shape \(2, 1\), got 2 columns"),
    (lambda: labs.nudge_z_lab(net="net"), r"net must be a backprop_core Network, got str"),
    (lambda: labs.nudge_w_lab(k=3), r"neuron k of layer 2=3 is out of range"),
    (lambda: labs.nudge_w_lab(sizes=[2]), r"sizes must be a list of at least two"),
    (lambda: labs.saturation_lab(activations=("sigmoid", "swish")), r"unknown activation 'swish'"),
    (lambda: labs.saturation_lab(activations=()), r"activations must name at least one"),
    (lambda: labs.saturation_lab(steps=0), r"steps must be a positive integer"),
    (lambda: labs.saturation_lab(steps=2.5), r"steps must be a positive integer, got 2\.5"),
    (lambda: labs.saturation_lab(j=3), r"neuron j of layer 3=3 is out of range"),
    (lambda: labs.saturation_lab(eta=0.0), r"learning rate eta must be a positive finite number"),
    (lambda: labs.saturation_lab(b_reference=20.0), r"b_reference must be a number in \[-15, 15\], got 20.0"),
    (lambda: labs.saturation_lab(b=16.0), r"bias b\^l_j=16.0 is outside the slider range"),
    (lambda: labs.saturation_lab(l=5), r"layer l=5 is out of range"),
])
def test_builders_reject_bad_arguments(build, message):
    with pytest.raises(ValueError, match=message):
        build()


# ----- a learning rate that diverges ------------------------------------------------------------
def test_saturation_lab_with_a_diverging_eta_says_so_in_the_readout():
    """Was: η = 1e300 ended in a matplotlib error (after overflow warnings)."""
    live = labs.saturation_lab(eta=1e300)
    for activation in ("sigmoid", "tanh", "relu", "linear"):
        live.controls["activation"].value = activation
        for b in (live.controls["b"].min, 0.0, live.controls["b"].max):
            live.controls["b"].value = b
            values = live.values
            drawn = live.path.get_ydata()
            lo, hi = live.right.get_ylim()
            assert np.isfinite(lo) and np.isfinite(hi) and drawn[0] == 0.0
            if values["delta"] == 0.0:            # a dead ReLU does not move: nothing diverges
                assert values["moved"] == 0.0
                assert values["descent"].startswith("η = 1e+300 diverged at step 1 (b = 0)")
                continue
            assert values["moved"].startswith("diverged at step ")
            assert shown(live, "moved") == values["moved"]
            assert np.all(np.isnan(drawn[1:]))    # diverged at step 1: nothing after step 0
            text = values["descent"]
            assert text.startswith("η = 1e+300 diverged at step 1 (this b): try η ≤ "), text
            assert "data-name=\"descent\"" in live.readout.value
            rate = float(text.split("try η ≤ ")[1])
            assert rate < 1e300
            # the suggested rate really is stable from this b
            start = demon.with_bias(live.net, 3, 0, b).example(labs.X, labs.Y)
            path = demon.descent_steps(start, 3, 0, rate, live.steps)["change"]
            assert np.all(np.isfinite(path))
        assert live.values["moved_reference"].startswith("diverged at step ")
    live.figure.canvas.draw()                     # renders: no matplotlib error, no warning


def test_saturation_lab_stops_the_path_at_the_diverging_step():
    live = labs.saturation_lab(eta=3.0)           # stable for σ, diverges for the linear σ
    assert live.values["descent"] == "η = 3: stable"
    live.controls["activation"].value = "linear"
    live.controls["b"].value = live.controls["b"].max
    t = int(live.values["moved"].split("step ")[1])
    drawn = live.path.get_ydata()
    assert np.all(np.isfinite(drawn[:t])) and np.all(np.isnan(drawn[t:]))
    start = demon.with_bias(live.net, 3, 0, live.controls["b"].max).example(labs.X, labs.Y)
    np.testing.assert_allclose(drawn[:t], demon.descent_steps(start, 3, 0, 3.0, t - 1)["change"],
                               rtol=1e-12)
    assert live.values["descent"].startswith(f"η = 3 diverged at step {t} (this b): try η ≤ ")
