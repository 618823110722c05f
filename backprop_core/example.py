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

``Network.backprop``, ``backprop_batch``, ``deltas``, ``cost`` and ``SGD`` all
run on this class, and so do the demon (chapter 6), the proofs (chapter 4),
the paths (chapter 9) and the live figures.
"""
import numpy as np

from . import checks
from .layers import Layers


class Example:
    """The network ``net`` on the examples in the columns of X (targets Y).

    Made by ``net.example(x, y)``, which checks its inputs; the constructor
    itself does not check (it is the engine's hot path).
    """

    def __init__(self, net, X, Y, _parameters=None, _z=None, _a=None, _given_a=None):
        self.net = net
        self.y = Y
        self._w, self._b = _parameters or (list(net.weights), list(net.biases))
        if _z is None:
            _z, _a = _feed(net, self._w, self._b, [], [X])
        self._z, self._a = _z, _a
        self._delta = self._nabla = self._costs = self._dC_da = None
        self._given_a = _given_a        # the layer whose a was replaced by forward_from(a=...)

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
        return Layers(self._deltas(), 2, "δ^l")

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
        return Layers(self._gradient()[0], 2, "∂C/∂b^l")

    @property
    def nabla_w(self):
        """∂C/∂w^l = δ^l (a^{l−1})^T (BP4), l = 2..L (the mean over columns)."""
        return Layers(self._gradient()[1], 2, "∂C/∂w^l")

    @property
    def dC_da(self):
        """∂C/∂a^l for l = 1..L: ∇_a C for l = L, (w^{l+1})^T δ^{l+1} for l < L."""
        if self._dC_da is None:
            out = [w.T @ d for w, d in zip(self._w, self._deltas())]
            out.append(self.net.cost_function.derivative(self._a[-1], self.y))
            self._dC_da = out
        return Layers(self._dC_da, 1, "∂C/∂a^l")

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

        zs = [keep(self.z[k]) for k in range(2, l)]
        acts = [keep(self.a[k]) for k in range(1, l)]
        if a is None:
            zs.append(given)
            acts.append(net.sigma(l).fn(given))
        else:
            if l >= 2:
                zs.append(keep(self.z[l]))
            acts.append(given)
        zs, acts = _feed(net, self._w, self._b, zs, acts)
        return Example(net, acts[0], keep(self.y), _parameters=(self._w, self._b), _z=zs,
                       _a=acts, _given_a=None if a is None else l)

    def __repr__(self):
        return f"<{self.net!r} on {self.m} example column(s), C = {self.cost:.6g}>"


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
