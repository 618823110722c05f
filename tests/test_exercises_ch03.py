import numpy as np
import pytest

from backprop_core import Network, sigmoid, sigmoid_prime
from backprop_core.exercises.ch03_four_equations import check_delta_L, check_dC_dw


@pytest.fixture
def tiny():
    net = Network([2, 2], seed=0)
    net.weights[0] = np.array([[0.5, -1.0], [1.0, 0.25]])
    net.biases[0] = np.array([[0.0], [0.5]])
    return net, np.array([[1.0], [2.0]]), np.array([[1.0], [0.0]])


def out(capsys):
    return capsys.readouterr().out


def by_hand(net, x, y):
    z = net.weights[0] @ x + net.biases[0]
    return z, (sigmoid(z) - y) * sigmoid_prime(z)


def test_delta_L(tiny, capsys):
    net, x, y = tiny
    z, delta = by_hand(net, x, y)
    assert check_delta_L(delta, net, x, y) is True
    assert out(capsys).startswith("PASS")
    assert check_delta_L(delta.ravel().tolist(), net, x, y) is True
    out(capsys)
    assert check_delta_L(-delta, net, x, y) is False
    assert "sign" in out(capsys)
    assert check_delta_L(sigmoid(z) - y, net, x, y) is False
    assert "σ′(z^L)" in out(capsys)
    assert check_delta_L((sigmoid(z) - y) * sigmoid(z), net, x, y) is False
    assert "slope" in out(capsys)
    assert check_delta_L([1.0, 2.0, 3.0], net, x, y) is False
    assert "one entry per output neuron" in out(capsys)
    assert check_delta_L([0.3, 0.3], net, x, y) is False
    assert "compute z^L" in out(capsys)
    assert check_delta_L(..., net, x, y) is None


def test_dC_dw(tiny, capsys):
    net, x, y = tiny
    _, delta = by_hand(net, x, y)
    assert check_dC_dw(delta @ x.T, net, x, y, l=2) is True
    assert out(capsys).startswith("PASS")
    assert check_dC_dw(x @ delta.T, net, x, y, l=2) is False
    assert "transpose" in out(capsys)
    assert check_dC_dw(delta, net, x, y, l=2) is False
    assert "shape of w^2" in out(capsys)
    assert check_dC_dw(2 * delta @ x.T, net, x, y, l=2) is False
    assert "outer product" in out(capsys)
    assert check_dC_dw(..., net, x, y, l=2) is None


def test_dC_dw_hidden_layer(capsys):
    net = Network([3, 4, 2], seed=1)
    x, y = np.array([[0.1], [0.5], [-0.2]]), np.array([[0.0], [1.0]])
    nabla_w = net.backprop(x, y)[1]
    assert check_dC_dw(nabla_w[0], net, x, y, l=2) is True
    assert check_dC_dw(nabla_w[0].T, net, x, y, l=2) is False
    assert "transpose" in out(capsys)
    with pytest.raises(ValueError, match=r"expected 2\.\.3"):
        check_dC_dw(nabla_w[0], net, x, y, l=4)
