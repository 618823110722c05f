"""Unit tests of the core network against independent hand computations."""
import re

import numpy as np
import pytest

from backprop_core import Network, algorithm, sigmoid, sigmoid_prime
from backprop_core.activations import ACTIVATIONS, Softmax


def test_shapes_follow_the_book():
    net = Network([3, 2, 4], seed=0)
    assert net.w[2].shape == (2, 3) and net.w[3].shape == (4, 2)   # w^l is n_l × n_{l−1}
    assert net.b[2].shape == (2, 1) and net.b[3].shape == (4, 1)
    assert net.L == 3 and list(net.w.layers) == [2, 3]
    assert net.w[2] is net.weights[0] and net.b[3] is net.biases[1]   # the same arrays


def test_feedforward_matches_neuron_by_neuron_sum():
    net = Network([3, 2, 4], seed=1)
    x = np.array([[0.5], [-1.0], [2.0]])
    a = x[:, 0]
    for l in (2, 3):
        w, b = net.w[l], net.b[l]
        a = np.array([1 / (1 + np.exp(-(sum(w[j, k] * a[k] for k in range(len(a))) + b[j, 0])))
                      for j in range(w.shape[0])])
    np.testing.assert_allclose(net.feedforward(x)[:, 0], a, rtol=1e-12)


def test_forward_pass_stores_z_and_a():
    net = Network([2, 3, 1], seed=2)
    x = np.array([[0.1], [0.2]])
    fp = net.forward_pass(x)
    assert np.array_equal(fp.a[1], x)
    np.testing.assert_allclose(fp.z[2], net.w[2] @ x + net.b[2])
    np.testing.assert_allclose(fp.a[3], sigmoid(fp.z[3]))
    z, a = net.forward_pass(x)
    np.testing.assert_array_equal(z[3], fp.z[3])
    np.testing.assert_array_equal(a[2], fp.a[2])


def test_bp1_to_bp4_by_hand_for_two_layers():
    net = Network([2, 2, 1], seed=3)
    x, y = np.array([[0.3], [-0.7]]), np.array([[1.0]])
    z, a = net.forward_pass(x)
    d3 = (a[3] - y) * sigmoid_prime(z[3])                       # BP1
    d2 = (net.w[3].T @ d3) * sigmoid_prime(z[2])                # BP2
    nb, nw = net.backprop(x, y)
    np.testing.assert_allclose(nb[3], d3)                       # BP3
    np.testing.assert_allclose(nb[2], d2)
    np.testing.assert_allclose(nw[3], d3 @ a[2].T)              # BP4
    np.testing.assert_allclose(nw[2], d2 @ x.T)
    deltas = net.deltas(x, y)
    np.testing.assert_allclose(deltas[2], d2)
    np.testing.assert_allclose(deltas[3], d3)


def test_cost_is_mean_of_per_example_costs():
    net = Network([2, 3, 2], seed=4)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((2, 7)), rng.random((2, 7))
    per = [0.5 * np.sum((net.feedforward(X[:, [i]]) - Y[:, [i]]) ** 2) for i in range(7)]
    assert net.cost(X, Y) == pytest.approx(np.mean(per), rel=1e-12)


def test_softmax_log_likelihood_delta_is_a_minus_y():
    net = Network([3, 4, 3], output_activation="softmax", cost="log_likelihood", seed=5)
    x, y = np.array([[1.0], [0.0], [-1.0]]), np.array([[0.0], [1.0], [0.0]])
    np.testing.assert_allclose(net.deltas(x, y)[3], net.feedforward(x) - y, atol=1e-15)


def test_sigmoid_cross_entropy_delta_is_a_minus_y():
    net = Network([3, 4, 2], cost="cross_entropy", seed=6)
    x, y = np.array([[1.0], [0.5], [-1.0]]), np.array([[0.0], [1.0]])
    np.testing.assert_allclose(net.deltas(x, y)[3], net.feedforward(x) - y, atol=1e-15)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_finite_at_extremes(name):
    z = np.array([[-1000.0], [0.0], [1000.0]])
    act = ACTIVATIONS[name]
    assert np.all(np.isfinite(act.fn(z)))
    assert np.all(np.isfinite(act.backward(z, np.ones_like(z))))
    if name != "softmax":
        assert np.all(np.isfinite(act.prime(z)))


