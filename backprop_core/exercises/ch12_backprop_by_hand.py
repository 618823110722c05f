"""Checks for chapter 12, backprop by hand.  The fill-in table itself is judged by
``backprop_core.by_hand.Table`` and said by :class:`Table`; the checks are the chapter's exercises, each value
computed from the engine (``table_entries`` of a network, the friendly
network's example, its update by ``update_mini_batch``).  Used by chapter 12.
"""
import copy

import numpy as np

from .. import by_hand
from ..network import Network
from .. import checks
from . import judge, number, report, say, unanswered


class Table(by_hand.Table):
    """The reader's by-hand table on the page: ``table.enter("z^2_0", 0.25)`` (or a dict)
    says each verdict; :class:`~backprop_core.by_hand.Table` finds them."""

    def enter(self, name, value=...):
        """Enter a number (or a dict of them) and say the verdicts."""
        for line in self.record(name, value):
            say(line)

    def reveal(self, name):
        """Fill in entry ``name`` and return its derivation; say so if there is no such entry."""
        shown = super().reveal(name)
        if shown is None:
            say(self.unknown(name))
        return shown


def entry_count(sizes):
    """How many entries the by-hand table of a sigmoid network of ``sizes`` has
    (z, a, δ, ∂C/∂b per neuron, ∂C/∂w per weight, the cost, and w', b')."""
    net = Network(list(sizes), seed=0)
    ex = net.example(np.zeros((net.n[1], 1)), np.zeros((net.n[net.L], 1)))
    return len(by_hand.table_entries(ex))


def check_entry_count(answer, sizes=(2, 3, 2)):
    """Exercise 12.1: the number of entries of the table for a network of ``sizes``."""
    sizes = list(sizes)
    neurons = sum(sizes[1:])
    weights = sum(m * n for m, n in zip(sizes[:-1], sizes[1:]))
    expected = entry_count(sizes)
    return judge(answer, expected, f"{neurons} neurons × 4 (z, a, δ, ∂C/∂b) + {weights} weights "
                                   f"(∂C/∂w) + 1 cost + {weights + neurons} updated w' and b' = "
                                   f"{expected}", [
        (expected - weights - neurons, "you left out the update: one w' per weight and one b' "
                                       "per bias"),
        (expected - 1, "you left out the cost C"),
        (expected - neurons, "∂C/∂b^l_j is an entry of its own, even though it equals δ^l_j (BP3)"),
        (expected + 4 * sizes[0], "the input layer has no z, a, δ or b: a^1 = x is given"),
        (expected - weights, "every weight has a ∂C/∂w (BP4) as well as a w'")],
        f"count per neuron of layers 2..L (z, a, δ, ∂C/∂b, b'), per weight (∂C/∂w, w'), and "
        f"the cost; sizes {sizes} have {neurons} such neurons and {weights} weights",
        "a count, one finite number", rtol=0, atol=0)


def check_nudge_slope(answer, eps=1e-3):
    """Exercise 12.2: (C(w^3_01 + ε) − C(w^3_01)) / ε, the slope found by nudging the
    weight in a copy of the friendly network, agrees with BP4's ∂C/∂w^3_01.  ``eps``
    is the reader's ε: a nudge of no size, or of a size no weight can take, gets a FAIL."""
    if unanswered(answer):
        return None
    size = number(eps)
    if size is None or not 0 < abs(size) <= 1:
        return report(False, "", f"ε should be a small nonzero number such as 1e-3 (|ε| ≤ 1), "
                                 f"got {checks.show(eps)}: with ε = 0 the slope ΔC/ε is 0/0")
    ex = by_hand.friendly_example()
    grad = ex.nabla_w[3][0, 1]
    nudged = copy.deepcopy(ex.net)
    nudged.w[3][0, 1] += size
    delta_C = nudged.example(ex.x, ex.y).cost - ex.cost
    slope = delta_C / size
    return judge(answer, grad if checks.close(number(answer), grad, 1e-3, 0) else slope,
                 f"the nudge gives {slope:.5g}, BP4 gives a^2_1 δ^3_0 = {grad:.5g}: they agree "
                 f"to {abs(slope - grad) / abs(grad):.1e} (the nudge is a secant, not the tangent)", [
        (delta_C, f"that is ΔC itself; divide it by ε = {size:g} to get a slope"),
        (-slope, "the sign is flipped: ΔC = C(nudged) − C(original)"),
        (ex.nabla_w[3][1, 0], "that is ∂C/∂w^3_10: w^3_01 is net.w[3][0, 1], row j = 0, column k = 1")],
        "nudge net.w[3][0, 1] in a copy (copy.deepcopy(net)), compute its cost on the same "
        f"(x, y), subtract the original cost and divide by {size:g}",
        "the slope ΔC/ε, one finite number", rtol=1e-3, atol=0)


def check_cost_after_step(answer):
    """Exercise 12.3: the cost of the friendly network on its example after the one
    gradient-descent step of the table (η = by_hand.ETA)."""
    ex = by_hand.friendly_example()
    net = ex.net

    def cost_after(eta, layers=(2, 3)):
        other = copy.deepcopy(net)
        for l in layers:
            other.w[l] = net.w[l] - eta * ex.nabla_w[l]
            other.b[l] = net.b[l] - eta * ex.nabla_b[l]
        return other.example(ex.x, ex.y).cost

    stepped = copy.deepcopy(net)
    stepped.update_mini_batch(ex.x, ex.y, by_hand.ETA)          # the engine's own step
    expected = stepped.example(ex.x, ex.y).cost
    return judge(answer, expected, f"C goes from {ex.cost:.4g} to {expected:.4g}: one step "
                                   "downhill, as the gradient promised", lambda: [
        (ex.cost, "that is the cost before the step; rebuild the network with w' and b'"),
        (cost_after(-by_hand.ETA), "the cost went up: the step is w − η∇, against the gradient"),
        (cost_after(1.0), f"that is a step with η = 1; the table's η is {by_hand.ETA:g}"),
        (cost_after(by_hand.ETA, (3,)), "only layer 3 was updated; w^2 and b^2 move too"),
        (cost_after(by_hand.ETA, (2,)), "only layer 2 was updated; w^3 and b^3 move too")],
        "set net.w[l] and net.b[l] to the table's w' and b' (in a copy), then take .cost of "
        "net.example(x, y) again", "the new cost C, one finite number", rtol=2e-3, atol=1e-6)
