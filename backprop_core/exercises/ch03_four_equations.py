"""Checks for chapter 3 (the four fundamental equations).  Used by chapter 3.

Each check takes the reader's answer and the example it is about,
``ex = net.example(x, y)``.
"""
import numpy as np

from .. import checks
from ..example import check_example
from ..four_equations import bp1, bp4, deltas
from . import judge, shaped_like


def check_delta_L(answer, ex):
    """δ^L = (a^L − y) ⊙ σ′(z^L) (BP1, quadratic cost) for the example ``ex``."""
    check_example(ex, "check_delta_L")
    expected, L = bp1(ex), ex.L
    a_minus_y = ex.a[L] - ex.y
    return judge(answer, expected, f"δ^L = {np.round(expected.ravel(), 6).tolist()}", [
        (-expected, "the sign is flipped: ∇_a C = a^L − y (output minus target), not y − a^L"),
        (a_minus_y, "that is ∇_a C = a^L − y alone; BP1 multiplies it entry by entry by σ′(z^L)"),
        (a_minus_y * ex.net.sigma(L).fn(ex.z[L]),
         "you multiplied by σ(z^L); BP1 needs the slope σ′(z^L) = σ(z^L)(1 − σ(z^L))")],
        lambda a: (f"δ^L has one entry per output neuron: {expected.size} of them"
                   if a.size != expected.size else "compute z^L = w^L a^{L−1} + b^L, then "
                   "a^L = σ(z^L), then (a^L − y) ⊙ σ′(z^L)"),
        rtol=1e-3, atol=1e-6, read=shaped_like(expected))


def check_dC_dw(answer, ex, l):
    """∂C/∂w^l as a matrix: entry (j, k) is a^{l−1}_k δ^l_j (BP4), for the example ``ex``."""
    l = checks.layer(l, check_example(ex, "check_dC_dw").L)
    expected = bp4(deltas(ex)[l], ex.a[l - 1])
    return judge(answer, expected, f"∂C/∂w^{l} has shape {expected.shape} and matches BP4", [
        (expected.T, f"you built a^{l - 1} (δ^{l})^T, the transpose: ∂C/∂w^{l} has the shape "
                     f"of w^{l}, {expected.shape}, with row j = δ^{l}_j times a^{l - 1}")],
        lambda a: (f"∂C/∂w^{l} has the shape of w^{l}: {expected.shape}"
                   if a.shape != expected.shape else
                   f"entry (j, k) is a^{l - 1}_k δ^{l}_j: the outer product δ^{l} (a^{l - 1})^T"),
        rtol=1e-3, atol=1e-6)
