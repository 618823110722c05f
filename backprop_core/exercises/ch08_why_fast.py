"""Checks for chapter 8 (why backprop is fast).  Used by chapter 8."""
from ..speed import forward_passes_needed, number_of_parameters
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
