"""backprop_core.depth: per-layer norms equal the engine's δ (and finite differences),
the BP2 bound holds, the estimate predicts, the initialisations behave as stated."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.data import load_digits_split
from backprop_core.depth import (ACTIVATIONS, INITS, deep_example, deep_network,
                                 initialised_network, learning_speeds, log10_norm, log_bounds,
                                 log_error_norms, log_estimates, log_factors,
                                 log_gradient_norms, mean_factor, predicted_log_norms,
                                 weight_std)
from backprop_core.gradcheck import central_differences, relative_error

CASES = [(act, init, s) for act in ACTIVATIONS for init in INITS for s in (0.2, 1.0, 3.0)]


def _ex(act="sigmoid", init="normal", s=1.0, depth=12, width=20, seed=0):
    return deep_example(deep_network(depth, width, act, init, s, seed=seed), seed=seed)


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_error_norms_are_the_engines_delta_and_finite_differences(act):
    ex = _ex(act, "xavier" if act != "relu" else "he", 1.0, depth=7, width=5, seed=3)
    norms, grads = log_error_norms(ex), log_gradient_norms(ex)
    assert list(norms.layers) == list(range(2, ex.L + 1))
    for l in range(2, ex.L + 1):
        assert 10 ** norms[l] == pytest.approx(np.linalg.norm(ex.delta[l]), rel=1e-12)
        assert 10 ** grads[l] == pytest.approx(np.linalg.norm(ex.nabla_w[l]), rel=1e-12)
        fd = central_differences(lambda z, l=l: ex.forward_from(l, z=z).cost, ex.z[l])
        assert relative_error(fd.reshape(ex.delta[l].shape), ex.delta[l]) < 1e-6
        assert 10 ** norms[l] == pytest.approx(np.linalg.norm(fd), rel=1e-6)


def _reference_bound(ex, l):
    """max σ′(z^l) · largest singular value of w^{l+1}, computed another way (SVD)."""
    sigma = ex.net.sigma(l)
    return float(sigma.prime(ex.z[l]).max()) * float(np.linalg.svd(ex.w[l + 1], compute_uv=False)[0])


@pytest.mark.parametrize("act, init, s", CASES)
def test_the_bp2_bound_holds_in_every_layer(act, init, s):
    ex = _ex(act, init, s, depth=16, width=20)
    r, beta, norms = log_factors(ex), log_bounds(ex), log_error_norms(ex)
    for l in range(2, ex.L):
        assert r[l] == pytest.approx(norms[l] - norms[l + 1], abs=1e-12)
        assert 10 ** beta[l] == pytest.approx(_reference_bound(ex, l), rel=1e-10)
        assert np.linalg.norm(ex.delta[l]) <= _reference_bound(ex, l) * np.linalg.norm(
            ex.delta[l + 1]) * (1 + 1e-12)
    upper = predicted_log_norms(ex, beta)
    assert all(norms[l] <= upper[l] + 1e-9 for l in range(2, ex.L + 1))


def test_the_sigmoid_quarter():
    for s in (0.2, 1.0, 3.0):
        ex = _ex("sigmoid", "normal", s, depth=20, width=30)
        for l in range(2, ex.L):
            assert ex.net.sigma(l).prime(ex.z[l]).max() <= 0.25
            assert log_bounds(ex)[l] <= np.log10(0.25 * np.linalg.norm(ex.w[l + 1], 2)) + 1e-12


@pytest.mark.parametrize("act, init, s", CASES)
def test_the_estimate_predicts_the_measured_factor(act, init, s):
    ex = _ex(act, init, s, depth=30, width=30)
    ratio = mean_factor(log_factors(ex)) / mean_factor(log_estimates(ex))
    assert 0.75 < ratio < 1.25, ratio


def test_predicted_norms_from_the_measured_factors_are_the_norms():
    ex = _ex("tanh", "normal", 1.0)
    again = predicted_log_norms(ex, log_factors(ex))
    norms = log_error_norms(ex)
    assert all(again[l] == pytest.approx(norms[l], abs=1e-9) for l in norms.layers)
    with pytest.raises(ValueError, match="log_per_layer"):
        predicted_log_norms(ex, [0.0] * 3)


def test_vanishing_exploding_and_flat():
    assert mean_factor(log_factors(_ex("sigmoid", "xavier", 1.0, 30, 30))) < 0.3
    assert mean_factor(log_factors(_ex("relu", "normal", 1.0, 30, 30))) > 3
    assert mean_factor(log_factors(_ex("tanh", "normal", 1.0, 30, 30))) > 1.2
    for act, init in (("tanh", "xavier"), ("relu", "he")):
        assert 0.85 < mean_factor(log_factors(_ex(act, init, 1.0, 30, 30))) < 1.15


def test_extremes_are_finite_without_warnings():
    for act, init, s in [("relu", "normal", 3.0), ("sigmoid", "xavier", 0.2),
                         ("tanh", "normal", 3.0), ("relu", "xavier", 0.2)]:
        ex = _ex(act, init, s, depth=30, width=30)
        for values in (log_error_norms(ex), log_gradient_norms(ex), log_factors(ex),
                       log_bounds(ex), log_estimates(ex)):
            assert np.all(np.isfinite(list(values)))


def test_weight_std_and_the_drawn_weights():
    assert weight_std("normal", 30, 30, 2.0) == 2.0
    assert weight_std("xavier", 64, 30) == pytest.approx(np.sqrt(2 / 94))
    assert weight_std("he", 50, 10, 0.5) == pytest.approx(0.5 * np.sqrt(2 / 50))
    net = initialised_network([200, 300, 100], "relu", "he", seed=1)
    assert np.std(net.w[2]) == pytest.approx(np.sqrt(2 / 200), rel=0.02)
    assert np.std(net.w[3]) == pytest.approx(np.sqrt(2 / 300), rel=0.02)
    assert all(np.all(b == 0) for b in net.b)
    net = deep_network(5, 7, "tanh", "xavier", seed=0)
    assert net.sizes == [7] * 5 and net.output_activation.name == "linear"


@pytest.mark.parametrize("call, match", [
    (lambda: deep_network(2, 5), "depth must be at least 3"),
    (lambda: deep_network(5, 0), "width must be"),
    (lambda: deep_network(5.5, 3), "depth must be"),
    (lambda: deep_network(5, 3, "swish"), "activation must be one of"),
    (lambda: deep_network(5, 3, "relu", "lecun"), "init must be one of"),
    (lambda: deep_network(5, 3, "relu", "he", -1.0), "scale must be"),
    (lambda: deep_network(5, 3, "relu", "he", float("nan")), "scale must be"),
    (lambda: weight_std("he", True, 3), "n_in must be"),
    (lambda: log10_norm("abc"), "log10_norm expected an array"),
    (lambda: deep_network(5, 3, seed="a"), "seed must be"),
    (lambda: deep_network(5, 3, seed=-1), "seed must be"),
    (lambda: mean_factor([]), "at least one factor"),
    (lambda: mean_factor([0.1, -np.inf]), "finite"),
    (lambda: mean_factor("abc"), "mean_factor expected"),
    (lambda: deep_network(10**400, 3), "depth must be at most"),
    (lambda: deep_network(5, 10**6), "width must be at most"),
    (lambda: initialised_network([3000, 3000, 3000, 3000]), "weights"),
    (lambda: weight_std("he", 10**400, 3), "n_in must be at most"),
    (lambda: log10_norm([10**400]), "log10_norm expected an array"),
    (lambda: log_factors("ex"), "expected net.example"),
    (lambda: log_bounds(None), "expected net.example"),
])
def test_bad_input_is_refused_clearly(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_log10_norm():
    assert log10_norm(np.zeros(3)) == -np.inf
    for bad in ([1.0, np.inf], [np.nan, 1.0]):
        with pytest.raises(ValueError, match="NaN or infinity"):
            log10_norm(bad)
    assert log10_norm([3.0, 4.0]) == pytest.approx(np.log10(5.0))
    assert log10_norm(np.full((4, 4), 1e250)) == pytest.approx(250 + np.log10(4.0))
    assert log10_norm(np.full(3, 1e-320)) == pytest.approx(np.log10(np.sqrt(3) * 1e-320), abs=1e-2)


def test_learning_speeds_are_the_bias_gradients_and_earlier_layers_are_slower():
    train = load_digits_split(seed=0).train
    X, Y = train.X[:, :300], train.Y[:, :300]
    net = initialised_network([64, 20, 20, 20, 10], "sigmoid", "xavier", seed=0,
                              output_activation="sigmoid", cost="cross_entropy")
    before = net.example(X, Y)
    speeds, costs = learning_speeds(net, (X, Y), 3, mini_batch_size=10, eta=0.5, seed=0)
    assert list(speeds.layers) == [2, 3, 4, 5] and all(len(v) == 4 for v in speeds)
    for l in speeds.layers:
        assert speeds[l][0] == pytest.approx(np.linalg.norm(before.nabla_b[l]), rel=1e-12)
        assert speeds[l][-1] == pytest.approx(np.linalg.norm(net.example(X, Y).nabla_b[l]), rel=1e-12)
    assert costs[0] == pytest.approx(before.cost) and costs[-1] < costs[0]
    assert all(speeds[l][e] < speeds[l + 1][e] for l in (2, 3) for e in range(4))
    with pytest.raises(TypeError, match="expected a Network"):
        learning_speeds("net", (X, Y), 1)
    with pytest.raises(ValueError, match="training_data"):
        learning_speeds(net, X, 1)
    with pytest.raises(ValueError, match="epochs"):
        learning_speeds(net, (X, Y), 0)


def test_a_dead_relu_layer_has_no_factor():
    net = deep_network(5, 3, "relu", "he", seed=0)
    net.w[3] = -np.abs(net.w[3])                       # layer 3 ...
    net.w[2] = np.abs(net.w[2])
    ex = net.example(np.ones((3, 1)), np.ones((3, 1)))  # ... gets z^3 < 0: every neuron off
    assert np.all(ex.z[3] < 0) and np.all(ex.delta[3] == 0)
    with pytest.raises(ValueError, match="δ\\^3 = 0"):
        log_factors(ex)


def test_deep_example_takes_a_network():
    with pytest.raises(TypeError, match="expected a Network"):
        deep_example("net")
    ex = deep_example(Network([3, 4, 2], seed=0), seed=1)
    assert ex.m == 1


BANK = [None, float("nan"), float("inf"), -float("inf"), 10**400, True, "abc", b"x", 1j,
        np.float32(1), np.int64(2), -1, 0, 1, 2.5, 1e-300, 1e300, object(), len, [[1, 2], [3]],
        [], np.ones((2, 2)), {1: 2}]


def _good():
    net = deep_network(5, 4, "tanh")
    ex = deep_example(net)
    X = np.random.default_rng(0).random((4, 6))
    return {
        "weight_std": (weight_std, ("he", 3, 3, 1.0)),
        "deep_network": (deep_network, (5, 4, "tanh", "xavier", 1.0, 0)),
        "initialised_network": (initialised_network,
                                ([3, 4, 2], "relu", "he", 1.0, 0, "linear", "quadratic")),
        "deep_example": (deep_example, (net, 0)),
        "log10_norm": (log10_norm, (np.ones(3),)),
        "mean_factor": (mean_factor, ([0.1, 0.2],)),
        "log_factors": (log_factors, (ex,)),
        "predicted_log_norms": (predicted_log_norms, (ex, log_factors(ex))),
        "learning_speeds": (lambda *a: learning_speeds(deep_network(4, 4, "sigmoid"), *a),
                            ((X, X), 1, 3, 0.1, 0)),
    }


@pytest.mark.parametrize("name", list(_good()))
def test_odd_arguments_give_a_clear_error_or_a_finite_answer(name):
    f, good = _good()[name]
    for i in range(len(good)):
        for odd in BANK:
            args = list(good)
            args[i] = odd
            try:
                out = f(*args)
            except (TypeError, ValueError) as err:
                assert str(err), (name, i, odd)
            else:
                if isinstance(out, float) and name != "log10_norm":
                    assert np.isfinite(out), (name, i, odd)
