"""backprop_core.demon against independent computations: a forward pass written
out here, copies of the network with one parameter changed, the core's backprop,
and finite differences (numerical_gradient).  Every demon function takes
``ex = net.example(x, y)``."""
import copy
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network, demon, numerical_gradient
from backprop_core.activations import get_activation

X = np.array([[0.6], [-0.4]])
Y = np.array([[1.0], [0.0]])
ACTIVATIONS = ["sigmoid", "tanh", "relu", "linear"]


def make(activation="sigmoid", sizes=(2, 3, 3, 2), seed=1, **kw):
    return Network(list(sizes), activation=activation, seed=seed, **kw)


def example(activation="sigmoid", **kw):
    """The network ``make(...)`` on the example (X, Y), and the network."""
    net = make(activation, **kw)
    return net.example(X, Y), net


def neurons(net):
    return [(l, j) for l in range(2, net.num_layers + 1) for j in range(net.w[l].shape[0])]


def manual_cost(net, x, y, l=None, j=None, dz=0.0, da=0.0):
    """The cost written out neuron by neuron, with dz added to z^l_j and da to a^l_j."""
    a = np.asarray(x, dtype=float).ravel()
    for layer in range(2, net.num_layers + 1):
        w, b = net.w[layer], net.b[layer].ravel()
        z = np.array([sum(w[q, k] * a[k] for k in range(len(a))) + b[q] for q in range(len(b))])
        if layer == l:
            z[j] += dz
        a = net.sigma(layer).fn(z.reshape(-1, 1)).ravel()
        if layer == l:
            a[j] += da
    return float(net.cost_function.fn(a.reshape(-1, 1), np.asarray(y, dtype=float).reshape(-1, 1))[0])


# ----- the nudged forward pass ------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_cost_with_nudge_equals_manual_forward_pass(activation):
    ex, net = example(activation)
    for l, j in neurons(net):
        assert demon.cost_with_nudge(ex, l, j, 0.0) == pytest.approx(net.cost(X, Y), rel=1e-12)
        for dz in (-3.0, -0.2, 0.7, 4.0):
            assert demon.cost_with_nudge(ex, l, j, dz) == pytest.approx(
                manual_cost(net, X, Y, l, j, dz=dz), rel=1e-12, abs=1e-15)


def test_cost_with_nudge_softmax_output():
    ex, net = example(output_activation="softmax", cost="log_likelihood")
    for l, j in neurons(net):
        assert demon.cost_with_nudge(ex, l, j, 0.9) == pytest.approx(
            manual_cost(net, X, Y, l, j, dz=0.9), rel=1e-12)


def test_array_of_nudges_equals_one_at_a_time():
    ex, net = example()
    dzs = np.linspace(-5, 5, 11)
    many = demon.cost_with_nudge(ex, 3, 2, dzs)
    assert isinstance(many, np.ndarray) and many.shape == (11,)
    assert isinstance(demon.cost_with_nudge(ex, 3, 2, 1.0), float)
    np.testing.assert_allclose(many, [demon.cost_with_nudge(ex, 3, 2, d) for d in dzs],
                               rtol=1e-13)
    np.testing.assert_allclose(demon.delta_C_curve(ex, 3, 2, dzs), many - net.cost(X, Y),
                               rtol=1e-12, atol=1e-15)
    assert demon.delta_C_curve(ex, 3, 2, np.array([0.0, 1.0]))[0] == 0.0


