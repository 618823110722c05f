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
