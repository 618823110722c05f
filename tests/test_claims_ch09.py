"""The claims chapter 9 states in words, kept true here with their bounds.

The page prints the numbers and says the relations; these tests recompute the
same numbers with the engine from the chapter's own inputs and assert them.
"""
import math

import numpy as np
import pytest

from backprop_core import Network
from backprop_core.paths import count_paths, enumerate_paths, number_of_weights, path_sum
from backprop_core.widgets.paths import example_network, path_explorer

# "Following one nudge through the network": the chapter's network, example and weight w^2_10
NET, X, Y = example_network()
EX = NET.example(X, Y)
L_, J, K = 2, 1, 0


def _gradient():
    return EX.nabla_w[L_][J, K]


def test_the_path_sum_is_backprops_derivative_and_the_count_is_the_product_of_widths():
    paths = enumerate_paths(EX, L_, J, K)
    total = math.fsum(p.rate for p in paths)
    assert math.isclose(total, _gradient(), rel_tol=1e-12)
    widths = [len(NET.b[i]) for i in range(L_ + 1, NET.L + 1)]
    assert len(paths) == count_paths(NET.sizes, L_) == math.prod(widths)


def _cost_after(dw):
    z_l = EX.z[L_].copy()
    z_l[J, 0] += dw * EX.a[L_ - 1][K, 0]
    return EX.forward_from(L_, z=z_l).cost


def test_halving_dw_cuts_the_gap_by_more_than_3_falling_towards_4():
    # "Every path, live": Δw = 0.4, 0.2, 0.1, 0.05
    total = path_sum(EX, L_, J, K)
    gaps = [abs(_cost_after(dw) - EX.cost - total * dw) for dw in (0.4, 0.2, 0.1, 0.05)]
    ratios = [a / b for a, b in zip(gaps[:-1], gaps[1:])]
    assert all(r > 3.0 for r in ratios) and all(np.diff(ratios) < 0)
    assert abs(ratios[-1] - 4) == min(abs(r - 4) for r in ratios)


def test_the_figure_shows_the_same_numbers_as_the_engine():
    live = path_explorer(NET, X, Y, l=2, j=1, k=0, dw=0.5)
    v = live.values
    assert v["difference"] <= 1e-12 * abs(v["backprop"]) + 1e-18
    for dw in (0.4, 0.05):
        live.controls["dw"].value = dw
        assert live.values["dC_actual"] == pytest.approx(_cost_after(dw) - EX.cost, rel=1e-12)
        assert live.values["dC_predicted"] == pytest.approx(path_sum(EX, L_, J, K) * dw, rel=1e-12)


def test_every_weight_both_routes_and_the_grouping_into_bp2_and_bp4():
    worst = max(abs(path_sum(EX, l, j, k) - nw[j, k]) / abs(nw[j, k])
                for l, nw in EX.nabla_w.items() for j, k in np.ndindex(nw.shape))
    assert worst < 1e-12
    via_z = enumerate_paths(EX, L_, J, K, via="z")
    assert len(via_z) == count_paths(NET.sizes, L_)
    assert math.isclose(math.fsum(p.rate for p in via_z), _gradient(), rel_tol=1e-12)
    a_prev = EX.a[L_ - 1][K, 0]
    assert all(p.factors[0] == a_prev for p in via_z)
    from_z = math.fsum(p.rate / p.factors[0] for p in via_z)
    assert math.isclose(from_z, EX.delta[L_][J, 0], rel_tol=1e-12)
    sp = NET.sigma(L_).prime(EX.z[L_])
    grouped = sum(NET.w[L_ + 1][q, J] * sp[J, 0] * EX.delta[L_ + 1][q, 0]
                  for q in range(len(EX.delta[L_ + 1])))
    assert math.isclose(grouped, EX.delta[L_][J, 0], rel_tol=1e-12)


def test_counting_the_work():
    # "Counting the work": layers 4 wide, depth 3..15; the deep networks that are timed
    width, depths = 4, range(3, 16)
    n_paths = [count_paths([width] * d, 2) for d in depths]
    n_weights = [number_of_weights([width] * d) for d in depths]
    assert {b / a for a, b in zip(n_paths[:-1], n_paths[1:])} == {width}
    assert set(np.diff(n_weights)) == {width * width}
    for depth in range(3, 8):
        deep = Network([width] * depth, seed=0)
        xd, yd = np.full((width, 1), 0.5), np.zeros((width, 1))
        s = path_sum(deep.example(xd, yd), 2, 0, 0)
        assert math.isclose(s, deep.backprop(xd, yd)[1][2][0, 0], rel_tol=1e-9, abs_tol=1e-15)
    big = [100] * 10
    assert count_paths(big, 2) > 1e6 * number_of_weights(big)