def test_nudges_leave_the_example_alone():
    """A nudged pass is a new example (ex.forward_from): ex keeps its own numbers."""
    ex, net = example()
    z, a, d, cost = ex.z[3].copy(), ex.a[4].copy(), ex.delta[2].copy(), ex.cost
    demon.cost_with_nudge(ex, 3, 1, np.array([-2.0, 3.0]))
    demon.cost_with_activation_nudge(ex, 4, 0, 0.4)
    demon.saturation_curves(ex, 2, 0, np.array([-9.0, 9.0]))
    np.testing.assert_array_equal(ex.z[3], z)
    np.testing.assert_array_equal(ex.a[4], a)
    np.testing.assert_array_equal(ex.delta[2], d)
    assert ex.cost == cost


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_cost_with_activation_nudge_equals_manual(activation):
    ex, net = example(activation)
    for l, j in neurons(net):
        assert demon.cost_with_activation_nudge(ex, l, j, -0.3) == pytest.approx(
            manual_cost(net, X, Y, l, j, da=-0.3), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_weight_nudge_equals_changed_copy_and_leaves_net_alone(activation):
    ex, net = example(activation)
    before = copy.deepcopy(net)
    for l in range(2, net.num_layers + 1):
        for j in range(net.w[l].shape[0]):
            for k in range(net.w[l].shape[1]):
                changed = copy.deepcopy(net)
                changed.w[l][j, k] += 1.3
                assert demon.cost_with_weight_nudge(ex, l, j, k, 1.3) == pytest.approx(
                    changed.cost(X, Y), rel=1e-12, abs=1e-15)
    dws = np.array([-2.0, 0.0, 2.0])
    curve = demon.weight_delta_C_curve(ex, 3, 1, 2, dws)
    assert curve[1] == 0.0
    np.testing.assert_allclose(curve, [demon.cost_with_weight_nudge(ex, 3, 1, 2, d)
                                       - net.cost(X, Y) for d in dws], rtol=1e-12)
    for l in net.w.layers:
        np.testing.assert_array_equal(net.w[l], before.w[l])
        np.testing.assert_array_equal(net.b[l], before.b[l])


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4), seed=st.integers(0, 1000),
       activation=st.sampled_from(ACTIVATIONS), dz=st.floats(-6, 6), data=st.data())
def test_nudge_matches_manual_for_random_networks(sizes, seed, activation, dz, data):
    net = Network(sizes, activation=activation, seed=seed)
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((sizes[0], 1)), rng.random((sizes[-1], 1))
    ex = net.example(x, y)
    l = data.draw(st.integers(2, len(sizes)))
    j = data.draw(st.integers(0, net.w[l].shape[0] - 1))
    assert demon.cost_with_nudge(ex, l, j, dz) == pytest.approx(
        manual_cost(net, x, y, l, j, dz=dz), rel=1e-10, abs=1e-12)
    # the demon's slope is δ^l_j = ∂C/∂b^l_j, the bias gradient by finite differences
    assert demon.delta(ex, l, j) == pytest.approx(
        numerical_gradient(net, x, y)[0][l][j, 0], rel=1e-5, abs=1e-8)


# ----- δ, ∂C/∂a and the demon's prediction ------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_delta_is_the_bias_gradient_and_the_nudge_slope(activation):
    ex, net = example(activation)
    fd_b = numerical_gradient(net, X, Y)[0]
    for l, j in neurons(net):
        d = demon.delta(ex, l, j)
        assert d == pytest.approx(fd_b[l][j, 0], rel=1e-6, abs=1e-9)
        assert demon.numerical_dC_dz(ex, l, j) == pytest.approx(d, rel=1e-6, abs=1e-9)


