"""BP1–BP4 as separate functions (the equations written out): equal to the engine's
backprop and to finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network, numerical_gradient
from backprop_core.error import delta_numerical
from backprop_core.four_equations import (EQUATIONS, FLOOR, bp1, bp2, bp3, bp4, comparison,
                                          deltas, entry_error, gradient, max_errors)
from backprop_core.layers import Layers, LayerError

X = np.array([[0.3], [-0.5], [0.8]])
Y = np.array([[1.0], [0.0]])


@settings(max_examples=25, deadline=None)
@given(hidden=st.lists(st.integers(1, 5), min_size=0, max_size=3), seed=st.integers(0, 10_000),
       activation=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]),
       output_cost=st.sampled_from([("sigmoid", "quadratic"), ("tanh", "quadratic"),
                                    ("relu", "quadratic"), ("linear", "quadratic"),
                                    ("sigmoid", "cross_entropy")]))
def test_equations_written_out_give_the_engine(hidden, seed, activation, output_cost):
    output, cost = output_cost
    net = Network([3, *hidden, 2], activation=activation, output_activation=output,
                  cost=cost, seed=seed)
    ex = net.example(X, Y)
    written = deltas(ex)
    assert isinstance(written, Layers) and list(written.layers) == list(ex.delta.layers)
    for l in ex.delta.layers:
        np.testing.assert_allclose(written[l], ex.delta[l], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(bp1(ex), ex.delta[net.L], rtol=1e-12, atol=1e-15)
    nb, nw = gradient(ex)
    assert isinstance(nb, Layers) and isinstance(nw, Layers)
    for l in ex.delta.layers:
        np.testing.assert_allclose(nb[l], ex.nabla_b[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(nw[l], ex.nabla_w[l], rtol=1e-12, atol=1e-15)
        assert nw[l].shape == net.w[l].shape
    wb, ww = net.backprop(X, Y)
    for got, want in zip([*nb, *nw], [*wb, *ww]):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_each_equation_on_its_own_against_the_engine():
    net = Network([3, 4, 3, 2], activation="tanh", seed=4)
    ex = net.example(X, Y)
    L = net.L
    for l in range(2, L):
        np.testing.assert_allclose(bp2(net.w[l + 1], ex.delta[l + 1], ex.z[l], net.sigma(l)),
                                   ex.delta[l], rtol=1e-12, atol=1e-15)
    for l in range(2, L + 1):
        assert np.array_equal(bp3(ex.delta[l]), ex.nabla_b[l])
        np.testing.assert_allclose(bp4(ex.delta[l], ex.a[l - 1]), ex.nabla_w[l],
                                   rtol=1e-12, atol=1e-15)
    with pytest.raises(LayerError, match=r"δ\^l exists for l = 2\.\.4"):
        deltas(ex)[1]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_comparison_rows_against_independent_finite_differences(activation):
    net = Network([3, 4, 2], activation=activation, seed=2)
    ex = net.example(X, Y)
    rows = comparison(ex)
    assert len(rows) == (4 + 2) + (4 + 2) + (12 + 8)
    num_b, num_w = numerical_gradient(net, X, Y)
    by_name = {r["quantity"]: r for r in rows}
    for j in range(2):
        assert by_name[f"δ^3_{j}"]["equation"] == "BP1"
        assert by_name[f"δ^3_{j}"]["numerical"] == pytest.approx(delta_numerical(ex, 3)[j, 0])
        assert by_name[f"δ^3_{j}"]["backprop"] == pytest.approx(ex.delta[3][j, 0], rel=1e-12)
    for j in range(4):
        assert by_name[f"δ^2_{j}"]["equation"] == "BP2"
        assert by_name[f"δ^2_{j}"]["backprop"] == pytest.approx(ex.delta[2][j, 0], rel=1e-12)
        assert by_name[f"∂C/∂b^2_{j}"]["numerical"] == pytest.approx(num_b[2][j, 0])
        for k in range(3):
            row = by_name[f"∂C/∂w^2_{j}{k}"]
            assert row["numerical"] == pytest.approx(num_w[2][j, k])
            assert row["backprop"] == pytest.approx(ex.nabla_w[2][j, k], rel=1e-12)
    for j, k in np.ndindex(2, 4):
        assert by_name[f"∂C/∂w^3_{j}{k}"]["numerical"] == pytest.approx(num_w[3][j, k])
    errors = max_errors(rows)
    assert list(errors) == list(EQUATIONS)
    assert max(errors.values()) < 1e-6


def test_comparison_can_fail():
    """A wrong BP1 (σ′ left out) shows up as a large error: the check is not vacuous."""
    net = Network([3, 4, 2], seed=2)
    ex = net.example(X, Y)
    wrong = ex.a[3] - Y
    right = delta_numerical(ex, 3)
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
    net.b[2][:] = 1000.0
    net.b[3][:] = -1000.0
    d = deltas(net.example(X, Y))
    assert all(np.all(np.isfinite(v)) for v in d)
    assert np.all(d[3] == 0.0)


def test_bad_input_is_a_clear_error():
    from backprop_core.activations import Sigmoid
    soft = Network([3, 2], output_activation="softmax", cost="log_likelihood", seed=0)
    with pytest.raises(ValueError, match="softmax is not elementwise"):
        bp1(soft.example(X, Y))
    with pytest.raises(ValueError, match="BP2 needs"):
        bp2(np.ones((2, 3)), np.ones((3, 1)), np.ones((3, 1)), Sigmoid)
    with pytest.raises(ValueError, match="BP4 needs"):
        bp4(np.ones(2), np.ones((3, 1)))
    net = Network([3, 2], seed=0)
    with pytest.raises(ValueError, match="one example"):
        comparison(net.example(np.ones((3, 2)), np.ones((2, 2))))
    for f in (bp1, deltas, gradient, comparison):
        with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got Network"):
            f(net)
        with pytest.raises(ValueError, match="one example"):
            f(net.example(np.ones((3, 2)), np.ones((2, 2))))
