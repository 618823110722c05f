"""Checks for chapter 12, backprop by hand.  The fill-in table itself is judged by
``backprop_core.by_hand.Table``; these are the chapter's exercises, each value
computed from the engine (``table_entries`` of a network, the friendly
network's example, its update by ``update_mini_batch``).  Used by chapter 12.
"""
import copy

import numpy as np

from .. import by_hand
from ..network import Network
from . import finite, report, unanswered


def _real(answer, what):
    """The answer as a finite float, or None after printing a FAIL saying why not."""
    value, why = finite(answer, f"{what}, one finite number")
    if why is not None:
        report(False, "", why)
    return value


def entry_count(sizes):
    """How many entries the by-hand table of a sigmoid network of ``sizes`` has
    (z, a, δ, ∂C/∂b per neuron, ∂C/∂w per weight, the cost, and w', b')."""
    net = Network(list(sizes), seed=0)
    ex = net.example(np.zeros((net.n[1], 1)), np.zeros((net.n[net.L], 1)))
    return len(by_hand.table_entries(ex))


def check_entry_count(answer, sizes=(2, 3, 2)):
    """Exercise 12.1: the number of entries of the table for a network of ``sizes``."""
    if unanswered(answer):
        return None
    value = _real(answer, "a count")
    if value is None:
        return False
    sizes = list(sizes)
    neurons = sum(sizes[1:])
    weights = sum(m * n for m, n in zip(sizes[:-1], sizes[1:]))
    expected = entry_count(sizes)
    if value == expected:
        return report(True, f"{neurons} neurons × 4 (z, a, δ, ∂C/∂b) + {weights} weights "
                            f"(∂C/∂w) + 1 cost + {weights + neurons} updated w' and b' = "
                            f"{expected}", "")
    slips = {expected - weights - neurons: "you left out the update: one w' per weight and "
                                           "one b' per bias",
             expected - 1: "you left out the cost C",
             expected - neurons: "∂C/∂b^l_j is an entry of its own, even though it equals "
                                 "δ^l_j (BP3)",
             expected + 4 * sizes[0]: "the input layer has no z, a, δ or b: a^1 = x is given",
             expected - weights: "every weight has a ∂C/∂w (BP4) as well as a w'"}
    hint = slips.get(value, f"count per neuron of layers 2..L (z, a, δ, ∂C/∂b, b'), per "
                            f"weight (∂C/∂w, w'), and the cost; sizes {sizes} have "
                            f"{neurons} such neurons and {weights} weights")
    return report(False, "", hint)


def _friendly():
    ex = by_hand.friendly_example()
    return ex.net, ex


def check_nudge_slope(answer, eps=1e-3):
    """Exercise 12.2: (C(w^3_01 + ε) − C(w^3_01)) / ε, the slope found by nudging the
    weight in a copy of the friendly network, agrees with BP4's ∂C/∂w^3_01."""
    if unanswered(answer):
        return None
    value = _real(answer, "the slope ΔC/ε")
    if value is None:
        return False
    net, ex = _friendly()
    grad = ex.nabla_w[3][0, 1]
    nudged = copy.deepcopy(net)
    nudged.w[3][0, 1] += eps
    delta_C = nudged.example(ex.x, ex.y).cost - ex.cost
    slope = delta_C / eps
    if abs(value - slope) <= 1e-3 * abs(slope) or abs(value - grad) <= 1e-3 * abs(grad):
        return report(True, f"the nudge gives {slope:.5g}, BP4 gives a^2_1 δ^3_0 = {grad:.5g}: "
                            f"they agree to {abs(slope - grad) / abs(grad):.1e} (the nudge "
                            "is a secant, not the tangent)", "")
    if abs(value - delta_C) <= 1e-3 * abs(delta_C):
        hint = f"that is ΔC itself; divide it by ε = {eps:g} to get a slope"
    elif abs(value + slope) <= 1e-3 * abs(slope):
        hint = "the sign is flipped: ΔC = C(nudged) − C(original)"
    elif abs(value - ex.nabla_w[3][1, 0]) <= 1e-3 * abs(ex.nabla_w[3][1, 0]):
        hint = "that is ∂C/∂w^3_10: w^3_01 is net.w[3][0, 1], row j = 0, column k = 1"
    else:
        hint = ("nudge net.w[3][0, 1] in a copy (copy.deepcopy(net)), compute "
                f"its cost on the same (x, y), subtract the original cost and divide by {eps:g}")
    return report(False, "", hint)


def check_cost_after_step(answer):
    """Exercise 12.3: the cost of the friendly network on its example after the one
    gradient-descent step of the table (η = by_hand.ETA)."""
    if unanswered(answer):
        return None
    value = _real(answer, "the new cost C")
    if value is None:
        return False
    net, ex = _friendly()

    def cost_after(eta, layers=(2, 3)):
        other = copy.deepcopy(net)
        for l in layers:
            other.w[l] = net.w[l] - eta * ex.nabla_w[l]
            other.b[l] = net.b[l] - eta * ex.nabla_b[l]
        return other.example(ex.x, ex.y).cost

    stepped = copy.deepcopy(net)
    stepped.update_mini_batch(ex.x, ex.y, by_hand.ETA)          # the engine's own step
    expected = stepped.example(ex.x, ex.y).cost

    def near(a, b):
        return abs(a - b) <= 2e-3 * abs(b) + 1e-6

    if near(value, expected):
        return report(True, f"C goes from {ex.cost:.4g} to {expected:.4g}: one step "
                            "downhill, as the gradient promised", "")
    for candidate, hint in (
            (ex.cost, "that is the cost before the step; rebuild the network with w' and b'"),
            (cost_after(-by_hand.ETA), "the cost went up: the step is w − η∇, against the "
                                       "gradient"),
            (cost_after(1.0), f"that is a step with η = 1; the table's η is {by_hand.ETA:g}"),
            (cost_after(by_hand.ETA, (3,)), "only layer 3 was updated; w^2 and b^2 move too"),
            (cost_after(by_hand.ETA, (2,)), "only layer 2 was updated; w^3 and b^3 move too")):
        if near(value, candidate):
            return report(False, "", hint)
    return report(False, "", "set net.w[l] and net.b[l] to the table's w' and b' (in a copy), "
                             "then take .cost of net.example(x, y) again")