def test_numerical_dC_dz_is_the_shared_central_difference():
    ex, _ = example()
    for eps in (1e-3, 1e-6):
        expected = (demon.cost_with_nudge(ex, 3, 1, eps)
                    - demon.cost_with_nudge(ex, 3, 1, -eps)) / (2 * eps)
        assert demon.numerical_dC_dz(ex, 3, 1, eps) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dC_da_by_finite_differences_and_times_sigma_prime_is_delta(activation):
    ex, net = example(activation)
    for l, j in neurons(net):
        g = demon.dC_da(ex, l, j)
        assert demon.numerical_dC_da(ex, l, j) == pytest.approx(g, rel=1e-6, abs=1e-9)
        prime = float(net.sigma(l).prime(ex.z[l])[j, 0])
        assert g * prime == pytest.approx(demon.delta(ex, l, j), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dC_da_from_next_layer_alternative_equals_the_engine(activation):
    """The alternative (activation) recursion against the engine's ex.dC_da[l]."""
    ex, net = example(activation)
    for l, j in neurons(net):
        if l < net.num_layers:
            assert demon.dC_da_from_next_layer(ex, l, j) == pytest.approx(
                float(ex.dC_da[l][j, 0]), rel=1e-12, abs=1e-15)
            assert demon.dC_da_from_next_layer(ex, l, j) == pytest.approx(
                demon.numerical_dC_da(ex, l, j), rel=1e-6, abs=1e-9)


def test_dC_da_softmax_output_layer():
    net = make(output_activation="softmax", cost="log_likelihood")
    ex = net.example(X, np.array([[0.0], [1.0]]))
    for j in range(2):
        assert demon.dC_da(ex, 4, j) == pytest.approx(
            demon.numerical_dC_da(ex, 4, j), rel=1e-6, abs=1e-9)


def test_nudge_z_report():
    ex, net = example()
    dzs = np.array([-1.0, 0.01, 2.0])
    found = demon.nudge_z(ex, 3, 1, dzs)
    d = demon.delta(ex, 3, 1)
    np.testing.assert_allclose(found["predicted"], d * dzs)
    np.testing.assert_allclose(found["actual"],
                               [manual_cost(net, X, Y, 3, 1, dz=v) - net.cost(X, Y) for v in dzs],
                               rtol=1e-10)
    np.testing.assert_allclose(found["difference"], found["actual"] - found["predicted"])
    one = demon.nudge_z(ex, 3, 1, 0.5)
    assert all(isinstance(one[k], float) for k in ("dz", "actual", "predicted", "difference"))


def test_first_order_gap_shrinks_quadratically():
    ex, net = example()
    for l, j in neurons(net):
        gaps = np.abs(demon.nudge_z(ex, l, j, np.array([1e-2, 1e-3]))["difference"])
        assert gaps[1] < gaps[0] / 50 or gaps[0] < 1e-15


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_nudge_w_is_bp4_and_matches_finite_differences(activation):
    ex, net = example(activation)
    fd_w = numerical_gradient(net, X, Y)[1]
    nabla_w = net.backprop(X, Y)[1]
    a = net.forward_pass(X).a
    for l in range(2, net.num_layers + 1):
        for j in range(net.w[l].shape[0]):
            for k in range(net.w[l].shape[1]):
                found = demon.nudge_w(ex, l, j, k, 0.4)
                assert found["a_in"] == a[l - 1][k, 0]
                assert found["delta"] == pytest.approx(demon.delta(ex, l, j))
                assert found["dC_dw"] == pytest.approx(nabla_w[l][j, k], rel=1e-12, abs=1e-15)
                assert found["dC_dw"] == pytest.approx(fd_w[l][j, k], rel=1e-6, abs=1e-9)
                assert found["predicted"] == pytest.approx(found["dC_dw"] * 0.4)


# ----- the good demon -----------------------------------------------------------
def test_good_demon_lowers_the_cost():
    ex, net = example()
    for l, j in neurons(net):
        d = demon.delta(ex, l, j)
        dz = demon.good_demon_dz(ex, l, j, size=0.1)
        assert dz == pytest.approx(-0.1 * np.sign(d))
        assert demon.cost_with_nudge(ex, l, j, dz) < net.cost(X, Y)
        assert demon.good_demon_dz(ex, l, j, size=-0.1) == dz   # only the size counts


def test_good_demon_cannot_help_a_saturated_neuron():
    stuck = demon.with_bias(make(), 3, 0, 12.0).example(X, Y)
    d = demon.delta(stuck, 3, 0)
    assert abs(d) < demon.TINY_DELTA and not demon.can_help(d)
    assert demon.good_demon_dz(stuck, 3, 0) == 0.0
    assert demon.can_help(demon.TINY_DELTA) and not demon.can_help(demon.TINY_DELTA / 2)
    assert demon.can_help(-1.0)


def test_relu_dead_neuron_has_zero_delta():
    ex = demon.with_bias(make("relu"), 2, 1, -20.0).example(X, Y)
    assert demon.delta(ex, 2, 1) == 0.0
    assert demon.good_demon_dz(ex, 2, 1) == 0.0


# ----- how far the prediction misses ---------------------------------------------
def test_prediction_miss():
    assert demon.prediction_miss(2.0, 2.2) == pytest.approx(0.1)
    assert demon.prediction_miss(0.0, 0.0) == 0.0
    assert demon.prediction_miss(0.0, 1.0) == np.inf
    np.testing.assert_allclose(demon.prediction_miss([1.0, -4.0], [1.5, -3.0]), [0.5, 0.25])


@pytest.mark.parametrize("direction", [1, -1])
def test_miss_point_is_where_the_miss_crosses(direction):
    ex, _ = example()
    d = demon.delta(ex, 3, 0)
    point = demon.miss_point(ex, 3, 0, rel=0.1, direction=direction)
    assert np.sign(point) == direction

    def miss(dz):
        return demon.prediction_miss(demon.delta_C_curve(ex, 3, 0, np.array([dz]))[0], d * dz)

    assert miss(point) == pytest.approx(0.1, abs=1e-6)
    grid = np.linspace(1e-3, abs(point) * 0.999, 200) * direction
    assert all(miss(g) < 0.1 for g in grid)
    assert demon.miss_point(ex, 3, 0, rel=5.0, dz_max=0.01) is None


# ----- saturation and learning speed -------------------------------------------------
def test_with_bias_copies():
    net = make()
    b0 = net.b[3].copy()
    other = demon.with_bias(net, 3, 2, 7.5)
    assert other.b[3][2, 0] == 7.5
    np.testing.assert_array_equal(net.b[3], b0)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_saturation_curves_equal_copies_with_that_bias(activation):
    ex, net = example(activation)
    bs = np.array([-15.0, -4.0, 0.0, 2.5, 15.0])
    for l, j in neurons(net):
        found = demon.saturation_curves(ex, l, j, bs)
        for i, b in enumerate(bs):
            other = demon.with_bias(net, l, j, b)
            fp = other.forward_pass(X)
            z = fp.z[l][j, 0]
            nabla_w = other.backprop(X, Y)[1][l][j]
            sigma = get_activation(activation)
            assert found["b"][i] == b
            assert found["z"][i] == pytest.approx(z, rel=1e-12, abs=1e-12)
            assert found["a"][i] == pytest.approx(fp.a[l][j, 0], rel=1e-12, abs=1e-15)
            assert found["sigma_prime"][i] == pytest.approx(float(sigma.prime(np.array(z))),
                                                            rel=1e-9, abs=1e-15)
            assert found["delta"][i] == pytest.approx(other.deltas(X, Y)[l][j, 0],
                                                      rel=1e-9, abs=1e-15)
            assert found["dC_da"][i] == pytest.approx(demon.dC_da(other.example(X, Y), l, j),
                                                      rel=1e-9, abs=1e-15)
            assert found["grad_w"][i] == pytest.approx(np.linalg.norm(nabla_w), rel=1e-9, abs=1e-15)
    one = demon.saturation_curves(ex, 3, 0, 1.0)
    assert isinstance(one["delta"], float)


def test_saturation_curves_at_a_softmax_output_give_the_jacobians_diagonal():
    """σ′ there is ∂a^L_j/∂z^L_j (it was a silent NaN): compared with a central difference."""
    net = Network([2, 3, 3], output_activation="softmax", cost="log_likelihood", seed=2)
    ex = net.example(X, np.array([[0.0], [1.0], [0.0]]))
    bs = np.array([-3.0, 0.0, 2.0])
    found = demon.saturation_curves(ex, 3, 1, bs)
    h = 1e-6
    up = demon.saturation_curves(ex, 3, 1, bs + h)["a"]
    down = demon.saturation_curves(ex, 3, 1, bs - h)["a"]
    assert np.all(np.isfinite(found["sigma_prime"]))
    np.testing.assert_allclose(found["sigma_prime"], (up - down) / (2 * h), rtol=1e-6)


def test_sigmoid_saturation_shrinks_everything():
    ex, _ = example()
    found = demon.saturation_curves(ex, 3, 0, np.linspace(2, 14, 13))
    for name in ("sigma_prime", "delta", "grad_w"):
        assert np.all(np.diff(np.abs(found[name])) < 0), name


def test_descent_steps_equal_a_hand_written_loop():
    ex, net = example()
    eta, steps = 0.7, 4
    found = demon.descent_steps(ex, 3, 1, eta, steps)
    copy_ = copy.deepcopy(net)
    ws, costs = [copy_.w[3][1].copy()], []
    for _ in range(steps):
        nabla_b, nabla_w = copy_.backprop(X, Y)
        costs.append(copy_.cost(X, Y))
        copy_.w[3][1] -= eta * nabla_w[3][1]
        copy_.b[3][1, 0] -= eta * nabla_b[3][1, 0]
        ws.append(copy_.w[3][1].copy())
    costs.append(copy_.cost(X, Y))
    np.testing.assert_allclose(found["w"], ws, rtol=1e-12)
    np.testing.assert_allclose(found["cost"], costs, rtol=1e-12)
    assert found["b"][-1] == pytest.approx(copy_.b[3][1, 0])
    np.testing.assert_allclose(found["change"], np.linalg.norm(np.array(ws) - ws[0], axis=1))
    assert found["change"][0] == 0.0 and np.all(np.diff(found["cost"]) < 0)
    np.testing.assert_array_equal(net.w[3], make().w[3])   # the net is untouched
    assert ex.cost == found["cost"][0]                      # and so is its example


def test_saturated_neuron_learns_slower():
    net = make()
    fast = demon.descent_steps(demon.with_bias(net, 3, 0, 0.0).example(X, Y), 3, 0, 1.0, 10)
    slow = demon.descent_steps(demon.with_bias(net, 3, 0, 9.0).example(X, Y), 3, 0, 1.0, 10)
    assert fast["change"][-1] > 100 * slow["change"][-1] > 0


# ----- the extremes stay finite (pytest turns any RuntimeWarning into an error) ----------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_extreme_nudges_are_finite(activation):
    ex, net = example(activation)
    big = np.array([-1000.0, 1000.0])
    for l, j in neurons(net):
        assert np.all(np.isfinite(demon.delta_C_curve(ex, l, j, big)))
        assert np.all(np.isfinite(demon.cost_with_activation_nudge(ex, l, j, big)))
        assert np.all(np.isfinite(list(demon.saturation_curves(ex, l, j, big).values())))
        assert np.isfinite(demon.nudge_z(ex, l, j, -1000.0)["difference"])
    assert np.all(np.isfinite(demon.nudge_w(ex, 3, 0, 1, big)["actual"]))
    assert np.isfinite(demon.miss_point(ex, 3, 0, dz_max=5.0) or 0.0)


def test_extremes_softmax_and_cross_entropy():
    for kw in ({"output_activation": "softmax", "cost": "log_likelihood"}, {"cost": "cross_entropy"}):
        ex, net = example(**kw)
        for l, j in neurons(net):
            assert np.all(np.isfinite(demon.delta_C_curve(ex, l, j, np.array([-1000.0, 1000.0]))))


# ----- bad input: a clear ValueError ----------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda n, e: demon.cost_with_nudge(e, 1, 0, 0.1), r"layer l=1 is out of range; expected 2\.\.4"),
    (lambda n, e: demon.cost_with_nudge(e, 5, 0, 0.1), r"layer l=5 is out of range"),
    (lambda n, e: demon.delta(e, 2.5, 0), r"layer l must be an integer in 2\.\.4"),
    (lambda n, e: demon.delta(e, 4, 2), r"neuron j of layer 4=2 is out of range; expected 0\.\.1"),
    (lambda n, e: demon.delta(e, 3, -1), r"neuron j of layer 3=-1 is out of range"),
    (lambda n, e: demon.nudge_w(e, 3, 0, 3, 0.1), r"neuron k of layer 2=3 is out of range; expected 0\.\.2"),
    (lambda n, e: demon.cost_with_weight_nudge(e, 2, 0, 2, 0.1), r"neuron k of layer 1=2 is out of range"),
    (lambda n, e: demon.delta(n.example(np.ones((3, 1)), Y), 3, 0), r"input x has shape \(3, 1\); expected \(2, 1\)"),
    (lambda n, e: demon.delta(n.example(X, np.ones((3, 1))), 3, 0), r"target y has shape \(3, 1\); expected \(2, 1\)"),
    (lambda n, e: demon.delta(n.example(np.ones((2, 2)), np.ones((2, 2))), 3, 0),
     r"the demon takes one example: x must have shape \(2, 1\), got 2 columns"),
    (lambda n, e: demon.saturation_curves(n.example(np.ones((2, 3)), np.ones((2, 3))), 3, 0, 1.0),
     r"one example: x must have shape \(2, 1\), got 3 columns"),
    (lambda n, e: demon.cost_with_nudge(e, 3, 0, np.nan), r"the nudge dz contains NaN"),
    (lambda n, e: demon.cost_with_nudge(e, 3, 0, np.ones((2, 2))), r"the nudge dz has shape \(2, 2\); expected a number or a non-empty 1-D array"),
    (lambda n, e: demon.cost_with_nudge(e, 3, 0, []), r"the nudge dz has shape \(0,\)"),
    (lambda n, e: demon.cost_with_nudge(e, 3, 0, "big"), r"the nudge dz must be a number"),
    (lambda n, e: demon.delta_C_curve(e, 3, 0, [np.inf]), r"the nudges dz contains NaN or infinity"),
    (lambda n, e: demon.cost_with_activation_nudge(e, 3, 0, np.inf), r"the nudge da contains NaN or infinity"),
    (lambda n, e: demon.cost_with_weight_nudge(e, 3, 0, 0, None), r"the nudge dw must be a number"),
    (lambda n, e: demon.weight_delta_C_curve(e, 3, 0, 0, "far"), r"the nudges dw must be a number"),
    (lambda n, e: demon.numerical_dC_dz(e, 3, 0, eps=0), r"eps must be a positive finite number"),
    (lambda n, e: demon.numerical_dC_da(e, 3, 0, eps=-1e-6), r"eps must be a positive finite number"),
    (lambda n, e: demon.numerical_dC_dz(e, 1, 0), r"layer l=1 is out of range"),
    (lambda n, e: demon.good_demon_dz(e, 3, 0, size=np.nan), r"the nudge size contains NaN"),
    (lambda n, e: demon.miss_point(e, 3, 0, direction=0), r"direction must be \+1 or -1"),
    (lambda n, e: demon.miss_point(e, 3, 0, rel=-0.1), r"rel must be a positive finite number"),
    (lambda n, e: demon.with_bias(n, 3, 0, [1.0, 2.0]), r"the bias b must be one number"),
    (lambda n, e: demon.with_bias(n, 3, 0, np.nan), r"the bias b contains NaN"),
    (lambda n, e: demon.with_bias(n, 1, 0, 1.0), r"layer l=1 is out of range"),
    (lambda n, e: demon.saturation_curves(e, 3, 7, 0.0), r"neuron j of layer 3=7 is out of range"),
    (lambda n, e: demon.descent_steps(e, 3, 0, steps=0), r"steps must be a positive integer, got 0"),
    (lambda n, e: demon.descent_steps(e, 3, 0, steps=2.5), r"steps must be a positive integer"),
    (lambda n, e: demon.descent_steps(e, 3, 0, eta=-1.0), r"learning rate eta must be a positive finite number"),
    (lambda n, e: demon.dC_da_from_next_layer(e, 4, 0), r"layer l=4 is the output layer; expected a hidden layer 2\.\.3"),
])
def test_bad_input_raises_clear_error(call, message):
    net = make()
    with pytest.raises(ValueError, match=message):
        call(net, net.example(X, Y))


