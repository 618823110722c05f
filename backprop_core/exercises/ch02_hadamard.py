"""Checks for chapter 02 (the cost's assumptions and the Hadamard product): s ⊙ t and Σ′(z).

Used by chapter 2 (exercises 2.1 and 2.2).
"""
import numpy as np

from ..activations import Sigmoid
from ..hadamard import Sigma_prime, hadamard
from .. import checks
from . import judge, shaped_like


def check_hadamard(answer, s=(1.0, -2.0, 3.0), t=(4.0, 5.0, -6.0)):
    """s ⊙ t, the entry-by-entry product."""
    expected = hadamard(s, t)
    return judge(answer, expected, f"s ⊙ t = {expected.tolist()}", [
        (np.dot(s, t), "that is the dot product s·t (a single number); s ⊙ t keeps one "
                       "product per entry")],
        lambda a: (f"s ⊙ t has as many entries as s and t ({expected.size})"
                   if a.size != expected.size else "multiply entry j of s by entry j of t, for each j"),
        read=shaped_like(expected))


def check_Sigma_prime(answer, z=(0.0, 2.0)):
    """Σ′(z) for the sigmoid: the square matrix with σ′(z_j) on its diagonal."""
    z = np.asarray(z, dtype=float).reshape(-1, 1)
    expected = Sigma_prime(z, Sigmoid)
    n = z.shape[0]
    return judge(answer, expected, f"Σ′(z) = diag{np.round(np.diag(expected), 6).tolist()}", [
        (np.diagflat(Sigmoid.fn(z)), "that diagonal holds σ(z_j); Σ′ needs the slope "
                                     "σ′(z_j) = σ(z_j)(1 − σ(z_j))")],
        lambda a: ("those are the right numbers σ′(z_j), but Σ′(z) is a square matrix with "
                   "them on its diagonal (np.diag)"
                   if checks.close(np.ravel(a), np.diag(expected), 1e-4, 1e-6) else
                   f"Σ′(z) is {n}×{n}: σ′(z_j) = σ(z_j)(1 − σ(z_j)) on the diagonal and "
                   "zeros elsewhere"), rtol=1e-4, atol=1e-6)
