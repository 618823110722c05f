"""Drive the memory explorer headless: every control value drawn, the readout is the core's count."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.memory import checkpointed_backprop, checkpoints, plain_arrays
from backprop_core.widgets import fmt
from backprop_core.widgets.memory import MAX_BATCH, MAX_DEPTH, memory_explorer


def _check_shown(live):
    v, c = live.values, live.controls
    L = c["depth"].value
    assert v["L"] == L and 1 <= c["k"].value <= c["k"].max == L
    rows = live.strip.get_array()
    assert rows.shape == (2, L)
    kept = set(checkpoints(L, c["k"].value))
    assert [l + 1 for l in range(L) if rows[0, l] == 0] == sorted(kept)
    assert all(rows[1, l] == 2 for l in range(L) if l + 1 not in kept)
    assert live.ax.get_xlim() == (0.5, L + 0.5)
    assert v["peak"] <= v["plain"] == plain_arrays(L) and 0 <= v["extra_passes"] < 1
    assert v["peak_bytes"] == v["peak"] * 32 * c["batch"].value * 8
    assert f'data-name="peak">{fmt(v["peak"])}<' in live.readout.value


def test_readout_is_the_core():
    live = memory_explorer()
    c = live.controls
    c["depth"].value, c["batch"].value, c["k"].value = 20, 10, 5
    rng = np.random.default_rng(0)
    x, y = rng.random((32, 10)), rng.random((32, 10))
    tally = checkpointed_backprop(Network([32] * 20, seed=0), x, y, 5)[2]
    assert live.values["peak"] == tally.peak and live.values["extra"] == tally.evaluations - 19
    assert live.values["checkpoints"] == len(checkpoints(20, 5))


def test_every_control_value_is_drawn():
    live = memory_explorer(width=4)
    c = live.controls
    assert (c["depth"].min, c["depth"].max, c["batch"].min, c["batch"].max) == (3, MAX_DEPTH, 1, MAX_BATCH)
    for L in range(3, MAX_DEPTH + 1):            # every (L, k), computed and drawn without a redraw
        with live.quietly():
            c["depth"].value = L
            c["k"].max = L
        for k in range(1, L + 1):
            with live.quietly():
                c["k"].value = k
            live.values = live.compute()
            live.draw(live.values)
            _check_shown_small(live)
    for L, k, m in ((3, 1, 1), (3, 3, MAX_BATCH), (17, 4, 100), (MAX_DEPTH, MAX_DEPTH, 2)):
        c["depth"].value, c["k"].value, c["batch"].value = L, k, m     # through the controls
        _check_shown_small(live)
        live.figure.canvas.draw()


def _check_shown_small(live):
    v, L = live.values, live.controls["depth"].value
    assert v["L"] == L and live.strip.get_array().shape == (2, L) and v["peak"] <= v["plain"]
    assert v["peak_bytes"] == v["peak"] * 4 * live.controls["batch"].value * 8


def test_k_follows_the_depth():
    live = memory_explorer(depth=30, k=25)
    live.controls["depth"].value = 10
    _check_shown(live)
    assert live.controls["k"].value == 10
    live.controls["depth"].value = 40
    _check_shown(live)
    live.controls["k"].value = 40
    _check_shown(live)
    live.controls["batch"].value = 1
    _check_shown(live)


@pytest.mark.parametrize("kw, match", [
    ({"depth": 2}, "depth must be an integer in 3..40"),
    ({"depth": 41}, "depth must be"),
    ({"batch": 0}, "batch must be"),
    ({"k": 17}, "k must be an integer in 1..16"),
    ({"k": 1.5}, "k must be"),
    ({"width": 0}, "width must be"),
    ({"seed": -1}, "seed"),
])
def test_bad_arguments(kw, match):
    with pytest.raises((TypeError, ValueError), match=match):
        memory_explorer(**kw)
