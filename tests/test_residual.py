"""Residual networks (chapter 14): z^l = z^{l−1} + w^l a^{l−1} + b^l in the hidden
layers with a skip; backprop (BP2 with its identity term) against finite differences;
the default network is unchanged; the estimate and bound follow the skips."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_core import Network, numerical_gradient, relative_error
from backprop_core.depth import (deep_example, deep_network, log_bounds, log_estimates,
                                 log_factors)
from backprop_core.steps import algorithm_steps


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(1, 4), depth=st.integers(3, 6), m=st.integers(1, 3),
       hidden=st.sampled_from(["sigmoid", "tanh"]), seed=st.integers(0, 10_000))
def test_residual_backprop_is_finite_differences(width, depth, m, hidden, seed):
    sizes = [3] + [width] * (depth - 2) + [2]
    net = Network(sizes, activation=hidden, output_activation="linear", seed=seed,
                  residual=True)
    assert net.skips == frozenset(range(3, depth))
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(-1, 1, (3, m)), rng.uniform(-1, 1, (2, m))
    ex = net.example(x, y)
    for l in range(3, depth):                    # the forward pass adds z^{l−1}
        assert ex.z[l] == pytest.approx(net.w[l] @ ex.a[l - 1] + net.b[l] + ex.z[l - 1])
    numeric_b, numeric_w = numerical_gradient(net, x, y)
    for l in range(2, depth + 1):
        for exact, numeric in ((ex.nabla_w[l], numeric_w[l]), (ex.nabla_b[l], numeric_b[l])):
            # Close relatively, or within the central differences' own error (about
            # 1e-10) when the gradient is tiny (e.g. 1e-5, through saturated tanh).
            assert (relative_error(exact, numeric) < 1e-6
                    or np.max(np.abs(exact - numeric)) < 1e-9), (l, exact, numeric)
    for l in range(2, depth - 1):                # BP2 with its identity term
        bp2 = (net.w[l + 1].T @ ex.delta[l + 1]) * net.sigma(l).prime(ex.z[l])
        assert ex.delta[l] == pytest.approx(ex.delta[l + 1] + bp2, rel=1e-12, abs=1e-15)


def test_the_default_network_has_no_skips_and_is_unchanged():
    plain = Network([2, 3, 3, 3, 1], seed=4)
    same = Network([2, 3, 3, 3, 1], seed=4, residual=False)
    res = Network([2, 3, 3, 3, 1], seed=4, residual=True)
    assert plain.skips == frozenset() and res.skips == {3, 4}
    assert "residual" not in repr(plain) and "residual=True" in repr(res)
    x, y = np.ones((2, 1)), np.zeros((1, 1))
    e, f, g = plain.example(x, y), same.example(x, y), res.example(x, y)
    for l in range(2, 6):
        assert np.array_equal(e.delta[l], f.delta[l])
        assert np.array_equal(e.z[l], net_z(plain, e, l))
    assert not np.allclose(e.delta[2], g.delta[2])
    # only layers as wide as the one before get a skip
    assert Network([2, 3, 4, 4, 1], residual=True).skips == {4}
    with pytest.raises(TypeError, match="residual must be True or False"):
        Network([2, 2, 1], residual="yes")
    with pytest.raises(ValueError, match="residual"):
        algorithm_steps(g)


def net_z(net, ex, l):
    return net.w[l] @ ex.a[l - 1] + net.b[l]


def test_the_bound_holds_and_the_estimate_follows_the_skips():
    for act, init in (("sigmoid", "xavier"), ("tanh", "normal"), ("relu", "he")):
        ex = deep_example(deep_network(12, 20, act, init, seed=1, residual=True), seed=1)
        r, rho, beta = log_factors(ex), log_estimates(ex), log_bounds(ex)
        for l in range(2, 11):                   # skips into 3..11
            assert r[l] <= beta[l] + 1e-12
            assert rho[l] >= 0.0                 # √(1 + ρ²) ≥ 1
        assert abs(np.mean([r[l] - rho[l] for l in range(2, 11)])) < 0.1
