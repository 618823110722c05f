"""The claims chapter 10 (softmax and cross-entropy) states in words, with the
bounds that keep them true.  Same inputs as the page."""
import numpy as np
import pytest

from backprop_core import Network, numerical_gradient, relative_error
from backprop_core.activations import Sigmoid, Softmax, saturated
from backprop_core.costs import LogLikelihoodCost
from backprop_core.data import load_digits_split
from backprop_core.divergence import quiet
from backprop_core.gradcheck import central_differences

# "A softmax output layer" and "The output error": the page's z and one-hot y.
Z = np.array([[2.0], [1.0], [-1.0]])
A = Softmax.fn(Z)
Y = np.array([[1.0], [0.0], [0.0]])


def test_softmax_sums_to_one_and_the_cost_is_minus_log_of_the_right_class():
    assert np.isclose(A.sum(), 1.0)
    assert np.isclose(LogLikelihoodCost.fn(A, Y)[0], -np.log(A[0, 0]))


def test_three_ways_to_delta_L_agree_and_the_short_form_needs_a_distribution():
    by_chain_rule = Softmax.backward(Z, LogLikelihoodCost.derivative(A, Y))
    assert np.allclose(A - Y, by_chain_rule) and np.allclose(A - Y, LogLikelihoodCost.delta(Z, A, Y, Softmax))
    odd = np.array([[1.0], [1.0], [0.0]])
    general = Softmax.backward(Z, LogLikelihoodCost.derivative(A, odd))
    assert np.allclose(general, LogLikelihoodCost.delta(Z, A, odd, Softmax))
    assert not np.allclose(general, A - odd)


def test_delta_L_and_delta_before_it_match_finite_differences():
    # "The output error" / "One layer further back": the [4, 5, 3] network
    net = Network([4, 5, 3], output_activation="softmax", cost="log_likelihood", seed=1)
    x = np.random.default_rng(2).random((4, 1))
    ex = net.example(x, Y)
    L = net.L
    numeric_b, _ = numerical_gradient(net, x, Y)
    assert relative_error(ex.a[L] - Y, numeric_b[L]) < 1e-7
    assert relative_error(ex.a[L] - Y, ex.delta[L]) < 1e-12
    hidden = (net.w[L].T @ (ex.a[L] - Y)) * Sigmoid.prime(ex.z[L - 1])
    assert relative_error(hidden, numeric_b[L - 1]) < 1e-7
    assert relative_error(hidden, ex.delta[L - 1]) < 1e-12


# ----- "A softmax that cannot overflow": z = (1000, 0, −1), the right class the second
Z_BIG = np.array([[1000.0], [0.0], [-1.0]])
Y_BIG = np.array([[0.0], [1.0], [0.0]])


def _log_softmax(z):
    m = z.max(axis=0, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=0, keepdims=True))


def test_the_naive_softmax_overflows_and_the_shifted_one_and_log_sum_exp_do_not():
    with quiet():
        e = np.exp(Z_BIG)
        naive = e / e.sum()
        log_of_a = np.log(Softmax.fn(Z_BIG))
    assert np.isinf(e[0, 0]) and np.isnan(naive[0, 0]) and np.isnan(naive).sum() == 1
    stable = np.exp(Z_BIG - Z_BIG.max()) / np.exp(Z_BIG - Z_BIG.max()).sum()
    assert np.array_equal(stable, Softmax.fn(Z_BIG)) and np.array_equal(stable.ravel(), [1, 0, 0])
    assert np.allclose(np.exp(Z) / np.exp(Z).sum(), Softmax.fn(Z), rtol=1e-15, atol=0)
    assert np.isinf(-log_of_a[1, 0])
    assert np.array_equal(_log_softmax(Z_BIG).ravel(), [0.0, -1000.0, -1001.0])
    net = Network([1, 3], output_activation="softmax", cost="log_likelihood")
    net.w[2], net.b[2] = np.zeros((3, 1)), Z_BIG.copy()
    ex = net.example(np.array([[1.0]]), Y_BIG)
    assert ex.cost == 1000.0
    assert np.array_equal(ex.delta[2], Softmax.fn(Z_BIG) - Y_BIG)


