"""The claims chapter 14 states in words, kept true here with their bounds.

The page prints the numbers and says the relations; these tests recompute them
with the engine (backprop_core/depth.py) from the chapter's own inputs.
"""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.activations import get_activation, saturated
from backprop_core.data import load_digits_split
from backprop_core.depth import (deep_example, deep_network, initialised_network,
                                 learning_speeds, log_bounds, log_error_norms, log_estimates,
                                 log_factors, log_gradient_norms, mean_factor)
from backprop_core.exercises.ch14_vanishing_gradients import (check_factor, check_flat_scale,
                                                              check_sigmoid_bound)


def _ex(depth, width, act, init, s=1.0, seed=0):
    return deep_example(deep_network(depth, width, act, init, s, seed=seed), seed=seed)


@pytest.fixture(scope="module")
def xex():
    # "The sigmoid's 1/4": the Xavier sigmoid network, 20 layers of 30
    return _ex(20, 30, "sigmoid", "xavier")


def test_one_step_of_bp2_the_bound_holds_and_the_estimate_is_close():
    # "One step of BP2, as a factor": sigmoid, L = 20, 30 wide, N(0, 1), seed 0
    ex = _ex(20, 30, "sigmoid", "normal")
    norms = log_error_norms(ex)
    assert all(np.isclose(10 ** norms[l], np.linalg.norm(ex.delta[l])) for l in range(2, 21))
    r, rho, beta = log_factors(ex), log_estimates(ex), log_bounds(ex)
    assert all(r[l] <= beta[l] + 1e-12 for l in range(2, 20))
    assert 0.8 < mean_factor(r) / mean_factor(rho) < 1.25
    assert 1e-4 < 10 ** (norms[2] - norms[20]) < 1e-2          # "about three orders of magnitude"
    peak = max(float(get_activation("sigmoid").prime(ex.z[l]).max()) for l in range(2, 20))
    assert peak <= 0.25


def test_with_xavier_the_bound_alone_proves_every_sigmoid_layer_shrinks(xex):
    xbeta, xnorms = log_bounds(xex), log_error_norms(xex)
    assert max(xbeta) < 0 and all(xnorms[l] < xnorms[l + 1] for l in range(2, 20))


def test_the_norms_span_a_hundred_orders_and_stay_finite():
    lo = min(log_error_norms(_ex(30, 30, "sigmoid", "xavier", 0.2)))
    hi = max(log_gradient_norms(_ex(30, 30, "relu", "normal", 3.0)))
    assert np.isfinite(lo) and np.isfinite(hi) and hi - lo > 90


def test_the_estimate_misses_the_last_step_when_the_output_explodes():
    for seed in range(4):
        e = _ex(8, 30, "relu", "xavier", 2.5, seed=seed)
        r_e, rho_e, top = log_factors(e), log_estimates(e), e.L - 1
        rest = np.mean([r_e[l] - rho_e[l] for l in range(2, top)])
        assert r_e[top] - rho_e[top] > rest


def test_exploding_and_flat_and_the_saturated_sigmoid():
    for act, init, s in [("relu", "normal", 1.0), ("tanh", "normal", 1.0), ("relu", "he", 2.0)]:
        e = _ex(30, 30, act, init, s)
        n = log_error_norms(e)
        assert mean_factor(log_factors(e)) > 1 and n[2] > n[30]
    for act, init in [("tanh", "xavier"), ("relu", "he")]:
        assert 0.85 < mean_factor(log_factors(_ex(30, 30, act, init))) < 1.15
    sig = {}
    for init, s in [("xavier", 1.0), ("normal", 3.0)]:
        e = _ex(30, 30, "sigmoid", init, s)
        share = np.mean([saturated("sigmoid", e.z[l]).mean() for l in range(2, 30)])
        sig[init] = mean_factor(log_factors(e)), share
    assert sig["xavier"][0] < 0.3 and sig["xavier"][1] < 0.01
    assert 0.9 < sig["normal"][0] < 1.1 and sig["normal"][1] > 0.5


