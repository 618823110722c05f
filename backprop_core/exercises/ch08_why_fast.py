"""Checks for chapter 8 (why backprop is fast).  Used by chapter 8."""
from ..speed import forward_passes_needed, multiplications, number_of_parameters
from . import judge

ORDER = {"forward": 1, "central": 2}


def check_forward_passes(answer, sizes=(784, 30, 10), method="forward"):
    """Cost evaluations for one finite-difference gradient: P + 1 (forward) or 2P (central)."""
    sizes = list(sizes)
    expected = forward_passes_needed(sizes, method)
    weights = sum(n * k for k, n in zip(sizes[:-1], sizes[1:]))
    other = "central" if method == "forward" else "forward"
    return judge(answer, expected, f"{expected:,} evaluations of the cost for one gradient "
                 f"({method} differences), against backprop's one forward and one backward pass", [
        (number_of_parameters(sizes), "almost: the forward difference also needs the unnudged "
                                      "cost C(w), once"),
        (weights + 1, "the biases are parameters too: each b^l_j needs its own nudge"),
        (weights, "count the biases too, and the unnudged cost C(w)"),
        (forward_passes_needed(sizes, other), f"that is the count for {other} differences"),
        (2, "two passes is backprop's cost, not the finite differences'")],
        "count the parameters P = Σ_l (n_l n_{l−1} + n_l): every weight and bias needs its "
        "own nudged cost", "one number, a count of cost evaluations")


def check_order(answer, method="central"):
    """The power p in error ∝ ε^p of the truncation error: 1 (forward), 2 (central)."""
    if method not in ORDER:
        raise ValueError(f"method must be 'forward' or 'central', got {method!r}")
    expected = ORDER[method]
    other = "forward" if method == "central" else "central"
    return judge(answer, expected, f"the {method} difference's truncation error falls like "
                                   f"ε^{expected}", [
        (-1, "−1 is the round-off side (small ε); read the slope on the large-ε side of the "
             "minimum"),
        (ORDER[other], f"that is the {other} difference's order; in the Taylor expansion of the "
                       f"{method} difference, which term is the first that survives?")],
        "read the fitted truncation slope printed above, or expand C(w ± ε) in a Taylor series "
        "to see which power of ε is left", "one number, the power p", rtol=0, atol=0.25)


def check_backprop_passes(answer, sizes=(784, 30, 10)):
    """Backprop's multiplications for one example, in forward passes (exercise 8.3).

    (forward + BP2 + BP4) / forward, with the counts of :func:`speed.multiplications`:
    w^l a^{l−1} and δ^l (a^{l−1})^T are one multiplication per weight each, and
    (w^{l+1})^T δ^{l+1} one per weight of layers 3..L (no δ^1 is needed).
    """
    count = multiplications(sizes)
    expected, forward, bp2 = count["passes"], count["forward"], count["bp2"]
    success = (f"{expected:.4g} forward passes: the forward pass and BP4 are {forward:,} "
               f"multiplications each, BP2 {bp2:,}")

    slips = [(3.0, "3 is the most it can be: BP2 is not needed for the first layer of "
                   "weights (no δ^1), so it only counts the weights of w^3 onwards"),
             ((forward + bp2) / forward, "you left out BP4's outer product δ^l (a^{l−1})^T: "
                                         "one multiplication per weight"),
             (2.0, f"almost: BP2's (w^{{l+1}})^T δ^{{l+1}} adds {bp2:,} multiplications to "
                   f"the forward pass's and BP4's {forward:,} each")]

    return judge(answer, expected, success, slips,
                 "count the multiplications of w^l a^{l−1} (forward), (w^{l+1})^T δ^{l+1} "
                 "(BP2, l = 2..L−1) and δ^l (a^{l−1})^T (BP4, l = 2..L), then divide backprop's "
                 "total, forward and backward, by the forward pass's",
                 "one number, backprop's cost in forward passes", rtol=2e-3)