@pytest.mark.parametrize("call", [
    lambda n: demon.cost_with_nudge(n, 3, 0, 0.1),
    lambda n: demon.delta(n, 3, 0),
    lambda n: demon.nudge_w(n, 3, 0, 1, 0.1),
    lambda n: demon.saturation_curves(n, 3, 0, 1.0),
    lambda n: demon.descent_steps(n, 3, 0),
    lambda n: demon.numerical_dC_da(n, 3, 0),
    lambda n: demon.miss_point((X, Y), 3, 0),
])
def test_a_network_instead_of_an_example_is_a_clear_type_error(call):
    with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got (Network|tuple)"):
        call(make())


def test_dC_da_from_next_layer_rejects_softmax():
    ex, _ = example(output_activation="softmax", cost="log_likelihood")
    with pytest.raises(ValueError, match="elementwise output σ, not softmax"):
        demon.dC_da_from_next_layer(ex, 3, 0)


# ----- miss_point's grid and the other numeric arguments: a clear ValueError -------------
@pytest.mark.parametrize("kwargs, message", [
    ({"resolution": 0}, r"resolution must be a number in \[dz_max / 100000, dz_max\] = \[5e-05, 5\]"),
    ({"resolution": -1e-3}, r"resolution must be a number in \[dz_max / 100000"),
    ({"resolution": 1e-12}, r"resolution must be .*at most 100000 grid points"),
    ({"resolution": 10.0}, r"resolution must be a number in .* got 10"),
    ({"resolution": np.nan}, r"resolution must be a number in"),
    ({"resolution": "0.01"}, r"resolution must be a real number, got '0.01'"),
    ({"dz_max": 0}, r"dz_max must be a positive finite number at most 1e\+06, got 0"),
    ({"dz_max": -5.0}, r"dz_max must be a positive finite number at most 1e\+06"),
    ({"dz_max": 1e300}, r"dz_max must be a positive finite number at most 1e\+06"),
    ({"dz_max": np.inf}, r"dz_max must be a positive finite number"),
    ({"dz_max": 10**400}, r"dz_max must be a real number a float can hold"),
    ({"dz_max": 1e6, "resolution": 1e-3}, r"resolution must be a number in .* = \[10, 1e\+06\]"),
    ({"rel": 0}, r"rel must be a positive finite number, got 0"),
    ({"rel": "10%"}, r"rel must be a real number"),
    ({"direction": True}, r"direction must be \+1 or -1, got True"),
    ({"direction": np.array([1, -1])}, r"direction must be \+1 or -1"),
])
def test_miss_point_refuses_a_grid_it_cannot_make(kwargs, message):
    ex, _ = example()
    with pytest.raises(ValueError, match=message):
        demon.miss_point(ex, 3, 0, **kwargs)


