"""Training that diverges, at every entry point that updates parameters.

A diverging learning rate must raise TrainingDiverged (a ValueError) whose
message names η, where it diverged and a smaller η that works; the parameters
must be exactly the ones from before the diverging step (single steps) or the
start of the epoch (SGD, sgd_epoch); no RuntimeWarning may escape (the suite
runs with warnings as errors).  A normal η must train exactly as the plain
update rule w → w − η ∂C/∂w does, computed here independently of the engine's
training loop.
"""
import copy
import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from backprop_core import Network
from backprop_core.educational import EducationalNetwork
from backprop_core.minibatch import gradient_by_loop
from loop_training import sgd_epoch, update_mini_batch_loop
from backprop_core.divergence import GROWTH, TrainingDiverged


def data(n_in=4, n_out=2, m=50, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n_in, m)), rng.random((n_out, m))


def linear(seed=0):
    return Network([4, 8, 2], activation="linear", seed=seed)


def parameters(net):
    return [p.copy() for p in net.weights + net.biases]


def assert_unchanged(net, before):
    now = net.weights + net.biases
    assert len(now) == len(before)
    for p, q in zip(now, before):
        assert np.array_equal(p, q)


def assert_names_eta(err, eta, where):
    text = str(err)
    assert f"η = {eta:.3g}" in text
    assert where in text
    assert re.search(r"try η ≤ [0-9.e+-]+", text), text
    assert err.eta == eta
    assert err.suggestion is not None and err.suggestion < eta


# ----- Network.SGD -------------------------------------------------------------------
def test_the_issue_example_linear_network_eta_half():
    """Was: a flood of RuntimeWarnings, NaN weights, "w^2 or b^2 contains NaN" without η."""
    X, Y = data()
    net = linear()
    before = parameters(net)
    with pytest.raises(TrainingDiverged) as caught:
        net.SGD((X, Y), 5, 10, 0.5, seed=0, progress=False)
    err = caught.value
    assert_names_eta(err, 0.5, "in epoch 1 of 5, at mini-batch 4 of 5")
    assert (err.epoch, err.step, err.history) == (1, 4, [])
    assert "left as it was at the start of epoch 1" in str(err)
    assert_unchanged(net, before)
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)
    # the suggested η really runs (the same seed, so the same mini-batches)
    trial = linear()
    history = trial.SGD((X, Y), 1, 10, err.suggestion, seed=0, progress=False)
    assert np.isfinite(history[0]["cost"])


def test_sgd_diverging_in_a_later_epoch_is_put_back_to_that_epochs_start():
    X, Y = data()
    net, reference = linear(), linear()
    with pytest.raises(TrainingDiverged) as caught:
        net.SGD((X, Y), 30, 10, 0.1, seed=0, progress=False)
    err = caught.value
    assert err.epoch == 2 and len(err.history) == 1
    assert "left as it was at the start of epoch 2" in str(err)
    # the start of epoch 2 = the network after one good epoch with the same shuffle
    reference.SGD((X, Y), 1, 10, 0.1, seed=0, progress=False)
    assert_unchanged(net, parameters(reference))
    assert err.history[0]["cost"] == pytest.approx(reference.cost(X, Y), rel=1e-12)


@pytest.mark.parametrize("activation, eta", [("sigmoid", 1e300), ("relu", 1e100), ("tanh", 1e200),
                                             ("linear", 1e10)])
def test_sgd_with_an_absurd_eta_stops_in_the_first_epoch(activation, eta):
    X, Y = data()
    net = Network([4, 8, 2], activation=activation, seed=1)
    before = parameters(net)
    with pytest.raises(TrainingDiverged, match=r"η = .*epoch 1 of 3, at mini-batch \d of 5"):
        net.SGD((X, Y), 3, 10, eta, seed=0, progress=False)
    assert_unchanged(net, before)


def test_sgd_test_accuracy_is_kept_and_softmax_diverges_cleanly():
    X, _ = data(m=40)
    labels = np.arange(40) % 2
    Y = np.eye(2)[:, labels]
    net = Network([4, 8, 2], activation="relu", output_activation="softmax",
                  cost="log_likelihood", seed=3)
    before = parameters(net)
    with pytest.raises(TrainingDiverged) as caught:
        net.SGD((X, Y), 3, 10, 1e6, test_data=(X, labels), seed=0, progress=False)
    assert_names_eta(caught.value, 1e6, "in epoch 1 of 3")
    assert_unchanged(net, before)


