"""The Hadamard product and the diagonal-matrix form of BP1/BP2.

(s ⊙ t)_j = s_j t_j.  Writing Σ′(z) for the square matrix with σ′(z_j) on its
diagonal, s ⊙ σ′(z) = Σ′(z) s, so BP1 and BP2 can be written without ⊙:

    δ^L = Σ′(z^L) ∇_a C,        δ^l = Σ′(z^l) (w^{l+1})^T δ^{l+1},

and, unrolled,  δ^l = Σ′(z^l)(w^{l+1})^T ⋯ Σ′(z^{L−1})(w^L)^T Σ′(z^L) ∇_a C.
The matrix form costs an n × n matrix per layer; the ⊙ form only n products.
"""
import numpy as np

from . import checks


def hadamard(s, t):
    """The elementwise (Hadamard, or Schur) product s ⊙ t of two equal-shaped arrays."""
    s, t = np.asarray(s, dtype=float), np.asarray(t, dtype=float)
    if s.shape != t.shape:
        raise ValueError(f"the Hadamard product needs equal shapes, got {s.shape} and {t.shape}")
    return s * t


def Sigma_prime(z, sigma):
    """Σ′(z): the diagonal matrix with σ′(z_j) on its diagonal, for a column vector z."""
    z = np.asarray(z, dtype=float)
    if z.ndim != 2 or z.shape[1] != 1:
        raise ValueError(f"z has shape {z.shape}; expected a column vector (n, 1)")
    if sigma.name == "softmax":
        raise ValueError("softmax is not elementwise, so its Jacobian is not diagonal")
    return np.diagflat(sigma.prime(z))


def _one_example(net, x, y):
    X, Y = checks.one_example(x, y, net.sizes[0], net.sizes[-1], "the matrix form")
    if net.output_activation.name == "softmax":
        raise ValueError("the diagonal form needs an elementwise output activation, not softmax")
    zs, activations = net.forward_pass(X)
    grad_a = net.cost_function.derivative(activations[-1], Y)
    return zs, grad_a


def deltas_diagonal_form(net, x, y):
    """[δ^2, ..., δ^L] by δ^L = Σ′(z^L) ∇_a C and δ^l = Σ′(z^l)(w^{l+1})^T δ^{l+1}."""
    zs, grad_a = _one_example(net, x, y)
    L = net.num_layers
    delta = Sigma_prime(zs[-1], net.sigma(L)) @ grad_a
    deltas = [delta]
    for l in range(L - 1, 1, -1):
        delta = Sigma_prime(zs[l - 2], net.sigma(l)) @ net.weights[l - 1].T @ delta
        deltas.insert(0, delta)
    return deltas


def delta_unrolled(net, x, y, l):
    """δ^l as one product: Σ′(z^l)(w^{l+1})^T ⋯ (w^L)^T Σ′(z^L) ∇_a C, built left to right."""
    l = checks.layer(l, net.num_layers)
    zs, grad_a = _one_example(net, x, y)
    L = net.num_layers
    product = Sigma_prime(zs[l - 2], net.sigma(l))
    for k in range(l + 1, L + 1):
        product = product @ net.weights[k - 2].T @ Sigma_prime(zs[k - 2], net.sigma(k))
    return product @ grad_a
