"""Gradients by finite differences: the independent check on backprop.

∂C/∂w ≈ (C(w + ε) − C(w − ε)) / 2ε  (central), or (C(w + ε) − C(w)) / ε  (forward),
one weight or bias at a time — two (or one) extra evaluations of the cost per
parameter, which is exactly why backprop is needed.  Used by chapters 3, 4, 5,
6 and 8, and by the tests.
"""
import numpy as np

from . import checks
from .layers import Layers


def central_differences(f, x, eps=1e-6):
    """∂f/∂x_i ≈ (f(x + ε e_i) − f(x − ε e_i)) / 2ε for every entry i of x.

    ``x`` is a number or an array; ``f`` returns a number or an array.  The
    result has the shape of f's value followed by the shape of x (a number for
    a number-valued f of a number).  The one central difference of the package:
    the demon (chapter 6), the proofs (chapter 4), the polynomial fit (chapter 5)
    and ``numerical_gradient`` below use it.
    """
    eps = checks.positive(eps, "eps")
    x = np.asarray(x, dtype=float)
    columns = []
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        columns.append((np.asarray(f(up), dtype=float) - np.asarray(f(down), dtype=float))
                       / (2 * eps))
    out = np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(columns[0]) + x.shape)
    return float(out) if out.ndim == 0 else out


def numerical_gradient(net, X, Y, eps=1e-6, method="central"):
    """Return ``(nabla_b, nabla_w)`` of ``net.cost(X, Y)`` by finite differences.

    Indexed like backprop's: ``nabla_w[l]`` ≈ ∂C/∂w^l.  The network's parameters
    are nudged in place and restored afterwards.
    """
    if method not in ("central", "forward"):
        raise ValueError(f"method must be 'central' or 'forward', got {method!r}")
    eps = checks.positive(eps, "eps")
    X, Y = checks.pair(X, Y, net.sizes[0], net.sizes[-1])
    base = net.cost(X, Y) if method == "forward" else None
    return (Layers([_partials(net, p, X, Y, eps, base) for p in net.biases], 2, "∂C/∂b^l"),
            Layers([_partials(net, p, X, Y, eps, base) for p in net.weights], 2, "∂C/∂w^l"))


def _partials(net, param, X, Y, eps, base):
    def cost_at(value, idx):
        old = param[idx]
        param[idx] = value
        try:
            return net.cost(X, Y)
        finally:
            param[idx] = old

    if base is None:
        grad = np.empty_like(param)
        for idx in np.ndindex(param.shape):
            grad[idx] = central_differences(lambda v: cost_at(float(v), idx), param[idx], eps)
        return grad
    return np.array([(cost_at(param[idx] + eps, idx) - base) / eps
                     for idx in np.ndindex(param.shape)]).reshape(param.shape)


def _flat(v):
    if isinstance(v, (list, tuple, Layers)):
        return np.concatenate([np.ravel(x) for x in v])
    return np.ravel(v)


def relative_error(a, b):
    """‖a − b‖ / max(‖a‖ + ‖b‖, 1e-12), over per-layer lists of arrays or single arrays."""
    a, b = _flat(a), _flat(b)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def gradient_check(net, X, Y, eps=1e-6):
    """Relative error between backprop_batch and central differences (small is good)."""
    nb, nw = net.backprop_batch(X, Y)
    fb, fw = numerical_gradient(net, X, Y, eps)
    return relative_error([*nb, *nw], [*fb, *fw])
