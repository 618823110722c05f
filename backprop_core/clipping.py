"""Gradient clipping by norm: keep the gradient's direction, cap its length.  Used by chapter 14.

The gradient of a step is every ∂C/∂w^l and ∂C/∂b^l together, one long vector g
with the length ‖g‖ = (Σ_l ‖∂C/∂w^l‖² + ‖∂C/∂b^l‖²)^{1/2}.  Clipping at c replaces it by

    g → g · min(1, c / ‖g‖)

so a gradient no longer than c is left as it is, and a longer one keeps its
direction with its length cut to c: the step η g̃ is then never longer than η c.
The gradient itself is the engine's (``algorithm.feedforward`` and
``algorithm.backprop``); only the step is changed.  ``Network.SGD`` and
``Network.update_mini_batch`` take ``clip=c`` and run :func:`clipped_epoch`
through the one divergence routine; without ``clip`` they are unchanged.
"""
import numpy as np

from . import algorithm


def gradient_norm(nabla_b, nabla_w):
    """‖g‖: the length of all the ∂C/∂b^l and ∂C/∂w^l together (dicts or Layers keyed by
    l), computed as m ‖g/m‖ with m the largest |entry|, so that it does not overflow."""
    g = np.concatenate([np.ravel(v) for part in (nabla_b, nabla_w) for v in _values(part)])
    m = float(np.max(np.abs(g))) if g.size else 0.0
    if m == 0.0 or not np.isfinite(m):
        return m
    return m * float(np.linalg.norm(g / m))


def clip_by_norm(nabla_b, nabla_w, c):
    """The gradient scaled by min(1, c/‖g‖): the same direction, length at most c.

    Returns new dicts {l: array}; the arguments are not changed."""
    norm = gradient_norm(nabla_b, nabla_w)
    factor = 1.0 if norm <= c else c / norm
    return ({l: factor * nabla_b[l] for l in _keys(nabla_b)},
            {l: factor * nabla_w[l] for l in _keys(nabla_w)})


def clipped_epoch(net, batches, eta, c):
    """``algorithm.sgd_epoch`` with each step's gradient clipped at ``c``:
    w^l → w^l − η g̃_w^l, b^l → b^l − η g̃_b^l, g̃ = clip_by_norm(g, c)."""
    for x, y in batches:
        z, a = algorithm.feedforward(net, x)
        _, nabla_b, nabla_w = algorithm.backprop(net, z, a, y)
        nabla_b, nabla_w = clip_by_norm(nabla_b, nabla_w, c)
        for l in range(2, net.L + 1):
            net.w[l] = net.w[l] - eta * nabla_w[l]
            net.b[l] = net.b[l] - eta * nabla_b[l]


def steps(c):
    """The steps function ``divergence.descend`` runs: plain SGD for c None, else clipped."""
    if c is None:
        return algorithm.sgd_epoch
    return lambda net, batches, eta: clipped_epoch(net, batches, eta, c)


def _keys(part):
    return list(part.layers) if hasattr(part, "layers") else list(part)


def _values(part):
    return [part[l] for l in _keys(part)]
