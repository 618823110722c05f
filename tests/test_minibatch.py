"""The per-example loop (backprop_core.minibatch) against the core's matrix mini-batch
and against finite differences."""
import math

import numpy as np
import pytest

from backprop_core import Network, numerical_gradient, relative_error
from backprop_core.minibatch import gradient_by_loop, sgd_epoch, update_mini_batch_loop

KINDS = [dict(), dict(output_activation="softmax", cost="log_likelihood"),
         dict(cost="cross_entropy"), dict(activation="tanh", output_activation="sigmoid")]


def batch(n_in, n_out, m, seed):
    rng = np.random.default_rng(seed)
    return rng.random((n_in, m)), np.eye(n_out)[:, rng.integers(0, n_out, m)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("m", [1, 2, 7])
def test_loop_equals_matrix_and_finite_differences(kind, m):
    net = Network([4, 5, 3], seed=m, **kind)
    X, Y = batch(4, 3, m, seed=m + 10)
    loop = gradient_by_loop(net, X, Y)
    matrix = net.backprop_batch(X, Y)
    numeric = numerical_gradient(net, X, Y)
    assert relative_error(loop[0] + loop[1], matrix[0] + matrix[1]) < 1e-12
    assert relative_error(loop[0] + loop[1], numeric[0] + numeric[1]) < 1e-7


def test_loop_gradient_is_the_mean_of_single_examples():
    net = Network([3, 4, 2], seed=0)
    X, Y = batch(3, 2, 4, seed=1)
    singles = [net.backprop(X[:, i:i + 1], Y[:, i:i + 1]) for i in range(4)]
    nabla_b, nabla_w = gradient_by_loop(net, X, Y)
    for l in range(2):
        assert np.allclose(nabla_w[l], sum(s[1][l] for s in singles) / 4)
        assert np.allclose(nabla_b[l], sum(s[0][l] for s in singles) / 4)


def test_loop_does_not_change_the_network_or_its_later_gradients():
    net = Network([3, 4, 2], seed=0)
    before = [w.copy() for w in net.weights]
    X, Y = batch(3, 2, 3, seed=2)
    first = gradient_by_loop(net, X, Y)
    second = gradient_by_loop(net, X, Y)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))
    assert relative_error(first[1], second[1]) == 0.0


def test_update_loop_equals_core_update():
    a, b = Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=5)
    X, Y = batch(3, 2, 6, seed=3)
    update_mini_batch_loop(a, X, Y, 0.7)
    b.update_mini_batch(X, Y, 0.7)
    assert relative_error(a.weights + a.biases, b.weights + b.biases) < 1e-13
    assert not np.allclose(a.weights[0], Network([3, 4, 2], seed=5).weights[0])


@pytest.mark.parametrize("n, size", [(23, 5), (20, 5), (7, 10)])
def test_epoch_loop_and_matrix_agree(n, size):
    a, b = Network([3, 4, 2], seed=1), Network([3, 4, 2], seed=1)
    X, Y = batch(3, 2, n, seed=4)
    assert sgd_epoch(a, X, Y, size, 1.0, "loop", seed=9) == math.ceil(n / size)
    assert sgd_epoch(b, X, Y, size, 1.0, "matrix", seed=9) == math.ceil(n / size)
    assert relative_error(a.weights + a.biases, b.weights + b.biases) < 1e-12


def test_epoch_lowers_the_cost():
    net = Network([3, 6, 2], seed=2)
    X, Y = batch(3, 2, 40, seed=5)
    before = net.cost(X, Y)
    for epoch in range(5):
        sgd_epoch(net, X, Y, 4, 2.0, "loop", seed=epoch)
    assert net.cost(X, Y) < before


@pytest.mark.parametrize("call, match", [
    (lambda net, X, Y: sgd_epoch(net, X, Y, 2, 1.0, method="fast"), "method must be"),
    (lambda net, X, Y: sgd_epoch(net, X, Y, 0, 1.0), "mini_batch_size"),
    (lambda net, X, Y: update_mini_batch_loop(net, X, Y, -1.0), "eta"),
    (lambda net, X, Y: gradient_by_loop(net, X[:2], Y), r"input x has shape \(2, 4\)"),
    (lambda net, X, Y: gradient_by_loop(net, X, Y[:, :3]), "same number"),
])
def test_bad_input_is_a_clear_value_error(call, match):
    net = Network([3, 4, 2], seed=0)
    X, Y = batch(3, 2, 4, seed=0)
    with pytest.raises(ValueError, match=match):
        call(net, X, Y)
