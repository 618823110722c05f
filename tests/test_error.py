"""δ^l_j measured by nudging z^l_j agrees with backprop's δ; bad input is rejected clearly.
Every function takes ``ex = net.example(x, y)``."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.error import cost_with_z_nudged, dC_dz_numerical, delta_numerical

X = np.array([[0.4], [-0.9], [0.25]])
Y = np.array([[0.0], [1.0]])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_numerical_delta_matches_backprop(activation, cost):
    net = Network([3, 4, 3, 2], activation=activation, output_activation="sigmoid",
                  cost=cost, seed=11)
    ex = net.example(X, Y)
    for l, delta in ex.delta.items():
        assert delta_numerical(ex, l).shape == (net.w[l].shape[0], 1)
        np.testing.assert_allclose(delta_numerical(ex, l), delta, rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(delta_numerical(ex, l), net.deltas(X, Y)[l], rtol=1e-5, atol=1e-9)


def test_softmax_output_layer():
    net = Network([3, 4, 2], output_activation="softmax", cost="log_likelihood", seed=2)
    ex = net.example(X, Y)
    np.testing.assert_allclose(delta_numerical(ex, 3), ex.delta[3], rtol=1e-5, atol=1e-9)


def test_zero_nudge_is_the_cost_and_first_order_holds():
    net = Network([3, 4, 2], seed=3)
    ex = net.example(X, Y)
    assert cost_with_z_nudged(ex, 2, 1, 0.0) == pytest.approx(net.cost(X, Y), rel=1e-14)
    delta = ex.delta[2][1, 0]
    dz = 1e-4
    change = cost_with_z_nudged(ex, 2, 1, dz) - net.cost(X, Y)
    assert change == pytest.approx(delta * dz, rel=1e-3)
    assert dC_dz_numerical(ex, 2, 1) == pytest.approx(delta, rel=1e-6)
    assert dC_dz_numerical(ex, 2, 1, eps=1e-4) == pytest.approx(
        (cost_with_z_nudged(ex, 2, 1, 1e-4) - cost_with_z_nudged(ex, 2, 1, -1e-4)) / 2e-4,
        rel=1e-9)


def test_saturated_neuron_stays_finite():
    net = Network([3, 2, 2], seed=4)
    net.b[2][:] = 1000.0
    ex = net.example(X, Y)
    value = dC_dz_numerical(ex, 2, 0)
    assert np.isfinite(value) and value == 0.0
    assert np.isfinite(cost_with_z_nudged(ex, 3, 0, -1000.0))


def test_bad_input_is_a_clear_error():
    net = Network([3, 4, 2], seed=0)
    ex = net.example(X, Y)
    with pytest.raises(ValueError, match="one example"):
        dC_dz_numerical(net.example(np.ones((3, 2)), np.ones((2, 2))), 2, 0)
    with pytest.raises(ValueError, match="delta_numerical takes one example"):
        delta_numerical(net.example(np.ones((3, 2)), np.ones((2, 2))), 2)
    with pytest.raises(ValueError, match=r"expected 2\.\.3"):
        dC_dz_numerical(ex, 1, 0)
    with pytest.raises(ValueError, match=r"expected 2\.\.3"):
        delta_numerical(ex, 4)
    with pytest.raises(ValueError, match=r"expected 0\.\.3"):
        dC_dz_numerical(ex, 2, 4)
    with pytest.raises(ValueError, match="eps must be a positive finite number"):
        dC_dz_numerical(ex, 2, 0, eps=0.0)
    with pytest.raises(ValueError, match="eps must be a positive finite number"):
        delta_numerical(ex, 2, eps=-1.0)
    with pytest.raises(ValueError, match="finite number"):
        cost_with_z_nudged(ex, 2, 0, float("nan"))
    with pytest.raises(ValueError, match=r"target y has shape"):
        dC_dz_numerical(net.example(X, np.ones((3, 1))), 2, 0)


@pytest.mark.parametrize("call", [lambda n: cost_with_z_nudged(n, 2, 0, 0.1),
                                  lambda n: dC_dz_numerical(n, 2, 0),
                                  lambda n: delta_numerical(n, 2)])
def test_a_network_instead_of_an_example_is_a_type_error(call):
    with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got Network"):
        call(Network([3, 4, 2], seed=0))