def test_miss_point_accepts_numpy_numbers_and_the_coarsest_and_finest_grids():
    ex, _ = example()
    target = demon.miss_point(ex, 3, 0)
    assert demon.miss_point(ex, 3, 0, rel=np.float32(0.1), dz_max=np.int64(5)) == pytest.approx(
        target, abs=1e-6)
    assert demon.miss_point(ex, 3, 0, resolution=5.0 / demon.MAX_GRID_POINTS) == pytest.approx(
        target, abs=1e-6)
    assert demon.miss_point(ex, 3, 0, resolution=0.05) == pytest.approx(target, abs=1e-6)


@pytest.mark.parametrize("call, message", [
    (lambda e: demon.cost_with_nudge(e, 3, 0, 1e300), r"the nudge dz must lie within ±1e\+06"),
    (lambda e: demon.cost_with_nudge(e, 3, 0, 10**400), r"the nudge dz must be a number"),
    (lambda e: demon.cost_with_nudge(e, 3, 0, 1j), r"the nudge dz must be a number"),
    (lambda e: demon.cost_with_nudge(e, 3, 0, True), r"the nudge dz must be a number"),
    (lambda e: demon.cost_with_nudge(e, 3, 0, [[1, 2], [3]]), r"the nudge dz must be a number"),
    (lambda e: demon.delta_C_curve(e, 3, 0, [1.0, b"2"]), r"the nudges dz must be a number"),
    (lambda e: demon.cost_with_weight_nudge(e, 3, 0, 0, -1e7), r"the nudge dw must lie within"),
    (lambda e: demon.saturation_curves(e, 3, 0, [0.0, 1e300]), r"the bias b must lie within"),
    (lambda e: demon.numerical_dC_dz(e, 3, 0, eps=1e300), r"eps must be a positive finite number at most 1"),
    (lambda e: demon.numerical_dC_da(e, 3, 0, eps="1e-6"), r"eps must be a real number"),
    (lambda e: demon.good_demon_dz(e, 3, 0, size=[1.0, 2.0]), r"the nudge size must be one number"),
    (lambda e: demon.good_demon_dz(e, 3, 0, tiny=-1.0), r"tiny must be a finite number ≥ 0"),
    (lambda e: demon.can_help("big"), r"the error δ\^l_j must be a real number"),
    (lambda e: demon.can_help(np.nan), r"the error δ\^l_j must be a finite number"),
    (lambda e: demon.prediction_miss([1.0, 2.0], [1.0]), r"ΔC has shape \(2,\) but the prediction"),
    (lambda e: demon.prediction_miss("1", 1.0), r"the actual change ΔC must be numeric"),
    (lambda e: demon.prediction_miss(1.0, [np.nan]), r"the prediction δ Δz contains NaN"),
    (lambda e: demon.descent_steps(e, 3, 0, steps=10**9), r"steps must be a positive integer at most 100000"),
    (lambda e: demon.descent_steps(e, 3, 0, eta=True), r"the learning rate eta must be a real number"),
    (lambda e: demon.descent_steps(e, 3, 0, eta="0.5"), r"the learning rate eta must be a real number"),
])
def test_other_numeric_arguments_are_refused_clearly(call, message):
    ex, _ = example()
    with pytest.raises(ValueError, match=message):
        call(ex)


