"""One network on one training example, computed once.

``ex = net.example(x, y)`` runs the algorithm (:mod:`backprop_core.algorithm`)
once and keeps every quantity the chapters talk about, indexed by the book's
layer numbers:

    ex.w[l], ex.b[l]   the parameters it was computed with     l = 2..L
    ex.z[l]        z^l = w^l a^{l−1} + b^l                 l = 2..L
    ex.a[l]        a^l = σ(z^l), with a^1 = x               l = 1..L
    ex.cost        C_x
    ex.delta[l]    δ^L = ∇_a C ⊙ σ′(z^L)            (BP1)
                   δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)    (BP2)
    ex.nabla_b[l]  ∂C/∂b^l = δ^l                     (BP3)
    ex.nabla_w[l]  ∂C/∂w^l = δ^l (a^{l−1})^T         (BP4)
    ex.dC_da[l]    ∂C/∂a^l: ∇_a C at l = L, (w^{l+1})^T δ^{l+1} below

The backward quantities are computed the first time they are asked for, then
kept.  Every column of x is one example; with m columns, ``cost``,
``nabla_b`` and ``nabla_w`` are the means over them (C = (1/m) Σ_x C_x), and
``costs`` holds the m values C_x.

This is the guard around the algorithm for one example: it runs with numpy's
overflow warnings off and checks what it computed.  If z^l, C_x, δ^l, ∂C/∂b^l,
∂C/∂w^l or ∂C/∂a^l is not a finite float (huge weights, e.g. a ReLU or linear
network with |w| ~ 1e200, whose activations pass 1.8e308), a ValueError names
the quantity and the first layer where it overflowed.  Otherwise the numbers
are exactly the ones the algorithm gives, and no RuntimeWarning is emitted.

``Network.backprop``, ``backprop_batch``, ``deltas`` and ``cost`` run on this
class, and so do the demon (chapter 6), the proofs (chapter 4), the paths
(chapter 9), the stepper (chapters 7 and 11), the by-hand table (chapter 12)
and the live figures.
"""
import copy

import numpy as np

from . import algorithm, checks
from .divergence import quiet
from .layers import Layers


