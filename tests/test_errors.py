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
    with pytest.raises(ValueError, match=r"labels have shape \(3,\).*expected \(2,\)"):
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


# ----- wrong kinds of value: TypeError; out of range: ValueError; both name the argument ----
BAD_SEEDS = ["abc", 1.5, -1, True, [1, 2], 1j, b"x", np.float64(2.0)]


def _seed_takers():
    from backprop_core import educational, polyfit, speed
    from loop_training import sgd_epoch
    from backprop_core.data import load_digits_split
    net = Network([3, 4, 2], seed=0)
    X, Y = np.ones((3, 4)), np.ones((2, 4))
    return {
        "Network": lambda s: Network([3, 2], seed=s),
        "Network.SGD": lambda s: net.SGD((X, Y), 1, 2, 0.1, seed=s, progress=False),
        "EducationalNetwork": lambda s: educational.EducationalNetwork([3, 2], seed=s),
        "initial_coefficients": lambda s: polyfit.initial_coefficients(s),
        "network_with_weights": lambda s: speed.network_with_weights(20, 3, seed=s),
        "race": lambda s: speed.race([10], seed=s, repeat=1),
        "sgd_epoch": lambda s: sgd_epoch(net, X, Y, 2, 0.1, seed=s),
        "load_digits_split": lambda s: load_digits_split(seed=s),
    }


@pytest.mark.parametrize("taker", sorted(_seed_takers()))
@pytest.mark.parametrize("seed", BAD_SEEDS, ids=repr)
def test_every_seed_is_checked(taker, seed):
    expected = ValueError if seed == -1 else TypeError
    # load_digits_split wants a reproducible split, so it refuses None too (data.py's choice)
    message = ("seed must be an integer ≥ 0, got " if taker == "load_digits_split"
               else "seed must be None or a non-negative integer, got ")
    with pytest.raises(expected, match=message):
        _seed_takers()[taker](seed)


def test_seed_message_shows_the_value():
    with pytest.raises(TypeError, match=r"seed must be None or a non-negative integer, got 'abc'"):
        Network([2, 2], seed="abc")
    # numpy integers and None are seeds; the same seed gives the same network
    a, b = Network([2, 2], seed=np.int64(3)), Network([2, 2], seed=3)
    np.testing.assert_array_equal(a.w[2], b.w[2])
    Network([2, 2], seed=None)


@pytest.mark.parametrize("x,kind,match", [
    ([[10 ** 400], [1], [1]], ValueError, r"input x\[0, 0\] .*float can hold.*401 digits"),
    ([[1j], [1], [1]], TypeError, "input x must be numeric.*complex"),
    (np.ones((3, 1), complex), TypeError, "input x must be numeric.*complex"),
    ([["0.5"], ["1"], ["2"]], TypeError, "input x must be numeric.*strings"),
    ("0.5", TypeError, "input x must be numeric"),
    ([[True], [1.0], [0.0]], TypeError, "input x must be numeric.*bool"),
    (np.ones((3, 1), bool), TypeError, "input x must be numeric.*bool"),
    ([[b"x"], [1], [1]], TypeError, "input x must be numeric"),
    ([[1, 2], [3]], ValueError, "input x must be numeric.*ragged"),
    (None, TypeError, "input x must be numeric"),
])
def test_odd_inputs_x(net, x, kind, match):
    with pytest.raises(kind, match=match):
        net.feedforward(x)


@pytest.mark.parametrize("eta,kind,match", [
    (10 ** 400, ValueError, "learning rate eta must be a real number a float can hold"),
    (1j, TypeError, "learning rate eta must be a real number, got 1j"),
    ("0.5", TypeError, "learning rate eta must be a real number, got '0.5'"),
    (True, TypeError, "learning rate eta must be a real number, got True"),
    (None, TypeError, "learning rate eta must be a real number, got None"),
])
def test_odd_learning_rates(net, eta, kind, match):
    with pytest.raises(kind, match=match):
        net.update_mini_batch(np.ones((3, 1)), np.ones((2, 1)), eta)
    with pytest.raises(kind, match=match):
        net.SGD((np.ones((3, 2)), np.ones((2, 2))), 1, 1, eta, progress=False)


@pytest.mark.parametrize("eta", [np.float32(0.001), np.float64(0.5), np.int64(1), np.array(0.1)])
def test_numpy_scalars_are_numbers(net, eta):
    before = net.w[2].copy()
    net.update_mini_batch(np.ones((3, 1)), np.ones((2, 1)), eta)
    assert not np.array_equal(before, net.w[2])
    assert checks.positive(eta, "eta") == pytest.approx(float(eta))
    assert checks.finite(np.float32(-2.5), "x") == -2.5
    assert checks.count(np.int64(3), "epochs") == 3


def test_numpy_scalar_shown_plainly_in_messages():
    with pytest.raises(ValueError, match=r"eta must be a positive finite number, got -0\.5$"):
        checks.positive(np.float32(-0.5), "eta")


@pytest.mark.parametrize("value", [True, np.bool_(False)])
def test_bools_are_not_counts_or_sizes(value):
    with pytest.raises(TypeError, match="epochs must be a positive integer"):
        checks.count(value, "epochs")
    with pytest.raises(TypeError, match="sizes must be"):
        Network([3, value])


def test_sizes_too_big_refused_before_allocating():
    with pytest.raises(ValueError, match="weights, more than"):
        Network([10 ** 6, 10 ** 6])
    with pytest.raises(ValueError, match="weights, more than"):
        Network([10 ** 400, 1])


@pytest.mark.parametrize("name", ["foo", "sigmod", "Sigmoid", "", "tanh "])
def test_activation_typos_list_the_valid_names(name):
    with pytest.raises(ValueError, match=r"unknown activation .*expected one of .*sigmoid"):
        Network([2, 2], activation=name)


@pytest.mark.parametrize("thing", [3, None, 1.5, ["sigmoid"], object(), len])
def test_non_string_activation_is_a_type_error(thing):
    with pytest.raises(TypeError, match=r"activation must be a name, one of \['sigmoid'"):
        Network([2, 2], activation=thing)


def test_activation_where_an_object_goes():
    from backprop_core import activations, four_equations, hadamard, paths
    z = np.array([[0.5], [-1.0]])
    for call in (lambda s: hadamard.Sigma_prime(z, s),
                 lambda s: four_equations.bp2(np.ones((2, 2)), np.ones((2, 1)), z, s),
                 lambda s: paths.jacobian(s, z),
                 lambda s: activations.saturated(s, 0.0)):
        with pytest.raises(ValueError, match=r"unknown activation 'foo'.*sigmoid"):
            call("foo")
        with pytest.raises(TypeError, match=r"must be an activation name such as 'tanh'"):
            call(42)
        # a name works as well as the object
        np.testing.assert_array_equal(call("tanh"), call(activations.Tanh))


def test_sigma_of_a_layer_that_does_not_exist(net):
    for l in (0, 1, 4, "2", 2.0, None):
        with pytest.raises(ValueError, match=r"2\.\.3"):
            net.sigma(l)
