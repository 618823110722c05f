"""Property tests: backprop equals finite differences, and an independent reference
(complex-step differentiation of a separately written forward pass) to ≤ 1e-9,
for random networks, activations and costs."""
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backprop_core import Layers, Network, numerical_gradient, relative_error

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
OUTPUT_COST = [("sigmoid", "quadratic"), ("tanh", "quadratic"), ("relu", "quadratic"),
               ("linear", "quadratic"), ("softmax", "quadratic"),
               ("sigmoid", "cross_entropy"), ("softmax", "log_likelihood")]


@st.composite
def cases(draw):
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=4))
    hidden = draw(st.sampled_from(HIDDEN))
    out, cost = draw(st.sampled_from(OUTPUT_COST))
    m = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = Network(sizes, activation=hidden, output_activation=out, cost=cost, seed=seed)
    X = rng.uniform(-1, 1, (sizes[0], m))
    if cost == "quadratic":
        Y = rng.uniform(-1, 1, (sizes[-1], m))
    elif cost == "cross_entropy":
        Y = rng.uniform(0, 1, (sizes[-1], m))
    else:
        Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], m)].T
    return net, X, Y


def _away_from_kinks(net, X):
    """relu has no derivative at z = 0: keep finite differences off the kink."""
    return all(np.min(np.abs(z)) > 0.05 for z in net.forward_pass(X).z)


def _reference(net, X, Y, h=1e-4):
    """Central differences at h and h/2 combined by Richardson extrapolation,
    (4 D(h/2) − D(h)) / 3: truncation error O(h⁴), so h can be large enough
    that round-off (≈ 1e-16 · C / h) stays far below the 1e-6 tolerance."""
    coarse = numerical_gradient(net, X, Y, eps=h)
    fine = numerical_gradient(net, X, Y, eps=h / 2)
    return [[(4 * f - c) / 3 for c, f in zip(cs, fs)] for cs, fs in zip(coarse, fine)]


# ----- an independent reference: complex-step differentiation ---------------------
# f(p + ih) = f(p) + ih f′(p) + O(h²), so Im f(p + ih) / h is f′(p) with no
# subtraction, exact to rounding for h = 1e-30.  The forward pass below is
# written from the book's equations alone (nothing from backprop_core), in
# complex arithmetic; relu is piecewise linear and exact away from its kink.
_SIGMA = {
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.where(z.real > 0, z, 0),
    "linear": lambda z: z,
    "softmax": lambda z: np.exp(z - z.real.max(axis=0)) / np.exp(z - z.real.max(axis=0)).sum(axis=0),
}
_COST = {  # C_x from z^L, in the form that keeps ln a accurate where a is near 0 or 1
    "quadratic": lambda z, y, sigma: 0.5 * ((sigma(z) - y) ** 2).sum(axis=0),
    "cross_entropy": lambda z, y, sigma: (y * np.log1p(np.exp(-z))
                                          + (1 - y) * np.log1p(np.exp(z))).sum(axis=0),
    "log_likelihood": lambda z, y, sigma: -(y * (z - z.real.max(axis=0) - np.log(
        np.exp(z - z.real.max(axis=0)).sum(axis=0)))).sum(axis=0),
}


def _reference_cost(sizes, hidden, out, cost, ws, bs, X, Y):
    a = X.astype(complex)
    for l in range(2, len(sizes)):
        a = _SIGMA[hidden](ws[l] @ a + bs[l])
    L = len(sizes)
    return _COST[cost](ws[L] @ a + bs[L], Y, _SIGMA[out]).mean()


def _complex_step_gradient(net, X, Y, h=1e-30):
    """(nabla_b, nabla_w) as dicts keyed by the layer number l = 2..L."""
    ws = {l: net.w[l].astype(complex) for l in net.w.layers}
    bs = {l: net.b[l].astype(complex) for l in net.b.layers}
    args = (net.sizes, net.activation.name, net.output_activation.name, net.cost_function.name)
    grads = []
    for params in (bs, ws):
        grad = {}
        for l, p in params.items():
            g = np.zeros(p.shape)
            for idx in np.ndindex(p.shape):
                p[idx] += 1j * h
                g[idx] = _reference_cost(*args, ws, bs, X, Y).imag / h
                p[idx] -= 1j * h
            grad[l] = g
        grads.append(grad)
    return grads


def _assert_agree(net, X, Y, backprop_grads, fd_grads):
    """Relative error ≤ 1e-6 wherever finite differences can resolve the gradient.

    The reference's round-off floor is about 1e-16 · C / h ≈ 1e-12 · C per entry,
    so when the whole gradient is below 1e-4 · C (a saturated network, say) a
    relative comparison only measures that floor; there the entries must agree
    to within 1e-9 · C instead.
    """
    C = max(1.0, abs(net.cost(X, Y)))
    norm = np.sqrt(sum(np.sum(g ** 2) for g in backprop_grads))
    if norm > 1e-4 * C:
        assert relative_error(backprop_grads, fd_grads) <= 1e-6
    else:
        assert max(np.max(np.abs(a - b)) for a, b in zip(backprop_grads, fd_grads)) <= 1e-9 * C


