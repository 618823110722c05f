"""Chapter 11 checks: a right answer passes, wrong answers fail with a specific hint."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.activations import sigmoid, sigmoid_prime
from backprop_core.exercises.ch11_educational import (check_delta_a_matrix,
                                                      check_weight_change_ij,
                                                      check_weight_change_jk)

A_I, Y_K, ETA = 0.8, 0.1, 0.5


def out(capsys):
    return capsys.readouterr().out


@pytest.fixture
def tiny():
    net = Network([1, 1, 1], seed=4)
    w_ij, w_jk = net.w[2][0, 0], net.w[3][0, 0]
    z_j = w_ij * A_I + net.b[2][0, 0]
    a_j = sigmoid(z_j)
    z_k = w_jk * a_j + net.b[3][0, 0]
    a_k = sigmoid(z_k)
    delta_k = sigmoid_prime(z_k) * (a_k - Y_K)
    delta_j = sigmoid_prime(z_j) * delta_k * w_jk
    return dict(net=net, ex=net.example([[A_I]], [[Y_K]]), a_j=a_j, delta_k=delta_k,
                delta_j=delta_j, w_jk=w_jk, a_k=a_k)


def test_unanswered(tiny, capsys):
    ex = tiny["ex"]
    assert check_weight_change_jk(..., ex, ETA) is None
    assert check_weight_change_ij(..., ex, ETA) is None
    assert check_delta_a_matrix(..., np.ones(2), np.ones(3)) is None
    assert out(capsys).count("Your turn") == 3


def test_weight_change_jk(tiny, capsys):
    a_j, delta_k = tiny["a_j"], tiny["delta_k"]
    args = (tiny["ex"], ETA)
    assert check_weight_change_jk(ETA * delta_k * a_j, *args) is True
    assert out(capsys).startswith("PASS")
    for wrong, hint in [(delta_k * a_j, "learning rate"), (ETA * delta_k, "multiply by a_j"),
                        (ETA * (tiny["a_k"] - Y_K) * a_j, "f′(z_k)"),
                        (-ETA * delta_k * a_j, "sign is flipped"), (1.0, "compute η"),
                        ("x", "one number")]:
        assert check_weight_change_jk(wrong, *args) is False
        assert hint in out(capsys)


def test_weight_change_ij(tiny, capsys):
    delta_j, delta_k = tiny["delta_j"], tiny["delta_k"]
    args = (tiny["ex"], ETA)
    assert check_weight_change_ij(ETA * delta_j * A_I, *args) is True
    assert out(capsys).startswith("PASS")
    for wrong, hint in [(delta_j * A_I, "learning rate"),
                        (ETA * delta_k * tiny["w_jk"] * A_I, "factor f′(z_j)"),
                        (ETA * delta_k * A_I, "moved back along w_jk"),
                        (-ETA * delta_j * A_I, "sign is flipped")]:
        assert check_weight_change_ij(wrong, *args) is False
        assert hint in out(capsys)


def test_delta_a_matrix(capsys):
    delta, a = np.array([[0.5], [-1.0], [2.0], [0.25]]), np.array([[1.0], [2.0], [3.0]])
    assert check_delta_a_matrix(delta @ a.T, delta, a) is True
    assert out(capsys).startswith("PASS")
    assert check_delta_a_matrix(a @ delta.T, delta, a) is False
    assert "from → to" in out(capsys)
    assert check_delta_a_matrix(delta * 2, delta, a) is False
    assert "broadcast" in out(capsys)


@pytest.mark.parametrize("check", [check_weight_change_jk, check_weight_change_ij])
def test_three_neuron_checks_take_the_example(tiny, check):
    net = tiny["net"]
    with pytest.raises(TypeError, match=r"expected net.example\(x, y\), got Network"):
        check(0.1, net, ETA)
    with pytest.raises(ValueError, match=r"sizes \[1, 1, 1\]"):
        check(0.1, Network([1, 2, 1], seed=0).example([[A_I]], [[Y_K]]), ETA)
    with pytest.raises(ValueError, match="one example"):
        check(0.1, net.example([[A_I, 0.3]], [[Y_K, 0.2]]), ETA)


@pytest.mark.parametrize("odd", [np.True_, np.nan, -np.inf, 10**400, np.complex128(0.1 + 1j),
                                 "0.01", b"0.01", [0.01], np.array([[0.01, 0.02]])])
def test_weight_changes_odd_answers_fail(tiny, odd, capsys):
    ex = tiny["ex"]
    assert check_weight_change_jk(odd, ex, ETA) is False
    assert check_weight_change_ij(odd, ex, ETA) is False
    assert out(capsys).count("FAIL: the answer should be one number") == 2


@pytest.mark.parametrize("eta", [0, -0.5, np.nan, "0.5", True])
def test_a_learning_rate_that_is_not_one_is_refused(tiny, eta):
    with pytest.raises(ValueError, match="eta must be a"):
        check_weight_change_jk(0.1, tiny["ex"], eta)
    with pytest.raises(ValueError, match="eta must be a"):
        check_weight_change_ij(0.1, tiny["ex"], eta)