def test_huge_starting_weights_are_blamed_on_the_parameters_not_on_eta():
    X, Y = data()
    net = Network([4, 8, 2], activation="relu", seed=0)
    net.w[2] = net.w[2] * 1e200
    net.w[3] = net.w[3] * 1e200
    before = parameters(net)
    with pytest.raises(TrainingDiverged, match=r"Even η = .* diverged from these parameters") as e:
        net.SGD((X, Y), 1, 10, 0.1, seed=0, progress=False)
    assert e.value.suggestion is None
    assert_unchanged(net, before)


# ----- single steps ------------------------------------------------------------------------
def test_update_mini_batch_diverging_leaves_the_network_unchanged():
    X, Y = data()
    net = linear()
    before = parameters(net)
    with pytest.raises(TrainingDiverged) as caught:
        net.update_mini_batch(X, Y, 1e7)
    assert_names_eta(caught.value, 1e7, "in this update_mini_batch step")
    assert "The network is unchanged" in str(caught.value)
    assert f"{GROWTH:g} times its size" in str(caught.value)
    assert_unchanged(net, before)


def test_update_mini_batch_loop_diverging_leaves_the_network_unchanged():
    X, Y = data()
    net = linear()
    before = parameters(net)
    with pytest.raises(TrainingDiverged) as caught:
        update_mini_batch_loop(net, X, Y, 1e7)
    assert_names_eta(caught.value, 1e7, "in this update_mini_batch_loop step")
    assert_unchanged(net, before)


@pytest.mark.parametrize("method", ["loop", "matrix"])
def test_sgd_epoch_diverging_is_put_back_to_the_epochs_start(method):
    X, Y = data()
    net = linear()
    before = parameters(net)
    with pytest.raises(TrainingDiverged) as caught:
        sgd_epoch(net, X, Y, 10, 0.5, method, seed=0)
    assert_names_eta(caught.value, 0.5, "in this epoch, at mini-batch")
    assert "left as it was at the start of the epoch" in str(caught.value)
    assert_unchanged(net, before)


def test_repeated_single_steps_never_reach_nan():
    """Many small blow-ups, one call each: every call either steps or refuses."""
    X, Y = data()
    net = linear()
    for _ in range(200):
        before = parameters(net)
        try:
            net.update_mini_batch(X, Y, 0.5)
        except TrainingDiverged:
            assert_unchanged(net, before)
            break
    else:
        pytest.fail("η = 0.5 should diverge on this linear network")
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)


def edu_parameters(edu):
    return [(list(n.weights), n.b) for layer in edu.layers for n in layer]


def test_educational_network_diverging_leaves_every_neuron_unchanged():
    """Was: the per-neuron network went NaN silently."""
    X, Y = data(m=10)
    edu = EducationalNetwork([4, 8, 2], activation="linear", seed=0)
    with pytest.raises(TrainingDiverged) as caught:
        for _ in range(100):
            before = edu_parameters(edu)
            edu.update_mini_batch(X, Y, 0.5)
    assert "η = 0.5" in str(caught.value) and "No neuron was changed" in str(caught.value)
    assert edu_parameters(edu) == before
    assert np.all(np.isfinite(edu.feedforward(X[:, :1])))


def test_educational_feedforward_overflow_is_a_clear_error():
    edu = EducationalNetwork([4, 8, 2], activation="relu", seed=0)
    for layer in (edu.layers[1], edu.layers[2]):
        for neuron in layer:
            neuron.weights = [w * 1e200 for w in neuron.weights]
    with pytest.raises(ValueError, match=r"weighted input z of neuron \d in layer 3 overflowed"):
        edu.feedforward(np.ones(4))


# ----- a normal η trains exactly as the plain update rule ----------------------------------
def reference_sgd(net, X, Y, epochs, size, eta, seed):
    """The update rule by hand, with the engine's gradient and the same shuffles."""
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(X.shape[1])
        for start in range(0, X.shape[1], size):
            batch = order[start:start + size]
            nabla_b, nabla_w = net.backprop_batch(X[:, batch], Y[:, batch])
            for l in net.w.layers:
                net.w[l] = net.w[l] - eta * nabla_w[l]
                net.b[l] = net.b[l] - eta * nabla_b[l]