def test_sigmoid_values_at_extremes():
    z = np.array([-1000.0, 0.0, 1000.0])
    np.testing.assert_array_equal(sigmoid(z), [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(sigmoid_prime(z), [0.0, 0.25, 0.0])


@pytest.mark.parametrize("cost,out", [("quadratic", "sigmoid"), ("cross_entropy", "sigmoid"),
                                      ("log_likelihood", "softmax")])
def test_costs_and_gradients_finite_when_saturated(cost, out):
    net = Network([1, 2], output_activation=out, cost=cost, seed=0)
    net.w[2][:] = [[1.0], [-1.0]]
    net.b[2][:] = 0.0
    x, y = np.array([[1000.0]]), np.array([[0.0], [1.0]])
    assert np.isfinite(net.cost(x, y))
    nb, nw = net.backprop(x, y)
    assert all(np.all(np.isfinite(g)) for g in [*nb, *nw])


def test_softmax_jacobian_backward_matches_explicit_matrix():
    rng = np.random.default_rng(1)
    z, g = rng.standard_normal((4, 1)), rng.standard_normal((4, 1))
    a = Softmax.fn(z)[:, 0]
    jac = np.diag(a) - np.outer(a, a)
    np.testing.assert_allclose(Softmax.backward(z, g)[:, 0], jac.T @ g[:, 0], atol=1e-15)


def test_update_mini_batch_moves_against_gradient():
    net = Network([2, 3, 1], seed=7)
    X, Y = np.array([[0.1, 0.9], [0.4, -0.3]]), np.array([[1.0, 0.0]])
    before = {l: net.w[l].copy() for l in net.w.layers}
    view = net.w
    nb, nw = net.backprop_batch(X, Y)
    net.update_mini_batch(X, Y, eta=0.5)
    for l in (2, 3):
        np.testing.assert_allclose(net.w[l], before[l] - 0.5 * nw[l])
        assert view[l] is net.w[l]          # a view taken before the step sees the new w^l


def test_sgd_learns_xor_and_reports_history():
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[0, 1, 1, 0]], dtype=float)
    net = Network([2, 4, 1], seed=0)
    history = net.SGD((X, Y), epochs=3000, mini_batch_size=4, eta=3.0, seed=0, progress=False)
    assert len(history) == 3000 and history[-1]["cost"] < history[0]["cost"] / 10
    np.testing.assert_array_equal(np.round(net.feedforward(X)), Y)


def test_sgd_accepts_list_of_pairs_and_test_data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 20))
    labels = (X[0] > 0).astype(int)
    Y = np.eye(2)[labels].T
    pairs = [(X[:, [i]], Y[:, [i]]) for i in range(20)]
    net = Network([2, 5, 2], seed=1)
    history = net.SGD(pairs, epochs=30, mini_batch_size=5, eta=2.0, test_data=(X, labels),
                      seed=0, progress=False)
    assert history[-1]["accuracy"] >= 0.9
    assert net.accuracy(X, Y) == history[-1]["accuracy"]


def test_weights_may_be_assigned():
    net = Network([2, 2], seed=0)
    net.w[2] = np.eye(2)
    net.b[2] = np.zeros((2, 1))
    assert net.weights[0] is net.w[2]
    np.testing.assert_allclose(net.feedforward(np.array([[0.0], [0.0]])), [[0.5], [0.5]])


def test_weights_may_be_assigned_as_nested_lists_and_bools_or_complex_are_refused():
    net = Network([2, 2, 1], seed=0)
    net.w[2] = [[1, 0], [0.5, 2]]
    net.b[3] = [[0.25]]
    assert net.w[2].dtype == float and net.weights[0] is net.w[2]
    ex = net.example([[1.0], [2.0]], [[0.0]])
    assert ex.nabla_w[2].shape == (2, 2) and np.all(np.isfinite(ex.nabla_w[2]))
    for bad, kind in (([[True, False], [False, True]], "bool"), ([[1j, 0], [0, 1]], "complex"),
                      (np.eye(2, dtype=complex), "complex"), ([["a", 0], [0, 1]], "string")):
        with pytest.raises(TypeError, match=rf"w\^2 must be numeric.*{kind}"):
            net.w[2] = bad
    assert net.w[2][1, 1] == 2.0                        # a refused value leaves w^2 as it was


def test_seed_makes_networks_reproducible():
    a, b = Network([3, 4, 2], seed=11), Network([3, 4, 2], seed=11)
    assert all(np.array_equal(p, q) for p, q in zip([*a.w, *a.b], [*b.w, *b.b]))


