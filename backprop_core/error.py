"""The error δ^l_j ≡ ∂C/∂z^l_j, measured from outside by nudging z^l_j.

Backprop computes δ^l with BP1 and BP2.  The independent check used here adds
Δz to the weighted input z^l_j of one neuron for one example x, lets the change
flow forward through the later layers,

    a^l = σ(z^l + Δz e_j),   z^{m} = w^{m} a^{m−1} + b^{m},   a^{m} = σ(z^{m})  (m > l),

and reads off the new cost C_x.  A central difference of two such costs
estimates δ^l_j.  (This δ is "the error" in the book's sense: a rate of change
of the cost, not a fraction of misclassified examples.)

Every function takes ``ex = net.example(x, y)``, one network on one example;
the nudged forward pass is the engine's ``ex.forward_from(l, z=...)``, reached
through :mod:`backprop_core.demon`.  Used by chapter 3 (the four equations).
"""
import numpy as np

from . import checks
from .demon import cost_with_nudge, numerical_dC_dz
from .example import check_example

#: C_x after adding dz to z^l_j and feeding the change forward (the demon's nudge):
#: ``cost_with_z_nudged(ex, l, j, dz)``.
cost_with_z_nudged = cost_with_nudge


def dC_dz_numerical(ex, l, j, eps=1e-6):
    """δ^l_j ≈ (C_x(z^l_j + ε) − C_x(z^l_j − ε)) / 2ε, for the one example of ``ex``."""
    return numerical_dC_dz(ex, l, j, eps)


def delta_numerical(ex, l, eps=1e-6):
    """The whole column δ^l, shape (n_l, 1), by :func:`dC_dz_numerical`, one neuron
    at a time; compare it with backprop's ``ex.delta[l]``."""
    ex = check_example(ex, "delta_numerical")
    l = checks.layer(l, ex.L)
    return np.array([[dC_dz_numerical(ex, l, j, eps)]
                     for j in range(len(ex.z[l]))]).reshape(-1, 1)
