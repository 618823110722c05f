"""The four fundamental equations of backpropagation, one function each, and
their entry-by-entry comparison with finite differences.  Used by chapter 3.

    BP1   δ^L = ∇_a C ⊙ σ′(z^L)                      δ^L_j = (∂C/∂a^L_j) σ′(z^L_j)
    BP2   δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)        for l = L−1, ..., 2
    BP3   ∂C/∂b^l_j = δ^l_j
    BP4   ∂C/∂w^l_jk = a^{l−1}_k δ^l_j               (∂C/∂w = a_in δ_out)

These are the equations *written out*, an alternative form of what the engine
(:class:`~backprop_core.example.Example`, ``ex.delta[l]``, ``ex.nabla_w[l]``)
computes; the tests check that both give the same numbers.  :func:`bp1`,
:func:`deltas`, :func:`gradient` and :func:`comparison` take one example
``ex = net.example(x, y)``; :func:`bp2`, :func:`bp3` and :func:`bp4` are single
equations, functions of the arrays they name.  Per-layer results are
:class:`~backprop_core.layers.Layers`: ``deltas(ex)[l]`` is δ^l.

The finite-difference side is independent of all four: δ^l_j from nudging
z^l_j (:mod:`backprop_core.error`), ∂C/∂b and ∂C/∂w from nudging each bias and
weight (:func:`backprop_core.numerical_gradient`).
"""
import numpy as np

from . import checks
from .activations import as_activation
from .error import delta_numerical
from .example import check_example
from .gradcheck import numerical_gradient
from .layers import Layers
from .divergence import quiet

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


def bp1(ex):
    """δ^L = ∇_a C ⊙ σ′(z^L) for the example ``ex = net.example(x, y)``."""
    net, L = check_example(ex, "bp1").net, ex.L
    _elementwise_output(net)
    nabla_a_C = net.cost_function.derivative(ex.a[L], ex.y)
    return nabla_a_C * net.sigma(L).prime(ex.z[L])


def bp2(w_next, delta_next, z, sigma):
    """δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l): the error moved back one layer."""
    w_next, delta_next, z = (checks.real_array(v, what) for v, what in
                             ((w_next, "w^(l+1)"), (delta_next, "δ^(l+1)"), (z, "z^l")))
    sigma = as_activation(sigma, "sigma")
    if w_next.ndim != 2 or delta_next.shape != (w_next.shape[0], 1) or z.shape != (w_next.shape[1], 1):
        raise ValueError(f"BP2 needs w^(l+1) (n_(l+1), n_l), δ^(l+1) (n_(l+1), 1) and z^l (n_l, 1); "
                         f"got {w_next.shape}, {delta_next.shape} and {z.shape}")
    with quiet():
        return checks.finite_result((w_next.T @ delta_next) * sigma.prime(z), "δ^l")


def bp3(delta):
    """∂C/∂b^l = δ^l."""
    return checks.real_array(delta, "δ^l").copy()


def bp4(delta, a_prev):
    """∂C/∂w^l = δ^l (a^{l−1})^T, whose entry (j, k) is a^{l−1}_k δ^l_j."""
    delta, a_prev = checks.real_array(delta, "δ^l"), checks.real_array(a_prev, "a^(l-1)")
    if delta.ndim != 2 or a_prev.ndim != 2 or delta.shape[1] != 1 or a_prev.shape[1] != 1:
        raise ValueError(f"BP4 needs column vectors δ^l (n_l, 1) and a^(l-1) (n_(l-1), 1); "
                         f"got {delta.shape} and {a_prev.shape}")
    with quiet():
        return checks.finite_result(delta @ a_prev.T, "∂C/∂w^l = δ^l (a^(l-1))^T")