def test_sigmoid_keeps_relative_precision_for_negative_z():
    z = np.array([-30.0, -700.0, 30.0])
    np.testing.assert_allclose(sigmoid(z)[:2], np.exp(z[:2]) / (1 + np.exp(z[:2])), rtol=1e-15)
    assert sigmoid(z)[2] == 1.0 / (1.0 + np.exp(-30.0))


@pytest.mark.parametrize("cost,out", [("quadratic", "sigmoid"), ("cross_entropy", "sigmoid"),
                                      ("log_likelihood", "softmax")])
def test_cost_from_z_equals_cost_from_a(cost, out):
    net = Network([3, 4, 3], output_activation=out, cost=cost, seed=8)
    rng = np.random.default_rng(2)
    X = rng.standard_normal((3, 5))
    Y = np.eye(3)[rng.integers(0, 3, 5)].T
    a = net.feedforward(X)
    assert net.cost(X, Y) == pytest.approx(np.mean(net.cost_function.fn(a, Y)), rel=1e-12)


def test_saturated_cross_entropy_cost_is_exact_not_clipped():
    net = Network([1, 1], cost="cross_entropy", seed=0)
    net.w[2][:] = 1.0
    net.b[2][:] = 0.0
    # a = σ(1000) rounds to 1; with y = 0 the cost is −ln(1 − σ(1000)) = 1000 (to rounding).
    assert net.cost(np.array([[1000.0]]), np.array([[0.0]])) == pytest.approx(1000.0, rel=1e-12)


def test_saturated_log_likelihood_cost_is_exact():
    net = Network([1, 2], output_activation="softmax", cost="log_likelihood", seed=0)
    net.w[2][:] = [[1.0], [-1.0]]
    net.b[2][:] = 0.0
    # z = (1000, −1000): ln a_1 = −2000 exactly.
    assert net.cost(np.array([[1000.0]]), np.array([[0.0], [1.0]])) == pytest.approx(2000.0, rel=1e-12)


# ----- the book's layer numbers ------------------------------------------------
@pytest.mark.parametrize("get,symbol,valid", [
    (lambda net, ex: net.w, "w^l", "2..4"), (lambda net, ex: net.b, "b^l", "2..4"),
    (lambda net, ex: ex.z, "z^l", "2..4"), (lambda net, ex: ex.a, "a^l", "1..4"),
    (lambda net, ex: ex.delta, "δ^l", "2..4"), (lambda net, ex: ex.nabla_w, "∂C/∂w^l", "2..4"),
    (lambda net, ex: net.deltas(*_xy(net)), "δ^l", "2..4"),
    (lambda net, ex: net.backprop(*_xy(net))[1], "∂C/∂w^l", "2..4")])
@pytest.mark.parametrize("bad", [0, 1, 5, -1, 2.0, "2", True, None, slice(0, 2)])
def test_a_layer_that_does_not_exist_names_the_valid_layers(get, symbol, valid, bad):
    from backprop_core.layers import LayerError
    net = Network([2, 3, 3, 2], seed=0)
    layers = get(net, net.example(*_xy(net)))
    first = int(valid[0])
    if isinstance(bad, int) and not isinstance(bad, bool) and first <= bad <= 4:
        layers[bad]                                     # a[1] exists
        return
    with pytest.raises(LayerError, match=rf"{re.escape(symbol)} exists for l = {valid}"):
        layers[bad]
    with pytest.raises(ValueError):                     # LayerError is a ValueError too
        layers[bad]


def _xy(net):
    rng = np.random.default_rng(0)
    return rng.standard_normal((net.sizes[0], 1)), rng.random((net.sizes[-1], 1))


def test_layers_iterate_in_layer_order_and_items_give_the_layer_number():
    net = Network([2, 3, 4, 1], seed=1)
    assert [w.shape for w in net.w] == [(3, 2), (4, 3), (1, 4)]
    assert [(l, w.shape) for l, w in net.w.items()] == [(2, (3, 2)), (3, (4, 3)), (4, (1, 4))]
    assert len(net.w) == 3 and net.w.first == 2 and net.w.last == 4
    nb, nw = net.backprop(*_xy(net))
    assert [g.shape for g in nw] == [w.shape for w in net.w]
    assert "w^3: shape (4, 3)" in repr(net.w)


