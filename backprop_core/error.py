"""The error δ^l_j ≡ ∂C/∂z^l_j, measured from outside by nudging z^l_j.

Backprop computes δ^l with BP1 and BP2.  The independent check used here adds
Δz to the weighted input z^l_j of one neuron for one example x, lets the change
flow forward through the later layers,

    a^l = σ(z^l + Δz e_j),   z^{m} = w^{m} a^{m−1} + b^{m},   a^{m} = σ(z^{m})  (m > l),

and reads off the new cost C_x.  A central difference of two such costs
estimates δ^l_j.  (This δ is "the error" in the book's sense: a rate of change
of the cost, not a fraction of misclassified examples.)
"""
import numbers

import numpy as np

from . import checks


def _one_example(net, x, y):
    X, Y = checks.pair(x, y, net.sizes[0], net.sizes[-1])
    if X.shape[1] != 1:
        raise ValueError(f"δ is defined per example: x must have shape ({net.sizes[0]}, 1), "
                         f"got {X.shape[1]} columns")
    return X, Y


def _finite(value, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return float(value)


def cost_with_z_nudged(net, x, y, l, j, dz):
    """C_x after adding ``dz`` to z^l_j and feeding the change forward to a^L."""
    X, Y = _one_example(net, x, y)
    l = checks.layer(l, net.num_layers)
    j = checks.index(j, net.sizes[l - 1], f"neuron index j of layer {l}")
    dz = _finite(dz, "the nudge dz")
    zs, _ = net.forward_pass(X)
    z = zs[l - 2].copy()
    z[j, 0] += dz
    a = net.sigma(l).fn(z)
    for m in range(l + 1, net.num_layers + 1):
        a = net.sigma(m).fn(net.weights[m - 2] @ a + net.biases[m - 2])
    return float(net.cost_function.fn(a, Y)[0])


def dC_dz_numerical(net, x, y, l, j, eps=1e-6):
    """δ^l_j ≈ (C_x(z^l_j + ε) − C_x(z^l_j − ε)) / 2ε, for the single example (x, y)."""
    eps = _finite(eps, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps!r}")
    return (cost_with_z_nudged(net, x, y, l, j, eps)
            - cost_with_z_nudged(net, x, y, l, j, -eps)) / (2 * eps)


def delta_numerical(net, x, y, l, eps=1e-6):
    """The whole column δ^l by :func:`dC_dz_numerical`, one neuron at a time."""
    l = checks.layer(l, net.num_layers)
    return np.array([[dC_dz_numerical(net, x, y, l, j, eps)]
                     for j in range(net.sizes[l - 1])]).reshape(-1, 1)
