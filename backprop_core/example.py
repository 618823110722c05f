"""One network on one training example, computed once: the book's engine.

``ex = net.example(x, y)`` runs the forward pass once and keeps every quantity
the chapters talk about, indexed by the book's layer numbers:

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

``ex.forward_from(l, z=...)`` (or ``a=...``) is the demon's experiment: the same
example with z^l (or a^l) replaced and every later layer recomputed, layers
before l untouched.  Its columns may be many variants of the one example, e.g.
one per nudge Δz, all in one matrix pass.

An example is a snapshot: it keeps the list of parameter arrays the network had
when it was made.  Change the network, make a new example.

Overflow.  An example made by ``net.example`` (or ``net.forward_pass``) is
computed with numpy's overflow warnings off and then checked: if some z^l,
C_x, δ^l, ∂C/∂b^l, ∂C/∂w^l or ∂C/∂a^l is not a finite float (huge weights,
e.g. a ReLU or linear network with |w| ~ 1e200, whose activations pass
1.8e308), a ValueError names the quantity and the first layer where it
overflowed.  Otherwise the numbers are exactly the ones the formulas give, and
no RuntimeWarning is emitted.  (Training makes unchecked examples and checks
each step's result instead, see :mod:`backprop_core.network`.)

``Network.backprop``, ``backprop_batch``, ``deltas``, ``cost`` and ``SGD`` all
run on this class, and so do the demon (chapter 6), the proofs (chapter 4),
the paths (chapter 9) and the live figures.
"""
import contextlib

import numpy as np

from . import checks
from .layers import Layers


