"""Checks for chapter 10: softmax output and the log-likelihood cost.  Used by chapter 10."""
import numpy as np

from .. import checks
from ..example import check_example
from . import judge


def check_output_delta(answer, a, y):
    """For softmax + log-likelihood (and sigmoid + cross-entropy), δ^L = a^L − y."""
    a, y = checks.real_array(a, "a"), checks.real_array(y, "y")
    if a.shape != y.shape:
        raise ValueError(f"a has shape {a.shape} but y has shape {y.shape}; expected the same")
    expected = a - y
    return judge(answer, expected, "δ^L = a^L − y: no σ′ factor, so no slowdown when the "
                                   "output saturates", [
        (y - a, "the sign is flipped: ∂C/∂z^L_j = a_j − y_j"),
        (expected * a * (1 - a), "that has a σ′-like factor a(1 − a); for this pair of output "
                                 "and cost it cancels, leaving a^L − y")],
        "subtract the one-hot target from the softmax output, entry by entry")


def check_log_likelihood(answer, a, label):
    """C_x = −ln a^L_y: minus the natural log of the output of the right class."""
    a = checks.real_array(a, "a").ravel()
    label = checks.index(label, a.size, "label")
    if not 0 < a[label] <= 1:
        raise ValueError(f"a[{label}] must be a probability in (0, 1] (a softmax output), "
                         f"got {a[label]:g}")
    expected = float(-np.log(a[label]))
    return judge(answer, expected, f"C_x = −ln {a[label]:.4g} = {expected:.4g}", [
        (-expected, "C_x is minus the logarithm; a cost of a probability below 1 is positive"),
        (-np.log10(a[label]), "use the natural logarithm ln (np.log), not log base 10")],
        f"only the output of the right class ({label}) enters: C_x = −ln a_{label}",
        what="one number, C_x")


def check_hidden_delta(answer, ex):
    """δ^{L−1} = ((w^L)^T (a^L − y)) ⊙ σ′(z^{L−1}) for a softmax network.

    ``ex`` is the network on the example, ``net.example(x, y)``; the answer is
    compared with ``ex.delta[L - 1]``.
    """
    check_example(ex, "check_hidden_delta")
    if ex.L < 3:
        raise ValueError(f"check_hidden_delta needs a hidden layer; the network has sizes "
                         f"{ex.net.sizes}")
    expected = ex.delta[ex.L - 1]
    return judge(answer, expected, "the error moved back through (w^L)^T, then through "
                                   "σ′(z^(L−1))", [
        (ex.dC_da[ex.L - 1], "you moved the error back through (w^L)^T; now multiply by "
                             "σ′(z^(L−1)) entry by entry")],
        lambda v: (f"δ^(L−1) is a column vector of shape {expected.shape}; your answer has "
                   f"shape {v.shape}" if v.shape != expected.shape else
                   "start from δ^L = a^L − y, multiply by (w^L)^T, then ⊙ σ′(z^(L−1))"))