def test_numpy_numbers_are_accepted_where_numbers_go():
    ex, _ = example()
    assert demon.descent_steps(ex, 3, 0, eta=np.float32(0.5), steps=np.int64(3))["cost"].shape == (4,)
    assert demon.can_help(np.float32(0.5), tiny=np.float64(1e-4))
    assert np.isfinite(demon.numerical_dC_dz(ex, 3, 0, eps=np.float32(1e-4)))


@pytest.mark.parametrize("activation, eta", [("linear", 10.0), ("linear", 1e300), ("sigmoid", 1e300),
                                             ("tanh", 1e300)])
def test_descent_that_diverges_stops_before_overflow_and_names_eta(activation, eta):
    ex, net = example(activation)
    before = [w.copy() for w in net.w]
    with pytest.raises(ValueError, match=rf"diverged with learning rate η = {re.escape(f'{eta:.3g}')} at step \d+ of 50"
                                         r".*(try η ≤|even η = )") as caught:
        demon.descent_steps(ex, 3, 0, eta=eta, steps=50)
    assert all(np.array_equal(w, v) for w, v in zip(net.w, before))
    stopped = caught.value
    assert isinstance(stopped, demon.DescentDiverged) and stopped.eta == eta
    # what it ran before it stopped is the same as asking for those steps alone
    if stopped.step > 1:
        alone = demon.descent_steps(ex, 3, 0, eta=eta, steps=stopped.step - 1)
        assert np.array_equal(alone["w"], stopped.done["w"])
        assert np.array_equal(alone["cost"], stopped.done["cost"])
    with pytest.raises(ValueError):
        demon.descent_steps(ex, 3, 0, eta=eta, steps=stopped.step)
    # the rate it suggests was measured: it runs every step from the same start
    assert stopped.good is not None and stopped.good < eta
    assert f"try η ≤ {stopped.good:.3g}" in str(stopped)
    run = demon.descent_steps(ex, 3, 0, eta=stopped.good, steps=50)
    assert run["cost"].shape == (51,)


