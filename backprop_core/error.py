"""The error δ^l_j ≡ ∂C/∂z^l_j, measured from outside by nudging z^l_j.

Backprop computes δ^l with BP1 and BP2.  The independent check used here adds
Δz to the weighted input z^l_j of one neuron for one example x, lets the change
flow forward through the later layers,

    a^l = σ(z^l + Δz e_j),   z^{m} = w^{m} a^{m−1} + b^{m},   a^{m} = σ(z^{m})  (m > l),

and reads off the new cost C_x.  A central difference of two such costs
estimates δ^l_j.  (This δ is "the error" in the book's sense: a rate of change
of the cost, not a fraction of misclassified examples.)
"""
import numpy as np

from . import checks
from .demon import cost_with_nudge, numerical_dC_dz

#: C_x after adding dz to z^l_j and feeding the change forward (the demon's nudge).
cost_with_z_nudged = cost_with_nudge


def dC_dz_numerical(net, x, y, l, j, eps=1e-6):
    """δ^l_j ≈ (C_x(z^l_j + ε) − C_x(z^l_j − ε)) / 2ε, for the single example (x, y)."""
    return numerical_dC_dz(net, x, y, l, j, eps)


def delta_numerical(net, x, y, l, eps=1e-6):
    """The whole column δ^l by :func:`dC_dz_numerical`, one neuron at a time."""
    l = checks.layer(l, net.num_layers)
    return np.array([[dC_dz_numerical(net, x, y, l, j, eps)]
                     for j in range(net.sizes[l - 1])]).reshape(-1, 1)
