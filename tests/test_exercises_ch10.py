"""Chapter 10 checks: a right answer passes, wrong answers fail with a specific hint."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.activations import Sigmoid, Softmax
from backprop_core.exercises.ch10_softmax import (check_hidden_delta, check_log_likelihood,
                                                  check_output_delta)

A = Softmax.fn(np.array([[0.5], [-1.0], [2.0], [0.0]]))
Y = np.array([[0.0], [0.0], [1.0], [0.0]])


def out(capsys):
    return capsys.readouterr().out


@pytest.fixture
def softmax_case():
    net = Network([4, 5, 3], output_activation="softmax", cost="log_likelihood", seed=1)
    x = np.random.default_rng(2).random((4, 1))
    y = np.array([[1.0], [0.0], [0.0]])
    z, a = net.forward_pass(x)
    return net, x, y, z, a


def test_unanswered(softmax_case, capsys):
    net, x, y, *_ = softmax_case
    assert check_output_delta(..., A, Y) is None
    assert check_log_likelihood(..., A, 2) is None
    assert check_hidden_delta(..., net.example(x, y)) is None
    assert out(capsys).count("Your turn") == 3


def test_output_delta(capsys):
    assert check_output_delta(A - Y, A, Y) is True
    assert out(capsys).startswith("PASS")
    assert check_output_delta(Y - A, A, Y) is False
    assert "sign is flipped" in out(capsys)
    assert check_output_delta((A - Y) * A * (1 - A), A, Y) is False
    assert "cancels" in out(capsys)
    assert check_output_delta(A, A, Y) is False
    assert "subtract the one-hot target" in out(capsys)


def test_log_likelihood(capsys):
    assert check_log_likelihood(-np.log(A[2, 0]), A, 2) is True
    assert out(capsys).startswith("PASS")
    assert check_log_likelihood(np.log(A[2, 0]), A, 2) is False
    assert "minus the logarithm" in out(capsys)
    assert check_log_likelihood(-np.log10(A[2, 0]), A, 2) is False
    assert "natural logarithm" in out(capsys)
    assert check_log_likelihood(-np.log(A[0, 0]), A, 2) is False
    assert "right class (2)" in out(capsys)
    assert check_log_likelihood("big", A, 2) is False
    assert "one number" in out(capsys)


def test_hidden_delta(softmax_case, capsys):
    net, x, y, z, a = softmax_case
    L = net.L
    moved_back = net.w[L].T @ (a[L] - y)
    right = moved_back * Sigmoid.prime(z[L - 1])
    ex = net.example(x, y)
    assert check_hidden_delta(right, ex) is True
    assert out(capsys).startswith("PASS")
    assert check_hidden_delta(moved_back, ex) is False
    assert "now multiply by σ′" in out(capsys)
    assert check_hidden_delta(-right, ex) is False
    assert "start from δ^L = a^L − y" in out(capsys)
    assert check_hidden_delta(right.ravel(), ex) is False
    assert "shape (5, 1)" in out(capsys)


def test_hidden_delta_wants_one_example_of_a_network_with_a_hidden_layer(softmax_case):
    net, x, y, *_ = softmax_case
    with pytest.raises(TypeError, match=r"expected net.example\(x, y\), got Network"):
        check_hidden_delta(np.zeros((5, 1)), net)
    with pytest.raises(ValueError, match="takes one example.*got 2 columns"):
        check_hidden_delta(np.zeros((5, 1)), net.example(np.hstack([x, x]), np.hstack([y, y])))
    shallow = Network([4, 3], output_activation="softmax", cost="log_likelihood", seed=1)
    with pytest.raises(ValueError, match="needs a hidden layer"):
        check_hidden_delta(np.zeros((4, 1)), shallow.example(x, y))


def test_log_likelihood_refuses_an_output_that_is_not_a_probability():
    with pytest.raises(ValueError, match=r"a\[2\] must be a probability in \(0, 1\]"):
        check_log_likelihood(1.0, np.array([0.5, 0.5, 0.0, 0.0]), 2)
    with pytest.raises(ValueError, match="label"):
        check_log_likelihood(1.0, np.array([0.5, 0.5]), 2)


@pytest.mark.parametrize("odd", [np.nan, np.inf, 10**400, True, np.True_, 1j, "0.5", b"1"])
def test_log_likelihood_odd_answers_fail(odd, capsys):
    a = Softmax.fn(np.array([[0.5], [-1.0], [2.0], [0.0]]))
    assert check_log_likelihood(odd, a, 2) is False
    assert out(capsys).startswith("FAIL: the answer should be one number")
