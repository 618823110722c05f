"""Drive the path explorer headless: every shown number equals the core's own computation."""
import math

import numpy as np
import pytest

from backprop_core import Network
from backprop_core.paths import count_paths, edge_flows, enumerate_paths, largest
from backprop_core.widgets import fmt
from backprop_core.widgets.paths import MAX_WIDTH, example_network, path_explorer
from backprop_core.widgets.symbols import symbol_html


def shown(live, name):
    return f'data-name="{name}">{fmt(live.values[name])}<'


def _cost_after(net, x, y, l, j, k, dw):
    """C_x with w^l_jk moved by dw, on a copy (independent of the widget)."""
    other = Network(net.sizes, seed=0)
    other.weights = [w.copy() for w in net.weights]
    other.biases = [b.copy() for b in net.biases]
    other.w[l][j, k] += dw
    return other.cost(x, y)


@pytest.mark.parametrize("via", ["a", "z"])
@pytest.mark.parametrize("dw", [-2.0, 0.35, 2.0])
def test_every_weight_and_extreme_dw(via, dw):
    live = path_explorer()
    net, x, y = live.net, live.x, live.y
    live.controls["via"].value = via
    live.controls["dw"].value = dw
    for l in range(2, net.num_layers + 1):
        live.controls["l"].value = l
        n_l, n_before = net.w[l].shape
        assert live.controls["j"].options == tuple(range(n_l))
        assert live.controls["k"].options == tuple(range(n_before))
        for j in live.controls["j"].options:
            for k in live.controls["k"].options:
                live.controls["j"].value, live.controls["k"].value = j, k
                v = live.values
                assert (v["l"], v["j"], v["k"], v["via"]) == (l, j, k, via)
                gradient = net.backprop(x, y)[1][l][j, k]
                assert v["backprop"] == gradient
                assert v["path_sum"] == pytest.approx(gradient, rel=1e-9, abs=1e-15)
                assert v["n_paths"] == count_paths(net.sizes, l) == math.prod(
                    net.w[i].shape[0] for i in range(l + 1, net.L + 1))
                assert v["w"] == net.w[l][j, k]
                assert v["dC_actual"] == pytest.approx(
                    _cost_after(net, x, y, l, j, k, dw) - net.cost(x, y), rel=1e-12, abs=1e-15)
                assert v["dC_predicted"] == pytest.approx(gradient * dw, rel=1e-9, abs=1e-15)
                for name in ("w", "n_paths", "path_sum", "backprop", "dw",
                             "dC_actual", "dC_predicted"):
                    assert shown(live, name) in live.readout.value
                assert f'data-name="weight">{symbol_html(f"w^{l}_{j}{k}")}<' in live.readout.value


def test_the_weight_is_left_unchanged():
    live = path_explorer()
    before = [w.copy() for w in live.net.weights]
    live.controls["dw"].value = 1.7
    assert all(np.array_equal(a, b) for a, b in zip(before, live.net.weights))


def test_one_example_made_again_only_when_net_x_or_y_is_replaced():
    live = path_explorer(l=3, j=1, k=2)
    ex = live.ex
    for name, value in (("dw", 0.3), ("via", "z"), ("l", 2), ("j", 2), ("k", 1)):
        live.controls[name].value = value
        assert live.ex is ex                      # the controls never recompute the example
    live.x = live.x * 0.5
    assert live.ex is not ex and np.array_equal(live.ex.x, live.x)
    live.update()
    net, x, y = live.net, live.x, live.y
    assert live.values["backprop"] == net.backprop(x, y)[1][2][2, 1]
    assert live.values["dC_actual"] == pytest.approx(
        _cost_after(net, x, y, 2, 2, 1, 0.3) - net.cost(x, y), rel=1e-12, abs=1e-15)
    ex = live.ex
    live.y = 1 - live.y
    assert live.ex is not ex and np.array_equal(live.ex.y, live.y)
    ex = live.ex
    other, _, _ = example_network(seed=5)
    live.net = other
    assert live.ex is not ex and live.ex.net is other
    live.update()
    assert live.values["backprop"] == other.backprop(live.x, live.y)[1][2][2, 1]


