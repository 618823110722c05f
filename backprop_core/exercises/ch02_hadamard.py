"""Checks for chapter 02 (the cost's assumptions and the Hadamard product): s ⊙ t and Σ′(z).

Used by chapter 2 (exercises 2.1 and 2.2).
"""
import numpy as np

from ..activations import Sigmoid
from ..hadamard import Sigma_prime, hadamard
from . import array, close, not_an_array, report, unanswered


def check_hadamard(answer, s=(1.0, -2.0, 3.0), t=(4.0, 5.0, -6.0)):
    """s ⊙ t, the entry-by-entry product."""
    if unanswered(answer):
        return None
    expected = hadamard(s, t)
    answer = array(answer)
    if answer is None:
        return not_an_array(expected)
    if np.size(answer) == expected.size and close(np.ravel(answer), expected.ravel()):
        return report(True, f"s ⊙ t = {expected.tolist()}", "")
    if np.ndim(answer) == 0 and close(answer, np.dot(s, t)):
        hint = "that is the dot product s·t (a single number); s ⊙ t keeps one product per entry"
    elif np.size(answer) != np.size(expected):
        hint = f"s ⊙ t has as many entries as s and t ({np.size(expected)})"
    else:
        hint = "multiply entry j of s by entry j of t, for each j"
    return report(False, "", hint)


def check_Sigma_prime(answer, z=(0.0, 2.0)):
    """Σ′(z) for the sigmoid: the square matrix with σ′(z_j) on its diagonal."""
    if unanswered(answer):
        return None
    z = np.asarray(z, dtype=float).reshape(-1, 1)
    expected = Sigma_prime(z, Sigmoid)
    answer = array(answer)
    if answer is None:
        return not_an_array(expected)
    if close(answer, expected, rtol=1e-4, atol=1e-6):
        return report(True, f"Σ′(z) = diag{np.round(np.diag(expected), 6).tolist()}", "")
    if close(np.ravel(answer), np.diag(expected), rtol=1e-4, atol=1e-6):
        hint = "those are the right numbers σ′(z_j), but Σ′(z) is a square matrix with them on its diagonal (np.diag)"
    elif close(answer, np.diagflat(Sigmoid.fn(z)), rtol=1e-4, atol=1e-6):
        hint = "that diagonal holds σ(z_j); Σ′ needs the slope σ′(z_j) = σ(z_j)(1 − σ(z_j))"
    else:
        n = z.shape[0]
        hint = (f"Σ′(z) is {n}×{n}: σ′(z_j) = σ(z_j)(1 − σ(z_j)) on the diagonal and zeros elsewhere")
    return report(False, "", hint)
