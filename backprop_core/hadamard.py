"""The Hadamard product and the diagonal-matrix form of BP1/BP2.

(s ⊙ t)_j = s_j t_j.  Writing Σ′(z) for the square matrix with σ′(z_j) on its
diagonal, s ⊙ σ′(z) = Σ′(z) s, so BP1 and BP2 can be written without ⊙:

    δ^L = Σ′(z^L) ∇_a C,        δ^l = Σ′(z^l) (w^{l+1})^T δ^{l+1},

and, unrolled,  δ^l = Σ′(z^l)(w^{l+1})^T ⋯ Σ′(z^{L−1})(w^L)^T Σ′(z^L) ∇_a C.
The matrix form costs an n × n matrix per layer; the ⊙ form only n products.

The Σ′ forms are alternatives the chapters teach, not the engine: they take
``ex = net.example(x, y)`` for its z^l and a^L, build their own δ's from the
weights and ∇_a C, and the tests check them against the engine's ``ex.delta``.
Used by chapters 2 and 4.
"""
import numpy as np

from . import checks
from .activations import as_activation
from .example import check_example
from .layers import Layers
from .divergence import quiet

#: Σ′(z) is an n × n matrix; columns z longer than this are refused (it would not fit in memory).
MAX_NEURONS = 2000


def hadamard(s, t):
    """The elementwise (Hadamard, or Schur) product s ⊙ t of two equal-shaped arrays."""
    s, t = checks.real_array(s, "s"), checks.real_array(t, "t")
    if s.shape != t.shape:
        raise ValueError(f"the Hadamard product needs equal shapes, got {s.shape} and {t.shape}")
    with quiet():
        return checks.finite_result(s * t, "the Hadamard product s ⊙ t")


def Sigma_prime(z, sigma):
    """Σ′(z): the diagonal matrix with σ′(z_j) on its diagonal, for a column vector z."""
    z = checks.real_array(z, "z")
    if z.ndim != 2 or z.shape[1] != 1 or z.shape[0] == 0:
        raise ValueError(f"z has shape {z.shape}; expected a column vector (n, 1)")
    if z.shape[0] > MAX_NEURONS:
        raise ValueError(f"z has {z.shape[0]} entries; Σ′(z) would be a {z.shape[0]}² matrix, "
                         f"expected at most {MAX_NEURONS}")
    sigma = as_activation(sigma, "sigma")
    if getattr(sigma, "name", None) == "softmax":
        raise ValueError("softmax is not elementwise, so its Jacobian is not diagonal")
    return np.diagflat(sigma.prime(z))


def _grad_a(ex, what):
    """∇_a C of one example ``ex``, after checking the diagonal form applies to it."""
    check_example(ex, what)
    if ex.net.output_activation.name == "softmax":
        raise ValueError("the diagonal form needs an elementwise output activation, not softmax")
    # From the cost itself, not from the engine's δ's, so the forms stay an independent check.
    return ex.net.cost_function.derivative(ex.a[ex.L], ex.y)


def deltas_diagonal_form(ex):
    """δ^l for l = 2..L (a Layers: ``[l]`` is δ^l) by the alternative Σ′ form,
    δ^L = Σ′(z^L) ∇_a C and δ^l = Σ′(z^l)(w^{l+1})^T δ^{l+1}."""
    grad_a = _grad_a(ex, "deltas_diagonal_form")
    net, L = ex.net, ex.L
    delta = Layers([None] * (L - 1), 2, "δ^l")
    delta[L] = Sigma_prime(ex.z[L], net.sigma(L)) @ grad_a
    for l in range(L - 1, 1, -1):
        delta[l] = Sigma_prime(ex.z[l], net.sigma(l)) @ ex.w[l + 1].T @ delta[l + 1]
    return delta


def delta_unrolled(ex, l):
    """δ^l as one product (the alternative unrolled form):
    Σ′(z^l)(w^{l+1})^T ⋯ (w^L)^T Σ′(z^L) ∇_a C, built left to right."""
    grad_a = _grad_a(ex, "delta_unrolled")
    net = ex.net
    l = checks.layer(l, ex.L)
    product = Sigma_prime(ex.z[l], net.sigma(l))
    for k in range(l + 1, ex.L + 1):
        product = product @ ex.w[k].T @ Sigma_prime(ex.z[k], net.sigma(k))
    return product @ grad_a
