"""The per-neuron educational network against the core's matrices and finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network, numerical_gradient, relative_error
from backprop_core.educational import (START_BIAS, EducationalNetwork, Neuron,
                                       weight_change_by_broadcasting)
from backprop_core.layers import LayerError, Layers

KINDS = [dict(), dict(cost="cross_entropy"), dict(activation="tanh"),
         dict(activation="relu"), dict(activation="linear")]


def example(n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    return rng.random((n_in, 1)), rng.random((n_out, 1))


def flat(gradient):
    """(nabla_b, nabla_w), two Layers, as one list of arrays in layer order."""
    nabla_b, nabla_w = gradient
    return [*nabla_b, *nabla_w]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sizes", [[1, 1, 1], [3, 2, 4], [2, 5, 3, 2]])
def test_gradients_equal_matrix_network_and_finite_differences(sizes, kind):
    net = Network(sizes, seed=len(sizes), **kind)
    edu = EducationalNetwork.from_network(net)
    x, y = example(sizes[0], sizes[-1], seed=sum(sizes))
    loops = edu.backprop(x, y)
    matrices = net.backprop(x, y)
    numeric = numerical_gradient(net, x, y)
    assert relative_error(flat(loops), flat(matrices)) < 1e-12
    assert relative_error(flat(loops), flat(numeric)) < 1e-6
    for mine, engine, fd in zip(loops, matrices, numeric):      # nabla_b, then nabla_w
        assert isinstance(mine, Layers) and list(mine.layers) == list(range(2, len(sizes) + 1))
        for l in mine.layers:                                   # layer by layer, book numbers
            assert mine[l].shape == engine[l].shape
            np.testing.assert_allclose(mine[l], engine[l], rtol=1e-10, atol=1e-13)
            np.testing.assert_allclose(mine[l], fd[l], rtol=1e-5, atol=1e-8)
    assert np.allclose(edu.feedforward(x), net.feedforward(x).ravel(), rtol=1e-13)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=4), st.integers(0, 10_000))
def test_property_same_gradients_as_the_core(sizes, seed):
    net = Network(sizes, seed=seed)
    edu = EducationalNetwork.from_network(net)
    x, y = example(sizes[0], sizes[-1], seed)
    loops, matrices = edu.backprop(x, y), net.backprop(x, y)
    assert relative_error(flat(loops), flat(matrices)) < 1e-12


def test_deltas_stored_in_neurons_equal_core_deltas():
    net = Network([3, 4, 2], seed=1)
    edu = EducationalNetwork.from_network(net)
    x, y = example(3, 2, 2)
    edu.backprop(x, y)
    for l, delta in net.deltas(x, y).items():
        assert np.allclose([neuron.delta for neuron in edu.layers[l]], delta.ravel())


def test_layers_are_numbered_like_the_book():
    edu = EducationalNetwork([3, 4, 2], seed=0)
    assert list(edu.layers.layers) == [1, 2, 3] and edu.L == 3
    assert [len(edu.layers[l]) for l in (1, 2, 3)] == [3, 4, 2]
    assert edu.layers[1][0] is next(iter(edu.layers))[0]       # layer 1, the input, comes first
    for bad in (0, 4, 1.0):
        with pytest.raises(LayerError, match=r"exists for l = 1\.\.3"):
            edu.layers[bad]
    nabla_b, nabla_w = edu.backprop(np.ones((3, 1)), np.ones((2, 1)))
    assert nabla_w[2].shape == (4, 3) and nabla_w[3].shape == (2, 4)
    assert nabla_b[2].shape == (4, 1) and nabla_b[3].shape == (2, 1)
    with pytest.raises(LayerError, match=r"exists for l = 2\.\.3"):
        nabla_w[1]


def test_round_trip_and_from_to_order():
    net = Network([3, 2, 4], seed=0)
    edu = EducationalNetwork.from_network(net)
    assert edu.layers[1][2].weights[1] == net.w[2][1, 2]       # from 2 to 1 == w^2_12
    assert edu.layers[2][1].weights[3] == net.w[3][3, 1]       # from 1 to 3 == w^3_31
    assert edu.layers[3][2].b == net.b[3][2, 0]
    back = edu.to_network()
    for l in net.w.layers:
        assert np.array_equal(back.w[l], net.w[l]) and np.array_equal(back.b[l], net.b[l])


def test_new_network_starts_with_the_essay_bias():
    edu = EducationalNetwork([2, 3, 1], seed=0)
    assert all(neuron.b == START_BIAS for layer in edu.layers for neuron in layer)
    assert [len(n.weights) for n in edu.layers[1]] == [3, 3]
    assert all(n.weights == [] for n in edu.layers[3])
    assert Neuron().b == START_BIAS


def test_three_neuron_formulas():
    net = Network([1, 1, 1], seed=4)
    edu = EducationalNetwork.from_network(net)
    a_i, y_k, eta = 0.8, 0.1, 0.5
    sig = lambda z: 1 / (1 + np.exp(-z))
    w_ij, w_jk = net.w[2][0, 0], net.w[3][0, 0]
    z_j = w_ij * a_i + net.b[2][0, 0]
    a_j = sig(z_j)
    z_k = w_jk * a_j + net.b[3][0, 0]
    a_k = sig(z_k)
    delta_k = sig(z_k) * (1 - sig(z_k)) * (a_k - y_k)
    delta_j = sig(z_j) * (1 - sig(z_j)) * delta_k * w_jk
    edu.update_mini_batch([[a_i]], [[y_k]], eta)
    assert edu.layers[2][0].weights[0] == pytest.approx(w_jk - eta * delta_k * a_j)
    assert edu.layers[1][0].weights[0] == pytest.approx(w_ij - eta * delta_j * a_i)
    assert edu.layers[3][0].b == pytest.approx(net.b[3][0, 0] - eta * delta_k)


def test_mini_batch_update_equals_core_update():
    net = Network([3, 4, 2], seed=3)
    edu = EducationalNetwork.from_network(net)
    rng = np.random.default_rng(0)
    X, Y = rng.random((3, 5)), rng.random((2, 5))
    loop_b, loop_w = edu.gradient(X, Y)                       # the mini-batch as a loop
    matrix_b, matrix_w = net.backprop_batch(X, Y)              # the engine's matrix form
    assert relative_error([*loop_b, *loop_w], [*matrix_b, *matrix_w]) < 1e-12
    edu.update_mini_batch(X, Y, 1.5)
    net.update_mini_batch(X, Y, 1.5)
    back = edu.to_network()
    assert relative_error([*back.w, *back.b], [*net.w, *net.b]) < 1e-13


def test_broadcasting_equals_outer_product():
    rng = np.random.default_rng(1)
    delta, a = rng.standard_normal((5, 1)), rng.random((3, 1))
    grid = weight_change_by_broadcasting(delta, a)
    assert grid.shape == (5, 3)
    assert np.array_equal(grid, np.outer(delta, a))
    assert np.allclose(grid, delta @ a.T)
    assert np.array_equal(weight_change_by_broadcasting(delta.ravel(), a.T), grid)
    with pytest.raises(ValueError, match="expected a vector"):
        weight_change_by_broadcasting(np.ones((2, 2)), a)


def test_extremes_stay_finite():
    net = Network([2, 3, 1], seed=0)
    net.w[2][:] = 1000.0
    edu = EducationalNetwork.from_network(net)
    nabla_b, nabla_w = edu.backprop([[1.0], [-1.0]], [[1.0]])
    assert all(np.all(np.isfinite(g)) for g in [*nabla_b, *nabla_w])


@pytest.mark.parametrize("make, match", [
    (lambda: EducationalNetwork([2, 2], cost="log_likelihood"), "supports cost"),
    (lambda: EducationalNetwork([2, 2], activation="tanh", cost="cross_entropy"), "sigmoid"),
    (lambda: EducationalNetwork([2, 0]), "sizes"),
    (lambda: EducationalNetwork.from_network(
        Network([2, 3], output_activation="softmax", cost="log_likelihood")), "one activation"),
    (lambda: EducationalNetwork([2, 2]).feedforward(np.ones((2, 3))), "one example"),
    (lambda: EducationalNetwork([2, 2]).feedforward(np.ones(3)), r"input x has shape \(3,\)"),
    (lambda: EducationalNetwork([2, 2]).backprop(np.ones(2), np.ones((2, 2))), "one column"),
    (lambda: EducationalNetwork([2, 2]).update_mini_batch(np.ones((2, 1)), np.ones((2, 1)), 0),
     "eta"),
])
def test_bad_input_is_a_clear_value_error(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("bad", [None, [np.nan, 1.0], "ab", [1j, 2], [[1, 2], [3]], [True, 1.0]])
def test_weight_change_by_broadcasting_refuses_what_is_not_a_finite_vector(bad):
    from backprop_core.educational import weight_change_by_broadcasting
    with pytest.raises((TypeError, ValueError), match="delta"):
        weight_change_by_broadcasting(bad, np.ones((3, 1)))