def test_the_earliest_layers_learn_slowest(xex):
    # "Why the earliest layers learn slowest": [64, 30, 30, 30, 30, 10] on the digits, 24 epochs
    train = load_digits_split(seed=0).train
    deep = initialised_network([64, 30, 30, 30, 30, 10], "sigmoid", "xavier", seed=0,
                               output_activation="sigmoid", cost="cross_entropy")
    epochs = 24
    speeds, costs = learning_speeds(deep, (train.X, train.Y), epochs, mini_batch_size=10,
                                    eta=0.5, seed=0)
    steps = [speeds[l + 1][0] / speeds[l][0] for l in range(2, deep.L - 1)]
    ordered = [all(speeds[l][e] < speeds[l + 1][e] for l in range(2, deep.L - 1))
               for e in range(epochs + 1)]
    assert all(ordered[:10])                              # earlier layers slower, epoch after epoch
    assert speeds[2][0] < 0.05 * speeds[5][0] and all(3.5 < q < 5.5 for q in steps)
    assert all(0.67 < q * mean_factor(log_factors(xex)) < 1.5 for q in steps)
    assert costs[12] > 0.97 * costs[4] and costs[epochs] < 0.75 * costs[12]   # a plateau, then learning


def test_the_solutions_of_the_exercises_measured_with_the_engine(capsys):
    # 14.1: a chain of one sigmoid neuron per layer, w = 3, every z^l = 0
    chain = Network([1] * 8, activation="sigmoid", output_activation="linear")
    for l in chain.w.layers:
        chain.w[l] = np.array([[3.0]])
        chain.b[l] = np.array([[0.0 if l == 2 else -1.5]])     # z^l = 3 · σ(0) − 1.5 = 0
    chain_ex = chain.example(np.array([[0.0]]), np.array([[1.0]]))
    assert all(abs(float(chain_ex.z[l][0, 0])) < 1e-15 for l in range(2, chain.L))
    assert np.allclose([10 ** f for f in log_factors(chain_ex)], 0.75)
    # 14.2: He's scale keeps a 30 × 30 ReLU network flat
    he = _ex(30, 30, "relu", "normal", np.sqrt(2 / 30))
    assert 0.9 < mean_factor(log_factors(he)) < 1.1
    # 14.3: spectral norms just below 4 make every sigmoid layer shrink the error
    probe = deep_network(12, 20, "sigmoid", "normal", 3.0, seed=1)
    for l in probe.w.layers:
        probe.w[l] = probe.w[l] * (3.99 / np.linalg.norm(probe.w[l], 2))
    probe_ex = deep_example(probe, seed=1)
    assert max(log_bounds(probe_ex)) < 0 and max(log_factors(probe_ex)) < 0
    capsys.readouterr()


def test_clipping_keeps_the_direction_and_a_diverging_run_trains_with_it():
    # "A fix for exploding steps: gradient clipping": ReLU, N(0, 1), 20 × 30; then the
    # ReLU [64, 30, 30, 30, 30, 10], He, 300 digits, batches of 10, η = 0.5, c = 1
    from backprop_core.clipping import clip_by_norm, gradient_norm
    from backprop_core.divergence import TrainingDiverged
    e = _ex(20, 30, "relu", "normal")
    assert gradient_norm(e.nabla_b, e.nabla_w) > 1e20
    cb, cw = clip_by_norm(e.nabla_b, e.nabla_w, 1.0)
    assert gradient_norm(cb, cw) == pytest.approx(1.0, rel=1e-12)
    train = load_digits_split(seed=0).train
    X, Y, labels = train.X[:, :300], train.Y[:, :300], train.labels[:300]
    plain = initialised_network([64, 30, 30, 30, 30, 10], "relu", "he", seed=0)
    with pytest.raises(TrainingDiverged, match="η = 0.5 in epoch 1 of 10"):
        plain.SGD((X, Y), 10, 10, 0.5, seed=0, progress=False)
    net = initialised_network([64, 30, 30, 30, 30, 10], "relu", "he", seed=0)
    start = net.example(X, Y).cost
    history = net.SGD((X, Y), 10, 10, 0.5, seed=0, progress=False, clip=1.0)
    assert start > 2.0 and history[-1]["cost"] < 0.11 and net.accuracy(X, labels) > 0.9


