"""The weighted input z^l of a layer, neuron by neuron and as one matrix product.

Neuron view:  z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j,   a^l_j = σ(z^l_j).
Matrix view:  z^l = w^l a^{l−1} + b^l,                a^l = σ(z^l)  (σ elementwise).

Row j of w^l holds the weights *into* neuron j of layer l, column k the weights
*out of* neuron k of layer l−1, so "apply w^l to a^{l−1}" is exactly the sum
over k.  Both functions take one example: a^{l−1} a column vector, e.g.
``z_matrix(net.w[l], ex.a[l - 1], net.b[l])`` is ``ex.z[l]``.
Used by chapter 1 (and its exercise 1.3).
"""
import numpy as np

from . import checks
from .divergence import quiet


def _layer_arrays(w, a_prev, b):
    w = checks.real_array(w, "w")
    if w.ndim != 2 or w.size == 0:
        raise ValueError(f"w has shape {w.shape}; expected a matrix (n_l, n_{{l-1}})")
    n_l, n_prev = w.shape
    a_prev = checks.one_column(a_prev, n_prev, "a^{l-1}")
    b = checks.one_column(b, n_l, "b^l")
    return w, a_prev, b


def z_neuron_by_neuron(w, a_prev, b):
    """z^l with an explicit sum per neuron: z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j."""
    w, a_prev, b = _layer_arrays(w, a_prev, b)
    n_l, n_prev = w.shape
    z = np.zeros((n_l, 1))
    with quiet():
        for j in range(n_l):
            total = b[j, 0]
            for k in range(n_prev):
                total += w[j, k] * a_prev[k, 0]
            z[j, 0] = total
    return checks.finite_result(z, "z^l")


def z_matrix(w, a_prev, b):
    """z^l = w^l a^{l−1} + b^l: the whole layer as one matrix–vector product."""
    w, a_prev, b = _layer_arrays(w, a_prev, b)
    with quiet():
        return checks.finite_result(w @ a_prev + b, "z^l")