class Example:
    """The network ``net`` on the examples in the columns of X (targets Y).

    Made by ``net.example(x, y)``, which checks its inputs; the constructor
    itself does not check (it is the engine's hot path).
    """

    def __init__(self, net, X, Y, _parameters=None, _z=None, _a=None, _given_a=None,
                 _strict=False):
        self.net = net
        self._strict = _strict          # see checked()
        self._checked = set() if _strict else None
        self.y = Y
        self._w, self._b = _parameters or (list(net.weights), list(net.biases))
        if _z is None:
            _z, _a = _feed(net, self._w, self._b, [], [X])
        self._z, self._a = _z, _a
        self._delta = self._nabla = self._costs = self._dC_da = None
        self._given_a = _given_a        # the layer whose a was replaced by forward_from(a=...)

    @classmethod
    def checked(cls, net, X, Y):
        """The example, computed with overflow warnings off and every z^l and C_x
        checked finite at once (δ^l, ∇C and ∂C/∂a when they are computed): what
        ``net.example`` makes."""
        with _quiet():
            ex = cls(net, X, Y, _strict=True)
        _require_finite(ex, ex._z, 2, "the weighted input z^l")
        if Y is not None:
            ex.costs                    # noqa: B018 - computed and checked now
        return ex

    #: what a checked example checks when it is computed: (attribute, first layer, name)
    _CHECKS = (("_delta", 2, "the error δ^l"), ("_costs", None, "the cost C_x"),
               ("_dC_da", 1, "∂C/∂a^l"), ("_nabla", 2, "the gradient ∂C/∂b^l"),
               ("_nabla", 2, "the gradient ∂C/∂w^l"))

    def _computed(self, compute, cached):
        """``compute()``; for a checked example, with overflow warnings off and every
        quantity it filled in checked to be finite (unless ``cached``, the attribute it
        fills, is already there).  A quantity that is not finite is not kept."""
        if not self._strict or getattr(self, cached) is not None:
            return compute()
        with _quiet():
            out = compute()
        filled = {name for name, _, _ in self._CHECKS
                  if name not in self._checked and getattr(self, name) is not None}
        try:
            for i, (name, first, what) in enumerate(self._CHECKS):
                if name in filled:
                    value = self._nabla[i - 3] if name == "_nabla" else getattr(self, name)
                    _require_finite(self, value, first, what)
        except ValueError:
            for name in filled:
                setattr(self, name, None)
            raise
        self._checked.update(filled)
        return out

    # ----- the forward pass -------------------------------------------------
    @property
    def x(self):
        """The input a^1 = x."""
        return self._a[0]

    @property
    def m(self):
        """The number of columns (examples, or variants of one example)."""
        return self._a[0].shape[1]

    @property
    def L(self):
        return self.net.num_layers

    @property
    def w(self):
        """w^l for l = 2..L as they were when this example was made: ``ex.w[l]``."""
        return Layers(self._w, 2, "w^l")

    @property
    def b(self):
        """b^l for l = 2..L as they were when this example was made."""
        return Layers(self._b, 2, "b^l")

    @property
    def z(self):
        """z^l for l = 2..L: ``ex.z[l]``."""
        return Layers(self._z, 2, "z^l")

    @property
    def a(self):
        """a^l for l = 1..L: ``ex.a[l]``, with ``ex.a[1]`` the input x."""
        return Layers(self._a, 1, "a^l")

    @property
    def costs(self):
        """C_x for every column, shape (m,)."""
        return self._computed(self._cost_values, "_costs")

    def _cost_values(self):
        if self._costs is None:
            net = self.net
            if self._given_a == self.L:      # a^L itself was given: C(a^L, y)
                self._costs = net.cost_function.fn(self._a[-1], self.y)
            else:                            # from z^L, exact where a^L rounds to 0 or 1
                self._costs = net.cost_function.fn_of_z(self._z[-1], self.y,
                                                        net.output_activation)
        return self._costs

    @property
    def cost(self):
        """C_x for one example; the mean (1/m) Σ_x C_x for m columns."""
        return float(np.mean(self.costs))

    # ----- the backward pass ------------------------------------------------
    def _deltas(self):
        if self._delta is None:
            net, L = self.net, self.L
            z, a, w = self.z, self.a, self.w
            delta = net.cost_function.delta(z[L], a[L], self.y, net.output_activation)   # BP1
            deltas = [delta]
            for l in range(L - 1, 1, -1):                                                # BP2
                delta = net.activation.backward(z[l], w[l + 1].T @ delta, a[l])
                deltas.append(delta)
            deltas.reverse()
            self._delta = deltas
        return self._delta

    @property
    def delta(self):
        """δ^l = ∂C_x/∂z^l for l = 2..L, one column per example: ``ex.delta[l]``."""
        return Layers(self._computed(self._deltas, "_delta"), 2, "δ^l")

    def _gradient(self):
        if self._nabla is None:
            deltas, m = self._deltas(), self.m
            nabla_b = [d.sum(axis=1, keepdims=True) / m for d in deltas]         # BP3
            nabla_w = [d @ a_in.T / m for d, a_in in zip(deltas, self._a)]       # BP4
            self._nabla = nabla_b, nabla_w
        return self._nabla

    @property
    def nabla_b(self):
        """∂C/∂b^l = δ^l (BP3), l = 2..L (the mean over columns)."""
        return Layers(self._computed(self._gradient, "_nabla")[0], 2, "∂C/∂b^l")

    @property
    def nabla_w(self):
        """∂C/∂w^l = δ^l (a^{l−1})^T (BP4), l = 2..L (the mean over columns)."""
        return Layers(self._computed(self._gradient, "_nabla")[1], 2, "∂C/∂w^l")

    @property
    def dC_da(self):
        """∂C/∂a^l for l = 1..L: ∇_a C for l = L, (w^{l+1})^T δ^{l+1} for l < L."""
        return Layers(self._computed(self._dC_da_values, "_dC_da"), 1, "∂C/∂a^l")

    def _dC_da_values(self):
        if self._dC_da is None:
            out = [w.T @ d for w, d in zip(self._w, self._deltas())]
            out.append(self.net.cost_function.derivative(self._a[-1], self.y))
            self._dC_da = out
        return self._dC_da

    # ----- the demon's experiment ---------------------------------------------
    def forward_from(self, l, z=None, a=None):
        """This example with z^l (or a^l) replaced, every later layer recomputed.

        Give exactly one of ``z`` (shape (n_l, m′)) or ``a`` (the same shape).
        Layers before l are kept; when this example has one column and the
        replacement has m′, they are repeated, so column i is the i-th variant.
        After ``a=...``, z^l is the old value and only layers after l are new.
        """
        net = self.net
        if (z is None) == (a is None):
            raise ValueError("forward_from takes exactly one of z=... or a=...")
        if a is None:
            l = checks.layer(l, net.num_layers)
        else:
            l = checks.layer_number(l, net.num_layers)
        given = np.asarray(z if a is None else a, dtype=float)
        n_l = net.n[l]
        if given.ndim != 2 or given.shape[0] != n_l or (self.m != 1 and given.shape[1] != self.m):
            raise ValueError(f"the new {'z' if a is None else 'a'}^{l} has shape {given.shape}; "
                             f"expected ({n_l}, {self.m if self.m != 1 else 'm'})")
        m = given.shape[1]

        def keep(v):
            return np.repeat(v, m, axis=1) if v.shape[1] != m else v

        if self._strict and not np.all(np.isfinite(given)):
            raise ValueError(f"the new {'z' if a is None else 'a'}^{l} contains NaN or "
                             "infinity; expected finite numbers")
        zs = [keep(self.z[k]) for k in range(2, l)]
        acts = [keep(self.a[k]) for k in range(1, l)]
        with _quiet(self._strict):
            if a is None:
                zs.append(given)
                acts.append(net.sigma(l).fn(given))
            else:
                if l >= 2:
                    zs.append(keep(self.z[l]))
                acts.append(given)
            zs, acts = _feed(net, self._w, self._b, zs, acts)
        if self._strict:
            _require_finite(self, zs, 2, "the weighted input z^l")
        return Example(net, acts[0], keep(self.y), _parameters=(self._w, self._b), _z=zs,
                       _a=acts, _given_a=None if a is None else l, _strict=self._strict)

    def __repr__(self):
        return f"<{self.net!r} on {self.m} example column(s), C = {self.cost:.6g}>"


