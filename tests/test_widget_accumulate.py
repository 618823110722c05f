"""Chapter 15's "gradients add up" figure, driven through every control.

The buttons run C1.backward(), C2.backward() and zero_grad([w, b]) on the
figure's Values; the readout's grads are checked against central differences
of the two losses written with plain floats, and against sums of them.
"""
import math

import pytest

from backprop_core.gradcheck import central_differences
from backprop_core.widgets import accumulate as acc
from backprop_core.widgets.accumulate import accumulate_grads


def _c1(w, b):
    return (1 / (1 + math.exp(-(1.5 * w + b)))) ** 2


def _c2(w, b):
    return math.tanh(-0.4 * w + b) * w


def _fd(f, w, b=acc.B):
    """(∂f/∂w, ∂f/∂b) by central differences."""
    return (central_differences(lambda t: f(t, b), w), central_differences(lambda t: f(w, t), b))


def _expected(calls, w):
    """Σ over the calls of each loss's finite-difference gradient."""
    parts = {"C1": _fd(_c1, w), "C2": _fd(_c2, w)}
    return tuple(sum(parts[c][i] for c in calls) for i in (0, 1))


def _close(a, b):
    return a == pytest.approx(b, rel=1e-7, abs=1e-9)


def test_the_partials_shown_are_finite_differences_and_the_sum_is_their_sum():
    g = accumulate_grads(w=0.7)
    for w in (0.7, -1.5, 0.0, 1.5):
        g.controls["w"].value = w
        v = g.values
        d1, d2 = _fd(_c1, w), _fd(_c2, w)
        assert _close(v["dC1_dw"], d1[0]) and _close(v["dC1_db"], d1[1])
        assert _close(v["dC2_dw"], d2[0]) and _close(v["dC2_db"], d2[1])
        fsum = _fd(lambda a, b: _c1(a, b) + _c2(a, b), w)
        assert _close(v["dsum_dw"], fsum[0]) and _close(v["dsum_db"], fsum[1])
        assert abs(v["dsum_dw"] - v["dC1_dw"] - v["dC2_dw"]) < 1e-14


def test_backward_twice_without_zeroing_gives_the_sum_and_zero_grad_resets():
    g = accumulate_grads(w=0.7)
    v = g.values
    assert (v["w_grad"], v["b_grad"], v["calls"]) == (0.0, 0.0, "none")
    g.controls["C1"].click()
    assert _close(g.values["w_grad"], _fd(_c1, 0.7)[0])
    assert g.values["w_grad"] == g.values["dC1_dw"]
    g.controls["C2"].click()
    v = g.values
    assert v["calls"] == "C1.backward(), C2.backward()"
    assert _close(v["w_grad"], _expected(["C1", "C2"], 0.7)[0])
    assert _close(v["b_grad"], _expected(["C1", "C2"], 0.7)[1])
    assert abs(v["w_grad"] - v["dsum_dw"]) < 1e-14 and abs(v["b_grad"] - v["dsum_db"]) < 1e-14
    g.controls["C1"].click()                         # C1 a second time: its part twice
    assert _close(g.values["w_grad"], _expected(["C1", "C2", "C1"], 0.7)[0])
    g.controls["zero"].click()
    assert (g.values["w_grad"], g.values["b_grad"], g.values["calls"]) == (0.0, 0.0, "none")
    assert not any(p.get_visible() for row in g.pieces.values() for p in row)
    g.controls["C2"].click()
    assert _close(g.values["b_grad"], _fd(_c2, 0.7)[1])


def test_moving_w_runs_the_same_calls_at_the_new_w():
    g = accumulate_grads(w=0.7, calls=["C1", "C2", "C2"])
    for w in (-1.5, -0.35, 0.0, 1.1, 1.5):
        g.controls["w"].value = w
        v = g.values
        assert v["w"] == w and v["calls"].count("backward") == 3
        expected = _expected(["C1", "C2", "C2"], w)
        assert _close(v["w_grad"], expected[0]) and _close(v["b_grad"], expected[1])


def test_the_staircase_ends_at_the_grads_and_stays_on_the_axis():
    g = accumulate_grads(w=0.7)
    for w in (-acc.W_MAX, acc.W_MAX):           # the slider's ends: the largest parts
        g.controls["zero"].click()
        g.controls["w"].value = float(w)
        for _ in range(acc.MAX_CALLS):               # the worst: one loss every time
            g.controls["C2" if w > 0 else "C1"].click()
            lo, hi = g.ax.get_xlim()
            for row, grad in ((1, g.values["w_grad"]), (0, g.values["b_grad"])):
                end = g.ends[row].get_xdata()[0]
                assert abs(end - grad) < 1e-12 and lo < end < hi
                shown = [p for p in g.pieces[row] if p.get_visible()]
                assert len(shown) == len(g.calls)
                for p in shown:
                    assert lo < p.get_x() < hi and lo < p.get_x() + p.get_width() < hi
        lo, hi = g.ax.get_xlim()
        assert hi > acc.MAX_CALLS * max(abs(g.values[k]) for k in ("dC1_dw", "dC2_dw",
                                                                   "dC1_db", "dC2_db"))


def test_the_buttons_stop_at_the_most_the_bars_hold():
    g = accumulate_grads(w=-0.4)
    for _ in range(acc.MAX_CALLS):
        g.controls["C1"].click()
    assert g.controls["C1"].disabled and g.controls["C2"].disabled
    before = g.values["w_grad"]
    g.controls["C2"].click()                         # a click that reaches it anyway
    assert g.values["w_grad"] == before and len(g.calls) == acc.MAX_CALLS
    assert "zero_grad next" in g.values["calls"]
    g.controls["zero"].click()
    assert not g.controls["C1"].disabled and not g.controls["C2"].disabled


def test_the_readout_names_the_books_symbols():
    g = accumulate_grads(calls=["C1"])
    html = g.readout.value
    for name in ("w_grad", "b_grad", "dC1_dw", "dC2_dw", "dsum_dw", "calls"):
        assert f'data-name="{name}"' in html
    assert "<i>C</i><sub>1</sub>" in html and "<i>w</i>.grad" in html


@pytest.mark.parametrize("kwargs, words", [
    (dict(w=1.6), "slider"), (dict(w="1"), "w"), (dict(w=float("nan")), "w"),
    (dict(calls=["C3"]), "calls"), (dict(calls=["C1"] * 5), "calls"),
])
def test_bad_arguments_are_refused(kwargs, words):
    with pytest.raises((TypeError, ValueError), match=words):
        accumulate_grads(**kwargs)
