"""backprop_core.demon against independent computations: a forward pass written
out here, copies of the network with one parameter changed, the core's backprop,
and finite differences (numerical_gradient)."""
import copy

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


def neurons(net):
    return [(l, j) for l in range(2, net.num_layers + 1) for j in range(net.sizes[l - 1])]


def manual_cost(net, x, y, l=None, j=None, dz=0.0, da=0.0):
    """The cost written out neuron by neuron, with dz added to z^l_j and da to a^l_j."""
    a = np.asarray(x, dtype=float).ravel()
    for layer in range(2, net.num_layers + 1):
        w, b = net.weights[layer - 2], net.biases[layer - 2].ravel()
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
    net = make(activation)
    for l, j in neurons(net):
        assert demon.cost_with_nudge(net, X, Y, l, j, 0.0) == pytest.approx(net.cost(X, Y), rel=1e-12)
        for dz in (-3.0, -0.2, 0.7, 4.0):
            assert demon.cost_with_nudge(net, X, Y, l, j, dz) == pytest.approx(
                manual_cost(net, X, Y, l, j, dz=dz), rel=1e-12, abs=1e-15)


def test_cost_with_nudge_softmax_output():
    net = make(output_activation="softmax", cost="log_likelihood")
    for l, j in neurons(net):
        assert demon.cost_with_nudge(net, X, Y, l, j, 0.9) == pytest.approx(
            manual_cost(net, X, Y, l, j, dz=0.9), rel=1e-12)


def test_array_of_nudges_equals_one_at_a_time():
    net = make()
    dzs = np.linspace(-5, 5, 11)
    many = demon.cost_with_nudge(net, X, Y, 3, 2, dzs)
    assert isinstance(many, np.ndarray) and many.shape == (11,)
    assert isinstance(demon.cost_with_nudge(net, X, Y, 3, 2, 1.0), float)
    np.testing.assert_allclose(many, [demon.cost_with_nudge(net, X, Y, 3, 2, d) for d in dzs],
                               rtol=1e-13)
    np.testing.assert_allclose(demon.delta_C_curve(net, X, Y, 3, 2, dzs), many - net.cost(X, Y),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_cost_with_activation_nudge_equals_manual(activation):
    net = make(activation)
    for l, j in neurons(net):
        assert demon.cost_with_activation_nudge(net, X, Y, l, j, -0.3) == pytest.approx(
            manual_cost(net, X, Y, l, j, da=-0.3), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_weight_nudge_equals_changed_copy_and_leaves_net_alone(activation):
    net = make(activation)
    before = copy.deepcopy(net)
    for l in range(2, net.num_layers + 1):
        for j in range(net.sizes[l - 1]):
            for k in range(net.sizes[l - 2]):
                changed = copy.deepcopy(net)
                changed.weights[l - 2][j, k] += 1.3
                assert demon.cost_with_weight_nudge(net, X, Y, l, j, k, 1.3) == pytest.approx(
                    changed.cost(X, Y), rel=1e-12, abs=1e-15)
    dws = np.array([-2.0, 0.0, 2.0])
    curve = demon.weight_delta_C_curve(net, X, Y, 3, 1, 2, dws)
    assert curve[1] == 0.0
    np.testing.assert_allclose(curve, [demon.cost_with_weight_nudge(net, X, Y, 3, 1, 2, d)
                                       - net.cost(X, Y) for d in dws], rtol=1e-12)
    for w, w0, b, b0 in zip(net.weights, before.weights, net.biases, before.biases):
        np.testing.assert_array_equal(w, w0)
        np.testing.assert_array_equal(b, b0)


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4), seed=st.integers(0, 1000),
       activation=st.sampled_from(ACTIVATIONS), dz=st.floats(-6, 6), data=st.data())