@pytest.mark.parametrize("kind, eta", [(dict(), 3.0), (dict(activation="relu", output_activation="sigmoid"), 0.1),
                                       (dict(activation="linear"), 0.02),
                                       (dict(output_activation="softmax", cost="log_likelihood"),
                                        0.5)])
def test_sgd_with_a_normal_eta_is_the_plain_update_rule(kind, eta):
    X, Y = data(m=37)
    if kind.get("cost") == "log_likelihood":
        Y = np.eye(2)[:, np.arange(37) % 2]
    net = Network([4, 6, 2], seed=5, **kind)
    start, reference = parameters(net), copy.deepcopy(net)
    net.SGD((X, Y), 4, 5, eta, seed=2, progress=False)
    reference_sgd(reference, X, Y, 4, 5, eta, seed=2)
    for p, q in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_allclose(p, q, rtol=0, atol=1e-12)
    assert max(np.max(np.abs(p - p0)) for p, p0 in zip(net.weights + net.biases, start)) > 1e-3


def test_single_steps_with_a_normal_eta_are_the_plain_update_rule():
    X, Y = data(m=8)
    net = Network([4, 6, 2], seed=7)
    loop, reference = copy.deepcopy(net), copy.deepcopy(net)
    net.update_mini_batch(X, Y, 2.0)
    update_mini_batch_loop(loop, X, Y, 2.0)
    nabla_b, nabla_w = reference.backprop_batch(X, Y)
    for l in reference.w.layers:
        expected_w = reference.w[l] - 2.0 * nabla_w[l]
        expected_b = reference.b[l] - 2.0 * nabla_b[l]
        np.testing.assert_array_equal(net.w[l], expected_w)
        np.testing.assert_array_equal(net.b[l], expected_b)
        np.testing.assert_allclose(loop.w[l], expected_w, rtol=0, atol=1e-12)
        assert not np.allclose(net.w[l], reference.w[l])        # it did move


@pytest.mark.parametrize("method", ["loop", "matrix"])
def test_sgd_epoch_with_a_normal_eta_is_the_plain_update_rule(method):
    X, Y = data(m=23)
    net = Network([4, 6, 2], seed=8)
    reference = copy.deepcopy(net)
    assert sgd_epoch(net, X, Y, 5, 3.0, method, seed=4) == 5
    reference_sgd(reference, X, Y, 1, 5, 3.0, seed=4)
    for p, q in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_allclose(p, q, rtol=0, atol=1e-12)


def test_educational_step_with_a_normal_eta_is_the_plain_update_rule():
    X, Y = data(m=6)
    edu = EducationalNetwork([4, 5, 2], seed=2)
    net = edu.to_network()
    nabla_b, nabla_w = net.backprop_batch(X, Y)
    edu.update_mini_batch(X, Y, 1.5)
    after = edu.to_network()
    for l in net.w.layers:
        np.testing.assert_allclose(after.w[l], net.w[l] - 1.5 * nabla_w[l], rtol=0, atol=1e-12)
        np.testing.assert_allclose(after.b[l], net.b[l] - 1.5 * nabla_b[l], rtol=0, atol=1e-12)


# ----- any η: it trains or it says so, never a warning, never a NaN -------------------------
@settings(max_examples=40, deadline=None)
@given(log_eta=st.floats(-3, 300), activation=st.sampled_from(["sigmoid", "tanh", "relu",
                                                               "linear"]))
def test_any_eta_trains_or_raises_training_diverged(log_eta, activation):
    X, Y = data(m=20)
    net = Network([4, 5, 2], activation=activation, seed=0)
    before = parameters(net)
    eta = 10.0 ** log_eta
    try:
        history = net.SGD((X, Y), 2, 5, eta, seed=0, progress=False)
    except TrainingDiverged as err:
        assert f"η = {eta:.3g}" in str(err)
        if err.epoch == 1:
            assert_unchanged(net, before)
        assert err.suggestion is None or err.suggestion < eta
    else:
        assert all(np.isfinite(r["cost"]) for r in history)
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)
    assert np.isfinite(net.cost(X, Y))


def test_gradient_by_loop_is_unchanged_by_the_checks():
    X, Y = data(m=5)
    net = Network([4, 6, 2], seed=1)
    loop_b, loop_w = gradient_by_loop(net, X, Y)
    batch_b, batch_w = net.backprop_batch(X, Y)
    for l in net.w.layers:
        np.testing.assert_allclose(loop_w[l], batch_w[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(loop_b[l], batch_b[l], rtol=1e-12, atol=1e-15)
