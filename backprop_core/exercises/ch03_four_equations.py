"""Checks for chapter 3 (the four fundamental equations).  Used by chapter 3.

Each check takes the reader's answer and the example it is about,
``ex = net.example(x, y)``.
"""
import numpy as np

from .. import checks
from ..demon import check_example
from ..four_equations import bp1, bp4, deltas
from . import array, close, not_an_array, report, unanswered


def _as_column(answer, n):
    """A flat list of n numbers read as the column vector it stands for."""
    arr = array(answer)
    return arr.reshape(n, 1) if arr is not None and arr.size == n else arr


def check_delta_L(answer, ex):
    """δ^L = (a^L − y) ⊙ σ′(z^L) (BP1, quadratic cost) for the example ``ex``."""
    check_example(ex, "check_delta_L")
    if unanswered(answer):
        return None
    expected = bp1(ex)
    L = ex.L
    a_minus_y = ex.a[L] - ex.y
    sigma = ex.net.sigma(L)
    answer = _as_column(answer, expected.size)
    if answer is None:
        return not_an_array(expected)
    if close(answer, expected, rtol=1e-3, atol=1e-6):
        return report(True, f"δ^L = {np.round(expected.ravel(), 6).tolist()}", "")
    if close(answer, -expected, rtol=1e-3, atol=1e-6):
        hint = "the sign is flipped: ∇_a C = a^L − y (output minus target), not y − a^L"
    elif close(answer, a_minus_y, rtol=1e-3, atol=1e-6):
        hint = "that is ∇_a C = a^L − y alone; BP1 multiplies it entry by entry by σ′(z^L)"
    elif close(answer, a_minus_y * sigma.fn(ex.z[L]), rtol=1e-3, atol=1e-6):
        hint = "you multiplied by σ(z^L); BP1 needs the slope σ′(z^L) = σ(z^L)(1 − σ(z^L))"
    elif np.size(answer) != expected.size:
        hint = f"δ^L has one entry per output neuron: {expected.size} of them"
    else:
        hint = "compute z^L = w^L a^{L−1} + b^L, then a^L = σ(z^L), then (a^L − y) ⊙ σ′(z^L)"
    return report(False, "", hint)


def check_dC_dw(answer, ex, l):
    """∂C/∂w^l as a matrix: entry (j, k) is a^{l−1}_k δ^l_j (BP4), for the example ``ex``."""
    l = checks.layer(l, check_example(ex, "check_dC_dw").L)
    if unanswered(answer):
        return None
    delta = deltas(ex)
    expected = bp4(delta[l], ex.a[l - 1])
    answer = array(answer)
    if answer is None:
        return not_an_array(expected)
    if close(answer, expected, rtol=1e-3, atol=1e-6):
        return report(True, f"∂C/∂w^{l} has shape {expected.shape} and matches BP4", "")
    if np.shape(answer) == expected.T.shape and close(answer, expected.T, rtol=1e-3, atol=1e-6):
        hint = (f"you built a^{l - 1} (δ^{l})^T, the transpose: ∂C/∂w^{l} has the shape of "
                f"w^{l}, {expected.shape}, with row j = δ^{l}_j times a^{l - 1}")
    elif np.shape(answer) != expected.shape:
        hint = f"∂C/∂w^{l} has the shape of w^{l}: {expected.shape}"
    else:
        hint = f"entry (j, k) is a^{l - 1}_k δ^{l}_j: the outer product δ^{l} (a^{l - 1})^T"
    return report(False, "", hint)
