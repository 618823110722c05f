"""Chapter 2's cost figure: C_x sees only its own output, C is the mean of the C_x."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.widgets.cost import cost_assumptions


def _data():
    rng = np.random.default_rng(1)
    net = Network([3, 4, 2], seed=0)
    X, Y = rng.uniform(0, 1, (3, 5)), rng.uniform(0, 1, (2, 5))
    return net, X, Y


def test_dragging_one_output_moves_only_its_bar_and_the_mean_by_a_fifth():
    net, X, Y = _data()
    live = cost_assumptions(net.feedforward(X), Y)
    assert live.values["C"] == pytest.approx(net.cost(X, Y), rel=1e-12)
    live.controls["i"].value = 2
    before = [b.get_height() for b in live.bars_artist]
    C_before = live.values["C"]
    for a0 in (0.0, 0.37, 1.0):
        live.controls["a0"].value = a0
        after = [b.get_height() for b in live.bars_artist]
        assert [b for k, b in enumerate(after) if k != 2] == [b for k, b in enumerate(before) if k != 2]
        assert after[2] == pytest.approx(0.5 * ((a0 - Y[0, 2]) ** 2 + (live.A[1, 2] - Y[1, 2]) ** 2))
        assert live.values["C"] - C_before == pytest.approx((after[2] - before[2]) / 5, abs=1e-12)
        assert live.mean_line.get_ydata()[0] == live.values["C"]
    assert live.redraws["blit"] >= 3


def test_choosing_an_example_shows_its_outputs_on_the_sliders():
    net, X, Y = _data()
    A = net.feedforward(X)
    live = cost_assumptions(A, Y)
    for i in range(5):
        live.controls["i"].value = i
        assert live.controls["a0"].value == pytest.approx(A[0, i], abs=0.005)
        assert live.controls["a1"].value == pytest.approx(A[1, i], abs=0.005)
    for name in ("a0", "a1"):
        for v in np.linspace(0, 1, 11):
            live.controls[name].value = v
            assert 0 <= live.values["C_x"] <= 1


@pytest.mark.parametrize("A,Y,match", [(np.ones((3, 2)), np.ones((2, 2)), "outputs A"),
                                        (np.ones((2, 2)), np.ones((2, 3)), "same shape"),
                                        (np.full((2, 2), 1.5), np.ones((2, 2)), r"\[0, 1\]"),
                                        (np.full((2, 2), np.nan), np.ones((2, 2)), "NaN")])
def test_bad_data_gets_a_clear_message(A, Y, match):
    with pytest.raises(ValueError, match=match):
        cost_assumptions(A, Y)