# ----- every public function against odd arguments: a result or a clear error --------------
ODD_ARGS = [None, ..., np.nan, np.inf, -np.inf, 10**400, -10**400, True, "abc", "0.5", b"1",
            [b"1"], 1j, [1j], [[1, 2], [3]], [], {}, object(), np.float32(1), np.array([np.nan]),
            np.zeros((2, 3)), 0, -1, 1e-300, 1e300, 2.5]
PUBLIC = {   # name: the arguments of a good call; each is replaced in turn by an odd one
    "cost_with_nudge": ("ex", 3, 0, 0.5), "cost_with_activation_nudge": ("ex", 3, 0, 0.5),
    "cost_with_weight_nudge": ("ex", 3, 0, 1, 0.5), "delta_C_curve": ("ex", 3, 0, [0.5, 1.0]),
    "weight_delta_C_curve": ("ex", 3, 0, 1, [0.5]), "delta": ("ex", 3, 0),
    "dC_da": ("ex", 3, 0), "dC_da_from_next_layer": ("ex", 3, 0),
    "numerical_dC_dz": ("ex", 3, 0, 1e-6), "numerical_dC_da": ("ex", 3, 0, 1e-6),
    "nudge_z": ("ex", 3, 0, 0.5), "nudge_w": ("ex", 3, 0, 1, 0.5),
    "can_help": (0.5, 1e-4), "good_demon_dz": ("ex", 3, 0, 1.0, 1e-4),
    "prediction_miss": (1.0, 0.9), "miss_point": ("ex", 3, 0, 0.1, 5.0, 1, 1e-2),
    "with_bias": ("net", 3, 0, 1.0), "saturation_curves": ("ex", 3, 0, [0.0, 1.0]),
    "descent_steps": ("ex", 3, 0, 0.5, 3),
}


def test_every_public_function_is_fuzzed():
    public = {name for name, fn in vars(demon).items()
              if callable(fn) and not isinstance(fn, type) and not name.startswith("_")
              and getattr(fn, "__module__", "") == demon.__name__}
    assert public - {"nudges"} == set(PUBLIC)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_functions_give_a_result_or_a_clear_error(name):
    import warnings
    ex, net = example()
    good = [ex if a == "ex" else net if a == "net" else a for a in PUBLIC[name]]
    for position in range(len(good)):
        for odd in ODD_ARGS:
            args = list(good)
            args[position] = odd
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    result = getattr(demon, name)(*args)
                except (ValueError, TypeError) as error:
                    assert str(error) and "Traceback" not in str(error)
                    continue
            assert not caught, (name, position, odd, [str(w.message) for w in caught])
            values = result.values() if isinstance(result, dict) else [result]
            for v in values:
                if isinstance(v, (float, np.ndarray)) and name != "prediction_miss":  # inf: ΔC = 0
                    assert np.all(np.isfinite(v)), (name, position, odd, v)