class Example:
    """The network ``net`` on the examples in the columns of X (targets Y, or None).

    Made by ``net.example(x, y)``, which checks x and y; the example keeps a
    snapshot of the parameters, so later training does not change it.
    """

    def __init__(self, net, X, Y):
        self.net, self.y = net, Y
        self.w = Layers(list(net.weights), 2, "w^l")
        self.b = Layers(list(net.biases), 2, "b^l")
        self.given = None               # the layer whose a^l forward_from(a=...) replaced
        self.run({}, {1: X})

    # what the algorithm reads besides w and b
    L = property(lambda self: self.net.num_layers, doc="The number of layers L.")
    sigma_of = property(lambda self: self.net.sigma_of, doc="σ of each layer l = 2..L.")
    cost_function = property(lambda self: self.net.cost_function, doc="The cost C.")
    skips = property(lambda self: getattr(self.net, "skips", frozenset()),
                     doc="The layers l with a skip connection z^l = z^{l−1} + ... (chapter 14).")

    def run(self, z, a):
        """The forward pass on from the layers the dicts ``z`` and ``a`` hold, checked;
        C_x too if there is a target.  Forgets whatever was computed before."""
        with quiet():
            z, a = algorithm.feed(self, z, a)
        self.z, self.a = Layers.of(z, "z^l"), Layers.of(a, "a^l")
        self.finite(self.z, "the weighted input z^l")
        self.computed, self.checked = {}, set()
        if self.y is not None:
            self.costs                  # noqa: B018 - computed and checked now

    def finite(self, value, what):
        """``value`` (an array, or a Layers of them), or a ValueError naming ``what`` at the
        first layer where it is not finite, and the sizes that made it overflow."""
        for l, v in (value.items() if isinstance(value, Layers) else [(None, value)]):
            if not np.all(np.isfinite(v)):
                name = what if l is None else what.replace("^l", f"^{l}")
                sizes = ", ".join(f"largest |w^{k}_jk| = {float(np.max(np.abs(w))):.3g}"
                                  for k, w in self.w.items())
                data = ", ".join(f"largest |{n}| = {float(np.max(np.abs(d))):.3g}"
                                 for n, d in (("x", self.x), ("y", self.y)) if d is not None)
                raise ValueError(
                    f"{name} overflowed: it is beyond the largest float (1.8e308), so it "
                    f"cannot be computed{'' if l is None else ', nor anything after it'}. "
                    f"The weights or the example are too large ({sizes}; {data}); use "
                    "smaller ones (a network trained by SGD stops before its weights get there)")
        return value

    def once(self, name, compute, what, part=None):
        """``compute()``, run once with warnings off and kept as ``name`` (or its item
        ``part``), checked finite (named ``what``) the first time it is asked for."""
        if name not in self.computed:
            with quiet():
                self.computed[name] = compute()
        value = self.computed[name] if part is None else self.computed[name][part]
        if what not in self.checked:
            self.finite(value, what)
            self.checked.add(what)
        return value

    # ----- the forward pass -------------------------------------------------
    @property
    def x(self):
        """The input a^1 = x."""
        return self.a[1]

    @property
    def m(self):
        """The number of columns (examples, or variants of one example)."""
        return self.x.shape[1]

    @property
    def costs(self):
        """C_x for every column, shape (m,)."""
        C, L = self.cost_function, self.L
        if self.given == L:                 # a^L itself was given: C(a^L, y)
            return self.once("costs", lambda: C.fn(self.a[L], self.y), "the cost C_x")
        return self.once("costs", lambda: C.fn_of_z(self.z[L], self.y, self.sigma_of[L]),
                         "the cost C_x")    # from z^L, exact where a^L rounds to 0 or 1

    @property
    def cost(self):
        """C_x for one example; the mean (1/m) Σ_x C_x for m columns."""
        return float(np.mean(self.costs))

    # ----- the backward pass ------------------------------------------------
    def backward(self, part, what):
        """Part ``part`` of (δ, ∂C/∂b, ∂C/∂w), from the algorithm's backprop, computed once."""
        def compute():
            found = algorithm.backprop(self, self.z, self.a, self.y)
            return [Layers.of(d, s) for d, s in zip(found, ("δ^l", "∂C/∂b^l", "∂C/∂w^l"))]
        return self.once("backward", compute, what, part)

    @property
    def delta(self):
        """δ^l = ∂C_x/∂z^l for l = 2..L, one column per example: ``ex.delta[l]``."""
        return self.backward(0, "the error δ^l")

    @property
    def nabla_b(self):
        """∂C/∂b^l = δ^l (BP3), l = 2..L (the mean over columns)."""
        return self.backward(1, "the gradient ∂C/∂b^l")

    @property
    def nabla_w(self):
        """∂C/∂w^l = δ^l (a^{l−1})^T (BP4), l = 2..L (the mean over columns)."""
        return self.backward(2, "the gradient ∂C/∂w^l")

    @property
    def dC_da(self):
        """∂C/∂a^l for l = 1..L: ∇_a C for l = L, (w^{l+1})^T δ^{l+1} for l < L."""
        delta, L = self.delta, self.L

        def compute():
            out = {l: self.w[l + 1].T @ delta[l + 1] for l in range(1, L)}
            out[L] = self.cost_function.derivative(self.a[L], self.y)
            return Layers.of(out, "∂C/∂a^l")
        return self.once("dC_da", compute, "∂C/∂a^l")

    # ----- the demon's experiment ---------------------------------------------
    def forward_from(self, l, z=None, a=None):
        """This example with z^l (or a^l) replaced, every later layer recomputed.

        Give exactly one of ``z`` (shape (n_l, m′)) or ``a`` (the same shape), real
        finite numbers.  Layers before l are kept; when this example has one column
        and the replacement has m′, they are repeated, so column i is the i-th
        variant.  After ``a=...``, z^l is the old value and only layers after l are new.
        """
        if (z is None) == (a is None):
            raise ValueError("forward_from takes exactly one of z=... or a=...")
        L = self.L
        l = checks.layer(l, L) if a is None else checks.layer_number(l, L)
        what = f"the new {'z' if a is None else 'a'}^{l}"
        given = checks.real_array(z if a is None else a, what)
        n_l = self.net.n[l]
        if (given.ndim != 2 or given.shape[0] != n_l or given.shape[1] == 0
                or (self.m != 1 and given.shape[1] != self.m)):
            raise ValueError(f"{what} has shape {given.shape}; "
                             f"expected ({n_l}, {self.m if self.m != 1 else 'm'})"
                             + (" with m ≥ 1 columns" if self.m == 1 else ""))
        m = given.shape[1]

        def keep(v):
            return np.repeat(v, m, axis=1) if v.shape[1] != m else v

        zs = {k: keep(self.z[k]) for k in range(2, l)}
        acts = {k: keep(self.a[k]) for k in range(1, l)}
        if a is None:
            zs[l] = given
            with quiet():
                acts[l] = self.sigma_of[l].fn(given)
        else:
            if l >= 2:
                zs[l] = keep(self.z[l])
            acts[l] = given
        other = copy.copy(self)
        other.y, other.given = keep(self.y), (None if a is None else l)
        other.run(zs, acts)
        return other

    def __repr__(self):
        return f"<{self.net!r} on {self.m} example column(s), C = {self.cost:.6g}>"


def check_example(ex, purpose, one=True):
    """Check ``ex`` is ``net.example(x, y)`` (of one column when ``one``); return it.

    ``purpose`` names what needs it, e.g. "the demon" or "check_hidden_delta".  The
    one check that a value is an Example: here, beside the class, so that ``checks``
    (which this module uses) need not import it.
    """
    if not isinstance(ex, Example):
        raise TypeError(f"{purpose} expected net.example(x, y), got {type(ex).__name__}")
    if one and ex.m != 1:
        raise ValueError(f"{purpose} takes one example: x must have shape "
                         f"({ex.net.n[1]}, 1), got {ex.m} columns")
    return ex
