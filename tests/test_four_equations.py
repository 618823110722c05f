"""BP1–BP4 as separate functions: equal to the network's backprop and to finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network, numerical_gradient
from backprop_core.error import delta_numerical
from backprop_core.four_equations import (EQUATIONS, FLOOR, bp1, bp2, bp4, comparison, deltas,
                                          entry_error, gradient, max_errors)

X = np.array([[0.3], [-0.5], [0.8]])
Y = np.array([[1.0], [0.0]])


@settings(max_examples=25, deadline=None)
@given(hidden=st.lists(st.integers(1, 5), min_size=0, max_size=3), seed=st.integers(0, 10_000),
       activation=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]))
def test_equations_give_backprop(hidden, seed, activation):
    net = Network([3, *hidden, 2], activation=activation, seed=seed)
    for got, want in zip(deltas(net, X, Y), net.deltas(X, Y)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    nb, nw = gradient(net, X, Y)
    wb, ww = net.backprop(X, Y)
    for got, want in zip(nb + nw, wb + ww):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_comparison_rows_against_independent_finite_differences(activation):
    net = Network([3, 4, 2], activation=activation, seed=2)
    rows = comparison(net, X, Y)
    assert len(rows) == (4 + 2) + (4 + 2) + (12 + 8)
    num_b, num_w = numerical_gradient(net, X, Y)
    by_name = {r["quantity"]: r for r in rows}
    for j in range(2):
        assert by_name[f"δ^3_{j}"]["equation"] == "BP1"
        assert by_name[f"δ^3_{j}"]["numerical"] == pytest.approx(delta_numerical(net, X, Y, 3)[j, 0])
    for j in range(4):
        assert by_name[f"δ^2_{j}"]["equation"] == "BP2"
        assert by_name[f"∂C/∂b^2_{j}"]["numerical"] == pytest.approx(num_b[0][j, 0])
        for k in range(3):
            row = by_name[f"∂C/∂w^2_{j}{k}"]
            assert row["numerical"] == pytest.approx(num_w[0][j, k])
            assert row["backprop"] == pytest.approx(net.backprop(X, Y)[1][0][j, k], rel=1e-12)
    errors = max_errors(rows)
    assert list(errors) == list(EQUATIONS)
    assert max(errors.values()) < 1e-6


def test_comparison_can_fail():
    """A wrong BP1 (σ′ left out) shows up as a large error: the check is not vacuous."""
    net = Network([3, 4, 2], seed=2)
    zs, activations = net.forward_pass(X)
    wrong = activations[-1] - Y
    right = delta_numerical(net, X, Y, 3)
    assert np.max(entry_error(wrong, right)) > 0.5


def test_entry_error_floor():
    assert entry_error(0.0, 0.0) == 0.0
    assert entry_error(1e-12, 2e-12) == pytest.approx(1e-12 / FLOOR)
    assert entry_error(1.0, 1.0 + 1e-9) == pytest.approx(1e-9 / 2, rel=1e-6)


def test_bp4_entry_is_a_in_times_delta_out():
    delta = np.array([[2.0], [-1.0]])
    a_prev = np.array([[0.5], [0.0], [3.0]])
    grad = bp4(delta, a_prev)
    for j in range(2):
        for k in range(3):
            assert grad[j, k] == a_prev[k, 0] * delta[j, 0]


def test_extremes_stay_finite():
    net = Network([3, 4, 2], seed=1)
    net.biases[0][:] = 1000.0
    net.biases[1][:] = -1000.0
    d = deltas(net, X, Y)
    assert all(np.all(np.isfinite(v)) for v in d)
    assert np.all(d[-1] == 0.0)


def test_bad_input_is_a_clear_value_error():
    from backprop_core.activations import Sigmoid
    soft = Network([3, 2], output_activation="softmax", cost="log_likelihood", seed=0)
    with pytest.raises(ValueError, match="softmax is not elementwise"):
        bp1(soft, X, Y)
    with pytest.raises(ValueError, match="BP2 needs"):
        bp2(np.ones((2, 3)), np.ones((3, 1)), np.ones((3, 1)), Sigmoid)
    with pytest.raises(ValueError, match="BP4 needs"):
        bp4(np.ones(2), np.ones((3, 1)))
    with pytest.raises(ValueError, match="one example"):
        comparison(Network([3, 2], seed=0), np.ones((3, 2)), np.ones((2, 2)))
