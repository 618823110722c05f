"""backprop_core.modules checked against the one engine (Network) and finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import Network
from backprop_core.activations import HIDDEN_ACTIVATIONS
from backprop_core.costs import REQUIRED_OUTPUT
from backprop_core.gradcheck import central_differences
from backprop_core.modules import (Activation, Cost, Linear, SoftmaxCrossEntropy, gradients,
                                   modules_of, run, softmax_jacobian, softmax_vjp)

#: every (output activation, cost) Network accepts
OUTPUTS = [(out, cost) for cost, needed in REQUIRED_OUTPUT.items()
           for out in ([needed] if needed else ["sigmoid", "tanh", "relu", "linear", "softmax"])]


def _data(sizes, m, seed, out):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((sizes[0], m))
    Y = rng.random((sizes[-1], m))
    if out == "softmax" or out == "sigmoid":
        Y = Y / Y.sum(axis=0, keepdims=True) if out == "softmax" else Y
    return X, Y


@settings(max_examples=12, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4), m=st.integers(1, 3),
       seed=st.integers(0, 2**16), act=st.sampled_from(HIDDEN_ACTIVATIONS),
       output=st.sampled_from(OUTPUTS))
def test_the_modules_give_networks_gradients(sizes, m, seed, act, output):
    out, cost = output
    net = Network(sizes, activation=act, output_activation=out, cost=cost, seed=seed)
    X, Y = _data(sizes, m, seed + 1, out)
    ex = net.example(X, Y)
    row = modules_of(net)
    assert abs(run(row, X, Y) - ex.cost) <= 1e-12 * max(1.0, abs(ex.cost))
    grads = gradients(row)
    assert len(grads) == net.L - 1
    for l, (dw, db) in zip(range(2, net.L + 1), grads):
        assert dw.shape == net.w[l].shape and db.shape == net.b[l].shape
        assert np.max(np.abs(dw - ex.nabla_w[l])) <= 1e-12
        assert np.max(np.abs(db - ex.nabla_b[l])) <= 1e-12


@pytest.mark.parametrize("act", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("out, cost", OUTPUTS)
def test_every_activation_and_cost(act, out, cost):
    sizes = (3, 4, 2) if out != "softmax" else (3, 4, 3)
    net = Network(sizes, activation=act, output_activation=out, cost=cost, seed=5)
    X, Y = _data(sizes, 2, 6, out)
    ex = net.example(X, Y)
    row = modules_of(net)
    run(row, X, Y)
    for l, (dw, db) in zip(range(2, net.L + 1), gradients(row)):
        assert np.max(np.abs(dw - ex.nabla_w[l])) <= 1e-12
        assert np.max(np.abs(db - ex.nabla_b[l])) <= 1e-12


def test_linear_backward_against_finite_differences_and_db_sums_the_batch():
    rng = np.random.default_rng(1)
    w, b = rng.standard_normal((2, 3)), rng.standard_normal((2, 1))
    x, g = rng.standard_normal((3, 4)), rng.standard_normal((2, 4))
    lin = Linear(w, b)
    lin.forward(x)
    grad_in = lin.backward(g)
    f = lambda x_: float(np.sum(g * (w @ x_ + b)))   # C = Σ g ⊙ output: ∂C/∂output = g
    for i, j in [(0, 0), (2, 3), (1, 2)]:
        def along(t, i=i, j=j):
            xx = x.copy()
            xx[i, j] = t
            return f(xx)
        assert grad_in[i, j] == pytest.approx(central_differences(along, x[i, j]), abs=1e-8)
    assert np.allclose(lin.dw, g @ x.T) and lin.dw.shape == w.shape
    assert np.allclose(lin.db, g.sum(axis=1, keepdims=True)) and lin.db.shape == (2, 1)


@pytest.mark.parametrize("name", HIDDEN_ACTIVATIONS)
def test_activation_backward_is_its_jacobian_times_grad_out(name):
    rng = np.random.default_rng(2)
    z, g = rng.standard_normal((4, 1)) + 0.1, rng.standard_normal((4, 1))
    act = Activation(name)
    act.forward(z)
    assert np.allclose(act.backward(g), act.jacobian().T @ g, rtol=0, atol=1e-14)


@pytest.mark.parametrize("n", [1, 2, 7, 50])
def test_softmax_vjp_equals_the_built_jacobian(n):
    rng = np.random.default_rng(n)
    z, g = rng.standard_normal((n, 1)), rng.standard_normal((n, 1))
    assert np.allclose(softmax_jacobian(z).T @ g, softmax_vjp(z, g), rtol=0, atol=1e-13)


def test_softmax_cross_entropy_backward_is_a_minus_y_over_m():
    z = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 0.0]])
    y = np.eye(3)[:, [0, 2]]
    sce = SoftmaxCrossEntropy()
    sce.forward(z, y)
    a = np.exp(z) / np.exp(z).sum(axis=0)
    assert np.allclose(sce.backward(), (a - y) / 2)


def test_bad_parameters_are_refused_with_their_shapes():
    with pytest.raises(ValueError, match=r"w \(2, 3\) and b \(3, 1\)"):
        Linear(np.ones((2, 3)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="unknown activation"):
        Activation("sigmud")
    with pytest.raises(ValueError, match="needs output_activation"):
        Cost("log_likelihood", "sigmoid")


def test_a_wrong_shape_is_refused_naming_both_sizes():
    lin = Linear(np.ones((2, 3)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"takes 3 inputs .* got x of shape \(2, 4\)"):
        lin.forward(np.ones((2, 4)))
    lin.forward(np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"shape \(2, 4\), so grad_out .* got \(3, 4\)"):
        lin.backward(np.ones((3, 4)))
