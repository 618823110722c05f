"""The claims chapter 3 (the four fundamental equations) states in words, with
the bounds that keep them true.  The page prints the numbers and says the
relations; these tests recompute the same numbers from the same inputs."""
import numpy as np
import pytest

from backprop_core import Network, numerical_gradient
from backprop_core.activations import get_activation
from backprop_core.error import cost_with_z_nudged, dC_dz_numerical
from backprop_core.four_equations import (TOLERANCE, bp1, bp2, bp3, bp4, comparison, deltas,
                                          max_errors)

# "The error of a neuron": the chapter's network and example.
NET = Network([3, 4, 2], seed=2)
X = np.array([[0.3], [-0.5], [0.8]])
Y = np.array([[1.0], [0.0]])
EX = NET.example(X, Y)
L = NET.L


def test_the_demon_prediction_matches_the_change_to_first_order():
    l, j, dz = 2, 1, 1e-3
    delta = dC_dz_numerical(EX, l, j)
    change = cost_with_z_nudged(EX, l, j, dz) - EX.cost
    assert np.isclose(change, delta * dz, rtol=1e-2, atol=0)


def test_error_rate_is_a_fraction_and_delta_L_a_vector():
    rng = np.random.default_rng(0)
    X_many = rng.uniform(-1, 1, size=(3, 50))
    labels = rng.integers(0, 2, size=50)
    assert 0 <= 1 - NET.accuracy(X_many, labels) <= 1
    assert EX.delta[L].shape == EX.a[L].shape


def test_bp1_to_bp4_equal_the_engine_and_finite_differences():
    by_formula = (EX.a[L] - Y) * NET.sigma(L).prime(EX.z[L])
    assert np.allclose(bp1(EX), by_formula, rtol=1e-14, atol=0)
    assert np.allclose(bp1(EX), EX.delta[L], rtol=1e-12, atol=1e-15)
    written = deltas(EX)
    for l in range(L - 1, 1, -1):
        d_l = bp2(NET.w[l + 1], written[l + 1], EX.z[l], NET.sigma(l))
        assert np.allclose(d_l, written[l]) and np.allclose(d_l, EX.delta[l], rtol=1e-12, atol=1e-15)
    for l in range(2, L + 1):
        d_l = written[l]
        assert bp4(d_l, EX.a[l - 1]).shape == NET.w[l].shape
        assert np.allclose(bp3(d_l), EX.nabla_b[l], rtol=1e-12, atol=1e-15)
        assert np.allclose(bp4(d_l, EX.a[l - 1]), EX.nabla_w[l], rtol=1e-12, atol=1e-15)
    errors = max_errors(comparison(EX))
    assert set(errors) == {"BP1", "BP2", "BP3", "BP4"}
    assert max(errors.values()) < TOLERANCE


def test_a_weight_out_of_a_silent_input_gets_no_gradient():
    # "When a weight learns slowly": the BP4 lab's network and weight w^2_00.
    net = Network([2, 3, 2], seed=1)
    x, y = np.array([[0.5], [0.8]]), np.array([[1.0], [0.0]])
    for a_in in (1.0, 0.5, 0.1, 0.0):
        x_now = x.copy()
        x_now[0, 0] = a_in
        e = net.example(x_now, y)
        _, num_w = numerical_gradient(net, x_now, y)
        assert np.isclose(e.nabla_w[2][0, 0], a_in * e.delta[2][0, 0], rtol=1e-12, atol=0)
        assert np.isclose(e.nabla_w[2][0, 0], num_w[2][0, 0], rtol=1e-5, atol=1e-10)
    assert e.nabla_w[2][0, 0] == 0.0


def test_the_lab_shows_the_same_numbers_as_the_page():
    from backprop_core.widgets.four_equations import input_activation_lab
    lab = input_activation_lab(sizes=(2, 3, 2), seed=1, x=(0.5, 0.8), y=(1.0, 0.0), a_in=0.8)
    net = Network([2, 3, 2], seed=1)
    for a_in in (1.0, 0.0):
        lab.controls["a_in"].value = a_in
        x_now = np.array([[a_in], [0.8]])
        e = net.example(x_now, np.array([[1.0], [0.0]]))
        assert lab.values["dC_dw"] == e.nabla_w[2][0, 0]
        assert lab.values["delta_out"] == e.delta[2][0, 0]


def test_sigmoid_slope_peaks_at_zero_and_vanishes_far_out():
    sigma = NET.sigma(L)
    z_grid = np.linspace(-10, 10, 2001)
    assert sigma.prime(np.array(0.0)) == max(sigma.prime(z_grid))
    assert z_grid[np.argmax(sigma.prime(z_grid))] == 0
    assert sigma.prime(np.array(10.0)) < 1e-4 and sigma.prime(np.array(-1000.0)) == 0.0


def incoming_gradient(network, l, j):
    return float(np.sum(np.abs(network.example(X, Y).nabla_w[l][j])))


def test_saturated_neurons_learn_slowly():
    high_output = Network([3, 4, 2], seed=2)
    high_output.b[3][1, 0] = 12.0
    high = high_output.example(X, Y)
    assert high.a[L][1, 0] > 0.9999
    assert abs(high.delta[L][1, 0]) < abs(EX.delta[L][1, 0]) / 100
    assert incoming_gradient(high_output, 3, 1) < incoming_gradient(NET, 3, 1) / 100
    low_output = Network([3, 4, 2], seed=2)
    low_output.b[3][0, 0] = -12.0
    low = low_output.example(X, Y)
    assert low.a[L][0, 0] < 1e-4
    assert abs(low.delta[L][0, 0]) < abs(EX.delta[L][0, 0]) / 100
    saturated = Network([3, 4, 2], seed=2)
    saturated.b[2][0, 0] = 12.0
    sat = saturated.example(X, Y)
    assert incoming_gradient(saturated, 2, 0) < incoming_gradient(NET, 2, 0) / 100
    back = (saturated.w[3].T @ sat.delta[3])[0, 0]
    slope = saturated.sigma(2).prime(sat.z[2])[0, 0]
    assert np.isclose(back * slope, sat.delta[2][0, 0], rtol=1e-12, atol=0)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_the_equations_hold_for_every_activation(name):
    errors = max_errors(comparison(Network([3, 4, 2], activation=name, seed=2).example(X, Y)))
    assert max(errors.values()) < TOLERANCE


def test_linear_and_relu_slopes_do_not_vanish():
    z_grid = np.linspace(-1000, 1000, 2001)
    assert np.all(get_activation("linear").prime(z_grid) == 1)
    assert np.all(get_activation("relu").prime(z_grid[z_grid > 0]) == 1)
    assert get_activation("sigmoid").prime(z_grid[z_grid > 0]).min() < 1e-100
