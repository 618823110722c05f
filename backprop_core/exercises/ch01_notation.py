"""Checks for chapter 1 (notation): the shape of w^l, the entry (j, k) of a
weight, and one weighted input z^l_j.  Used by chapter 1 (exercises 1.1–1.3).
"""
import numpy as np

from .. import checks
from ..activations import sigmoid
from ..layers import Layers
from ..weighted_input import z_matrix
from . import judge, number, report, unanswered


def _pair_of_ints(answer):
    """(i, j) from a pair of whole numbers (ints, or floats like 3.0); None otherwise
    (strings, bytes, True/False, NaN, 10**400, a pair of the wrong length, ...)."""
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        return None
    if not isinstance(answer, (list, tuple, np.ndarray)) or len(answer) != 2:
        return None
    values = [number(v) for v in answer]
    if any(v is None or not np.isfinite(v) or v != int(v) for v in values):
        return None
    return tuple(int(v) for v in values)


def check_weight_shape(answer, sizes=(4, 5, 3), l=3):
    """The shape of w^l in a network ``sizes`` is (n_l, n_{l−1})."""
    if unanswered(answer):
        return None
    n = Layers(checks.sizes(sizes), 1, "n_l")           # n[l] is n_l
    l = checks.layer(l, n.last)
    expected = (n[l], n[l - 1])
    got = _pair_of_ints(answer)
    if got is None:
        return report(False, "", "the answer should be a pair (rows, columns), e.g. (2, 7)")
    if got == expected[::-1] and expected[0] != expected[1]:
        hint = (f"{got} is the transpose: w^{l} has one row per neuron of layer {l} "
                f"(the destination) and one column per neuron of layer {l - 1} (the source)")
    else:
        hint = (f"{got} is not it: count the neurons of layer {l} (rows) and of layer "
                f"{l - 1} (columns) in {list(n)}; remember layer 1 is the first entry")
    return report(got == expected, f"w^{l} is {expected[0]}×{expected[1]}", hint)


def check_entry(answer, source=(1, 2), destination=(2, 0)):
    """The entry (j, k) of w^l joining neuron k of layer l−1 (``source`` = (l−1, k))
    to neuron j of layer l (``destination`` = (l, j)) is (j, k)."""
    if unanswered(answer):
        return None
    try:
        (ls, k), (l, j) = source, destination
    except (TypeError, ValueError):
        raise ValueError(f"source and destination must be pairs (layer, neuron), got "
                         f"{checks.show(source)} and {checks.show(destination)}") from None
    ls, k, l, j = (checks.integer(v, name, low=0) for v, name in
                   ((ls, "the source layer"), (k, "the source neuron k"),
                    (l, "the destination layer"), (j, "the destination neuron j")))
    if l != ls + 1:
        raise ValueError(f"the destination layer must follow the source layer, got {ls} and {l}")
    got = _pair_of_ints(answer)
    if got is None:
        return report(False, "", "the answer should be a pair (row, column), e.g. (1, 3)")
    if got == (k, j) and j != k:
        hint = ("you swapped them: the row is the neuron the weight goes *to* (j, in layer "
                f"{l}) and the column the neuron it comes *from* (k, in layer {ls})")
    else:
        hint = f"({got[0]}, {got[1]}) is not it: the row is j (the neuron in layer {l}), the column k"
    return report(got == (j, k), f"w^{l}_{j}{k}: row {j}, column {k}", hint)


def check_weighted_input(answer, w, a_prev, b, j):
    """z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j for the given layer."""
    z = z_matrix(w, a_prev, b)
    j = checks.index(j, z.shape[0], "j")
    expected = z[j, 0]
    return judge(answer, expected, f"z_{j} = {expected:.6g}", [
        (sigmoid(expected), "that is the activation a = σ(z); the question asks for z itself, "
                            "before σ"),
        (expected - np.asarray(b, dtype=float).reshape(-1)[j],
         f"you left out the bias b_{j}: add it to the weighted sum")],
        f"not quite: multiply row {j} of w by a^(l-1) entry by entry, add the products, "
        f"then add b_{j}", rtol=1e-4, atol=1e-6)
