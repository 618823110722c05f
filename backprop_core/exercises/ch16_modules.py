"""Checks for chapter 16 (layers as modules).  Used by chapter 16.

* :func:`check_linear_backward` — the reader writes Linear's backward,
  ``fn(w, x, grad_out)`` returning (dX, dW, db); the slips named are a
  transposed dW, db not summed over the batch, and dX = w grad_out.
* :func:`check_activation_backward` — the reader writes the sigmoid's
  backward, ``fn(z, grad_out)``; the slips named are forgetting grad_out and
  using σ instead of σ′.
* :func:`check_shape` — predict the shape of a Linear module's grad_in.
"""
import numpy as np

from .. import checks
from ..activations import Sigmoid
from . import array, call, function, judge, report, unanswered

_RNG = np.random.default_rng(16)
#: a square w, so that a transposed dW or dX = w grad_out has the right shape and is caught by value
W = _RNG.standard_normal((3, 3))
X = _RNG.standard_normal((3, 4))
GRAD = _RNG.standard_normal((3, 4))
Z = _RNG.standard_normal((3, 4)) * 2


def _same(got, expected):
    return got is not None and got.shape == expected.shape and checks.close(got, expected)


def _three(result):
    """The reader's (dX, dW, db) as three float arrays, or None."""
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        return None
    parts = [array(r) for r in result]
    return None if any(p is None for p in parts) else parts


def check_linear_backward(fn):
    """``fn(w, x, grad_out)`` should return (dX, dW, db) = (wᵀ g, g xᵀ, Σ_columns g)."""
    if not function(fn, "linear_backward"):
        return None if fn is Ellipsis else False
    result, raised = call(fn, W.copy(), X.copy(), GRAD.copy())
    if raised:
        return report(False, "", raised)
    if unanswered(result):                   # the function still returns ...
        return None
    parts = _three(result)
    if parts is None:
        return report(False, "", f"return three arrays, (dX, dW, db); got {checks.show(result)}")
    dX, dW, db = parts
    good = (W.T @ GRAD, GRAD @ X.T, GRAD.sum(axis=1, keepdims=True))
    if all(_same(p, e) for p, e in zip(parts, good)):
        return report(True, "dX = wᵀ grad_out, dW = grad_out xᵀ and db sums over the batch: "
                            "the shapes and the numbers agree", "")
    if not _same(dX, good[0]):
        if _same(dX, W @ GRAD):
            return report(False, "", "dX is w grad_out; the gradient goes back through wᵀ "
                                     "(shape (n_in, m) needs (n_in, n_out) @ (n_out, m))")
        return report(False, "", f"dX should be wᵀ grad_out, shape {good[0].shape}")
    if not _same(dW, good[1]):
        if _same(dW, X @ GRAD.T) or _same(dW, good[1].T):
            return report(False, "", "dW is transposed: it must have w's shape (n_out, n_in), "
                                     "so it is grad_out @ x.T")
        return report(False, "", f"dW should be grad_out xᵀ, shape {good[1].shape}")
    if db.shape == GRAD.shape and checks.close(db, GRAD):
        return report(False, "", "db is grad_out itself, one column per example; b is shared "
                                 "by the batch, so sum over the columns (axis=1, keepdims=True)")
    if _same(db, good[2] / GRAD.shape[1]):
        return report(False, "", "db is the mean over the batch; the module sums (the 1/m is "
                                 "already in grad_out, from the cost)")
    return report(False, "", f"db should be grad_out summed over the columns, shape {good[2].shape}")


def check_activation_backward(fn):
    """``fn(z, grad_out)`` should return ∂C/∂z = grad_out ⊙ σ′(z) for the sigmoid σ."""
    if not function(fn, "sigmoid_backward"):
        return None if fn is Ellipsis else False
    result, raised = call(fn, Z.copy(), GRAD.copy())
    if raised:
        return report(False, "", raised)
    if unanswered(result):                   # the function still returns ...
        return None
    got = array(result)
    if got is None or got.shape != Z.shape:
        return report(False, "", f"return one array of z's shape {Z.shape}; got {checks.show(result)}")
    s = Sigmoid.fn(Z)
    slips = ((s * (1 - s), "that is σ′(z) alone: multiply it by grad_out (the chain rule)"),
             (GRAD * s, "that is grad_out ⊙ σ(z): use σ′(z) = σ(z)(1 − σ(z)), not σ(z)"),
             (s, "that is σ(z), the forward pass; backward is grad_out ⊙ σ′(z)"),
             (GRAD, "that passes grad_out unchanged; multiply by σ′(z)"))
    expected = GRAD * s * (1 - s)
    return judge(got, expected, "grad_out ⊙ σ′(z), one multiplication per entry: no Jacobian",
                 slips, "it should be grad_out ⊙ σ′(z), with σ′(z) = σ(z)(1 − σ(z))")


def check_shape(answer, n_in=784, n_out=30, m=10):
    """The shape of grad_in = wᵀ grad_out for Linear(n_in → n_out) on a batch of m columns."""
    n_in = checks.integer(n_in, "n_in", 1, 10**6)
    n_out = checks.integer(n_out, "n_out", 1, 10**6)
    m = checks.integer(m, "m", 1, 10**6)
    slips = (((n_out, m), "that is grad_out's shape; grad_in has the input's shape"),
             ((m, n_in), "columns are examples: the batch is the second number"),
             ((n_out, n_in), "that is w's (and dW's) shape; grad_in has x's shape"),
             ((n_in, n_out), "that is wᵀ's shape; multiply it by grad_out (n_out, m)"))
    return judge(answer, np.array([n_in, m]), f"({n_in}, {m}), the shape of x: wᵀ "
                 f"({n_in}, {n_out}) @ grad_out ({n_out}, {m})", slips,
                 "grad_in has the shape of the module's input x", rtol=0, atol=0)
