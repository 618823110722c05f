"""Unit tests of the core network against independent hand computations."""
import numpy as np
import pytest

from backprop_core import Network, sigmoid, sigmoid_prime
from backprop_core.activations import ACTIVATIONS, Softmax


def test_shapes_follow_the_book():
    net = Network([3, 2, 4], seed=0)
    assert [w.shape for w in net.weights] == [(2, 3), (4, 2)]     # w^2 is 2×3, w^3 is 4×2
    assert [b.shape for b in net.biases] == [(2, 1), (4, 1)]
    assert net.L == 3


def test_feedforward_matches_neuron_by_neuron_sum():
    net = Network([3, 2, 4], seed=1)
    x = np.array([[0.5], [-1.0], [2.0]])
    a = x[:, 0]
    for w, b in zip(net.weights, net.biases):
        a = np.array([1 / (1 + np.exp(-(sum(w[j, k] * a[k] for k in range(len(a))) + b[j, 0])))
                      for j in range(w.shape[0])])
    np.testing.assert_allclose(net.feedforward(x)[:, 0], a, rtol=1e-12)


def test_forward_pass_stores_z_and_a():
    net = Network([2, 3, 1], seed=2)
    x = np.array([[0.1], [0.2]])
    zs, activations = net.forward_pass(x)
    assert activations[0] is not None and np.array_equal(activations[0], x)
    np.testing.assert_allclose(zs[0], net.weights[0] @ x + net.biases[0])
    np.testing.assert_allclose(activations[2], sigmoid(zs[1]))


def test_bp1_to_bp4_by_hand_for_two_layers():
    net = Network([2, 2, 1], seed=3)
    x, y = np.array([[0.3], [-0.7]]), np.array([[1.0]])
    zs, acts = net.forward_pass(x)
    d3 = (acts[2] - y) * sigmoid_prime(zs[1])                   # BP1
    d2 = (net.weights[1].T @ d3) * sigmoid_prime(zs[0])         # BP2
    nb, nw = net.backprop(x, y)
    np.testing.assert_allclose(nb[1], d3)                       # BP3
    np.testing.assert_allclose(nb[0], d2)
    np.testing.assert_allclose(nw[1], d3 @ acts[1].T)           # BP4
    np.testing.assert_allclose(nw[0], d2 @ x.T)
    deltas = net.deltas(x, y)
    np.testing.assert_allclose(deltas[0], d2)
    np.testing.assert_allclose(deltas[1], d3)


def test_cost_is_mean_of_per_example_costs():
    net = Network([2, 3, 2], seed=4)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((2, 7)), rng.random((2, 7))
    per = [0.5 * np.sum((net.feedforward(X[:, [i]]) - Y[:, [i]]) ** 2) for i in range(7)]
    assert net.cost(X, Y) == pytest.approx(np.mean(per), rel=1e-12)


def test_softmax_log_likelihood_delta_is_a_minus_y():
    net = Network([3, 4, 3], output_activation="softmax", cost="log_likelihood", seed=5)
    x, y = np.array([[1.0], [0.0], [-1.0]]), np.array([[0.0], [1.0], [0.0]])
    np.testing.assert_allclose(net.deltas(x, y)[-1], net.feedforward(x) - y, atol=1e-15)


def test_sigmoid_cross_entropy_delta_is_a_minus_y():
    net = Network([3, 4, 2], cost="cross_entropy", seed=6)
    x, y = np.array([[1.0], [0.5], [-1.0]]), np.array([[0.0], [1.0]])
    np.testing.assert_allclose(net.deltas(x, y)[-1], net.feedforward(x) - y, atol=1e-15)


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
    net.weights[0][:] = [[1.0], [-1.0]]
    net.biases[0][:] = 0.0
    x, y = np.array([[1000.0]]), np.array([[0.0], [1.0]])
    assert np.isfinite(net.cost(x, y))
    nb, nw = net.backprop(x, y)
    assert all(np.all(np.isfinite(g)) for g in nb + nw)


def test_softmax_jacobian_backward_matches_explicit_matrix():
    rng = np.random.default_rng(1)
    z, g = rng.standard_normal((4, 1)), rng.standard_normal((4, 1))
    a = Softmax.fn(z)[:, 0]
    jac = np.diag(a) - np.outer(a, a)
    np.testing.assert_allclose(Softmax.backward(z, g)[:, 0], jac.T @ g[:, 0], atol=1e-15)


def test_update_mini_batch_moves_against_gradient():
    net = Network([2, 3, 1], seed=7)
    X, Y = np.array([[0.1, 0.9], [0.4, -0.3]]), np.array([[1.0, 0.0]])
    before = [w.copy() for w in net.weights]
    nb, nw = net.backprop_batch(X, Y)
    net.update_mini_batch(X, Y, eta=0.5)
    for w0, w1, g in zip(before, net.weights, nw):
        np.testing.assert_allclose(w1, w0 - 0.5 * g)


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
    net.weights[0] = np.eye(2)
    net.biases[0] = np.zeros((2, 1))
    np.testing.assert_allclose(net.feedforward(np.array([[0.0], [0.0]])), [[0.5], [0.5]])


def test_seed_makes_networks_reproducible():
    a, b = Network([3, 4, 2], seed=11), Network([3, 4, 2], seed=11)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))


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
    net.weights[0][:] = 1.0
    net.biases[0][:] = 0.0
    # a = σ(1000) rounds to 1; with y = 0 the cost is −ln(1 − σ(1000)) = 1000 (to rounding).
    assert net.cost(np.array([[1000.0]]), np.array([[0.0]])) == pytest.approx(1000.0, rel=1e-12)


def test_saturated_log_likelihood_cost_is_exact():
    net = Network([1, 2], output_activation="softmax", cost="log_likelihood", seed=0)
    net.weights[0][:] = [[1.0], [-1.0]]
    net.biases[0][:] = 0.0
    # z = (1000, −1000): ln a_1 = −2000 exactly.
    assert net.cost(np.array([[1000.0]]), np.array([[0.0], [1.0]])) == pytest.approx(2000.0, rel=1e-12)