def test_residual_connections_flatten_the_curve_at_depth_30():
    # "A fix for vanishing: residual connections": 30 layers × 30, seed 0, with and without skips
    rows = {}
    for act, init in (("sigmoid", "normal"), ("sigmoid", "xavier"), ("tanh", "xavier")):
        row = []
        for residual in (False, True):
            e = deep_example(deep_network(30, 30, act, init, seed=0, residual=residual), seed=0)
            n = log_error_norms(e)
            row.append(n[2] - n[30])
        rows[act, init] = row
        assert abs(row[1]) < abs(row[0])                    # closer to the output's, all 3
    assert rows["sigmoid", "xavier"][0] < -17                # "lost eighteen orders of magnitude"
    assert 10 ** rows["sigmoid", "xavier"][1] > 0.2          # "keeps a good part of its error"
    assert 10 ** rows["sigmoid", "normal"][1] > 0.2
    # "switch the figure to ReLU with He and the residual fix, and watch the factor climb above 1"
    e = deep_example(deep_network(30, 30, "relu", "he", seed=0, residual=True), seed=0)
    assert mean_factor(log_factors(e)) > 1.3


def test_layer_norm_takes_the_scale_out_of_the_curve():
    # "A fix for the scale: normalising z^l": 30 layers × 30, seed 0, s in (0.2, 1, 3)
    from backprop_core.layernorm import log_error_norms as normed_log_norms
    from backprop_core.layernorm import norm_example
    drops = {}
    for act, init in (("sigmoid", "normal"), ("sigmoid", "xavier"), ("tanh", "xavier"),
                      ("relu", "he")):
        for s in (0.2, 1.0, 3.0):
            net = deep_network(30, 30, act, init, s, seed=0)
            p = log_error_norms(deep_example(net, seed=0))
            q = normed_log_norms(norm_example(net, seed=0))
            drops[act, init, s] = (p[30] - p[2], q[30] - q[2])
    sig = [d[1] for k, d in drops.items() if k[0] == "sigmoid"]
    assert 11.5 < min(sig) and max(sig) < 12.5                 # "the same whatever the init and scale"
    assert all(abs(d[1]) < 1.5 for k, d in drops.items() if k[0] != "sigmoid")   # "nearly flat"
    assert 0.34 < 10 ** -(np.mean(sig) / 28) < 0.40            # "about 0.37" per layer
    # flatter where the plain one vanished fastest (Xavier, small s), steeper than N(0, 1) at s = 1
    assert drops["sigmoid", "xavier", 0.2][1] < drops["sigmoid", "xavier", 0.2][0] - 20
    assert drops["sigmoid", "normal", 1.0][1] > drops["sigmoid", "normal", 1.0][0] + 5
    # "σ(ẑ) ... root mean square about 0.54", σ′(ẑ) about 0.21, for ẑ ~ N(0, 1)
    z = np.random.default_rng(0).standard_normal(200_000)
    sigma = get_activation("sigmoid")
    assert np.sqrt(np.mean(sigma.fn(z) ** 2)) == pytest.approx(0.54, abs=0.01)
    assert 0.36 < np.sqrt(np.mean(sigma.prime(z) ** 2)) / np.sqrt(np.mean(sigma.fn(z) ** 2)) < 0.42


def test_exercise_14_6_solution():
    from backprop_core.exercises.ch14_vanishing_gradients import check_normalised_delta
    from backprop_core.layernorm import normalisation_backward
    s = np.sqrt(8 / 3)
    expected = np.array([-1 / 3, 1 / 6, 1 / 6]) / s
    got = normalisation_backward(np.array([[2.0], [0.0], [4.0]]), np.array([[0.0], [1.0], [0.0]]), 0.0)
    assert got.ravel() == pytest.approx(expected, rel=1e-12)
    assert got.ravel() == pytest.approx([-0.2041, 0.1021, 0.1021], abs=1e-4)
    assert abs(got.sum()) < 1e-15 and abs(float(got.ravel() @ np.array([0, -1, 1]))) < 1e-15
    assert check_normalised_delta(expected) is True
