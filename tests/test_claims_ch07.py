"""The claims chapter 7 says in words, checked from the same inputs (issue 22).

The page prints its numbers and states each relation in a sentence computed
from them (``exercises.agree``/``say``); these tests recompute the numbers with
the engine from the page's inputs and hold the bounds that keep its text true.
The timing table (loop against matrix mini-batch) is left to
``bench/core_speed.py``: a test never asserts a time.
"""
import inspect

import numpy as np
import pytest

from backprop_core import Network, algorithm, minibatch, numerical_gradient, relative_error
from backprop_core.data import load_digits_split
from backprop_core.steps import algorithm_steps


@pytest.mark.parametrize("sizes, seed", [((2, 3, 2), 1), ((2, 3, 2), 42), ((3, 4, 4, 2), 0)])
def test_the_steps_are_four_per_neuron_one_per_weight_and_the_cost(sizes, seed):
    """"Watch it run": 4 × neurons + weights + 1 steps, for any seed the slider picks."""
    net = Network(list(sizes), seed=seed)
    x, y = np.full((sizes[0], 1), 0.5), np.zeros((sizes[-1], 1))
    neurons = sum(sizes[1:])
    weights = sum(m * n for m, n in zip(sizes[:-1], sizes[1:]))
    assert len(algorithm_steps(net.example(x, y))) == 4 * neurons + weights + 1


def test_the_algorithm_is_short_and_labels_bp1_to_bp4():
    """"printed straight from the package": under 100 lines, each of BP1–BP4 one labelled line."""
    lines = inspect.getsource(algorithm).splitlines()
    assert len(lines) <= 100
    for label in ("BP1", "BP2", "BP3", "BP4"):
        assert sum(line.endswith(f"# {label}") for line in lines) == 1, label


@pytest.fixture(scope="module")
def small():
    """"Beside Nielsen's network.py": the page's network and example."""
    rng = np.random.default_rng(7)
    net = Network([4, 5, 3], seed=7)
    x, y = rng.random((4, 1)), np.array([[1.0], [0.0], [0.0]])
    return net, x, y, rng


def test_every_step_by_hand_is_the_engines(small):
    net, x, y, _ = small
    ex, L, sigma = net.example(x, y), net.L, net.activation
    assert np.array_equal(ex.a[1], x)
    for l in range(2, L + 1):
        assert np.allclose(ex.z[l], net.w[l] @ ex.a[l - 1] + net.b[l], rtol=1e-14, atol=0)
        assert np.allclose(ex.a[l], sigma.fn(ex.z[l]), rtol=1e-14, atol=0)
    assert np.allclose(ex.delta[L], (ex.a[L] - y) * sigma.prime(ex.z[L]), rtol=1e-14, atol=0)
    for l in range(L - 1, 1, -1):
        assert np.allclose(ex.delta[l], (net.w[l + 1].T @ ex.delta[l + 1]) * sigma.prime(ex.z[l]),
                           rtol=1e-14, atol=0)
    for l in range(2, L + 1):
        assert np.allclose(ex.nabla_b[l], ex.delta[l], rtol=1e-14, atol=0)
        assert np.allclose(ex.nabla_w[l], ex.delta[l] @ ex.a[l - 1].T, rtol=1e-14, atol=0)


def test_backprop_agrees_with_finite_differences(small):
    """The page says the two agree (its wording switches at a relative difference of 1e-6)."""
    net, x, y, _ = small
    nabla_b, nabla_w = net.backprop(x, y)
    fd_b, fd_w = numerical_gradient(net, x, y)
    assert relative_error([*nabla_b, *nabla_w], [*fd_b, *fd_w]) < 1e-7
    for l in range(2, net.L + 1):
        assert relative_error(nabla_w[l], fd_w[l]) < 1e-7


def test_one_step_by_hand_is_update_mini_batch_and_goes_downhill(small):
    """"Stochastic gradient descent with mini-batches": the page's step, after the cells above."""
    rng = np.random.default_rng(7)
    rng.random((4, 1))                          # the page drew x from the same generator first
    stepped, reference = Network([4, 5, 3], seed=7), Network([4, 5, 3], seed=7)
    X_step, Y_step = rng.random((4, 6)), np.eye(3)[:, [0, 1, 2, 0, 1, 2]]
    stepped.update_mini_batch(X_step, Y_step, 0.5)
    ex = reference.example(X_step, Y_step)
    for l in range(2, reference.L + 1):
        assert np.array_equal(stepped.w[l], reference.w[l] - 0.5 * ex.nabla_w[l])
        assert np.array_equal(stepped.b[l], reference.b[l] - 0.5 * ex.nabla_b[l])
    assert stepped.cost(X_step, Y_step) < ex.cost


def test_the_digits_train_as_the_page_says():
    """"Real handwritten digits": the page's split, network, settings and seeds."""
    train, validation, test = load_digits_split(seed=0)
    assert train.X.min() >= 0 and train.X.max() <= 1
    assert np.array_equal(np.argmax(train.Y, axis=0), train.labels)
    assert -(-train.m // 10) == 120                                   # exercise 7.1's solution
    net = Network([64, 30, 10], seed=0)
    assert net.accuracy(test.X, test.labels) < 0.2                    # "about as good as guessing"
    history = net.SGD((train.X, train.Y), 30, 10, 3.0,
                      test_data=(validation.X, validation.labels), seed=0, progress=False)
    assert history[-1]["cost"] < history[0]["cost"]
    assert history[-1]["accuracy"] > history[0]["accuracy"]
    accuracy = net.accuracy(test.X, test.labels)
    assert accuracy >= 0.93
    wrong = np.flatnonzero(np.argmax(net.feedforward(test.X), axis=0) != test.labels)
    assert wrong.size == round((1 - accuracy) * test.m)


def test_the_loop_and_the_matrix_mini_batch_agree():
    """"The fully matrix-based mini-batch": 100 MNIST-shaped examples, both ways."""
    net = Network([784, 30, 10], seed=1)
    rng = np.random.default_rng(2)
    X, Y = rng.random((784, 100)), np.eye(10)[:, rng.integers(0, 10, 100)]
    loop_b, loop_w = minibatch.gradient_by_loop(net, X, Y)
    matrix_b, matrix_w = net.backprop_batch(X, Y)
    for l in range(2, net.L + 1):
        assert relative_error([loop_b[l], loop_w[l]], [matrix_b[l], matrix_w[l]]) < 1e-12