def test_example_is_computed_once_and_matches_the_network():
    net = Network([3, 4, 2], seed=2)
    x, y = _xy(net)
    ex = net.example(x, y)
    assert ex.delta[3] is ex.delta[3]                       # cached, not recomputed
    assert ex.nabla_w[2] is ex.nabla_w[2]
    nb, nw = net.backprop(x, y)
    for l in (2, 3):
        np.testing.assert_array_equal(ex.nabla_w[l], nw[l])
        np.testing.assert_array_equal(ex.nabla_b[l], nb[l])
        np.testing.assert_array_equal(ex.delta[l], net.deltas(x, y)[l])
    assert ex.cost == net.cost(x, y)
    np.testing.assert_array_equal(ex.a[3], net.feedforward(x))
    np.testing.assert_allclose(ex.dC_da[3], ex.a[3] - y)                 # quadratic cost
    np.testing.assert_allclose(ex.dC_da[2], net.w[3].T @ ex.delta[3])


def test_an_example_is_a_snapshot_of_the_network():
    net = Network([2, 3, 1], seed=3)
    x, y = _xy(net)
    ex = net.example(x, y)
    cost = ex.cost
    net.update_mini_batch(x, y, 1.0)
    assert ex.forward_from(2, z=ex.z[2]).cost == cost        # still the old parameters
    assert net.example(x, y).cost != cost


@pytest.mark.parametrize("out,cost", [("sigmoid", "quadratic"), ("sigmoid", "cross_entropy"),
                                      ("softmax", "log_likelihood")])
def test_forward_from_a_nudged_layer_equals_a_network_with_that_nudge(out, cost):
    net = Network([3, 4, 3, 2], output_activation=out, cost=cost, seed=4)
    x, y = _xy(net)
    y = y / y.sum()
    ex = net.example(x, y)
    dz = np.array([-0.5, 0.0, 0.3])
    Z = np.repeat(ex.z[3], 3, axis=1)
    Z[1] += dz
    costs = ex.forward_from(3, z=Z).costs
    for i, d in enumerate(dz):                          # the same nudge as a bias change
        other = Network([3, 4, 3, 2], output_activation=out, cost=cost, seed=4)
        other.b[3][1, 0] += d
        assert costs[i] == pytest.approx(other.cost(x, y), rel=1e-13)
    A = np.repeat(ex.a[2], 2, axis=1)
    A[0] += [0.0, 0.1]
    nudged = ex.forward_from(2, a=A)
    assert nudged.costs[0] == pytest.approx(ex.cost, rel=1e-15)
    np.testing.assert_allclose(nudged.z[3][:, 1:], net.w[3] @ A[:, 1:] + net.b[3])


def test_forward_from_refuses_bad_arguments():
    net = Network([2, 3, 1], seed=5)
    ex = net.example(*_xy(net))
    with pytest.raises(ValueError, match="layer l=1 is out of range; expected 2..3"):
        ex.forward_from(1, z=np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"the new z\^2 has shape \(2, 1\); expected \(3, m\)"):
        ex.forward_from(2, z=np.zeros((2, 1)))
    with pytest.raises(ValueError, match="exactly one of"):
        ex.forward_from(2)
    with pytest.raises(ValueError, match="exactly one of"):
        ex.forward_from(2, z=np.zeros((3, 1)), a=np.zeros((3, 1)))


@pytest.mark.parametrize("z, error, match", [
    ("abc", TypeError, r"the new z\^2 must be numeric .*a string"),
    ([[1, 2], [3]], ValueError, r"the new z\^2 must be numeric: .*ragged"),
    ([[10 ** 400], [1], [2]], ValueError, r"the new z\^2\[0, 0\] must be a real number a float can hold"),
    (np.full((3, 1), 1 + 2j), TypeError, r"the new z\^2 must be numeric .*complex"),
    (np.zeros((3, 0)), ValueError, r"the new z\^2 has shape \(3, 0\); expected \(3, m\) with m ≥ 1"),
    ([[np.nan], [0], [0]], ValueError, r"the new z\^2 contains NaN or infinity"),
    (True, TypeError, r"the new z\^2 must be numeric .*bool"),
])
def test_forward_from_checks_the_new_z(z, error, match):
    """Was: a numpy error, a ComplexWarning, or a NaN cost for a z with no columns."""
    net = Network([2, 3, 1], seed=5)
    ex = net.example(*_xy(net))
    with pytest.raises(error, match=match):
        ex.forward_from(2, z=z)
    with pytest.raises(error, match=match.replace("z\\^2", "a\\^2")):
        ex.forward_from(2, a=z)
    assert np.isfinite(ex.forward_from(2, z=[[1], [2], [3]]).cost)     # a plain list is fine


