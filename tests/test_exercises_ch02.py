import numpy as np
import pytest

from backprop_core import sigmoid, sigmoid_prime
from backprop_core.exercises.ch02_hadamard import check_Sigma_prime, check_hadamard


def out(capsys):
    return capsys.readouterr().out


def test_hadamard(capsys):
    assert check_hadamard([4, -10, -18]) is True
    assert out(capsys).startswith("PASS")
    assert check_hadamard(np.array([[4], [-10], [-18]])) is True
    out(capsys)
    assert check_hadamard([3, 8], s=(1, 2), t=(3, 4)) is True
    out(capsys)
    assert check_hadamard(-24) is False
    assert "dot product" in out(capsys)
    assert check_hadamard([4, 10]) is False
    assert "as many entries" in out(capsys)
    assert check_hadamard([4, 10, 18]) is False
    assert "entry j of s" in out(capsys)
    assert check_hadamard(...) is None
    assert "Your turn" in out(capsys)


def test_Sigma_prime(capsys):
    z = np.array([0.0, 2.0])
    assert check_Sigma_prime(np.diag(sigmoid_prime(z))) is True
    assert out(capsys).startswith("PASS")
    assert check_Sigma_prime(sigmoid_prime(z)) is False
    assert "diagonal" in out(capsys)
    assert check_Sigma_prime(np.diag(sigmoid(z))) is False
    assert "slope" in out(capsys)
    assert check_Sigma_prime(np.ones((2, 2))) is False
    assert "2×2" in out(capsys)
    assert check_Sigma_prime("diag") is False
    assert "FAIL" in out(capsys)
    assert check_Sigma_prime(...) is None


@pytest.mark.parametrize("odd", [[[0.25, 0], [0]], [[b"\xff"]], [[True, False], [False, True]],
                                 np.diag([0.25 + 1j, 0.1]), [[10**400, 0], [0, 0]]])
def test_Sigma_prime_odd_answers_fail_with_the_shape(odd, capsys):
    assert check_Sigma_prime(odd) is False
    assert "array of numbers of shape (2, 2)" in out(capsys)
