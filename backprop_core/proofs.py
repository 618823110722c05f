"""The proofs of BP1–BP4, one line at a time, in numbers.

Each function here evaluates one quantity that appears in a line of the
chain-rule proofs, by finite differences
(:func:`~backprop_core.gradcheck.central_differences`) wherever the proof takes
a derivative, so that a chapter can set the number beside the formula.  They
take ``ex = net.example(x, y)``, one network on one example, and number the
layers as the book does: ``ex.z[l]`` is z^l, ``ex.delta[l]`` is δ^l.  Running
the network on from a nudged z^l is the engine's own ``ex.forward_from``.

BP1:  δ^L_j = Σ_k (∂C/∂a^L_k)(∂a^L_k/∂z^L_j), and ∂a^L_k/∂z^L_j = 0 for k ≠ j,
      = σ′(z^L_j) for k = j                         (:func:`output_jacobian`, :func:`bp1_terms`)
BP2:  δ^l_j = Σ_k (∂z^{l+1}_k/∂z^l_j) δ^{l+1}_k with
      ∂z^{l+1}_k/∂z^l_j = w^{l+1}_kj σ′(z^l_j)       (:func:`dz_next_dz`, :func:`bp2_terms`)
δ^l_j ≡ ∂C/∂z^l_j itself, by nudging z^l_j and running the rest of the network
                                                     (:func:`delta_numeric`)

The calculus-first derivation (layers h → i → j → k, loss L = ½ Σ_n (a_n − y_n)²)
writes a weight w_xy *from* neuron x *to* neuron y, the opposite order to the
book's w^l_jk (to j from k): the essay's matrix between two layers is (w^l)^T.
Its result ∂L/∂w_xy = δ_y a_x is :func:`calculus_first`; the three independence
facts it leans on are :func:`independence_facts`.

Used by chapter 4.
"""
import numpy as np

from . import checks
from .example import check_example
from .gradcheck import central_differences
from .layers import Layers


def _one_example(ex, what):
    """``ex`` if it is one network on one example, else a clear TypeError or ValueError."""
    return check_example(ex, what)


def _n(column):
    """The number of neurons of a layer, from one of its column vectors."""
    return column.shape[0]


# ----- BP1 ------------------------------------------------------------------
def output_jacobian(ex, eps=1e-6):
    """The matrix ∂a^L_k/∂z^L_j (row k, column j) by finite differences in z^L.

    For an elementwise σ it is diagonal with σ′(z^L_j) on the diagonal: a^L_k
    depends on z^L_k only.  That is why the sum over k in BP1 keeps one term.
    """
    ex = _one_example(ex, "output_jacobian")
    L = ex.L
    z_L = ex.z[L]
    J = central_differences(lambda z: ex.forward_from(L, z=z).a[L], z_L, eps)
    return J.reshape(_n(z_L), _n(z_L))


def bp1_terms(ex, j, eps=1e-6):
    """The n_L terms (∂C/∂a^L_k)(∂a^L_k/∂z^L_j), k = 0..n_L−1, of the sum for δ^L_j."""
    ex = _one_example(ex, "bp1_terms")
    L, j = checks.neuron(ex.net.sizes, ex.L, j)
    return ex.dC_da[L][:, 0] * output_jacobian(ex, eps)[:, j]


# ----- BP2 ------------------------------------------------------------------
def dz_next_dz(ex, l, eps=1e-6):
    """The matrix ∂z^{l+1}_k/∂z^l_j (row k, column j) by finite differences in z^l,
    for a hidden layer l = 2..L−1."""
    ex = _one_example(ex, "dz_next_dz")
    l = checks.layer(l, ex.L - 1)
    rates = central_differences(lambda z: ex.forward_from(l, z=z).z[l + 1], ex.z[l], eps)
    return rates.reshape(_n(ex.z[l + 1]), _n(ex.z[l]))


def dz_next_dz_formula(ex, l):
    """The proof's formula for the same matrix: entry (k, j) is w^{l+1}_kj σ′(z^l_j)."""
    ex = _one_example(ex, "dz_next_dz_formula")
    l = checks.layer(l, ex.L - 1)
    return ex.w[l + 1] * ex.net.sigma(l).prime(ex.z[l]).T


def bp2_terms(ex, l, j, eps=1e-6):
    """The n_{l+1} terms (∂z^{l+1}_k/∂z^l_j) δ^{l+1}_k of the sum for δ^l_j;
    ∂z^{l+1}_k/∂z^l_j by finite differences, δ^{l+1} from the engine."""
    ex = _one_example(ex, "bp2_terms")
    l = checks.layer(l, ex.L - 1)
    l, j = checks.neuron(ex.net.sizes, l, j)
    return dz_next_dz(ex, l, eps)[:, j] * ex.delta[l + 1][:, 0]


def delta_numeric(ex, l, eps=1e-6):
    """δ^l = ∂C/∂z^l by its definition: nudge each z^l_j, run layers l..L
    (``ex.forward_from``), difference C.  A column (n_l, 1), like ``ex.delta[l]``."""
    ex = _one_example(ex, "delta_numeric")
    l = checks.layer(l, ex.L)
    return central_differences(lambda z: ex.forward_from(l, z=z).cost, ex.z[l], eps)


