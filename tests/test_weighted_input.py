"""z^l neuron by neuron equals z^l = w^l a^{l−1} + b^l, and the network's own z."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network
from backprop_core.weighted_input import z_matrix, z_neuron_by_neuron


@settings(max_examples=30, deadline=None)
@given(n_prev=st.integers(1, 6), n_l=st.integers(1, 6), seed=st.integers(0, 10_000))
def test_loops_equal_matrix_product(n_prev, n_l, seed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((n_l, n_prev))
    a_prev = rng.standard_normal((n_prev, 1))
    b = rng.standard_normal((n_l, 1))
    expected = np.array([[sum(w[j, k] * a_prev[k, 0] for k in range(n_prev)) + b[j, 0]]
                         for j in range(n_l)])
    np.testing.assert_allclose(z_neuron_by_neuron(w, a_prev, b), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(z_matrix(w, a_prev, b), expected, rtol=1e-12, atol=1e-12)


def test_matches_forward_pass():
    net = Network([3, 4, 2], seed=5)
    x = np.array([[0.1], [0.2], [-0.7]])
    zs, activations = net.forward_pass(x)
    for l in (2, 3):
        w, b = net.w[l], net.b[l]
        np.testing.assert_allclose(z_neuron_by_neuron(w, activations[l - 1], b), zs[l],
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(z_matrix(w, activations[l - 1], b), zs[l],
                                   rtol=1e-12, atol=1e-15)


def test_bad_shapes_are_clear_value_errors():
    w = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"a\^\{l-1\} has shape \(2, 1\)"):
        z_matrix(w, np.ones((2, 1)), np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"b\^l has shape"):
        z_neuron_by_neuron(w, np.ones((3, 1)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="one example"):
        z_matrix(w, np.ones((3, 2)), np.ones((2, 1)))
    with pytest.raises(ValueError, match="matrix"):
        z_matrix(np.ones(3), np.ones((3, 1)), np.ones((1, 1)))
