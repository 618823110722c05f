"""Chapter 12 checks: a right answer passes, the usual wrong answers fail with
their own hint, and anything a reader can type gets a verdict."""
import copy

import numpy as np
import pytest

from backprop_core import by_hand as bh
from backprop_core.exercises.ch12_backprop_by_hand import (check_cost_after_step,
                                                           check_entry_count,
                                                           check_nudge_slope, entry_count)

CHECKS = [check_entry_count, check_nudge_slope, check_cost_after_step]


def out(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize("check", CHECKS)
def test_unanswered(check, capsys):
    assert check(...) is None
    assert "Your turn" in out(capsys)


ODD = [np.nan, np.inf, 10**400, True, "abc", b"1", 1j, [1, 2], [[1], [2, 3]], None, object(),
       print, np.array([1.0, 2.0])]


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("answer", ODD, ids=lambda a: type(a).__name__)
def test_an_odd_answer_gets_a_verdict(check, answer, capsys):
    assert check(answer) is False
    said = out(capsys)
    assert said.startswith("FAIL: ") and len(said) > 12


def test_entry_count(capsys):
    # counted here by hand: 5 neurons × (z, a, δ, ∂C/∂b, b') + 12 weights × (∂C/∂w, w') + C
    assert entry_count((2, 3, 2)) == 5 * 5 + 12 * 2 + 1 == 50
    assert entry_count((2, 2, 2)) == len(bh.Table().entries) == 37
    assert check_entry_count(50) is True and out(capsys).startswith("PASS")
    for wrong, hint in ((33, "left out the update"), (49, "left out the cost"),
                        (45, "entry of its own"), (58, "input layer"), (7, "count per neuron")):
        assert check_entry_count(wrong) is False
        assert hint in out(capsys)
    assert check_entry_count(3 * 5 + 4 * 2 + 1, sizes=(1, 2, 1)) is True      # 24
    assert check_entry_count(12, sizes=(1, 2, 1)) is False


def _slope(eps=1e-3, j=0, k=1):
    ex = bh.friendly_example()
    other = copy.deepcopy(ex.net)
    other.w[3][j, k] += eps
    return (other.example(ex.x, ex.y).cost - ex.cost) / eps, ex


def test_nudge_slope(capsys):
    slope, ex = _slope()
    assert slope == pytest.approx(ex.nabla_w[3][0, 1], rel=1e-2)
    assert check_nudge_slope(slope) is True and out(capsys).startswith("PASS")
    assert check_nudge_slope(ex.nabla_w[3][0, 1]) is True
    out(capsys)
    for wrong, hint in ((slope * 1e-3, "ΔC itself"), (-slope, "sign is flipped"),
                        (ex.nabla_w[3][1, 0], "∂C/∂w^3_10"), (1.0, "nudge net.w[3][0, 1]")):
        assert check_nudge_slope(wrong) is False
        assert hint in out(capsys)


def test_cost_after_step(capsys):
    net = bh.friendly_network()
    x, y = np.array([bh.X]).T, np.array([bh.Y]).T
    before = net.example(x, y).cost
    ex = net.example(x, y)
    for l in (2, 3):                      # the step written out, separately from the engine's
        net.w[l] = net.w[l] - bh.ETA * ex.nabla_w[l]
        net.b[l] = net.b[l] - bh.ETA * ex.nabla_b[l]
    after = net.example(x, y).cost
    assert after < before
    assert check_cost_after_step(after) is True and out(capsys).startswith("PASS")
    assert check_cost_after_step(round(after, 4)) is True
    out(capsys)
    assert check_cost_after_step(before) is False and "before the step" in out(capsys)
    assert check_cost_after_step(0.0) is False and "in a copy" in out(capsys)