def test_the_fused_gradient_is_finite_where_the_unfused_one_is_nan():
    a = Softmax.fn(Z_BIG)
    with quiet():
        unfused = Softmax.backward(Z_BIG, -Y_BIG / a, a)
    assert np.isnan(unfused).all()
    fused = a - Y_BIG
    fd = central_differences(lambda zz: -_log_softmax(zz.reshape(3, 1))[1, 0], Z_BIG.ravel())
    assert np.all(np.isfinite(fused)) and relative_error(fused.ravel(), fd) < 1e-7


def test_the_overflow_figure_agrees_at_600_and_fails_as_written_past_710():
    # the figure's text: "both ways agree" at z_1 = 600; "past about 710" e^z_1 overflows
    from backprop_core.widgets.overflow import EXP_MAX, softmax_overflow
    live = softmax_overflow(z_top=600.0)
    v = live.values
    assert v["naive_cost"] == pytest.approx(v["stable_cost"], rel=1e-12)
    assert v["unfused_delta"] == pytest.approx(v["fused_delta"], rel=1e-12)
    assert 709 < EXP_MAX < 710
    live.controls["z_top"].value = 710.0
    assert np.isnan(live.values["naive_a1"]) and np.isnan(live.values["unfused_delta"])


# ----- "Training with each cost": why the quadratic run starts slowly ----------------
@pytest.fixture(scope="module")
def digits():
    return load_digits_split(seed=0)


def test_the_slow_start_is_the_mean_sigma_prime_not_saturation(digits):
    train = digits[0]
    fresh = Network([64, 30, 10], seed=0)
    ex = fresh.example(train.X, train.Y)
    L = fresh.L
    shrink = Sigmoid.prime(ex.z[L])
    right = train.Y == 1
    # σ′ averages about 0.1, far below its ceiling 1/4 ...
    assert 0.07 < shrink.mean() < 0.15 and shrink.max() <= 0.25
    # ... while only a small share of outputs is saturated or confidently wrong
    assert saturated("sigmoid", ex.z[L]).mean() < 0.2
    assert (right & (ex.a[L] < 0.01)).sum() / right.sum() < 0.15
    # the output layer's gradient is about a tenth of the cross-entropy one's
    ce = Network([64, 30, 10], seed=0, cost="cross_entropy")
    assert all(np.array_equal(fresh.w[l], ce.w[l]) for l in (2, 3))
    ratio = np.linalg.norm(ex.nabla_w[L]) / np.linalg.norm(ce.example(train.X, train.Y).nabla_w[L])
    assert 0.05 < ratio < 0.2


def test_one_epoch_of_quadratic_looks_like_cross_entropy_at_a_tenth_of_the_rate(digits):
    train, validation, _ = digits
    eta, mini_batch_size = 0.5, 10                   # the page's settings
    first = {}
    for label, cost, rate in (("quadratic", "quadratic", eta),
                              ("ce/10", "cross_entropy", eta / 10),
                              ("ce", "cross_entropy", eta),
                              ("ll", "log_likelihood", eta)):
        kind = dict(output_activation="softmax") if cost == "log_likelihood" else {}
        history = Network([64, 30, 10], seed=0, cost=cost, **kind).SGD(
            (train.X, train.Y), 1, mini_batch_size, rate,
            test_data=(validation.X, validation.labels), seed=0, progress=False)
        first[label] = history[0]["accuracy"]
    assert first["quadratic"] < min(first["ce"], first["ll"])
    assert abs(first["quadratic"] - first["ce/10"]) < abs(first["quadratic"] - first["ce"])
    assert abs(first["quadratic"] - first["ce/10"]) < 0.1
