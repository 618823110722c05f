"""δ^l_j measured by nudging z^l_j agrees with backprop's δ; bad input is rejected clearly."""
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
    for l, delta in zip(range(2, net.L + 1), net.deltas(X, Y)):
        np.testing.assert_allclose(delta_numerical(net, X, Y, l), delta, rtol=1e-5, atol=1e-9)


def test_softmax_output_layer():
    net = Network([3, 4, 2], output_activation="softmax", cost="log_likelihood", seed=2)
    np.testing.assert_allclose(delta_numerical(net, X, Y, 3), net.deltas(X, Y)[-1],
                               rtol=1e-5, atol=1e-9)


def test_zero_nudge_is_the_cost_and_first_order_holds():
    net = Network([3, 4, 2], seed=3)
    assert cost_with_z_nudged(net, X, Y, 2, 1, 0.0) == pytest.approx(net.cost(X, Y), rel=1e-14)
    delta = net.deltas(X, Y)[0][1, 0]
    dz = 1e-4
    change = cost_with_z_nudged(net, X, Y, 2, 1, dz) - net.cost(X, Y)
    assert change == pytest.approx(delta * dz, rel=1e-3)


def test_saturated_neuron_stays_finite():
    net = Network([3, 2, 2], seed=4)
    net.biases[0][:] = 1000.0
    value = dC_dz_numerical(net, X, Y, 2, 0)
    assert np.isfinite(value) and value == 0.0
    assert np.isfinite(cost_with_z_nudged(net, X, Y, 3, 0, -1000.0))


def test_bad_input_is_a_clear_value_error():
    net = Network([3, 4, 2], seed=0)
    with pytest.raises(ValueError, match="one example"):
        dC_dz_numerical(net, np.ones((3, 2)), np.ones((2, 2)), 2, 0)
    with pytest.raises(ValueError, match=r"expected 2\.\.3"):
        dC_dz_numerical(net, X, Y, 1, 0)
    with pytest.raises(ValueError, match=r"expected 0\.\.3"):
        dC_dz_numerical(net, X, Y, 2, 4)
    with pytest.raises(ValueError, match="eps must be a positive finite number"):
        dC_dz_numerical(net, X, Y, 2, 0, eps=0.0)
    with pytest.raises(ValueError, match="finite number"):
        cost_with_z_nudged(net, X, Y, 2, 0, float("nan"))
    with pytest.raises(ValueError, match=r"target y has shape"):
        dC_dz_numerical(net, X, np.ones((3, 1)), 2, 0)
