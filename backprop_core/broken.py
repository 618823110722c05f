"""Six broken backprops, each with one bug, for chapter 13 (debugging backprop).

Each is a short function ``backprop(net, x, y) -> (nabla_b, nabla_w)`` of the
kind a reader writes: the forward pass comes from the engine
(``ex = net.example(x, y)`` gives z^l and a^l), the backward pass is written
out by hand, for a sigmoid network with the quadratic cost, averaged over the
m columns of x:

    δ^L = (a^L − y) ⊙ σ′(z^L)                          (BP1)
    δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)              (BP2)
    ∂C/∂b^l = (1/m) Σ_x δ^{x,l}                        (BP3)
    ∂C/∂w^l = (1/m) Σ_x δ^{x,l} (a^{x,l−1})^T          (BP4)

:func:`correct` does exactly that; each other function breaks one step.  The
code carries no comment that gives its bug away (each docstring only says
"one of the suspects"): finding it is the chapter's exercise.  :data:`BUGS` names and describes them (the suspects), and
:data:`MYSTERIES` hides them behind letters for the diagnosis exercise.
"""
from dataclasses import dataclass

from .activations import sigmoid_prime
from .layers import Layers

#: The learning rate of the function that learns while it backpropagates.
ETA = 3.0


def empty_gradients(net):
    """Two Layers, l = 2..L, to be filled with ∂C/∂b^l and ∂C/∂w^l."""
    n = net.num_layers - 1
    return Layers([None] * n, 2, "∂C/∂b^l"), Layers([None] * n, 2, "∂C/∂w^l")


def correct(net, x, y):
    """BP1–BP4 done right (the template every broken version changes in one place)."""
    ex = net.example(x, y)
    L, m = ex.L, ex.m
    nabla_b, nabla_w = empty_gradients(net)
    delta = (ex.a[L] - ex.y) * sigmoid_prime(ex.z[L])
    for l in range(L, 1, -1):
        if l < L:
            delta = (net.w[l + 1].T @ delta) * sigmoid_prime(ex.z[l])
        nabla_b[l] = delta.sum(axis=1, keepdims=True) / m
        nabla_w[l] = delta @ ex.a[l - 1].T / m
    return nabla_b, nabla_w


def transposed(net, x, y):
    """One of the suspects (see BUGS)."""
    ex = net.example(x, y)
    L, m = ex.L, ex.m
    nabla_b, nabla_w = empty_gradients(net)
    delta = (ex.a[L] - ex.y) * sigmoid_prime(ex.z[L])
    for l in range(L, 1, -1):
        if l < L:
            delta = (net.w[l + 1].T @ delta) * sigmoid_prime(ex.z[l])
        nabla_b[l] = delta.sum(axis=1, keepdims=True) / m
        nabla_w[l] = ex.a[l - 1] @ delta.T / m
    return nabla_b, nabla_w


def missing_sigma_prime(net, x, y):
    """One of the suspects (see BUGS)."""
    ex = net.example(x, y)
    L, m = ex.L, ex.m
    nabla_b, nabla_w = empty_gradients(net)
    delta = (ex.a[L] - ex.y) * sigmoid_prime(ex.z[L])
    for l in range(L, 1, -1):
        if l < L:
            delta = net.w[l + 1].T @ delta
        nabla_b[l] = delta.sum(axis=1, keepdims=True) / m
        nabla_w[l] = delta @ ex.a[l - 1].T / m
    return nabla_b, nabla_w


def forgotten_mean(net, x, y):
    """One of the suspects (see BUGS)."""
    ex = net.example(x, y)
    L = ex.L
    nabla_b, nabla_w = empty_gradients(net)
    delta = (ex.a[L] - ex.y) * sigmoid_prime(ex.z[L])
    for l in range(L, 1, -1):
        if l < L:
            delta = (net.w[l + 1].T @ delta) * sigmoid_prime(ex.z[l])
        nabla_b[l] = delta.sum(axis=1, keepdims=True)
        nabla_w[l] = delta @ ex.a[l - 1].T
    return nabla_b, nabla_w


