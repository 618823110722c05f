"""Drive the softmax-overflow figure headless: its readout against plain formulas,
the slider moved across the point where e^z overflows."""
import math

import numpy as np
import pytest

from backprop_core.widgets import fmt
from backprop_core.widgets.overflow import EXP_MAX, overflow_numbers, softmax_overflow


def by_hand(t):
    """The stable numbers for z = (t, 0, −1), y = (0, 1, 0), with math only."""
    total = 1.0 + math.exp(-t) + math.exp(-1.0 - t)            # Σ_k e^(z_k − t)
    a1, a2 = 1.0 / total, math.exp(-t) / total
    return {"stable_a1": a1, "stable_cost": t + math.log(total), "fused_delta": a2 - 1.0}


@pytest.mark.parametrize("t", [0.0, 3.0, 100.0, 700.0, 705.0, 715.0, 800.0, 1000.0])
def test_readout_follows_the_slider(t):
    live = softmax_overflow(z_top=0.0)
    live.controls["z_top"].value = t
    v = live.values
    for name, value in by_hand(t).items():
        assert v[name] == pytest.approx(value, rel=1e-12, abs=1e-300), name
        assert f'data-name="{name}">{fmt(value)}<' in live.readout.value
    finite = bool(t < EXP_MAX)
    assert math.isfinite(v["naive_a1"]) is finite and math.isfinite(v["naive_cost"]) is finite
    assert math.isfinite(v["unfused_delta"]) is finite
    if finite:
        assert v["naive_cost"] == pytest.approx(v["stable_cost"], rel=1e-9)
        assert v["unfused_delta"] == pytest.approx(v["fused_delta"], rel=1e-9, abs=1e-12)
    else:
        assert 'data-name="naive_a1">nan<' in live.readout.value
    x, y = live.dot.get_data()
    assert x[0] == t and y[0] == v["stable_cost"]


def test_the_curves_are_arrays_like_the_grid_and_the_stable_ones_are_finite():
    grid = np.linspace(0, 1000, 11)
    found = overflow_numbers(grid)
    assert all(v.shape == grid.shape for v in found.values())
    assert np.all(np.isfinite(found["stable_cost"])) and np.all(np.isfinite(found["fused_delta"]))
    assert np.array_equal(np.isfinite(found["naive_cost"]), grid < EXP_MAX)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="z_top"):
        softmax_overflow(z_top=2000.0)
    with pytest.raises(TypeError, match="z_top"):
        softmax_overflow(z_top="big")
    with pytest.raises(ValueError, match="z_max"):
        softmax_overflow(z_max=-1.0)