def test_example_of_a_batch_gives_the_mean_gradient():
    net = Network([2, 3, 2], seed=6)
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((2, 5)), rng.random((2, 5))
    ex = net.example(X, Y)
    assert ex.m == 5 and ex.costs.shape == (5,)
    nb, nw = net.backprop_batch(X, Y)
    for l in (2, 3):
        np.testing.assert_allclose(ex.nabla_w[l], np.mean(
            [net.backprop(X[:, [i]], Y[:, [i]])[1][l] for i in range(5)], axis=0), rtol=1e-12)
        np.testing.assert_array_equal(ex.nabla_b[l], nb[l])


def test_sgd_checks_test_data_before_training():
    net = Network([2, 2], seed=0)
    before = net.w[2].copy()
    X, Y = np.zeros((2, 4)), np.zeros((2, 4))
    with pytest.raises(ValueError, match="test_data"):
        net.SGD((X, Y), 1, 2, 1.0, test_data="abc", progress=False)
    np.testing.assert_array_equal(net.w[2], before)     # not one step was taken


def test_sigma_of_a_layer_that_does_not_exist():
    net = Network([2, 2], seed=0)
    with pytest.raises(ValueError, match="expected 2..2"):
        net.sigma(1)


def test_forward_from_the_output_activation_costs_the_given_a():
    net = Network([2, 3], seed=7)
    x, y = _xy(net)
    ex = net.example(x, y)
    A = np.repeat(ex.a[2], 2, axis=1)
    A[1, 1] += 0.25
    costs = ex.forward_from(2, a=A).costs
    assert costs[0] == pytest.approx(ex.cost, rel=1e-14)
    assert costs[1] == pytest.approx(0.5 * float(np.sum((A[:, 1:] - y) ** 2)), rel=1e-14)


# ----- bad arguments to SGD fail before any training ------------------------------------
@pytest.mark.parametrize("change, message", [
    (dict(test_data="abc"), r"test_data must be a pair \(X, labels\)"),
    (dict(test_data=(np.zeros((2, 4)), [0, 1])), r"test_data's labels have shape \(2,\) for 4"),
    (dict(test_data=(np.zeros((2, 4)), [0, 1, 2, 0.5])), r"test_data's labels must be whole"),
    (dict(test_data=(np.zeros((3, 4)), [0, 1, 1, 0])), r"test_data's X has shape \(3, 4\)"),
    (dict(eta="abc"), r"learning rate eta"),
    (dict(eta=-1.0), r"learning rate eta must be a positive"),
    (dict(epochs=0), r"epochs must be a positive integer"),
    (dict(mini_batch_size=1.5), r"mini_batch_size must be a positive integer"),
    (dict(seed="abc"), r"seed"),
    (dict(training_data="abc"), r"training_data must be"),
])
def test_sgd_refuses_bad_arguments_before_any_training(change, message, monkeypatch):
    net = Network([2, 2], seed=0)
    before = [p.copy() for p in net.weights + net.biases]

    def no_training(*args, **kwargs):
        raise AssertionError("SGD took a step before checking its arguments")

    monkeypatch.setattr(algorithm, "update_mini_batch", no_training)
    arguments = dict(training_data=(np.zeros((2, 4)), np.zeros((2, 4))), epochs=1,
                     mini_batch_size=2, eta=1.0, test_data=None, seed=0)
    arguments.update(change)
    with pytest.raises((ValueError, TypeError), match=message):
        net.SGD(progress=False, **arguments)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


# ----- accuracy's labels ----------------------------------------------------------------------
@pytest.mark.parametrize("labels, message", [
    ([0, 1], r"labels have shape \(2,\) for 5 example column\(s\) of X; expected \(5,\)"),
    ([0, 1, 2, 0, 1, 2], r"labels have shape \(6,\) for 5 example"),
    (np.zeros((5, 1)), r"labels have shape \(5, 1\)"),
    (np.zeros((2, 5)), r"labels have shape \(2, 5\).*one-hot targets \(3, 5\)"),
    ([0, 1, 2, 0.5, 1], r"labels must be whole numbers, got 0.5"),
    ([0, 1, 2, np.nan, 1], r"labels must be whole numbers, got nan"),
    ([0, 1, 2, 3, 1], r"labels must be classes 0..2 \(the network has 3 output neurons\), got 3"),
    ([0, 1, -1, 0, 1], r"got -1"),
    (["0", "1", "2", "0", "1"], r"labels must be numbers, got an array of dtype <U1"),
    ([True, False, True, False, True], r"True/False"),
    ([[0, 1], [2]], r"could not be read as an array"),
    (np.full((3, 5), np.inf), r"contain NaN or infinity"),
])
def test_accuracy_refuses_labels_that_do_not_fit(labels, message):
    net = Network([2, 4, 3], seed=0)
    X = np.random.default_rng(0).random((2, 5))
    with pytest.raises(ValueError, match=message):
        net.accuracy(X, labels)


