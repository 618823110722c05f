"""Checks given the extreme values a reader can pass beside the answer still give a
verdict (issue 21): a zero ε, a weight of 1e308, a backprop whose numbers float() refuses."""
import numpy as np
import pytest

from backprop_core.exercises.ch12_backprop_by_hand import check_nudge_slope
from backprop_core.exercises.ch13_debugging_backprop import check_fix
from backprop_core.exercises.ch14_vanishing_gradients import check_factor
from backprop_core.layers import Layers


def verdict(capsys):
    out = capsys.readouterr().out
    assert out.startswith(("PASS", "FAIL")), out
    return out


@pytest.mark.parametrize("eps", [0, 0.0, -0.0, float("nan"), float("inf"), "1e-3", None, True, 1j])
def test_a_nudge_of_no_size_or_not_a_number_gets_a_verdict(eps, capsys):
    assert check_nudge_slope(0.1, eps=eps) is False
    assert "ε" in verdict(capsys)


def test_a_usable_nudge_still_passes(capsys):
    from backprop_core import by_hand
    ex = by_hand.friendly_example()
    assert check_nudge_slope(ex.nabla_w[3][0, 1], eps=np.float32(1e-3)) is True


@pytest.mark.parametrize("w, z", [(1e308, 0.0), (-1e308, 0.0), (1e200, 0.0), (1e308, 1e308)])
def test_a_huge_weight_gets_a_verdict(w, z, capsys):
    check_factor(0.5, w=w, z=z)
    verdict(capsys)
    check_factor(w * 0.25 if z == 0 else 0.0, w=w, z=z)
    verdict(capsys)


class Stubborn:
    """A number-like object whose float() raises what no one expects."""

    def __float__(self):
        raise RuntimeError("no float for you")


def test_a_backprop_returning_values_float_refuses_gets_a_verdict(capsys):
    def candidate(net, x, y):
        nb = Layers([np.zeros(b.shape) for b in net.biases], 2, "nabla_b^l")
        nw = Layers([np.zeros(w.shape) for w in net.weights], 2, "nabla_w^l")
        stubborn = np.empty(net.b[2].shape, dtype=object)
        stubborn.fill(Stubborn())
        return Layers([stubborn, *list(nb)[1:]], 2, "nabla_b^l"), nw

    assert check_fix(candidate) is False
    assert "still broken" in verdict(capsys)
