"""Bad input gives a ValueError that says what was expected, never a deep numpy error."""
import warnings

import numpy as np
import pytest

from backprop_core import Network, numerical_gradient
from backprop_core import checks


@pytest.fixture
def net():
    return Network([3, 4, 2], seed=0)


@pytest.mark.parametrize("sizes", [[3], [], [3, 0], [3, -1], [2.5, 3], "abc", None])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError, match="sizes must be"):
        Network(sizes)


def test_unknown_activation_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'.*sigmoid.*tanh.*relu.*linear"):
        Network([2, 2], activation="sigmod")


def test_unknown_output_activation():
    with pytest.raises(ValueError, match="unknown activation 'soft'.*softmax"):
        Network([2, 2], output_activation="soft")


def test_softmax_hidden_layer_rejected():
    with pytest.raises(ValueError, match="softmax can only be the output activation"):
        Network([2, 3, 2], activation="softmax", output_activation="sigmoid")


def test_unknown_cost_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown cost 'mse'.*cross_entropy.*log_likelihood.*quadratic"):
        Network([2, 2], cost="mse")


@pytest.mark.parametrize("cost,out", [("log_likelihood", "sigmoid"), ("cross_entropy", "softmax")])
def test_cost_must_fit_output_activation(cost, out):
    with pytest.raises(ValueError, match=f"cost '{cost}' needs output_activation"):
        Network([2, 2], output_activation=out, cost=cost)


@pytest.mark.parametrize("x", [np.zeros((2, 1)), np.zeros((4, 1)), np.zeros((3, 1, 1)), np.zeros((3, 0))])
def test_input_shape_error_names_expected_shape(net, x):
    with pytest.raises(ValueError, match=r"input x has shape .*expected \(3, 1\)"):
        net.feedforward(x)


def test_one_dimensional_input_is_read_as_a_column(net):
    np.testing.assert_allclose(net.feedforward(np.ones(3)), net.feedforward(np.ones((3, 1))))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input(net, bad):
    x = np.ones((3, 1))
    x[1, 0] = bad
    with pytest.raises(ValueError, match="NaN or infinity"):
        net.feedforward(x)


def test_non_numeric_input(net):
    with pytest.raises(ValueError, match="must be numeric"):
        net.feedforward([["a"], ["b"], ["c"]])


def test_target_shape_error(net):
    with pytest.raises(ValueError, match=r"target y has shape \(3, 1\); expected \(2, 1\)"):
        net.backprop(np.ones((3, 1)), np.ones((3, 1)))


def test_mismatched_example_counts(net):
    with pytest.raises(ValueError, match="3 example column.*target y has 2"):
        net.backprop_batch(np.ones((3, 3)), np.ones((2, 2)))


def test_backprop_takes_one_example(net):
    with pytest.raises(ValueError, match="use backprop_batch"):
        net.backprop(np.ones((3, 5)), np.ones((2, 5)))


def test_assigned_weight_of_wrong_shape_names_layer(net):
    net.w[3] = np.ones((4, 2))
    with pytest.raises(ValueError, match=r"w\^3 \(net.w\[3\]\) has shape \(4, 2\); expected \(2, 4\)"):
        net.feedforward(np.ones((3, 1)))


def test_assigned_bias_of_wrong_shape_names_layer(net):
    net.b[2] = np.ones(4)
    with pytest.raises(ValueError, match=r"b\^2 \(net.b\[2\]\) has shape \(4,\); expected \(4, 1\)"):
        net.cost(np.ones((3, 1)), np.ones((2, 1)))


def test_nan_weight_rejected(net):
    net.w[2][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"w\^2 or b\^2 contains NaN"):
        net.feedforward(np.ones((3, 1)))


@pytest.mark.parametrize("l", [0, 1, 4, -1, 2.0, "2", True])
def test_layer_index_out_of_range(l):
    with pytest.raises(ValueError, match=r"expected 2\.\.3|integer in 2\.\.3"):
        checks.layer(l, 3)


@pytest.mark.parametrize("eta", [0, -1, np.nan, "fast"])
def test_bad_learning_rate(net, eta):
    with pytest.raises(ValueError, match="learning rate eta"):
        net.update_mini_batch(np.ones((3, 1)), np.ones((2, 1)), eta)


@pytest.mark.parametrize("kw", [{"epochs": 0}, {"mini_batch_size": 0}, {"epochs": 1.5}])
def test_bad_sgd_counts(net, kw):
    args = {"epochs": 1, "mini_batch_size": 1, "eta": 1.0, **kw}
    with pytest.raises(ValueError, match="must be a positive integer"):
        net.SGD((np.ones((3, 2)), np.ones((2, 2))), progress=False, **args)


def test_bad_training_data(net):
    with pytest.raises(ValueError, match="training_data must be"):
        net.SGD(42, 1, 1, 1.0, progress=False)


def test_bad_labels(net):
    with pytest.raises(ValueError, match=r"labels have shape \(3,\); expected \(2,\)"):
        net.accuracy(np.ones((3, 2)), np.array([0, 1, 1]))


def test_bad_eps_and_method(net):
    with pytest.raises(ValueError, match="eps must be"):
        numerical_gradient(net, np.ones((3, 1)), np.ones((2, 1)), eps=0)
    with pytest.raises(ValueError, match="method must be"):
        numerical_gradient(net, np.ones((3, 1)), np.ones((2, 1)), method="backward")


def test_extreme_inputs_raise_no_runtime_warning():
    for act in ["sigmoid", "tanh", "relu", "linear"]:
        net = Network([2, 3, 2], activation=act, output_activation="softmax",
                      cost="log_likelihood", seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            x = np.array([[1000.0], [-1000.0]])
            net.backprop(x, np.array([[1.0], [0.0]]))
            net.cost(x, np.array([[1.0], [0.0]]))


@pytest.mark.parametrize("v", [np.ones((3, 2)), np.ones((2, 1))])
def test_one_column_names_shape_and_expectation(v):
    with pytest.raises(ValueError, match=r"v has shape \((3, 2|2, 1)\); expected"):
        checks.one_column(v, 3, "v")