def wrong_sign(net, x, y):
    """One of the suspects (see BUGS)."""
    ex = net.example(x, y)
    L, m = ex.L, ex.m
    nabla_b, nabla_w = empty_gradients(net)
    delta = (ex.y - ex.a[L]) * sigmoid_prime(ex.z[L])
    for l in range(L, 1, -1):
        if l < L:
            delta = (net.w[l + 1].T @ delta) * sigmoid_prime(ex.z[l])
        nabla_b[l] = delta.sum(axis=1, keepdims=True) / m
        nabla_w[l] = delta @ ex.a[l - 1].T / m
    return nabla_b, nabla_w


def wrong_layer(net, x, y):
    """One of the suspects (see BUGS)."""
    ex = net.example(x, y)
    L, m = ex.L, ex.m
    nabla_b, nabla_w = empty_gradients(net)
    delta_L = (ex.a[L] - ex.y) * sigmoid_prime(ex.z[L])
    delta = delta_L
    for l in range(L, 1, -1):
        if l < L:
            delta = (net.w[l + 1].T @ delta_L) * sigmoid_prime(ex.z[l])
        nabla_b[l] = delta.sum(axis=1, keepdims=True) / m
        nabla_w[l] = delta @ ex.a[l - 1].T / m
    return nabla_b, nabla_w


def in_place(net, x, y):
    """One of the suspects (see BUGS)."""
    ex = net.example(x, y)
    L, m = ex.L, ex.m
    nabla_b, nabla_w = empty_gradients(net)
    delta = (ex.a[L] - ex.y) * sigmoid_prime(ex.z[L])
    for l in range(L, 1, -1):
        if l < L:
            delta = (net.w[l + 1].T @ delta) * sigmoid_prime(ex.z[l])
        nabla_b[l] = delta.sum(axis=1, keepdims=True) / m
        nabla_w[l] = delta @ ex.a[l - 1].T / m
        net.w[l] -= ETA * nabla_w[l]
        net.b[l] -= ETA * nabla_b[l]
    return nabla_b, nabla_w


@dataclass(frozen=True)
class Bug:
    """One suspect: its name, the function, the equation it breaks and what it does."""
    name: str
    function: object
    equation: str
    description: str


BUGS = {bug.name: bug for bug in (
    Bug("transposed", transposed, "BP4",
        "the outer product the wrong way round, a^{l−1} (δ^l)^T: the transpose of ∂C/∂w^l. "
        "A layer with n_l ≠ n_{l−1} gets a wrong shape; a square layer gets no error message, "
        "only wrong numbers (its diagonal stays right)"),
    Bug("missing_sigma_prime", missing_sigma_prime, "BP2",
        "δ^l = (w^{l+1})^T δ^{l+1} without ⊙ σ′(z^l): the output layer is right, every "
        "layer below it wrong"),
    Bug("forgotten_mean", forgotten_mean, "BP3, BP4",
        "sums over the m examples of the batch instead of averaging: every entry m times "
        "too large (and right on a single example, m = 1)"),
    Bug("wrong_sign", wrong_sign, "BP1",
        "δ^L = (y − a^L) ⊙ σ′(z^L): every entry has the wrong sign (gradient ascent)"),
    Bug("wrong_layer", wrong_layer, "BP2",
        "δ^l computed from δ^L instead of δ^{l+1}: right for l = L and L − 1, wrong below. "
        "It runs only where the layer sizes happen to fit; elsewhere it raises"),
    Bug("in_place", in_place, "BP2",
        f"updates w^l ← w^l − η ∂C/∂w^l (η = {ETA:g}) as soon as ∂C/∂w^l is known, so BP2 "
        "builds δ^{l−1} from the new w^l: the output layer is right, the layers below a "
        "little off, and the network is changed by the call"),
)}

#: The names a reader can give as a diagnosis.
NAMES = tuple(BUGS)

#: The diagnosis exercise: mystery letter → bug name.
MYSTERIES = {"A": "missing_sigma_prime", "B": "wrong_sign", "C": "transposed",
             "D": "in_place", "E": "forgotten_mean", "F": "wrong_layer"}


def mystery(letter):
    """The broken backprop behind a mystery letter "A".."F"."""
    if not isinstance(letter, str) or letter.strip().upper() not in MYSTERIES:
        raise ValueError(f"the mystery must be one of {list(MYSTERIES)}, got {letter!r}")
    return BUGS[MYSTERIES[letter.strip().upper()]].function
