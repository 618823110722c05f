"""Gradients by finite differences: the independent check on backprop.

∂C/∂w ≈ (C(w + ε) − C(w − ε)) / 2ε  (central), or (C(w + ε) − C(w)) / ε  (forward),
one weight or bias at a time — two (or one) extra evaluations of the cost per
parameter, which is exactly why backprop is needed.  Used by chapters 3, 4, 5,
6 and 8, and by the tests.
"""
import numpy as np

from . import checks
from .layers import Layers
from .divergence import quiet


def central_differences(f, x, eps=1e-6):
    """∂f/∂x_i ≈ (f(x + ε e_i) − f(x − ε e_i)) / 2ε for every entry i of x.

    ``x`` is a number or an array; ``f`` returns a number or an array.  The
    result has the shape of f's value followed by the shape of x (a number for
    a number-valued f of a number).  The one central difference of the package:
    the demon (chapter 6), the proofs (chapter 4), the polynomial fit (chapter 5)
    and ``numerical_gradient`` below use it.
    """
    if not callable(f):
        raise checks.KindError(f"f must be a function of x, got {checks.show(f)}")
    eps = checks.positive(eps, "eps")
    x = checks.real_array(x, "x")
    if x.size == 0:
        raise ValueError("x is empty; expected at least one number to differentiate by")
    columns = []
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        f_up = checks.real_array(f(up), "f(x)", finite=False)
        f_down = checks.real_array(f(down), "f(x)", finite=False)
        if f_up.shape != f_down.shape or (columns and f_up.shape != columns[0].shape):
            raise ValueError("f(x) must return values of one shape for every x")
        with quiet():
            column = (f_up - f_down) / (2 * eps)
        if not np.all(np.isfinite(column)):
            raise ValueError(f"the central difference of f at x is not finite (f(x ± eps) is "
                             "NaN or infinite, or too large); check f and x")
        columns.append(column)
    out = np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(columns[0]) + x.shape)
    return float(out) if out.ndim == 0 else out


def numerical_gradient(net, X, Y, eps=1e-6, method="central"):
    """Return ``(nabla_b, nabla_w)`` of ``net.cost(X, Y)`` by finite differences.

    Indexed like backprop's: ``nabla_w[l]`` ≈ ∂C/∂w^l.  The network's parameters
    are nudged in place and restored afterwards.
    """
    if not all(hasattr(net, name) for name in ("sizes", "weights", "biases", "cost")):
        raise checks.KindError(f"net must be a Network, got {checks.show(net)}")
    if not isinstance(method, str) or method not in ("central", "forward"):
        raise ValueError(f"method must be 'central' or 'forward', got {checks.show(method)}")
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


def _parts(v, what):
    """``v`` as a list of (label, float array): one per layer for Layers or a list of arrays."""
    if isinstance(v, Layers):
        return [(f"layer {l}", checks.real_array(p, f"{what} at layer {l}")) for l, p in v.items()]
    if isinstance(v, (list, tuple)) and any(np.ndim(p) > 0 for p in v
                                            if not isinstance(p, (str, bytes))):
        return [(f"item {i}", checks.real_array(p, f"{what}[{i}]")) for i, p in enumerate(v)]
    return [("", checks.real_array(v, what))]


def relative_error(a, b):
    """‖a − b‖ / max(‖a‖ + ‖b‖, 1e-12), over per-layer lists of arrays or single arrays.

    a and b must have the same shape (per layer, for lists and Layers, which must
    cover the same layers): an answer of the wrong shape is refused with a
    ValueError naming both shapes, never broadcast or flattened into a match.
    NaN or ±inf in either is refused too.
    """
    pa, pb = _parts(a, "a"), _parts(b, "b")
    if isinstance(a, Layers) and isinstance(b, Layers) and (a.first, a.last) != (b.first, b.last):
        raise ValueError(f"a has layers {a.first}..{a.last} but b has layers "
                         f"{b.first}..{b.last}; expected the same layers")
    if len(pa) != len(pb):
        raise ValueError(f"a has {len(pa)} part(s) but b has {len(pb)}; expected the same number "
                         "of arrays (one per layer)")
    for (label, x), (_, y) in zip(pa, pb):
        if x.shape != y.shape:
            where = f" at {label}" if label else ""
            raise ValueError(f"a has shape {x.shape} but b has shape {y.shape}{where}; "
                             "expected the same shape")
    a = np.concatenate([x.ravel() for _, x in pa]) if pa else np.zeros(0)
    b = np.concatenate([y.ravel() for _, y in pb]) if pb else np.zeros(0)
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)))
    if scale == 0.0:
        return 0.0
    a, b = a / scale, b / scale                     # the ratio is scale-free; this avoids overflow
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12 / scale))


def gradient_check(net, X, Y, eps=1e-6):
    """Relative error between backprop_batch and central differences (small is good)."""
    nb, nw = net.backprop_batch(X, Y)
    fb, fw = numerical_gradient(net, X, Y, eps)
    return relative_error([*nb, *nw], [*fb, *fw])
