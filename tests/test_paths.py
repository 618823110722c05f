"""The sum over paths equals backprop's ∂C/∂w^l_jk; counts, limits and bad input."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_core import Network
from backprop_core.layers import Layers, LayerError
from backprop_core.paths import (count_paths, edge_flows, enumerate_paths, jacobian,
                                 largest, number_of_weights, path_sum, rate_factors)

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
OUTPUT_COST = [("sigmoid", "quadratic"), ("tanh", "quadratic"), ("relu", "quadratic"),
               ("linear", "quadratic"), ("softmax", "quadratic"),
               ("sigmoid", "cross_entropy"), ("softmax", "log_likelihood")]


def _example(net, rng):
    n_1, *_, n_L = net.sizes
    x = rng.uniform(-1, 1, (n_1, 1))
    if net.cost_function.name == "log_likelihood":
        y = np.eye(n_L)[:, [rng.integers(n_L)]]
    else:
        y = rng.uniform(0, 1, (n_L, 1))
    return x, y


@st.composite
def cases(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=5))
    hidden = draw(st.sampled_from(HIDDEN))
    out, cost = draw(st.sampled_from(OUTPUT_COST))
    seed = draw(st.integers(0, 2**32 - 1))
    net = Network(sizes, activation=hidden, output_activation=out, cost=cost, seed=seed)
    x, y = _example(net, np.random.default_rng(seed))
    l = draw(st.integers(2, len(sizes)))
    n_l, n_before = net.w[l].shape                     # w^l is (n_l, n_{l−1})
    j = draw(st.integers(0, n_l - 1))
    k = draw(st.integers(0, n_before - 1))
    via = draw(st.sampled_from(["a", "z"]))
    return net.example(x, y), l, j, k, via


def rounding_size(ex, l, j, k, via):
    """The sum over paths of each path's factors taken at their size *before* any
    cancellation inside them: what rounding in the path sum and in backprop is
    relative to.  A factor's |value| is that size, except in a softmax layer: its
    Jacobian s_q(δ_qp − s_p) loses 1 − s_p when s_p ≈ 1 (and the paths use it
    entry by entry where backprop uses s ⊙ (v − s·v)), so its size is s_q(δ_qp + s_p)."""
    f, net = rate_factors(ex, l, j, k, via), ex.net

    def softmax_size(i):
        s = ex.a[i][:, 0]
        return np.diag(s) + np.outer(s, s)

    softmax = via == "a" and net.output_activation.name == "softmax"
    L = ex.L
    size = np.abs(f.last)
    for i in range(L, l, -1):
        edge = softmax_size(i) @ np.abs(ex.w[i]) if softmax and i == L else np.abs(f.edges[i])
        size = size @ edge
    first = (softmax_size(l)[:, j] * abs(ex.a[l - 1][k, 0]) if softmax and l == L
             else np.abs(f.first))
    return float(size @ first)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_path_sum_equals_backprop(case):
    ex, l, j, k, via = case
    paths = enumerate_paths(ex, l, j, k, via)
    total = math.fsum(p.rate for p in paths)
    expected = ex.net.backprop(ex.x, ex.y)[1][l][j, k]
    assert expected == ex.nabla_w[l][j, k]
    # relative 1e-9; the absolute part only covers rounding in sums that cancel: the
    # paths' sizes, and (a softmax output) the sizes inside its Jacobian's entries
    scale = (math.fsum(abs(p.rate) for p in paths) + abs(expected)
             + rounding_size(ex, l, j, k, via))
    assert abs(total - expected) <= 1e-9 * abs(expected) + 1e-13 * scale
    assert total == path_sum(ex, l, j, k, via)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_every_path_is_a_chain_of_layers_and_its_rate_the_product(case):
    ex, l, j, k, via = case
    net = ex.net
    paths = enumerate_paths(ex, l, j, k, via)
    softmax = net.output_activation.name == "softmax"
    assert len(paths) == count_paths(net.sizes, l, softmax, via)
    assert len({p.nodes for p in paths}) == len(paths)          # no path twice
    for p in paths:
        assert [i for i, _ in p.nodes] == list(range(l, net.num_layers + 1))
        assert len(p.factors) == net.num_layers - l + 2
        assert p.rate == pytest.approx(math.prod(p.factors), rel=1e-12, abs=0)
        if not (softmax and via == "a" and l == net.num_layers):
            assert p.nodes[0] == (l, j)


def test_rate_factors_match_the_book_formulas():
    net = Network([2, 3, 3, 2], seed=3)
    x, y = np.array([[0.4], [-0.9]]), np.array([[1.0], [0.0]])
    z, a = net.forward_pass(x)
    sp = {i: net.sigma(2).prime(z[i])[:, 0] for i in (2, 3, 4)}        # sp[i] = σ′(z^i)
    ex = net.example(x, y)
    R = rate_factors(ex, 2, 1, 0, "a")
    assert R.first[1] == pytest.approx(sp[2][1] * a[1][0, 0])          # σ′(z^2_1) a^1_0
    assert R.first[0] == 0 and R.first[2] == 0
    assert R.edges[3][2, 1] == pytest.approx(sp[3][2] * net.w[3][2, 1])  # σ′(z^3_2) w^3_21
    assert R.edges[4][0, 2] == pytest.approx(sp[4][0] * net.w[4][0, 2])
    assert np.allclose(R.last, a[4][:, 0] - y[:, 0])                   # ∂C/∂a^4 = a^4 − y
    Z = rate_factors(ex, 2, 1, 0, "z")
    assert Z.first[1] == a[1][0, 0]                                     # a^1_0
    assert Z.edges[3][2, 1] == pytest.approx(net.w[3][2, 1] * sp[2][1])  # w^3_21 σ′(z^2_1)
    assert np.allclose(Z.last, net.deltas(x, y)[4][:, 0])               # δ^4
    # the edges are indexed by the layer they go into: 3..L for a weight of layer 2
    assert isinstance(R.edges, Layers) and list(R.edges.layers) == [3, 4]
    with pytest.raises(LayerError, match=r"exists for l = 3\.\.4"):
        R.edges[2]
    assert list(rate_factors(ex, 4, 0, 0).edges) == []


def test_z_paths_from_z_l_j_sum_to_delta():
    """Dropping the first factor a^{l−1}_k, the z-paths from z^l_j sum to δ^l_j."""
    net = Network([3, 4, 3, 2], activation="tanh", seed=5)
    x, y = np.array([[0.2], [0.5], [-0.4]]), np.array([[0.3], [0.8]])
    ex = net.example(x, y)
    for l in (2, 3, 4):
        for j in range(ex.delta[l].shape[0]):
            s = sum(p.rate / p.factors[0] for p in enumerate_paths(ex, l, j, 0, "z"))
            assert ex.a[l - 1][0, 0] != 0
            assert s == pytest.approx(ex.delta[l][j, 0], rel=1e-9)


def test_jacobian_is_diagonal_for_sigmoid_and_full_for_softmax():
    net = Network([2, 3], output_activation="softmax", seed=0)
    z = np.array([[0.5], [-1.0], [2.0]])
    J = jacobian(net.sigma(2), z)
    a = net.sigma(2).fn(z)[:, 0]
    assert np.allclose(J, np.diag(a) - np.outer(a, a))
    Js = jacobian(Network([2, 3]).sigma(2), z)
    assert np.allclose(Js, np.diag(net.activation.prime(z)[:, 0]))


def test_counts_are_products_of_widths():
    assert count_paths([2, 3, 3, 2], 2) == 6
    assert count_paths([2, 3, 3, 2], 3) == 2
    assert count_paths([2, 3, 3, 2], 4) == 1
    assert count_paths([2, 3, 3, 2], 4, softmax_output=True) == 2
    assert count_paths([2, 3, 3, 2], 4, softmax_output=True, via="z") == 1
    assert count_paths([5] * 8, 2) == 5 ** 6
    assert number_of_weights([2, 3, 3, 2]) == 6 + 9 + 6
    net = Network([4, 5, 6, 3, 2], seed=0)
    assert number_of_weights(net.sizes) == sum(w.size for w in net.w)
    for l in (2, 3, 4, 5):
        assert count_paths(net.sizes, l) == math.prod(w.shape[0] for i, w in net.w.items() if i > l)
    with pytest.raises(ValueError, match=r"expected 2\.\.3"):
        count_paths([2, 3, 2], 4)


def test_largest_and_flows():
    net = Network([2, 3, 3, 2], seed=2)
    x, y = np.array([[0.1], [0.7]]), np.array([[0.0], [1.0]])
    paths = enumerate_paths(net.example(x, y), 2, 0, 1)
    top = largest(paths, 3)
    assert len(top) == 3 and abs(top[0].rate) == max(abs(p.rate) for p in paths)
    assert abs(top[0].rate) >= abs(top[1].rate) >= abs(top[2].rate)
    flows = edge_flows(paths)
    total = sum(abs(p.rate) for p in paths)
    # every path crosses one edge from layer 2 and one edge into C
    assert sum(v for (i0, _, i1, _), v in flows.items() if i1 is None) == pytest.approx(total)
    assert sum(v for (i0, _, _, _), v in flows.items() if i0 == 2) == pytest.approx(total)
    assert top[0].label().startswith("w → a^2_0 → a^3_")


def test_too_many_paths_is_refused_with_count_and_limit():
    net = Network([2] + [10] * 5 + [2], seed=0)
    ex = net.example(np.zeros((2, 1)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"20000 paths.*max_paths=10000"):
        enumerate_paths(ex, 2, 0, 0)
    with pytest.raises(ValueError, match=r"2000 paths.*max_paths=100"):
        path_sum(ex, 3, 0, 0, max_paths=100)
    assert len(enumerate_paths(ex, 2, 0, 0, max_paths=20_000)) == 20_000
    with pytest.raises(ValueError, match="max_paths must be a positive integer"):
        enumerate_paths(ex, 6, 0, 0, max_paths=0)


@pytest.mark.parametrize("l, j, k, match", [
    (1, 0, 0, r"layer l=1 is out of range; expected 2\.\.4"),
    (5, 0, 0, r"layer l=5 is out of range"),
    (2.0, 0, 0, "layer l must be an integer"),
    (2, 3, 0, r"neuron j of layer 2=3 is out of range; expected 0\.\.2"),
    (3, 0, 3, r"neuron k of layer 2=3 is out of range; expected 0\.\.2"),
    (4, -1, 0, r"neuron j of layer 4=-1 is out of range; expected 0\.\.1"),
    (2, 0, "0", "k .* must be an integer"),
])
def test_bad_l_j_k(l, j, k, match):
    ex = Network([2, 3, 3, 2], seed=0).example(np.zeros((2, 1)), np.zeros((2, 1)))
    for f in (enumerate_paths, path_sum, rate_factors):
        with pytest.raises(ValueError, match=match):
            f(ex, l, j, k)


def test_bad_example_and_via():
    net = Network([2, 3, 3, 2], seed=0)
    for f in (enumerate_paths, path_sum, rate_factors):
        with pytest.raises(ValueError, match="one example"):
            f(net.example(np.zeros((2, 3)), np.zeros((2, 3))), 2, 0, 0)
        with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got Network"):
            f(net, 2, 0, 0)
        with pytest.raises(ValueError, match="via must be 'a'"):
            f(net.example(np.zeros((2, 1)), np.zeros((2, 1))), 2, 0, 0, via="w")
    with pytest.raises(ValueError, match=r"input x has shape \(3, 1\)"):
        net.example(np.zeros((3, 1)), np.zeros((2, 1)))      # the example itself is checked


@pytest.mark.parametrize("out, cost", [("sigmoid", "quadratic"), ("softmax", "log_likelihood")])
def test_extreme_weighted_inputs_stay_finite(out, cost):
    """At z = ±1000 both routes stay finite and the z route still equals backprop.

    With a saturated softmax and the log-likelihood, ∂C/∂a^L_m is huge where
    ∂a^L_m/∂z^L is exactly 0, so the a route loses the cancellation that δ^L = a^L − y
    keeps: that is the z route's advantage, and only the quadratic cost is compared
    on the a route here.
    """
    net = Network([2, 3, 2], output_activation=out, cost=cost, seed=0)
    net.w[2][:] = 1000.0
    net.w[3][:] = np.array([[1000.0, -1000.0, 1000.0], [-1000.0, 1000.0, -1000.0]])
    x, y = np.array([[1.0], [-0.5]]), np.array([[0.0], [1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = net.example(x, y)
        for via in "az":
            for l in (2, 3):
                s = path_sum(ex, l, 0, 0, via)
                assert np.isfinite(s)
                if via == "z" or cost == "quadratic":
                    assert s == pytest.approx(net.backprop(x, y)[1][l][0, 0], abs=1e-12)