def test_nudge_matches_manual_for_random_networks(sizes, seed, activation, dz, data):
    net = Network(sizes, activation=activation, seed=seed)
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((sizes[0], 1)), rng.random((sizes[-1], 1))
    l = data.draw(st.integers(2, len(sizes)))
    j = data.draw(st.integers(0, sizes[l - 1] - 1))
    assert demon.cost_with_nudge(net, x, y, l, j, dz) == pytest.approx(
        manual_cost(net, x, y, l, j, dz=dz), rel=1e-10, abs=1e-12)
    # the demon's slope is δ^l_j = ∂C/∂b^l_j, the bias gradient by finite differences
    assert demon.delta(net, x, y, l, j) == pytest.approx(
        numerical_gradient(net, x, y)[0][l - 2][j, 0], rel=1e-5, abs=1e-8)


# ----- δ, ∂C/∂a and the demon's prediction ------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_delta_is_the_bias_gradient_and_the_nudge_slope(activation):
    net = make(activation)
    fd_b = numerical_gradient(net, X, Y)[0]
    for l, j in neurons(net):
        d = demon.delta(net, X, Y, l, j)
        assert d == pytest.approx(fd_b[l - 2][j, 0], rel=1e-6, abs=1e-9)
        assert demon.numerical_dC_dz(net, X, Y, l, j) == pytest.approx(d, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dC_da_by_finite_differences_and_times_sigma_prime_is_delta(activation):
    net = make(activation)
    zs, _ = net.forward_pass(X)
    for l, j in neurons(net):
        g = demon.dC_da(net, X, Y, l, j)
        assert demon.numerical_dC_da(net, X, Y, l, j) == pytest.approx(g, rel=1e-6, abs=1e-9)
        prime = float(net.sigma(l).prime(zs[l - 2])[j, 0])
        assert g * prime == pytest.approx(demon.delta(net, X, Y, l, j), rel=1e-12, abs=1e-15)
        if l < net.num_layers:
            assert demon.dC_da_from_next_layer(net, X, Y, l, j) == pytest.approx(g, rel=1e-12, abs=1e-15)


def test_dC_da_softmax_output_layer():
    net = make(output_activation="softmax", cost="log_likelihood")
    y = np.array([[0.0], [1.0]])
    for j in range(2):
        assert demon.dC_da(net, X, y, 4, j) == pytest.approx(
            demon.numerical_dC_da(net, X, y, 4, j), rel=1e-6, abs=1e-9)


def test_nudge_z_report():
    net = make()
    dzs = np.array([-1.0, 0.01, 2.0])
    found = demon.nudge_z(net, X, Y, 3, 1, dzs)
    d = demon.delta(net, X, Y, 3, 1)
    np.testing.assert_allclose(found["predicted"], d * dzs)
    np.testing.assert_allclose(found["actual"],
                               [manual_cost(net, X, Y, 3, 1, dz=v) - net.cost(X, Y) for v in dzs],
                               rtol=1e-10)
    np.testing.assert_allclose(found["difference"], found["actual"] - found["predicted"])
    one = demon.nudge_z(net, X, Y, 3, 1, 0.5)
    assert all(isinstance(one[k], float) for k in ("dz", "actual", "predicted", "difference"))


def test_first_order_gap_shrinks_quadratically():
    net = make()
    for l, j in neurons(net):
        gaps = np.abs(demon.nudge_z(net, X, Y, l, j, np.array([1e-2, 1e-3]))["difference"])
        assert gaps[1] < gaps[0] / 50 or gaps[0] < 1e-15


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_nudge_w_is_bp4_and_matches_finite_differences(activation):
    net = make(activation)
    fd_w = numerical_gradient(net, X, Y)[1]
    nabla_w = net.backprop(X, Y)[1]
    _, activations = net.forward_pass(X)
    for l in range(2, net.num_layers + 1):
        for j in range(net.sizes[l - 1]):
            for k in range(net.sizes[l - 2]):
                found = demon.nudge_w(net, X, Y, l, j, k, 0.4)
                assert found["a_in"] == activations[l - 2][k, 0]
                assert found["delta"] == pytest.approx(demon.delta(net, X, Y, l, j))
                assert found["dC_dw"] == pytest.approx(nabla_w[l - 2][j, k], rel=1e-12, abs=1e-15)
                assert found["dC_dw"] == pytest.approx(fd_w[l - 2][j, k], rel=1e-6, abs=1e-9)
                assert found["predicted"] == pytest.approx(found["dC_dw"] * 0.4)


# ----- the good demon -----------------------------------------------------------
def test_good_demon_lowers_the_cost():
    net = make()
    for l, j in neurons(net):
        d = demon.delta(net, X, Y, l, j)
        dz = demon.good_demon_dz(net, X, Y, l, j, size=0.1)
        assert dz == pytest.approx(-0.1 * np.sign(d))
        assert demon.cost_with_nudge(net, X, Y, l, j, dz) < net.cost(X, Y)
        assert demon.good_demon_dz(net, X, Y, l, j, size=-0.1) == dz   # only the size counts


def test_good_demon_cannot_help_a_saturated_neuron():
    stuck = demon.with_bias(make(), 3, 0, 12.0)
    d = demon.delta(stuck, X, Y, 3, 0)
    assert abs(d) < demon.TINY_DELTA and not demon.can_help(d)
    assert demon.good_demon_dz(stuck, X, Y, 3, 0) == 0.0
    assert demon.can_help(demon.TINY_DELTA) and not demon.can_help(demon.TINY_DELTA / 2)
    assert demon.can_help(-1.0)


def test_relu_dead_neuron_has_zero_delta():
    net = demon.with_bias(make("relu"), 2, 1, -20.0)
    assert demon.delta(net, X, Y, 2, 1) == 0.0
    assert demon.good_demon_dz(net, X, Y, 2, 1) == 0.0


# ----- how far the prediction misses ---------------------------------------------
def test_prediction_miss():
    assert demon.prediction_miss(2.0, 2.2) == pytest.approx(0.1)
    assert demon.prediction_miss(0.0, 0.0) == 0.0
    assert demon.prediction_miss(0.0, 1.0) == np.inf
    np.testing.assert_allclose(demon.prediction_miss([1.0, -4.0], [1.5, -3.0]), [0.5, 0.25])


@pytest.mark.parametrize("direction", [1, -1])
def test_miss_point_is_where_the_miss_crosses(direction):
    net = make()
    d = demon.delta(net, X, Y, 3, 0)
    point = demon.miss_point(net, X, Y, 3, 0, rel=0.1, direction=direction)
    assert np.sign(point) == direction

    def miss(dz):
        return demon.prediction_miss(demon.delta_C_curve(net, X, Y, 3, 0, np.array([dz]))[0], d * dz)

    assert miss(point) == pytest.approx(0.1, abs=1e-6)
    grid = np.linspace(1e-3, abs(point) * 0.999, 200) * direction
    assert all(miss(g) < 0.1 for g in grid)
    assert demon.miss_point(net, X, Y, 3, 0, rel=5.0, dz_max=0.01) is None


# ----- saturation and learning speed -------------------------------------------------
def test_with_bias_copies():
    net = make()
    b0 = net.biases[1].copy()
    other = demon.with_bias(net, 3, 2, 7.5)
    assert other.biases[1][2, 0] == 7.5
    np.testing.assert_array_equal(net.biases[1], b0)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_saturation_curves_equal_copies_with_that_bias(activation):
    net = make(activation)
    bs = np.array([-15.0, -4.0, 0.0, 2.5, 15.0])
    for l, j in neurons(net):
        found = demon.saturation_curves(net, X, Y, l, j, bs)
        for i, b in enumerate(bs):
            other = demon.with_bias(net, l, j, b)
            zs, activations = other.forward_pass(X)
            z = zs[l - 2][j, 0]
            nabla_w = other.backprop(X, Y)[1][l - 2][j]
            sigma = get_activation(activation)
            assert found["b"][i] == b
            assert found["z"][i] == pytest.approx(z, rel=1e-12, abs=1e-12)
            assert found["a"][i] == pytest.approx(activations[l - 1][j, 0], rel=1e-12, abs=1e-15)
            assert found["sigma_prime"][i] == pytest.approx(float(sigma.prime(np.array(z))),
                                                            rel=1e-9, abs=1e-15)
            assert found["delta"][i] == pytest.approx(other.deltas(X, Y)[l - 2][j, 0],
                                                      rel=1e-9, abs=1e-15)
            assert found["dC_da"][i] == pytest.approx(demon.dC_da(other, X, Y, l, j), rel=1e-9, abs=1e-15)
            assert found["grad_w"][i] == pytest.approx(np.linalg.norm(nabla_w), rel=1e-9, abs=1e-15)
    one = demon.saturation_curves(net, X, Y, 3, 0, 1.0)
    assert isinstance(one["delta"], float)


def test_sigmoid_saturation_shrinks_everything():
    found = demon.saturation_curves(make(), X, Y, 3, 0, np.linspace(2, 14, 13))
    for name in ("sigma_prime", "delta", "grad_w"):
        assert np.all(np.diff(np.abs(found[name])) < 0), name


def test_descent_steps_equal_a_hand_written_loop():
    net = make()
    eta, steps = 0.7, 4
    found = demon.descent_steps(net, X, Y, 3, 1, eta, steps)
    copy_ = copy.deepcopy(net)
    ws, costs = [copy_.weights[1][1].copy()], []
    for _ in range(steps):
        nabla_b, nabla_w = copy_.backprop(X, Y)
        costs.append(copy_.cost(X, Y))
        copy_.weights[1][1] -= eta * nabla_w[1][1]
        copy_.biases[1][1, 0] -= eta * nabla_b[1][1, 0]
        ws.append(copy_.weights[1][1].copy())
    costs.append(copy_.cost(X, Y))
    np.testing.assert_allclose(found["w"], ws, rtol=1e-12)
    np.testing.assert_allclose(found["cost"], costs, rtol=1e-12)
    assert found["b"][-1] == pytest.approx(copy_.biases[1][1, 0])
    np.testing.assert_allclose(found["change"], np.linalg.norm(np.array(ws) - ws[0], axis=1))
    assert found["change"][0] == 0.0 and np.all(np.diff(found["cost"]) < 0)
    np.testing.assert_array_equal(net.weights[1], make().weights[1])   # the net is untouched


def test_saturated_neuron_learns_slower():
    net = make()
    fast = demon.descent_steps(demon.with_bias(net, 3, 0, 0.0), X, Y, 3, 0, 1.0, 10)
    slow = demon.descent_steps(demon.with_bias(net, 3, 0, 9.0), X, Y, 3, 0, 1.0, 10)
    assert fast["change"][-1] > 100 * slow["change"][-1] > 0


# ----- the extremes stay finite (pytest turns any RuntimeWarning into an error) ----------
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_extreme_nudges_are_finite(activation):
    net = make(activation)
    big = np.array([-1000.0, 1000.0])
    for l, j in neurons(net):
        assert np.all(np.isfinite(demon.delta_C_curve(net, X, Y, l, j, big)))
        assert np.all(np.isfinite(demon.cost_with_activation_nudge(net, X, Y, l, j, big)))
        assert np.all(np.isfinite(list(demon.saturation_curves(net, X, Y, l, j, big).values())))
        assert np.isfinite(demon.nudge_z(net, X, Y, l, j, -1000.0)["difference"])
    assert np.all(np.isfinite(demon.nudge_w(net, X, Y, 3, 0, 1, big)["actual"]))
    assert np.isfinite(demon.miss_point(net, X, Y, 3, 0, dz_max=5.0) or 0.0)


def test_extremes_softmax_and_cross_entropy():
    for kw in ({"output_activation": "softmax", "cost": "log_likelihood"}, {"cost": "cross_entropy"}):
        net = make(**kw)
        for l, j in neurons(net):
            assert np.all(np.isfinite(demon.delta_C_curve(net, X, Y, l, j, np.array([-1000.0, 1000.0]))))


# ----- bad input: a clear ValueError ----------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda n: demon.cost_with_nudge(n, X, Y, 1, 0, 0.1), r"layer l=1 is out of range; expected 2\.\.4"),
    (lambda n: demon.cost_with_nudge(n, X, Y, 5, 0, 0.1), r"layer l=5 is out of range"),
    (lambda n: demon.delta(n, X, Y, 2.5, 0), r"layer l must be an integer in 2\.\.4"),
    (lambda n: demon.delta(n, X, Y, 4, 2), r"neuron j of layer 4=2 is out of range; expected 0\.\.1"),
    (lambda n: demon.delta(n, X, Y, 3, -1), r"neuron j of layer 3=-1 is out of range"),
    (lambda n: demon.nudge_w(n, X, Y, 3, 0, 3, 0.1), r"neuron k of layer 2=3 is out of range; expected 0\.\.2"),
    (lambda n: demon.cost_with_weight_nudge(n, X, Y, 2, 0, 2, 0.1), r"neuron k of layer 1=2 is out of range"),
    (lambda n: demon.delta(n, np.ones((3, 1)), Y, 3, 0), r"input x has shape \(3, 1\); expected \(2, 1\)"),
    (lambda n: demon.delta(n, X, np.ones((3, 1)), 3, 0), r"target y has shape \(3, 1\); expected \(2, 1\)"),
    (lambda n: demon.delta(n, np.ones((2, 2)), np.ones((2, 2)), 3, 0), r"one example: x must have shape \(2, 1\), got 2 columns"),
    (lambda n: demon.cost_with_nudge(n, X, Y, 3, 0, np.nan), r"the nudge dz contains NaN"),
    (lambda n: demon.cost_with_nudge(n, X, Y, 3, 0, np.ones((2, 2))), r"the nudge dz has shape \(2, 2\); expected a number or a non-empty 1-D array"),
    (lambda n: demon.cost_with_nudge(n, X, Y, 3, 0, []), r"the nudge dz has shape \(0,\)"),
    (lambda n: demon.cost_with_nudge(n, X, Y, 3, 0, "big"), r"the nudge dz must be a number"),
    (lambda n: demon.cost_with_activation_nudge(n, X, Y, 3, 0, np.inf), r"the nudge da contains NaN or infinity"),
    (lambda n: demon.cost_with_weight_nudge(n, X, Y, 3, 0, 0, None), r"the nudge dw must be a number"),
    (lambda n: demon.numerical_dC_dz(n, X, Y, 3, 0, eps=0), r"eps must be a positive finite number"),
    (lambda n: demon.numerical_dC_da(n, X, Y, 3, 0, eps=-1e-6), r"eps must be a positive finite number"),
    (lambda n: demon.good_demon_dz(n, X, Y, 3, 0, size=np.nan), r"the nudge size contains NaN"),
    (lambda n: demon.miss_point(n, X, Y, 3, 0, direction=0), r"direction must be \+1 or -1"),
    (lambda n: demon.miss_point(n, X, Y, 3, 0, rel=-0.1), r"rel must be a positive number"),
    (lambda n: demon.with_bias(n, 3, 0, [1.0, 2.0]), r"the bias b must be one number"),
    (lambda n: demon.with_bias(n, 3, 0, np.nan), r"the bias b contains NaN"),
    (lambda n: demon.saturation_curves(n, X, Y, 3, 7, 0.0), r"neuron j of layer 3=7 is out of range"),
    (lambda n: demon.descent_steps(n, X, Y, 3, 0, steps=0), r"steps must be a positive integer, got 0"),
    (lambda n: demon.descent_steps(n, X, Y, 3, 0, steps=2.5), r"steps must be a positive integer"),
    (lambda n: demon.descent_steps(n, X, Y, 3, 0, eta=-1.0), r"learning rate eta must be a positive number"),
    (lambda n: demon.dC_da_from_next_layer(n, X, Y, 4, 0), r"layer l=4 is the output layer; expected a hidden layer 2\.\.3"),
])
def test_bad_input_raises_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call(make())


def test_dC_da_from_next_layer_rejects_softmax():
    net = make(output_activation="softmax", cost="log_likelihood")
    with pytest.raises(ValueError, match="elementwise output σ, not softmax"):
        demon.dC_da_from_next_layer(net, X, Y, 3, 0)
