"""The numbers chapter 12 (backprop by hand) prints or states in its text, checked digit by digit.

The page says them (``exercises.agree`` for the table against the engine); these
tests recompute them with the engine from the chapter's friendly network
(``by_hand.friendly_network``, x = (1.5, 0.8), y = (1, 0), η = 3) and assert them.
"""
import copy

import numpy as np
import pytest

from backprop_core import by_hand, sigmoid
from backprop_core.exercises.ch12_backprop_by_hand import Table

X, Y = np.array([by_hand.X]).T, np.array([by_hand.Y]).T


@pytest.fixture(scope="module")
def ex():
    return by_hand.friendly_example()


def test_the_network_and_example_are_the_tables():
    """'The network': the printed weights, biases, x, y and η."""
    net = by_hand.friendly_network()
    assert net.w[2].tolist() == [[-0.1, 0.7], [-0.8, 0.9]]
    assert net.b[2][:, 0].tolist() == [-0.2, -0.4]
    assert net.w[3].tolist() == [[-0.7, -0.6], [0.2, 0.4]]
    assert net.b[3][:, 0].tolist() == [-0.9, 0.2]
    assert (by_hand.X, by_hand.Y, by_hand.ETA) == ((1.5, 0.8), (1.0, 0.0), 3.0)


def test_the_worked_first_entry(ex):
    """'z^2_0 = (−0.1)(1.5) + (0.7)(0.8) + (−0.2) = 0.21'."""
    assert ex.z[2][0, 0] == pytest.approx(0.21, abs=1e-12)


def test_the_wrong_on_purpose_entry_is_wrong(ex):
    """'What the hints know': 'σ(−0.88) is 0.2932', and 0.35 is not it."""
    assert ex.z[2][1, 0] == pytest.approx(-0.88, abs=1e-12)
    assert round(ex.a[2][1, 0], 4) == 0.2932 == round(sigmoid(-0.88), 4)
    assert not Table().entry("a^2_1").close(0.35)


def test_the_table_is_the_engine(ex):
    """'So the table is also a check on the engine': the two numbers the page compares
    are equal to every digit, and 'getting 37 numbers right'."""
    table = Table()
    assert table.correct("δ^2_0") == ex.delta[2][0, 0]
    assert table.correct("∂C/∂w^3_01") == ex.nabla_w[3][0, 1]
    assert len(table.entries) == 4 * 4 + 8 + 1 + 12 == 37


def test_the_nudge_slope_of_exercise_12_2(ex):
    """'It agrees with BP4's a^2_1 δ^3_0 ≈ −0.03635 to about four figures.'"""
    assert ex.a[2][1, 0] * ex.delta[3][0, 0] == pytest.approx(ex.nabla_w[3][0, 1], rel=1e-15)
    assert round(ex.nabla_w[3][0, 1], 5) == -0.03635
    nudged = copy.deepcopy(ex.net)
    nudged.w[3][0, 1] += 0.001
    slope = (nudged.example(X, Y).cost - ex.cost) / 0.001
    assert slope == pytest.approx(ex.nabla_w[3][0, 1], rel=1e-3)     # about four figures


def test_the_step_of_exercise_12_3_lowers_the_cost(ex):
    """'The cost falls from about 0.513 to about 0.351.'"""
    stepped = copy.deepcopy(ex.net)
    for l in (2, 3):
        stepped.w[l] = ex.w[l] - by_hand.ETA * ex.nabla_w[l]
        stepped.b[l] = ex.b[l] - by_hand.ETA * ex.nabla_b[l]
    after = stepped.example(X, Y).cost
    assert round(ex.cost, 3) == 0.513 and round(after, 3) == 0.351


def test_the_classic_examples_published_numbers():
    """'The classic worked example': the network set up on the page (w1..w8 = .15 ... .55,
    b = .35, .60, x = (.05, .10), y = (.01, .99), η = .5) prints the post's total error
    0.298371109 and, after one step with the biases fixed, w5 = 0.35891648 and
    w1 = 0.149780716, to the digits published; the table's w' are those, and 33 entries."""
    from backprop_core import Network
    net = Network([2, 2, 2], activation="sigmoid", cost="quadratic")
    net.w[2] = np.array([[0.15, 0.20], [0.25, 0.30]])
    net.w[3] = np.array([[0.40, 0.45], [0.50, 0.55]])
    net.b[2] = np.array([[0.35], [0.35]])
    net.b[3] = np.array([[0.60], [0.60]])
    ex = net.example(np.array([[0.05], [0.10]]), np.array([[0.01], [0.99]]))
    w_new = {l: net.w[l] - 0.5 * ex.nabla_w[l] for l in (2, 3)}
    assert (f"{ex.cost:.9f}", f"{w_new[3][0, 0]:.8f}", f"{w_new[2][0, 0]:.9f}") == (
        "0.298371109", "0.35891648", "0.149780716")
    table = Table(ex, eta=0.5, fixed_biases=True)
    assert table.correct("w'^3_00") == w_new[3][0, 0] and len(table.entries) == 33
    assert bh_same_as_page(ex)
    # 'the w' entries differ from the w by less than 0.05'
    assert all(abs(e.scale) < 0.05 for e in table.entries if e.kind == "w_new")


def bh_same_as_page(ex):
    """by_hand.classic_example() is the network the page builds by hand."""
    other = by_hand.classic_example()
    return all(np.array_equal(getattr(other, name)[l], getattr(ex, name)[l])
               for name in ("w", "b", "z", "a") for l in (2, 3)) and other.cost == ex.cost
