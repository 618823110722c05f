"""Chapter 0's gradient-step figure: steps downhill on C over two weights, for small and large η."""
import numpy as np
import pytest

from backprop_core.gradcheck import central_differences
from backprop_core.widgets.gradient_step import (ETA_MAX, ETA_MIN, MAX_STEPS, gradient_steps)


@pytest.fixture(scope="module")
def live():
    return gradient_steps()


def _shown(live):
    return {k: v for k, v in live.values.items() if k not in ("points",)}


def test_every_control_over_its_range_shows_finite_numbers(live):
    for eta in np.linspace(ETA_MIN, ETA_MAX, 7):
        live.controls["eta"].value = float(eta)
        for steps in (0, 1, MAX_STEPS // 2, MAX_STEPS):
            live.controls["steps"].value = steps
            shown = _shown(live)
            numbers = [v for v in shown.values() if isinstance(v, float)]
            assert numbers and all(np.isfinite(numbers)), shown
            assert len(live.path.get_xdata()) == steps + 1
            assert np.all(np.isfinite(live.values["points"]))
    assert live.redraws["blit"] > 0


def test_the_gradient_shown_is_the_slope_of_the_cost_shown(live):
    for eta, steps in ((0.1, 3), (0.6, 5), (1.9, 7)):
        live.controls["eta"].value, live.controls["steps"].value = eta, steps
        w = np.array([live.values["w1"], live.values["w2"]])
        assert live.cost_at(w) == live.values["C"]
        numeric = central_differences(live.cost_at, w)
        shown = np.array([live.values["g1"], live.values["g2"]])
        np.testing.assert_allclose(shown, numeric, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose([live.values["s1"], live.values["s2"]], eta * shown)


def test_a_small_eta_lowers_the_cost_and_a_large_one_does_not(live):
    live.controls["steps"].value = 10
    live.controls["eta"].value = 0.1
    small = live.values["C"]
    assert small < live.values["C0"]
    live.controls["eta"].value = 1.0
    assert live.values["C"] < small              # a better η gets further in 10 steps
    live.controls["eta"].value = ETA_MAX
    assert live.values["C"] > live.values["C0"]  # too large: every step overshoots further
    # each step of the too-large η lands higher than the one before
    costs = [live.cost_at(w) for w in live.values["points"]]
    assert all(b > a for a, b in zip(costs[1:], costs[2:]))


@pytest.mark.parametrize("kwargs,error,match", [
    ({"eta": 0.0}, ValueError, "eta"), ({"eta": 3.0}, ValueError, "eta"),
    ({"eta": "fast"}, TypeError, "eta"), ({"eta": float("nan")}, ValueError, "eta"),
    ({"steps": -1}, ValueError, "steps"), ({"steps": MAX_STEPS + 1}, ValueError, "steps"),
    ({"steps": 2.5}, TypeError, "steps"), ({"start": (0.0,)}, TypeError, "start"),
    ({"start": "ab"}, TypeError, "start"), ({"start": (9.0, 0.0)}, ValueError, "start"),
    ({"start": (0.0, float("inf"))}, ValueError, "start")])
def test_bad_arguments_get_a_message_naming_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        gradient_steps(**kwargs)
