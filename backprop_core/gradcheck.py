"""Gradients by finite differences: the independent check on backprop.

∂C/∂w ≈ (C(w + ε) − C(w − ε)) / 2ε  (central), or (C(w + ε) − C(w)) / ε  (forward),
one weight or bias at a time — two (or one) extra evaluations of the cost per
parameter, which is exactly why backprop is needed.
"""
import numpy as np

from . import checks


def numerical_gradient(net, X, Y, eps=1e-6, method="central"):
    """Return ``(nabla_b, nabla_w)`` of ``net.cost(X, Y)`` by finite differences.

    The network's parameters are nudged in place and restored afterwards.
    """
    if method not in ("central", "forward"):
        raise ValueError(f"method must be 'central' or 'forward', got {method!r}")
    if not (isinstance(eps, (int, float)) and np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a positive finite number, got {eps!r}")
    X, Y = checks.pair(X, Y, net.sizes[0], net.sizes[-1])
    base = net.cost(X, Y) if method == "forward" else None
    return ([_partials(net, p, X, Y, eps, base) for p in net.biases],
            [_partials(net, p, X, Y, eps, base) for p in net.weights])


def _partials(net, param, X, Y, eps, base):
    grad = np.zeros_like(param)
    for idx in np.ndindex(param.shape):
        old = param[idx]
        param[idx] = old + eps
        plus = net.cost(X, Y)
        if base is None:
            param[idx] = old - eps
            grad[idx] = (plus - net.cost(X, Y)) / (2 * eps)
        else:
            grad[idx] = (plus - base) / eps
        param[idx] = old
    return grad


def relative_error(a, b):
    """‖a − b‖ / max(‖a‖ + ‖b‖, 1e-12), over lists of arrays or single arrays."""
    a = np.concatenate([np.ravel(x) for x in (a if isinstance(a, (list, tuple)) else [a])])
    b = np.concatenate([np.ravel(x) for x in (b if isinstance(b, (list, tuple)) else [b])])
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def gradient_check(net, X, Y, eps=1e-6):
    """Relative error between backprop_batch and central differences (small is good)."""
    nb, nw = net.backprop_batch(X, Y)
    fb, fw = numerical_gradient(net, X, Y, eps)
    return relative_error(nb + nw, fb + fw)