def _quiet(on=True):
    """numpy's overflow/NaN warnings off (the results are checked instead), if ``on``."""
    if on:
        return np.errstate(over="ignore", invalid="ignore", divide="ignore")
    return contextlib.nullcontext()


def _require_finite(ex, arrays, first, what):
    """A ValueError naming ``what`` at the first layer (first, first + 1, ...; None: no
    layer) whose array is not finite."""
    arrays = [arrays] if first is None else arrays
    for l, v in enumerate(arrays, first or 0):
        if not np.all(np.isfinite(v)):
            name = what if first is None else what.replace("^l", f"^{l}")
            sizes = ", ".join(f"largest |w^{k}_jk| = {float(np.max(np.abs(w))):.3g}"
                              for k, w in enumerate(ex._w, 2))
            data = ", ".join(f"largest |{n}| = {float(np.max(np.abs(v))):.3g}"
                             for n, v in (("x", ex._a[0]), ("y", ex.y)) if v is not None)
            raise ValueError(
                f"{name} overflowed: it is beyond the largest float (1.8e308), so it "
                f"cannot be computed{'' if first is None else ', nor anything after it'}. "
                f"The weights or the example are too large ({sizes}; {data}); use smaller "
                "ones (a network trained by SGD stops before its weights get there)")


def _feed(net, weights, biases, zs, acts):
    """The forward pass from the last layer in ``acts`` on: append z^l = w^l a^{l−1} + b^l
    and a^l = σ(z^l) for every later layer (the output layer's own σ at l = L).

    ``acts`` holds a^1, ..., a^k and ``zs`` z^2, ..., z^k (plain lists, the
    engine's storage); returns them filled up to layer L."""
    w, b = Layers(weights, 2, "w^l"), Layers(biases, 2, "b^l")
    L, sigma = net.num_layers, net.activation
    for l in range(len(acts) + 1, L + 1):
        zs.append(w[l] @ acts[-1] + b[l])
        acts.append((net.output_activation if l == L else sigma).fn(zs[-1]))
    return zs, acts


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
