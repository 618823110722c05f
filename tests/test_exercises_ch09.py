import numpy as np
import pytest

from backprop_core import Network
from backprop_core.exercises.ch09_big_picture import (check_last_layer_gradient,
                                                      check_path_count)


def _out(capsys):
    return capsys.readouterr().out


def test_path_count_right(capsys):
    assert check_path_count(6 * 3 * 2) is True
    assert _out(capsys).startswith("PASS")
    assert check_path_count(3 * 2, sizes=(2, 3, 3, 2), l=2) is True


@pytest.mark.parametrize("wrong, hint", [
    (6 + 3 + 2, "added the layer widths"),
    (5 * 6 * 3 * 2, "starts at a^l_j"),
    (4 * 5 + 5 * 6 + 6 * 3 + 3 * 2, "number of weights"),
    (7, "multiply the numbers of choices"),
])
def test_path_count_wrong(capsys, wrong, hint):
    assert check_path_count(wrong) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out


def test_path_count_unanswered(capsys):
    assert check_path_count(...) is None
    assert "Your turn" in _out(capsys)


@pytest.fixture
def case():
    net = Network([2, 3, 2], seed=7)
    x, y = np.array([[0.5], [-0.2]]), np.array([[1.0], [0.0]])
    return net.example(x, y)


def test_last_layer_right(case, capsys):
    net, x, y = case.net, case.x, case.y
    z, a = net.forward_pass(x)
    by_hand = (a[3][1, 0] - y[1, 0]) * net.sigma(3).prime(z[3])[1, 0] * a[2][2, 0]
    assert by_hand == pytest.approx(net.backprop(x, y)[1][3][1, 2], rel=1e-12)
    assert check_last_layer_gradient(by_hand, case, 1, 2) is True
    assert _out(capsys).startswith("PASS")


@pytest.mark.parametrize("mistake, hint", [
    ("no_prime", "left out σ′(z^L_j)"),
    ("no_input", "left out a^{L−1}_k"),
    ("sign", "sign is flipped"),
    ("no_cost", "last factor"),
    ("other", "multiply the three rate factors"),
])
def test_last_layer_wrong(case, capsys, mistake, hint):
    net, x, y = case.net, case.x, case.y
    z, a = net.forward_pass(x)
    dC, sp, ak = a[3][1, 0] - y[1, 0], net.sigma(3).prime(z[3])[1, 0], a[2][2, 0]
    wrong = {"no_prime": dC * ak, "no_input": dC * sp, "sign": -dC * sp * ak,
             "no_cost": sp * ak, "other": 0.123}[mistake]
    assert check_last_layer_gradient(wrong, case, 1, 2) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out


def test_last_layer_unanswered(case, capsys):
    assert check_last_layer_gradient(..., case, 0, 0) is None
    assert "Your turn" in _out(capsys)


def test_last_layer_bad_input(case):
    net = case.net
    with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got Network"):
        check_last_layer_gradient(0.0, net, 0, 0)
    with pytest.raises(ValueError, match="one example"):
        check_last_layer_gradient(0.0, net.example(np.zeros((2, 2)), np.zeros((2, 2))), 0, 0)
    with pytest.raises(ValueError, match=r"neuron k of layer 2=3 is out of range"):
        check_last_layer_gradient(0.0, case, 0, 3)


def test_the_chapters_solution_to_9_2_passes(capsys):
    # Exercise 9.2: the chapter's network and example, w^4_10
    from backprop_core.widgets.paths import example_network
    net, x, y = example_network()
    ex = net.example(x, y)
    z, a = net.forward_pass(x)
    solution = net.sigma(4).prime(z[4])[1, 0] * a[3][0, 0] * (a[4][1, 0] - y[1, 0])
    assert check_last_layer_gradient(solution, ex, j=1, k=0) is True
    assert _out(capsys).startswith("PASS")
