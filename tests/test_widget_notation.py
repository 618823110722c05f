"""Drive the weight finder headless: readout, matrix and drawing all name w^l_jk."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.drawing import neuron_position
from backprop_core.widgets import fmt
from backprop_core.widgets.notation import weight_finder

SIZES = (4, 5, 3, 2)
SHAPES = {2: (5, 4), 3: (3, 5), 4: (2, 3)}          # w^l is n_l × n_{l-1}


def span(name, value):
    return f'data-name="{name}">{fmt(value)}<'


def corners(n):
    return sorted({0, n // 2, n - 1})


def test_every_layer_and_extreme_index():
    live = weight_finder(SIZES, seed=3)
    # The artists are still moved by draw(); only the Agg rasterizing of each of
    # the ~80 steps is skipped (test_renders_at_the_extremes rasterizes).
    live.figure.canvas.draw_idle = lambda: None
    net = Network(list(SIZES), seed=3)            # the same weights, built independently
    for l in (2, 4, 3, 2, 4):                       # extremes first, and back again
        live.controls["l"].value = l
        w = net.w[l]
        assert w.shape == SHAPES[l]
        assert live.controls["j"].max == w.shape[0] - 1
        assert live.controls["k"].max == w.shape[1] - 1
        for j in corners(w.shape[0]):
            for k in corners(w.shape[1]):
                live.controls["j"].value = j
                live.controls["k"].value = k
                assert live.values["w"] == w[j, k]
                out = live.readout.value
                for name, value in (("l", l), ("j", j), ("k", k), ("w", w[j, k]),
                                    ("rows", w.shape[0]), ("cols", w.shape[1])):
                    assert span(name, value) in out
                matrix = live.matrix.value
                for r, c in np.ndindex(w.shape):
                    assert span(f"w[{r},{c}]", w[r, c]) in matrix
                assert matrix.count("font-weight:bold") == 1
                assert f'font-weight:bold"><span class="bp-value" data-name="w[{j},{k}]"' in matrix
                (x0, x1), (y0, y1) = live.art.highlight.get_data()
                assert (x0, y0) == neuron_position(SIZES, l - 1, k)
                assert (x1, y1) == neuron_position(SIZES, l, j)
                assert live.label.get_text() == f"$w^{{{l}}}_{{{j}{k}}}$"


def test_renders_at_the_extremes():
    live = weight_finder(SIZES, seed=3)
    for l, j, k in ((2, 0, 0), (4, 1, 2), (2, 4, 3)):
        live.controls["l"].value = l
        live.controls["j"].value = j
        live.controls["k"].value = k
        live.figure.canvas.draw()
        assert live.label.get_window_extent().width > 0


def test_changing_l_clamps_j_and_k_without_errors():
    live = weight_finder((2, 6, 1), seed=0)
    live.controls["l"].value = 2
    live.controls["j"].value = 5
    live.controls["k"].value = 1
    live.controls["l"].value = 3                   # layer 3 has 1 neuron, layer 2 has 6
    assert live.controls["j"].value == 0 and live.controls["j"].max == 0
    assert live.controls["k"].max == 5 and live.controls["k"].value == 1
    assert live.values["w"] == live.net.w[3][0, 1]


def test_bad_sizes_rejected():
    with pytest.raises(ValueError, match="too big"):
        weight_finder((3, 20, 2))
    with pytest.raises(ValueError, match="sizes"):
        weight_finder((3,))


def test_every_weight_is_drawn_highlighted_and_coloured_by_its_sign():
    """What chapter 1 once checked in the page: for every w^l_jk, the highlight runs
    from neuron k of layer l−1 to neuron j of layer l, the matrix cell and the readout
    show it, and its line is blue for w ≥ 0 and orange below."""
    live = weight_finder((3, 4, 2), seed=0)
    live.figure.canvas.draw_idle = lambda: None
    net = Network([3, 4, 2], seed=0)
    checked = 0
    for l in (2, 3):
        live.controls["l"].value = l
        rows, columns = net.w[l].shape
        for j in range(rows):
            for k in range(columns):
                live.controls["j"].value, live.controls["k"].value = j, k
                (x0, x1), (y0, y1) = live.art.highlight.get_data()
                assert (x0, y0) == live.art.positions[(l - 1, k)]
                assert (x1, y1) == live.art.positions[(l, j)]
                assert live.values["w"] == net.w[l][j, k]
                assert f'font-weight:bold"><span class="bp-value" data-name="w[{j},{k}]"' \
                    in live.matrix.value
                colour = "tab:blue" if net.w[l][j, k] >= 0 else "tab:orange"
                assert live.art.edges[(l, j, k)].get_color() == colour
                assert (live.values["rows"], live.values["cols"]) == net.w[l].shape
                checked += 1
    assert checked == 4 * 3 + 2 * 4
