"""The per-example loop (backprop_core.minibatch, an alternative form) against the core's
matrix mini-batch and against finite differences."""
import math

import numpy as np
import pytest

from backprop_core import Network, numerical_gradient, relative_error
from backprop_core.layers import Layers
from backprop_core.minibatch import gradient_by_loop
from loop_training import sgd_epoch, update_mini_batch_loop

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
    loop_b, loop_w = gradient_by_loop(net, X, Y)
    matrix_b, matrix_w = net.backprop_batch(X, Y)
    numeric_b, numeric_w = numerical_gradient(net, X, Y)
    assert relative_error([*loop_b, *loop_w], [*matrix_b, *matrix_w]) < 1e-12
    assert relative_error([*loop_b, *loop_w], [*numeric_b, *numeric_w]) < 1e-7


@pytest.mark.parametrize("sizes", [[3, 2], [4, 5, 3], [2, 3, 4, 2]])
def test_loop_returns_layers_by_book_number_equal_to_backprop_batch(sizes):
    net = Network(sizes, seed=4)
    X, Y = batch(sizes[0], sizes[-1], 5, seed=6)
    nabla_b, nabla_w = gradient_by_loop(net, X, Y)
    matrix_b, matrix_w = net.backprop_batch(X, Y)
    for nabla in (nabla_b, nabla_w):
        assert isinstance(nabla, Layers) and nabla.layers == range(2, net.L + 1)
    for l in range(2, net.L + 1):
        assert nabla_w[l].shape == net.w[l].shape and nabla_b[l].shape == net.b[l].shape
        assert np.allclose(nabla_w[l], matrix_w[l], rtol=1e-12, atol=1e-15)
        assert np.allclose(nabla_b[l], matrix_b[l], rtol=1e-12, atol=1e-15)
    with pytest.raises(IndexError, match="exists for l = 2"):
        nabla_w[1]


def test_loop_gradient_is_the_mean_of_single_examples():
    net = Network([3, 4, 2], seed=0)
    X, Y = batch(3, 2, 4, seed=1)
    singles = [net.backprop(X[:, i:i + 1], Y[:, i:i + 1]) for i in range(4)]
    nabla_b, nabla_w = gradient_by_loop(net, X, Y)
    for l in (2, 3):
        assert np.allclose(nabla_w[l], sum(s[1][l] for s in singles) / 4)
        assert np.allclose(nabla_b[l], sum(s[0][l] for s in singles) / 4)


def test_loop_does_not_change_the_network_or_its_later_gradients():
    net = Network([3, 4, 2], seed=0)
    before = [w.copy() for w in net.w]
    X, Y = batch(3, 2, 3, seed=2)
    first = gradient_by_loop(net, X, Y)
    second = gradient_by_loop(net, X, Y)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.w))
    assert relative_error(first[1], second[1]) == 0.0


def test_update_loop_equals_core_update():
    a, b = Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=5)
    X, Y = batch(3, 2, 6, seed=3)
    update_mini_batch_loop(a, X, Y, 0.7)
    b.update_mini_batch(X, Y, 0.7)
    assert relative_error([*a.w, *a.b], [*b.w, *b.b]) < 1e-13
    assert not np.allclose(a.w[2], Network([3, 4, 2], seed=5).w[2])


def test_update_loop_writes_into_the_networks_lists():
    net = Network([3, 4, 2], seed=5)
    weights, biases, w_view, b_view = net.weights, net.biases, net.w, net.b
    old_w2 = net.w[2].copy()
    X, Y = batch(3, 2, 6, seed=3)
    nabla_b, nabla_w = net.backprop_batch(X, Y)
    update_mini_batch_loop(net, X, Y, 0.7)
    assert net.weights is weights and net.biases is biases          # the same lists
    for l in (2, 3):
        assert w_view[l] is net.w[l]          # a view taken before the step shows the new w^l
        assert b_view[l] is net.b[l]
    assert np.allclose(w_view[2], old_w2 - 0.7 * nabla_w[2])


@pytest.mark.parametrize("n, size", [(23, 5), (20, 5), (7, 10)])
def test_epoch_loop_and_matrix_agree(n, size):
    a, b = Network([3, 4, 2], seed=1), Network([3, 4, 2], seed=1)
    X, Y = batch(3, 2, n, seed=4)
    assert sgd_epoch(a, X, Y, size, 1.0, "loop", seed=9) == math.ceil(n / size)
    assert sgd_epoch(b, X, Y, size, 1.0, "matrix", seed=9) == math.ceil(n / size)
    assert relative_error([*a.w, *a.b], [*b.w, *b.b]) < 1e-12


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
