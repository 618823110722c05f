"""The four fundamental equations of backpropagation, one function each, and
their entry-by-entry comparison with finite differences.

    BP1   δ^L = ∇_a C ⊙ σ′(z^L)                      δ^L_j = (∂C/∂a^L_j) σ′(z^L_j)
    BP2   δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)        for l = L−1, ..., 2
    BP3   ∂C/∂b^l_j = δ^l_j
    BP4   ∂C/∂w^l_jk = a^{l−1}_k δ^l_j               (∂C/∂w = a_in δ_out)

For one example (x, y).  The finite-difference side is independent of all four:
δ^l_j from nudging z^l_j (:mod:`backprop_core.error`), ∂C/∂b and ∂C/∂w from
nudging each bias and weight (:func:`backprop_core.numerical_gradient`).
"""
import numpy as np

from . import checks
from .error import delta_numerical
from .gradcheck import numerical_gradient

EQUATIONS = ("BP1", "BP2", "BP3", "BP4")

#: BP1–BP4 "agree" with finite differences when every entry's error is below
#: this.  Central differences with ε = 1e-6 leave errors around 1e-10..1e-8,
#: and those last digits are rounding noise: they can change from one Python
#: process to the next (numpy's vectorized tanh/sum paths depend on memory
#: layout), so only "below TOLERANCE" is a reproducible statement.
TOLERANCE = 1e-6

#: Entries smaller than this (in |backprop| + |finite difference|) are compared
#: absolutely: a finite difference cannot resolve relative digits of a number
#: near zero.
FLOOR = 1e-8


def _elementwise_output(net):
    if net.output_activation.name == "softmax":
        raise ValueError("BP1 in the form ∇_a C ⊙ σ′(z^L) needs an elementwise output "
                         "activation; softmax is not elementwise")


def bp1(net, x, y):
    """δ^L = ∇_a C ⊙ σ′(z^L) for the example (x, y)."""
    X, Y = checks.one_example(x, y, net.sizes[0], net.sizes[-1], "the four equations")
    _elementwise_output(net)
    zs, activations = net.forward_pass(X)
    nabla_a_C = net.cost_function.derivative(activations[-1], Y)
    return nabla_a_C * net.sigma(net.num_layers).prime(zs[-1])


def bp2(w_next, delta_next, z, sigma):
    """δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l): the error moved back one layer."""
    w_next, delta_next, z = (np.asarray(v, dtype=float) for v in (w_next, delta_next, z))
    if w_next.ndim != 2 or delta_next.shape != (w_next.shape[0], 1) or z.shape != (w_next.shape[1], 1):
        raise ValueError(f"BP2 needs w^(l+1) (n_(l+1), n_l), δ^(l+1) (n_(l+1), 1) and z^l (n_l, 1); "
                         f"got {w_next.shape}, {delta_next.shape} and {z.shape}")
    return (w_next.T @ delta_next) * sigma.prime(z)


def bp3(delta):
    """∂C/∂b^l = δ^l."""
    return np.array(delta, dtype=float, copy=True)


def bp4(delta, a_prev):
    """∂C/∂w^l = δ^l (a^{l−1})^T, whose entry (j, k) is a^{l−1}_k δ^l_j."""
    delta, a_prev = np.asarray(delta, dtype=float), np.asarray(a_prev, dtype=float)
    if delta.ndim != 2 or a_prev.ndim != 2 or delta.shape[1] != 1 or a_prev.shape[1] != 1:
        raise ValueError(f"BP4 needs column vectors δ^l (n_l, 1) and a^(l-1) (n_(l-1), 1); "
                         f"got {delta.shape} and {a_prev.shape}")
    return delta @ a_prev.T


def deltas(net, x, y):
    """[δ^2, ..., δ^L]: BP1 for the last layer, then BP2 again and again."""
    X, _ = checks.one_example(x, y, net.sizes[0], net.sizes[-1], "the four equations")
    zs, _ = net.forward_pass(X)
    L = net.num_layers
    out = [bp1(net, x, y)]
    for l in range(L - 1, 1, -1):
        out.insert(0, bp2(net.weights[l - 1], out[0], zs[l - 2], net.sigma(l)))
    return out


def gradient(net, x, y):
    """(nabla_b, nabla_w) for one example, by BP3 and BP4 from :func:`deltas`."""
    X, _ = checks.one_example(x, y, net.sizes[0], net.sizes[-1], "the four equations")
    activations = net.forward_pass(X)[1]
    ds = deltas(net, x, y)
    return [bp3(d) for d in ds], [bp4(d, a) for d, a in zip(ds, activations)]


def entry_error(p, q, floor=FLOOR):
    """|p − q| / max(|p| + |q|, floor), elementwise."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    return np.abs(p - q) / np.maximum(np.abs(p) + np.abs(q), floor)


def comparison(net, x, y, eps=1e-6):
    """Every entry of BP1–BP4 beside its finite-difference estimate.

    Returns a list of dicts with keys ``equation`` ("BP1".."BP4"), ``quantity``
    (e.g. "δ^3_0", "∂C/∂w^2_10"), ``backprop``, ``numerical`` and ``error``
    (:func:`entry_error`).
    """
    X, Y = checks.one_example(x, y, net.sizes[0], net.sizes[-1], "the four equations")
    L = net.num_layers
    ds = deltas(net, X, Y)
    nabla_b, nabla_w = gradient(net, X, Y)
    num_b, num_w = numerical_gradient(net, X, Y, eps=eps)
    rows = []

    def add(equation, quantity, p, q):
        rows.append({"equation": equation, "quantity": quantity, "backprop": float(p),
                     "numerical": float(q), "error": float(entry_error(p, q))})

    for l in range(L, 1, -1):
        numeric = delta_numerical(net, X, Y, l, eps)
        for j in range(net.sizes[l - 1]):
            add("BP1" if l == L else "BP2", f"δ^{l}_{j}", ds[l - 2][j, 0], numeric[j, 0])
    for l in range(2, L + 1):
        for j in range(net.sizes[l - 1]):
            add("BP3", f"∂C/∂b^{l}_{j}", nabla_b[l - 2][j, 0], num_b[l - 2][j, 0])
    for l in range(2, L + 1):
        for j, k in np.ndindex(nabla_w[l - 2].shape):
            add("BP4", f"∂C/∂w^{l}_{j}{k}", nabla_w[l - 2][j, k], num_w[l - 2][j, k])
    return rows


def max_errors(rows):
    """The largest entry error per equation, {"BP1": ..., ...} (equations present only)."""
    out = {}
    for row in rows:
        out[row["equation"]] = max(out.get(row["equation"], 0.0), row["error"])
    return {eq: out[eq] for eq in EQUATIONS if eq in out}