def deltas(ex):
    """δ^2, ..., δ^L as Layers (``deltas(ex)[l]`` is δ^l): BP1 for layer L, then
    BP2 again and again down to layer 2.  The written-out alternative to ``ex.delta``."""
    net, L = check_example(ex, "deltas").net, ex.L
    delta = {L: bp1(ex)}
    for l in range(L - 1, 1, -1):
        delta[l] = bp2(ex.w[l + 1], delta[l + 1], ex.z[l], net.sigma(l))
    return Layers([delta[l] for l in range(2, L + 1)], 2, "δ^l")


def gradient(ex):
    """(nabla_b, nabla_w) for one example by BP3 and BP4 from :func:`deltas`, as
    Layers: ``nabla_w[l]`` is ∂C/∂w^l.  The written-out alternative to
    ``ex.nabla_b``, ``ex.nabla_w``."""
    delta = deltas(check_example(ex, "gradient"))
    nabla_b = [bp3(delta[l]) for l in delta.layers]
    nabla_w = [bp4(delta[l], ex.a[l - 1]) for l in delta.layers]
    return Layers(nabla_b, 2, "∂C/∂b^l"), Layers(nabla_w, 2, "∂C/∂w^l")


def entry_error(p, q, floor=FLOOR):
    """|p − q| / max(|p| + |q|, floor), elementwise."""
    p, q = checks.real_array(p, "p"), checks.real_array(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p has shape {p.shape} but q has shape {q.shape}; expected the same")
    floor = checks.positive(floor, "floor")
    scale = max(float(np.max(np.abs(p), initial=0.0)), float(np.max(np.abs(q), initial=0.0)), 1.0)
    p, q = p / scale, q / scale                 # scale-free, and |p| + |q| cannot overflow
    return np.abs(p - q) / np.maximum(np.abs(p) + np.abs(q), floor / scale)


def comparison(ex, eps=1e-6):
    """Every entry of BP1–BP4 for the example ``ex`` beside its finite-difference estimate.

    Returns a list of dicts with keys ``equation`` ("BP1".."BP4"), ``quantity``
    (e.g. "δ^3_0", "∂C/∂w^2_10"), ``backprop``, ``numerical`` and ``error``
    (:func:`entry_error`).
    """
    net, L = check_example(ex, "comparison").net, ex.L
    delta = deltas(ex)
    nabla_b, nabla_w = gradient(ex)
    num_b, num_w = numerical_gradient(net, ex.x, ex.y, eps=eps)
    rows = []

    def add(equation, quantity, p, q):
        rows.append({"equation": equation, "quantity": quantity, "backprop": float(p),
                     "numerical": float(q), "error": float(entry_error(p, q))})

    for l in range(L, 1, -1):
        numeric = delta_numerical(ex, l, eps)
        for j in range(delta[l].shape[0]):
            add("BP1" if l == L else "BP2", f"δ^{l}_{j}", delta[l][j, 0], numeric[j, 0])
    for l in nabla_b.layers:
        for j in range(nabla_b[l].shape[0]):
            add("BP3", f"∂C/∂b^{l}_{j}", nabla_b[l][j, 0], num_b[l][j, 0])
    for l in nabla_w.layers:
        for j, k in np.ndindex(nabla_w[l].shape):
            add("BP4", f"∂C/∂w^{l}_{j}{k}", nabla_w[l][j, k], num_w[l][j, k])
    return rows


def max_errors(rows):
    """The largest entry error per equation, {"BP1": ..., ...} (equations present only)."""
    if not isinstance(rows, (list, tuple)) or not all(
            isinstance(r, dict) and r.get("equation") in EQUATIONS and "error" in r for r in rows):
        raise checks.KindError("rows must be the list comparison(ex) returns: dicts with an "
                               f"'equation' in {EQUATIONS} and an 'error'; got {checks.show(rows)}")
    out = {}
    for row in rows:
        checks.finite(row["error"], f"the error of {row['equation']}")
        out[row["equation"]] = max(out.get(row["equation"], 0.0), row["error"])
    return {eq: out[eq] for eq in EQUATIONS if eq in out}
