"""Checks for chapter 17 (what backprop costs in memory).  Used by chapter 17."""
from .. import checks
from ..memory import best_k, checkpoints, peak_arrays, plain_arrays
from . import judge


def check_plain_arrays(answer, L=6):
    """The arrays z^l and a^l a plain backward pass keeps for L layers: 2L − 1 (exercise 17.1)."""
    L = checks.integer(L, "L", 2, 100)
    expected = plain_arrays(L)
    return judge(answer, expected, f"{expected} arrays: z^2..z^{L} ({L - 1}) and a^1..a^{L} ({L})", [
        (2 * L, "there is no z^1: layer 1 is the input, a^1 = x, and nothing is weighted there"),
        (2 * L - 2, "a^1 = x counts too: BP4 at l = 2 reads it, in δ^2 (a^1)^T"),
        (L, "the backward pass reads z^l as well as a^l: BP2 needs σ′(z^l)"),
        (L - 1, "count a^l as well as z^l: BP4 reads a^{l−1}"),
        (3, "3 is what a forward pass alone holds; backprop keeps every layer for the way back")],
        "count z^l for l = 2..L and a^l for l = 1..L", "one number, a count of arrays")


def check_best_k(answer, L=16):
    """The segment length k with the fewest arrays held at the peak, for L layers (exercise 17.2)."""
    L = checks.integer(L, "L", 3, 100)
    expected = best_k(L)
    n = len(checkpoints(L, expected))
    return judge(answer, expected,
                 f"k = {expected}: {n} checkpoints and a segment of {expected - 1} recomputed "
                 f"layers, {peak_arrays(L, expected)} arrays at the peak against "
                 f"{plain_arrays(L)} for plain backprop", [
        (1, "k = 1 keeps every layer: that is plain backprop, 2L − 1 arrays"),
        (L, "k = L keeps only the ends, but then the one segment recomputed holds nearly "
            "every layer at once"),
        (L // 2, "two long segments: the segment recomputed is nearly half the network"),
        (L - 1, "one long segment: the segment recomputed is nearly the whole network")],
        lambda k: (f"with k = {k} the peak is {peak_arrays(L, round(k))} arrays; the checkpoints "
                   f"number about L/k and a segment k, so look for k near √L"
                   if float(k).is_integer() and 1 <= k <= L else
                   f"k is a whole number of layers from 1 to {L}"),
        "one number, a segment length k")


def check_layers_held(answer):
    """How many layers a forward pass alone holds at once: 2 (exercise 17.3)."""
    return judge(answer, 2, "two layers: a^{l−1} while z^l and a^l are made from it, then a^l "
                            "alone carries on", [
        (1, "z^l = w^l a^{l−1} + b^l reads layer l − 1 while it writes layer l: both are held"),
        (3, "three arrays (a^{l−1}, z^l, a^l), but of two layers: z^l and a^l are layer l"),
        (0, "the pass has to hold the layer it is computing")],
        "the forward pass needs a^{l−1} to make z^l and a^l, and nothing below l − 1",
        "one number, a count of layers")