# ----- the calculus-first derivation -------------------------------------------
def calculus_first(ex):
    """The essay's result for L = ½ Σ_n (a_n − y_n)², in its own names.

    The essay names a weight from the neuron behind it: w_xy runs from x to y.
    It lays its matrices out as the book does, though, a row for each neuron
    ahead and a column for each neuron behind, so its w_xy is ``ex.w[l][y, x]``
    and its table of Δw has δ down the rows and a across the columns.

    δ_out = f′(z_out) (a_out − y);  δ_y = f′(z_y) Σ_z δ_z w_yz one layer back;
    ∂L/∂w_xy = δ_y a_x;  ∂L/∂b_y = δ_y.

    Returns a dict of Layers, each indexed by the book's layer l = 2..L of the
    weights' *ahead* end: ``"delta"`` (δ vectors, flat), ``"dL_dW"`` (rows y =
    layer l ahead, columns x = layer l−1 behind, the layout of w^l) and ``"dL_db"``.
    """
    ex = _one_example(ex, "calculus_first")
    net, L = ex.net, ex.L
    if net.cost_function.name != "quadratic":
        raise ValueError(f"the essay's loss is ½ Σ (a − y)², the 'quadratic' cost; "
                         f"this network uses {net.cost_function.name!r}")
    if net.output_activation.name == "softmax":
        raise ValueError("the essay's derivation needs an elementwise output activation, not softmax")
    a = {l: column[:, 0] for l, column in ex.a.items()}
    f_prime = {l: net.sigma(l).prime(z)[:, 0] for l, z in ex.z.items()}
    delta = Layers([None] * (L - 1), 2, "δ^l")
    delta[L] = f_prime[L] * (a[L] - ex.y[:, 0])
    for l in range(L - 1, 1, -1):
        # Σ_z δ_z w_yz over the neurons z ahead: w_yz leaves neuron y, so it is
        # entry (z, y) of the matrix ahead, and the sum is ((w^{l+1})^T δ^{l+1})_y.
        delta[l] = f_prime[l] * (ex.w[l + 1].T @ delta[l + 1])
    dL_dW = Layers([np.outer(delta[l], a[l - 1]) for l in delta.layers], 2, "∂L/∂W^l")
    dL_db = Layers([d.copy() for d in delta], 2, "∂L/∂b^l")
    return {"delta": delta, "dL_dW": dL_dW, "dL_db": dL_db}


def _nudged(param, idx, value, measure):
    """``measure()`` with ``param[idx]`` set to ``value``, then the old value put back."""
    old = param[idx]
    param[idx] = value
    try:
        return measure()
    finally:
        param[idx] = old


def independence_facts(ex, l, j, k, eps=1e-6):
    """The three facts the calculus-first derivation uses, each by a central difference.

    Nudging the one weight w^l_jk (the essay's w_kj, from neuron k of layer l−1
    to neuron j of layer l) of ``ex.net`` and re-running the example:

    * ``"dw_other"``: the largest rate of change of any *other* weight
      (0: weights are independent of each other);
    * ``"db"``: the largest rate of change of any bias
      (0: biases are independent of weights);
    * ``"da_in"``: ∂a^{l−1}_k/∂w^l_jk, the activation the weight reads from
      (0: an activation does not depend on the weights it feeds forward into);
    * ``"dz_j"``: ∂z^l_j/∂w^l_jk, which the derivation says is a^{l−1}_k
      (``"a_in"``) because the other terms of Σ_k w_jk a_k + b_j stay put;
    * ``"dz_j_db"``: ∂z^l_j/∂b^l_j, which is 1.

    The network's parameters are nudged in place and restored afterwards.
    """
    ex = _one_example(ex, "independence_facts")
    net = ex.net
    l, j, k = checks.weight(net.sizes, l, j, k)
    w, b = net.w[l], net.b[l]
    n_w = sum(v.size for v in net.w)
    n_b = sum(v.size for v in net.b)

    def measure():
        """Every other weight, every bias, a^{l−1}_k and z^l_j, as one flat array."""
        now = net.example(ex.x, ex.y)
        others = []
        for m, w_m in net.w.items():
            w_m = w_m.copy()
            if m == l:
                w_m[j, k] = 0.0                   # the nudged weight itself
            others.append(w_m.ravel())
        return np.concatenate(others + [v.ravel() for v in net.b]
                              + [[now.a[l - 1][k, 0], now.z[l][j, 0]]])

    by_w = central_differences(lambda v: _nudged(w, (j, k), float(v), measure), w[j, k], eps)
    by_b = central_differences(lambda v: _nudged(b, (j, 0), float(v), measure), b[j, 0], eps)
    da_in, dz_j = by_w[n_w + n_b:]
    _, dz_j_db = by_b[n_w + n_b:]
    return {"dw_other": float(np.max(np.abs(by_w[:n_w]))),
            "db": float(np.max(np.abs(by_w[n_w:n_w + n_b]))),
            "da_in": float(da_in),
            "dz_j": float(dz_j),
            "a_in": float(ex.a[l - 1][k, 0]),
            "dz_j_db": float(dz_j_db)}