def test_cost_after_is_the_network_with_the_weight_moved():
    live = path_explorer()
    net, x, y = live.net, live.x, live.y
    for l, j, k in ((2, 0, 1), (3, 2, 0), (4, 1, 2)):
        for dw in (-1.3, 0.0, 0.01, 2.0):
            assert live.cost_after(l, j, k, dw) == pytest.approx(
                _cost_after(net, x, y, l, j, k, dw), rel=1e-13, abs=1e-16)
    assert live.cost_after(3, 1, 1, 0.0) == net.cost(x, y)


def test_table_lists_the_largest_paths_with_their_rates():
    net, x, y = example_network()
    live = path_explorer(net, x, y, l=2, j=1, k=0, top=4)
    expected = largest(enumerate_paths(net.example(x, y), 2, 1, 0), 4)
    z, a = net.forward_pass(x)
    L = net.L
    for rank, p in enumerate(expected, start=1):
        # an independent product of the book's factors for this path
        nodes = p.nodes
        rate = net.sigma(2).prime(z[2])[1, 0] * a[1][0, 0]
        for (i0, p0), (i1, q1) in zip(nodes[:-1], nodes[1:]):
            rate *= net.sigma(i1).prime(z[i1])[q1, 0] * net.w[i1][q1, p0]
        rate *= (a[L] - y)[nodes[-1][1], 0]        # the last node is (L, m)
        assert live.values[f"rate_{rank}"] == pytest.approx(rate, rel=1e-12)
        assert f'data-name="rate_{rank}">{fmt(live.values[f"rate_{rank}"])}<' in live.readout.value
        assert f'data-name="path_{rank}">{symbol_html(p.label())}<' in live.readout.value
    assert "rate_5" not in live.values
    live.controls["l"].value = 4            # one path only
    assert live.values["n_paths"] == 1 and "rate_2" not in live.values
    assert live.readout.value.count('data-name="rate_') == 1


def test_edge_widths_follow_the_path_rates():
    live = path_explorer(l=2, j=0, k=1)
    flows = edge_flows(enumerate_paths(live.net.example(live.x, live.y), 2, 0, 1))
    biggest = max(flows.values())
    for key in live.lines:
        expected = MAX_WIDTH * flows[key] / biggest if key in flows else 0.0
        assert live.width(key) == pytest.approx(expected)
    assert live.width((2, 1, 3, 0)) == 0.0          # a path never leaves neuron 1 of layer 2
    (x0, x1), (y0, y1) = live.art.highlight.get_data()[0], live.art.highlight.get_data()[1]
    assert (x0, y0) == live.art.positions[(1, 1)] and (x1, y1) == live.art.positions[(2, 0)]
    live.controls["l"].value = 3
    assert live.width((2, 0, 3, 0)) == 0.0          # nothing before layer l is a path now
    assert max(live.width(key) for key in live.lines) == pytest.approx(MAX_WIDTH)


def test_j_and_k_follow_l_keeping_valid_choices():
    live = path_explorer(net=Network([2, 4, 3, 2], seed=1), x=np.ones((2, 1)),
                         y=np.zeros((2, 1)), l=2, j=3, k=1)
    live.controls["l"].value = 3            # j = 3 no longer exists in layer 3 (0..2)
    assert live.controls["j"].value == 0 and live.controls["k"].value == 1
    assert live.values["weight"] == "w^3_01"
    live.controls["l"].value = 4
    assert live.controls["k"].options == (0, 1, 2)


@pytest.mark.parametrize("kwargs, match", [
    ({"l": 5}, r"layer l=5 is out of range"),
    ({"j": 3}, r"neuron j of layer 2=3 is out of range"),
    ({"via": "w"}, "via must be 'a'"),
    ({"dw": 3.0}, r"dw must be a number in \[-2, 2\]"),
    ({"dw_max": 0}, "dw_max must be a positive finite number"),
    ({"top": 0}, "top must be a positive integer"),
    ({"max_paths": 5}, r"6 paths .* max_paths=5"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        path_explorer(**kwargs)


def test_bad_example():
    net = Network([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match="give the example"):
        path_explorer(net)
    with pytest.raises(ValueError, match="one example"):
        path_explorer(net, np.zeros((2, 2)), np.zeros((2, 2)))


def test_numpy_scalars_are_accepted():
    live = path_explorer(dw=np.float32(0.25), dw_max=np.float64(1.0), top=np.int64(3))
    assert live.controls["dw"].value == pytest.approx(0.25)