def test_accuracy_takes_classes_integer_floats_and_one_hot_alike():
    net = Network([2, 4, 3], seed=0)
    X = np.random.default_rng(0).random((2, 7))
    predicted = np.argmax(net.feedforward(X), axis=0)
    labels = predicted.copy()
    labels[:3] = (labels[:3] + 1) % 3                     # three wrong, four right
    expected = 4 / 7
    assert net.accuracy(X, labels) == pytest.approx(expected)
    assert net.accuracy(X, labels.astype(float)) == pytest.approx(expected)
    assert net.accuracy(X, list(labels)) == pytest.approx(expected)
    assert net.accuracy(X, np.eye(3)[:, labels]) == pytest.approx(expected)


# ----- huge weights: a clear error, never an overflow warning or a NaN ---------------------------
@pytest.mark.parametrize("activation", ["relu", "linear"])
@pytest.mark.parametrize("compute", ["cost", "feedforward", "backprop", "example"])
def test_huge_weights_in_relu_and_linear_networks_name_the_overflowing_layer(activation, compute):
    net = Network([3, 4, 2], activation=activation, seed=1)
    net.w[2] = np.full((4, 3), 1e200)
    net.w[3] = np.full((2, 4), 1e200)
    x, y = np.ones((3, 1)), np.zeros((2, 1))
    run = {"cost": lambda: net.cost(x, y), "feedforward": lambda: net.feedforward(x),
           "backprop": lambda: net.backprop(x, y), "example": lambda: net.example(x, y).delta}
    with pytest.raises(ValueError, match=r"the weighted input z\^3 overflowed.*largest "
                                         r"\|w\^3_jk\| = 1e\+200"):
        run[compute]()


def test_large_but_representable_weights_give_the_exact_finite_answer():
    net = Network([1, 1, 1], activation="linear", seed=0)
    net.w[2], net.b[2] = np.array([[1e150]]), np.array([[0.0]])
    net.w[3], net.b[3] = np.array([[1e-150]]), np.array([[0.0]])
    ex = net.example([[2.0]], [[1.0]])
    assert ex.z[2][0, 0] == 2e150 and ex.a[3][0, 0] == pytest.approx(2.0, rel=1e-15)
    assert ex.cost == pytest.approx(0.5, rel=1e-15)
    assert np.isfinite(ex.nabla_w[2][0, 0]) and np.isfinite(ex.nabla_w[3][0, 0])


def test_a_cost_that_overflows_is_named():
    net = Network([1, 1], activation="linear", seed=0)
    net.w[2], net.b[2] = np.array([[1e200]]), np.array([[0.0]])
    with pytest.raises(ValueError, match=r"the cost C_x overflowed"):
        net.cost([[1.0]], [[0.0]])
    with pytest.raises(ValueError, match=r"the cost C_x overflowed.*largest \|y\| = 1e\+200"):
        net.example([[0.0]], [[1e200]])          # the target itself is too far away


def test_a_gradient_that_overflows_is_named_each_time_and_the_rest_still_works():
    net = Network([1, 1], activation="linear", seed=0)
    net.w[2], net.b[2] = np.array([[1e-10]]), np.array([[0.0]])
    ex = net.example([[1e160]], [[0.0]])         # z = δ = 1e150, C = 5e299, ∂C/∂w = δ x = 1e310
    assert ex.cost == pytest.approx(5e299) and ex.delta[2][0, 0] == pytest.approx(1e150)
    for _ in range(2):
        with pytest.raises(ValueError, match=r"the gradient ∂C/∂w\^2 overflowed"):
            ex.nabla_w                                                        # noqa: B018
    assert ex.delta[2][0, 0] == pytest.approx(1e150)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_huge_weights_in_saturating_networks_stay_finite(activation):
    net = Network([3, 4, 2], activation=activation, seed=1)
    net.w[2] = net.w[2] * 1e300
    ex = net.example(np.ones((3, 1)), np.zeros((2, 1)))
    for l in (2, 3):
        assert np.all(np.isfinite(ex.delta[l])) and np.all(np.isfinite(ex.nabla_w[l]))
    assert np.isfinite(ex.cost)