def _check_against_finite_differences(net, X, Y, gradient):
    assume("relu" not in (net.activation.name, net.output_activation.name) or _away_from_kinks(net, X))
    nb, nw = gradient(X, Y)
    fb, fw = _reference(net, X, Y)
    _assert_agree(net, X, Y, [*nb, *nw], [*fb, *fw])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_backprop_batch_matches_finite_differences(case):
    net, X, Y = case
    _check_against_finite_differences(net, X, Y, net.backprop_batch)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_backprop_single_example_matches_finite_differences(case):
    net, X, Y = case
    _check_against_finite_differences(net, X[:, :1], Y[:, :1], net.backprop)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_backprop_batch_is_mean_of_per_example_backprop(case):
    net, X, Y = case
    m = X.shape[1]
    per = [net.backprop(X[:, [i]], Y[:, [i]]) for i in range(m)]
    nb, nw = net.backprop_batch(X, Y)
    for l in nb.layers:
        np.testing.assert_allclose(nb[l], np.mean([p[0][l] for p in per], axis=0), rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(nw[l], np.mean([p[1][l] for p in per], axis=0), rtol=1e-10, atol=1e-14)


def _entries_agree(exact, reference, tol=1e-9):
    """Every entry of every layer within tol of the reference, relative to the
    layer's largest entry (an absolute 1e-9 where the whole layer is below 1)."""
    for l in reference:
        scale = max(1.0, float(np.max(np.abs(reference[l]))))
        assert np.max(np.abs(exact[l] - reference[l])) <= tol * scale, l


@settings(max_examples=150, deadline=None)
@given(cases())
def test_backprop_equals_complex_step_reference_to_1e_9(case):
    net, X, Y = case
    assume("relu" not in (net.activation.name, net.output_activation.name) or _away_from_kinks(net, X))
    nb, nw = net.backprop_batch(X, Y)
    rb, rw = _complex_step_gradient(net, X, Y)
    assert set(rw) == set(nw.layers)
    _entries_agree(nb, rb)
    _entries_agree(nw, rw)
    assert net.cost(X, Y) == pytest.approx(float(_reference_cost(
        net.sizes, net.activation.name, net.output_activation.name, net.cost_function.name,
        {l: w for l, w in net.w.items()}, {l: b for l, b in net.b.items()}, X, Y).real), rel=1e-12)


def test_the_complex_step_reference_catches_a_wrong_gradient():
    net = Network([3, 4, 2], seed=0)
    X, Y = np.ones((3, 2)), np.zeros((2, 2))
    nb, nw = net.backprop_batch(X, Y)
    rb, rw = _complex_step_gradient(net, X, Y)
    _entries_agree(nw, rw)
    nw[3] = nw[3] + 1e-8
    with pytest.raises(AssertionError):
        _entries_agree(nw, rw)


def test_finite_differences_catch_a_wrong_gradient():
    """The check itself can fail: a deliberately broken BP2 is detected."""
    net = Network([3, 4, 2], seed=0)
    X, Y = np.ones((3, 2)), np.zeros((2, 2))
    nb, nw = net.backprop_batch(X, Y)
    nw[2] = nw[2] * 1.01
    fb, fw = numerical_gradient(net, X, Y)
    assert relative_error([*nb, *nw], [*fb, *fw]) > 1e-4


def test_the_agreement_check_can_fail_in_both_regimes():
    net = Network([2, 3, 2], seed=0)
    X, Y = np.ones((2, 1)), np.zeros((2, 1))
    nb, nw = net.backprop_batch(X, Y)
    grads = [*nb, *nw]
    off = [g * 1.001 for g in grads]
    try:
        _assert_agree(net, X, Y, grads, off)
    except AssertionError:
        pass
    else:
        raise AssertionError("a 0.1% error passed the relative check")
    tiny = [g * 1e-12 for g in grads]
    try:
        _assert_agree(net, X, Y, tiny, [t + 1e-6 for t in tiny])
    except AssertionError:
        pass
    else:
        raise AssertionError("a 1e-6 absolute error passed the saturated-regime check")


# ----- relative_error compares like with like -------------------------------------------
def test_relative_error_refuses_arrays_of_different_shapes():
    """A wrong-shaped answer must not pass `relative_error(...) < 1e-7` by broadcasting."""
    for a, b in [(np.ones(3), np.ones((3, 1))), (np.ones((1, 3)), np.ones((3, 1))),
                 (np.ones(3), np.ones(4)), (np.ones((2, 2)), np.ones(4))]:
        with pytest.raises(ValueError, match=rf"a has shape {re.escape(str(a.shape))} but b has "
                                             rf"shape {re.escape(str(b.shape))}"):
            relative_error(a, b)


def test_relative_error_refuses_layers_of_different_layer_sets():
    net, other = Network([3, 4, 2], seed=0), Network([3, 4, 4, 2], seed=0)
    with pytest.raises(ValueError, match=r"layers 2\.\.3 but b has layers 2\.\.4"):
        relative_error(net.w, other.w)
    with pytest.raises(ValueError, match=r"1 part\(s\) but b has 2"):
        relative_error([np.ones((2, 1))], [np.ones((2, 1)), np.ones((2, 1))])
    with pytest.raises(ValueError, match=r"shape \(4, 3\) but b has shape \(3, 4\) at layer 2"):
        relative_error(net.w, Layers([np.ones((3, 4)), np.ones((2, 4))], 2, "w^l"))


def test_relative_error_values_and_odd_entries():
    assert relative_error(np.ones((2, 1)), np.ones((2, 1))) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    # scale-free and overflow-free at the top of the float range
    assert relative_error(np.full(4, 1e307), np.full(4, 2e307)) == pytest.approx(1 / 3)
    for bad, kind in [([np.nan, 1.0], ValueError), ([1j, 1.0], TypeError),
                      (["0.5", 1.0], TypeError), ([[1, 2], [3]], ValueError)]:
        with pytest.raises(kind):
            relative_error(bad, [1.0, 1.0])
