import numpy as np
import pytest

from backprop_core import Network, sigmoid, sigmoid_prime
from backprop_core.exercises.ch03_four_equations import check_delta_L, check_dC_dw


@pytest.fixture
def tiny():
    net = Network([2, 2], seed=0)
    net.w[2] = np.array([[0.5, -1.0], [1.0, 0.25]])
    net.b[2] = np.array([[0.0], [0.5]])
    x, y = np.array([[1.0], [2.0]]), np.array([[1.0], [0.0]])
    return net.example(x, y), x, y


def out(capsys):
    return capsys.readouterr().out


def by_hand(ex, x, y):
    z = ex.net.w[2] @ x + ex.net.b[2]
    return z, (sigmoid(z) - y) * sigmoid_prime(z)


def test_delta_L(tiny, capsys):
    ex, x, y = tiny
    z, delta = by_hand(ex, x, y)
    assert check_delta_L(delta, ex) is True
    assert out(capsys).startswith("PASS")
    assert check_delta_L(delta.ravel().tolist(), ex) is True
    out(capsys)
    assert check_delta_L(-delta, ex) is False
    assert "sign" in out(capsys)
    assert check_delta_L(sigmoid(z) - y, ex) is False
    assert "σ′(z^L)" in out(capsys)
    assert check_delta_L((sigmoid(z) - y) * sigmoid(z), ex) is False
    assert "slope" in out(capsys)
    assert check_delta_L([1.0, 2.0, 3.0], ex) is False
    assert "one entry per output neuron" in out(capsys)
    assert check_delta_L([0.3, 0.3], ex) is False
    assert "compute z^L" in out(capsys)
    assert check_delta_L(..., ex) is None


def test_dC_dw(tiny, capsys):
    ex, x, y = tiny
    _, delta = by_hand(ex, x, y)
    assert check_dC_dw(delta @ x.T, ex, l=2) is True
    assert out(capsys).startswith("PASS")
    assert check_dC_dw(x @ delta.T, ex, l=2) is False
    assert "transpose" in out(capsys)
    assert check_dC_dw(delta, ex, l=2) is False
    assert "shape of w^2" in out(capsys)
    assert check_dC_dw(2 * delta @ x.T, ex, l=2) is False
    assert "outer product" in out(capsys)
    assert check_dC_dw(..., ex, l=2) is None


def test_dC_dw_hidden_layer(capsys):
    net = Network([3, 4, 2], seed=1)
    x, y = np.array([[0.1], [0.5], [-0.2]]), np.array([[0.0], [1.0]])
    ex = net.example(x, y)
    nabla_w = net.backprop(x, y)[1]
    for l in (2, 3):
        assert check_dC_dw(nabla_w[l], ex, l=l) is True
        assert out(capsys).startswith("PASS")
        assert check_dC_dw(nabla_w[l].T, ex, l=l) is False
        assert "transpose" in out(capsys)
    assert check_dC_dw(nabla_w[2], ex, l=3) is False
    assert "shape of w^3" in out(capsys)
    with pytest.raises(ValueError, match=r"expected 2\.\.3"):
        check_dC_dw(nabla_w[2], ex, l=4)


def test_checks_take_one_example():
    net = Network([2, 2], seed=0)
    for check in (check_delta_L, lambda answer, ex: check_dC_dw(answer, ex, l=2)):
        with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got Network"):
            check(..., net)
        with pytest.raises(ValueError, match="one example"):
            check(..., net.example(np.ones((2, 3)), np.ones((2, 3))))
