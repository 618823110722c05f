"""The claims chapter 16 states in words, kept true here.

The page prints the numbers and says the relations; these tests recompute them
from the chapter's own inputs.  Times are only printed on the page (never
asserted): here only that the Jacobian and the VJP give the same vector.
"""
import numpy as np

from backprop_core import Network
from backprop_core.autograd import Value
from backprop_core.modules import gradients, modules_of, run, softmax_jacobian, softmax_vjp


def test_the_tanh_softmax_network_as_modules():
    # "BP1–BP4 are these backward passes in a row"
    net = Network([4, 5, 3], activation="tanh", output_activation="softmax",
                  cost="log_likelihood", seed=16)
    rng = np.random.default_rng(16)
    X = rng.standard_normal((4, 3))
    Y = np.eye(3)[:, [0, 2, 1]]
    ex = net.example(X, Y)
    row = modules_of(net)
    assert abs(run(row, X, Y) - ex.cost) <= 1e-12
    for l, (dw, db) in zip(range(2, 4), gradients(row)):
        assert np.max(np.abs(dw - ex.nabla_w[l])) <= 1e-12
        assert np.max(np.abs(db - ex.nabla_b[l])) <= 1e-12
    # "Vector–Jacobian products": the same vector both ways, for the widths on the page
    for n in [10, 100, 1000, 2000]:
        z, g = rng.standard_normal((n, 1)), rng.standard_normal((n, 1))
        assert np.allclose(softmax_jacobian(z).T @ g, softmax_vjp(z, g), rtol=1e-9, atol=1e-15)


def test_only_one_arrangement_fits_each_shape():
    # "Shapes give the matrix gradient": k, n, m = 2, 3, 4
    k, n, m = 2, 3, 4
    dY, X, w = np.ones((k, m)), np.ones((n, m)), np.ones((k, n))
    pairs = {"dY @ X": (dY, X), "dY @ X.T": (dY, X.T), "dY.T @ X": (dY.T, X),
             "X @ dY.T": (X, dY.T), "w @ dY": (w, dY), "w.T @ dY": (w.T, dY),
             "dY @ w": (dY, w), "dY.T @ w": (dY.T, w)}
    fits = {name: (A.shape[0], B.shape[1]) for name, (A, B) in pairs.items()
            if A.shape[1] == B.shape[0]}
    assert [name for name, s in fits.items() if s == w.shape] == ["dY @ X.T"]
    assert [name for name, s in fits.items() if s == X.shape] == ["w.T @ dY"]
    assert fits["X @ dY.T"] == w.T.shape


def test_the_local_patterns():
    # "Local patterns": u = 3, t = −2
    u, t = Value(3.0), Value(-2.0)
    (u + t).backward()
    assert (u.grad, t.grad) == (1.0, 1.0)
    u, t = Value(3.0), Value(-2.0)
    (u * t).backward()
    assert (u.grad, t.grad) == (-2.0, 3.0)
    u, t = Value(3.0), Value(-2.0)
    (t + (u - t).relu()).backward()
    assert (u.grad, t.grad) == (1.0, 0.0)
    u = Value(3.0)
    (u * 2.0 + u * 5.0).backward()
    assert u.grad == 7.0
