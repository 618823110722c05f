"""What backprop keeps in memory, and checkpointing.  Used by chapter 17.

Backprop's backward pass reads z^l (BP2's σ′(z^l)) and a^{l−1} (BP4's
δ^l (a^{l−1})^T) for every layer, so the plain algorithm keeps all of them from
the forward pass: z^l for l = 2..L and a^l for l = 1..L, 2L − 1 arrays of
n_l × m numbers for a batch of m examples.  A forward pass alone holds a^{l−1}
only while it makes z^l and a^l: three arrays, two layers, at any depth.

Checkpointing with a segment length k keeps z^l and a^l only at the checkpoint
layers l = 1, 1 + k, 1 + 2k, … (and at L, where the backward pass starts), drops
the others in the forward pass, and when the backward pass (BP1–BP4, l = L down
to 2) needs an a^{l−1} it dropped, it recomputes the segment from the
checkpoint below it.  The arithmetic is the algorithm's own, in the same
order, so the gradients equal the plain ones to every digit.

The counts are of the arrays z^l and a^l held at once (δ^l and the gradients
are left out: every method has them), and of layer evaluations
z^l = w^l a^{l−1} + b^l, a^l = σ(z^l).
"""
import tracemalloc

import numpy as np

from . import checks
from .network import Network


def plain_arrays(L):
    """The arrays a plain backward pass keeps: z^2..z^L and a^1..a^L, 2L − 1."""
    return 2 * checks.count(L, "L") - 1


def forward_only(net, x):
    """a^L from a forward pass that keeps only the current layer; returns (a^L, peak arrays)."""
    w, b, sigma = net.w, net.b, net.sigma_of
    t = Tally()
    t.hold(1, None, x)
    for l in range(2, net.L + 1):
        z = w[l] @ t.a[l - 1] + b[l]
        t.hold(l, z, sigma[l].fn(z))     # a^{l−1}, z^l and a^l are held here
        t.drop(l - 1)                    # then a^{l−1} and z^l go
        t.z.pop(l)
    return t.a[net.L], t.peak


class Tally:
    """The arrays z^l, a^l held (and their peak number and bytes), and layer evaluations."""

    def __init__(self):
        self.z, self.a = {}, {}
        self.peak = self.peak_bytes = self.evaluations = 0

    def hold(self, l, z, a):
        if z is not None:
            self.z[l] = z
        self.a[l] = a
        held = [*self.z.values(), *self.a.values()]
        self.peak = max(self.peak, len(held))
        self.peak_bytes = max(self.peak_bytes, sum(v.nbytes for v in held))

    def drop(self, l):
        self.z.pop(l, None)
        self.a.pop(l, None)


def checkpoints(L, k):
    """The layers whose z^l and a^l the forward pass keeps: 1, 1 + k, 1 + 2k, … and L."""
    return sorted(set(range(1, L + 1, k)) | {L})


def checkpointed_backprop(net, x, y, k):
    """∂C/∂b^l and ∂C/∂w^l (dicts keyed by l) with checkpoints every k layers, and the Tally.

    Forward: every layer is evaluated once; only the checkpoint layers are kept.
    Backward, l = L down to 2: if a^{l−1} was dropped, recompute z^j, a^j for the
    layers between the checkpoint below and l − 1; then BP1 (l = L) or BP2, BP3
    and BP4; then layer l is no longer needed and is dropped.
    """
    w, b, sigma, C, L = net.w, net.b, net.sigma_of, net.cost_function, net.L
    m = y.shape[1]
    kept = set(checkpoints(L, k))
    t = Tally()
    t.hold(1, None, x)
    a = x
    for l in range(2, L + 1):                                            # forward pass
        z = w[l] @ a + b[l]
        a = sigma[l].fn(z)
        t.evaluations += 1
        if l in kept:
            t.hold(l, z, a)
    delta, nabla_b, nabla_w = {}, {}, {}
    for l in range(L, 1, -1):
        if l - 1 not in t.a:                                             # recompute a segment
            c = max(j for j in t.a if j < l - 1)
            for j in range(c + 1, l):
                z = w[j] @ t.a[j - 1] + b[j]
                t.hold(j, z, sigma[j].fn(z))
                t.evaluations += 1
        if l == L:
            delta[l] = C.delta(t.z[L], t.a[L], y, sigma[L])              # BP1
        else:
            delta[l] = (w[l + 1].T @ delta.pop(l + 1)) * sigma[l].prime(t.z[l])   # BP2
        nabla_b[l] = delta[l].sum(axis=1, keepdims=True) / m             # BP3
        nabla_w[l] = delta[l] @ t.a[l - 1].T / m                         # BP4
        t.drop(l)
    return nabla_b, nabla_w, t


def peak_arrays(L, k):
    """The peak number of arrays z^l, a^l that checkpointing every k layers holds (counted
    on a network of one neuron per layer, which holds the same number as any other)."""
    L, k = checks.count(L, "L"), checks.count(k, "k")
    net = Network([1] * L, seed=0)
    return checkpointed_backprop(net, np.zeros((1, 1)), np.zeros((1, 1)), k)[2].peak


def extra_evaluations(L, k):
    """Layer evaluations beyond the forward pass's L − 1: the layers recomputed once each."""
    L, k = checks.count(L, "L"), checks.count(k, "k")
    return L - len(checkpoints(L, k))


def best_k(L):
    """The segment length k in 1..L with the fewest arrays held at the peak (the smallest such k)."""
    peaks = {k: peak_arrays(L, k) for k in range(1, L + 1)}
    return min(peaks, key=lambda k: (peaks[k], k))


def traced_peak(fn, *args):
    """(fn(*args), the peak bytes Python allocated while it ran), measured with tracemalloc."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = fn(*args)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return result, peak
