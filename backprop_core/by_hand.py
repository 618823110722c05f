"""Backprop by hand: a fill-in table for a tiny network with friendly numbers.

The network is 2-2-2, sigmoid neurons, quadratic cost C_x = ½ Σ_j (a^3_j − y_j)²,
with the fixed parameters of :func:`friendly_network`, the example (x, y) of
:data:`X`, :data:`Y` and the learning rate η = :data:`ETA`.  The reader works
out, in the algorithm's order, one entry per number:

    z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j,  a^l_j = σ(z^l_j)     (the forward pass, l = 2, 3)
    C = ½ Σ_j (a^3_j − y_j)²                                      (the cost)
    δ^3_j = (a^3_j − y_j) σ′(z^3_j)                               (BP1)
    δ^2_j = (Σ_i w^3_ij δ^3_i) σ′(z^2_j) = ((w^3)^T δ^3)_j σ′(z^2_j)   (BP2)
    ∂C/∂b^l_j = δ^l_j                                             (BP3)
    ∂C/∂w^l_jk = a^{l−1}_k δ^l_j                                  (BP4)
    w'^l_jk = w^l_jk − η ∂C/∂w^l_jk,  b'^l_j = b^l_j − η ∂C/∂b^l_j   (one gradient-descent step)

Every entry's right value comes from the engine: ``ex = net.example(x, y)``
for the first six kinds (through ``steps.algorithm_steps``, which also gives
each derivation with the numbers put in), and ``net.update_mini_batch`` on a
copy of the network for the updated w' and b'.

A :class:`Table` judges each entry on its own.  A wrong entry is compared with
the values of the usual slips (σ instead of σ′, a missing transpose, y − a for
a − y, the wrong layer's activation, a forgotten σ′, ½, bias or η, ...), each
computed from the same inputs, and the hint names the equation and the slip.
An entry that is the right formula applied to the reader's own earlier (wrong)
entries is "right given your earlier value" of those.  The table returns what
it finds (verdicts, lines to say); the page's table that says them is
``exercises.ch12_backprop_by_hand.Table``.  Used by chapter 12 (backprop by
hand) and its live figure ``widgets/by_hand.py``.
"""
import copy
import math
import re
from dataclasses import dataclass

import numpy as np

from . import checks
from .example import check_example
from .network import Network
from .steps import Written, algorithm_steps, tex_factor, tex_number

#: the input x = a^1, the target y and the learning rate η of the table
X = (1.5, 0.8)
Y = (1.0, 0.0)
ETA = 3.0
#: the friendly parameters: w^l as rows j, columns k, and b^l
W = {2: ((-0.1, 0.7), (-0.8, 0.9)), 3: ((-0.7, -0.6), (0.2, 0.4))}
B = {2: (-0.2, -0.4), 3: (-0.9, 0.2)}

#: the classic worked example (Matt Mazur, "A Step by Step Backpropagation
#: Example"): its w1..w8 in the book's w^l_jk (w1 joins input 1 to hidden 1, so
#: w1 = w^2_00, w2 = w^2_01, w3 = w^2_10, w4 = w^2_11; w5..w8 likewise w^3), its
#: biases shared within a layer and held fixed, its x, y and η
CLASSIC_X = (0.05, 0.10)
CLASSIC_Y = (0.01, 0.99)
CLASSIC_ETA = 0.5
CLASSIC_W = {2: ((0.15, 0.20), (0.25, 0.30)), 3: ((0.40, 0.45), (0.50, 0.55))}
CLASSIC_B = {2: 0.35, 3: 0.60}

#: how close an entry must be to count as right: within 0.1 % (plus 5e-5), i.e.
#: about four significant figures; within 5 % an entry is called "close".  An
#: entry computed rightly from the reader's own earlier entries, each of them
#: right to that precision, is right too (their roundings add up).
RTOL, ATOL, NEAR = 1e-3, 5e-5, 5e-2

KINDS = ("z", "a", "cost", "delta", "nabla_b", "nabla_w", "w_new", "b_new")

#: the equation each kind of entry applies, as the hints name it
RULES = {
    "z": "the forward equation z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j",
    "a": "the forward equation a^l_j = σ(z^l_j), σ(z) = 1/(1 + e^{−z})",
    "cost": "the cost C = ½ Σ_j (a^3_j − y_j)²",
    "delta3": "BP1, δ^L_j = (a^L_j − y_j) σ′(z^L_j)",
    "delta2": "BP2, δ^l_j = ((w^{l+1})^T δ^{l+1})_j σ′(z^l_j)",
    "nabla_b": "BP3, ∂C/∂b^l_j = δ^l_j",
    "nabla_w": "BP4, ∂C/∂w^l_jk = a^{l−1}_k δ^l_j",
    "w_new": "the gradient-descent step w'^l_jk = w^l_jk − η ∂C/∂w^l_jk",
    "b_new": "the gradient-descent step b'^l_j = b^l_j − η ∂C/∂b^l_j",
}


def friendly_network():
    """The 2-2-2 sigmoid network with quadratic cost and the parameters W, B."""
    net = Network([2, 2, 2], activation="sigmoid", cost="quadratic", seed=0)
    for l in (2, 3):
        net.w[l] = np.array(W[l], dtype=float)
        net.b[l] = np.array(B[l], dtype=float).reshape(-1, 1)
    return net


def classic_network():
    """The classic worked example's 2-2-2 sigmoid network, quadratic cost: CLASSIC_W and
    the shared biases CLASSIC_B (which its table holds fixed)."""
    net = Network([2, 2, 2], activation="sigmoid", cost="quadratic", seed=0)
    for l in (2, 3):
        net.w[l] = np.array(CLASSIC_W[l], dtype=float)
        net.b[l] = np.full((2, 1), CLASSIC_B[l])
    return net


def classic_example():
    """``classic_network().example(x, y)`` on the classic example's x and y."""
    return classic_network().example(np.array(CLASSIC_X).reshape(-1, 1),
                                     np.array(CLASSIC_Y).reshape(-1, 1))


def friendly_example():
    """``friendly_network().example(x, y)`` on the table's example."""
    return friendly_network().example(np.array(X).reshape(-1, 1), np.array(Y).reshape(-1, 1))


def entry_name(kind, l=None, j=None, k=None):
    """The book's symbol for an entry, e.g. ``z^2_0``, ``δ^3_1``, ``∂C/∂w^3_01``, ``w'^2_10``."""
    if kind == "cost":
        return "C"
    head = {"z": "z", "a": "a", "delta": "δ", "nabla_b": "∂C/∂b", "nabla_w": "∂C/∂w",
            "w_new": "w'", "b_new": "b'"}[kind]
    return f"{head}^{l}_{j}" + ("" if k is None else f"{k}")


_ALIASES = [("′", "'"), ("’", "'"), ("delta", "δ"), ("Δ", "δ"), ("∂", "d"), ("nabla_", "dC/d"),
            ("∇_", "dC/d")]


def _key(name):
    """A typed name, normalised: no spaces, braces or commas; δ for delta, d for ∂."""
    text = re.sub(r"[\s{}(),]", "", name)
    for old, new in _ALIASES:
        text = text.replace(old, new)
    if text in ("C", "C_x", "cost", "Cx"):
        return "C"
    return text


@dataclass(frozen=True)
class Entry(Written):
    """One number of the table (``steps.Written``: where it is, its right ``value``
    from the engine, its ``equation``, the entries it ``reads``), with its ``name``
    and the ``rule`` a hint names.  For an updated w' (b') ``scale`` is the step
    w' − w it makes."""
    name: str
    rule: str
    scale: float = None     # what its four significant figures are of (default: the value)

    def close(self, number):
        """Whether ``number`` is this entry's value to four significant figures."""
        return checks.close(number, self.value, RTOL, ATOL, _scale(self))

    def near(self, number, target):
        """Whether ``number`` is ``target`` (e.g. a slip's value) to the same precision."""
        return checks.close(number, target, RTOL, ATOL, _scale(self))


@dataclass(frozen=True)
class Verdict:
    """What the table says about one entry: ``status`` is "right", "given" (right
    given earlier wrong entries), "revealed", "wrong", "empty" (not entered or
    ``...``) or "invalid" (not one real number); ``message`` says it in words."""
    name: str
    status: str
    value: object
    message: str

    @property
    def ok(self):
        """True for an entry that is right (or was revealed)."""
        return self.status in ("right", "revealed")

    def __str__(self):
        return self.message


class Derivation:
    """An entry's derivation, numbers substituted: shown as maths in a notebook."""

    def __init__(self, entry):
        self.entry = entry
        self.tex = entry.equation

    def _repr_latex_(self):               # JupyterLab and the static book typeset it
        return f"$${self.tex}$$"

    def __repr__(self):
        return self.tex


def _delta_tex(ex, l, j):
    """δ^l_j with every factor written out: BP1 at l = L, BP2 below, σ′ = a(1 − a)."""
    L, a, d = ex.L, ex.a[l][j, 0], ex.delta[l][j, 0]
    prime = rf"\sigma'(z^{{{l}}}_{{{j}}}) &= a^{{{l}}}_{{{j}}}(1 - a^{{{l}}}_{{{j}}}) = " \
            rf"{tex_factor(a)}\cdot{tex_factor(1 - a)} = {tex_number(a * (1 - a))}"
    if l == L:
        y = ex.y[j, 0]
        front = (rf"\delta^{{{l}}}_{{{j}}} &= (a^{{{l}}}_{{{j}}} - y_{{{j}}})\,\sigma'(z^{{{l}}}_{{{j}}})"
                 rf" = ({tex_number(a)} - {tex_number(y)})\cdot{tex_factor(a * (1 - a))}")
    else:
        n = ex.net.n[l + 1]
        terms = " + ".join(rf"{tex_factor(ex.w[l + 1][i, j])}\cdot"
                           rf"{tex_factor(ex.delta[l + 1][i, 0])}" for i in range(n))
        front = (rf"\delta^{{{l}}}_{{{j}}} &= \Big(\sum_i w^{{{l + 1}}}_{{i{j}}}\,"
                 rf"\delta^{{{l + 1}}}_i\Big)\,\sigma'(z^{{{l}}}_{{{j}}}) = ({terms})"
                 rf"\cdot{tex_factor(a * (1 - a))}")
    return rf"\begin{{aligned}}{front} = {tex_number(d)},\\ {prime}\end{{aligned}}"


def table_entries(ex=None, eta=ETA, fixed_biases=False):
    """The entries of the table in the algorithm's order, each with its right value.

    ``ex`` is ``net.example(x, y)`` of a sigmoid network with quadratic cost
    (default: :func:`friendly_example`); the last 2 × (#weights + #biases)
    entries are one gradient-descent step with learning rate ``eta``.  With
    ``fixed_biases`` the step leaves every b as it is: there are no b' entries,
    and the w' are the same (a weight's step w − η ∂C/∂w does not read b').
    """
    ex = friendly_example() if ex is None else ex
    net = ex.net
    if (net.activation.name, net.output_activation.name, net.cost_function.name) != (
            "sigmoid", "sigmoid", "quadratic"):
        raise ValueError("the by-hand table is for sigmoid networks with the quadratic cost, "
                         f"got {net!r}")
    if ex.m != 1:
        raise ValueError(f"the by-hand table takes one example, got {ex.m} columns")
    if max(net.sizes) > 10:
        raise ValueError(f"the by-hand table names entries by one-digit indices: layers of at "
                         f"most 10 neurons, got sizes {net.sizes}")
    L = ex.L
    out = []
    for step in algorithm_steps(ex):
        name = entry_name(step.kind, step.l, step.j, step.k)
        reads = tuple(entry_name(kind, l, j, k) for kind, l, j, k in step.reads
                      if not (kind == "a" and l == 1))
        if step.kind == "delta":
            rule = RULES["delta3" if step.l == L else "delta2"]
            if step.l == L:   # BP1 reads a^L_j and z^L_j only
                reads = (entry_name("a", L, step.j), entry_name("z", L, step.j))
        else:
            rule = RULES[step.kind]
        equation = _delta_tex(ex, step.l, step.j) if step.kind == "delta" else step.equation
        out.append(Entry(step.kind, step.l, step.j, step.k, step.value, equation, reads,
                         name=name, rule=rule))
    stepped = copy.deepcopy(net)                      # one step of the engine's own update
    stepped.update_mini_batch(ex.x, ex.y, eta)
    eta_tex = tex_factor(eta)
    for l in range(2, L + 1):
        for j in range(net.n[l]):
            for k in range(net.n[l - 1]):
                w, g, new = ex.w[l][j, k], ex.nabla_w[l][j, k], stepped.w[l][j, k]
                out.append(Entry(
                    "w_new", l, j, k, float(new),
                    f"w'^{{{l}}}_{{{j}{k}}} = w^{{{l}}}_{{{j}{k}}} - \\eta\\,\\partial C/\\partial "
                    f"w^{{{l}}}_{{{j}{k}}} = {tex_factor(w)} - {eta_tex}\\cdot{tex_factor(g)} = {tex_number(new)}",
                    (entry_name("nabla_w", l, j, k),), name=entry_name("w_new", l, j, k),
                    rule=RULES["w_new"], scale=float(new - w)))
        for j in range(0 if fixed_biases else net.n[l]):
            b, g, new = ex.b[l][j, 0], ex.nabla_b[l][j, 0], stepped.b[l][j, 0]
            out.append(Entry(
                "b_new", l, j, None, float(new),
                f"b'^{{{l}}}_{{{j}}} = b^{{{l}}}_{{{j}}} - \\eta\\,\\partial C/\\partial "
                f"b^{{{l}}}_{{{j}}} = {tex_factor(b)} - {eta_tex}\\cdot{tex_factor(g)} = {tex_number(new)}",
                (entry_name("nabla_b", l, j),), name=entry_name("b_new", l, j),
                rule=RULES["b_new"], scale=float(new - b)))
    return out


# ----- the formulas, applied to any values of the earlier entries ----------------

class _Formulas:
    """The formula of each entry and of its usual slips, on given values ``v(name)``
    of the earlier entries (the reader's own, or the right ones).  The givens x,
    y, w, b and η are the table's.  This is the book's equations written entry by
    entry, so that a reader's number can be recomputed from the reader's inputs;
    with the right inputs it gives the engine's values (tests/test_by_hand.py)."""

    def __init__(self, ex, eta):
        self.ex, self.eta = ex, eta
        self.n, self.L = ex.net.n, ex.L
        self.x = [float(v) for v in ex.x[:, 0]]
        self.y = [float(v) for v in ex.y[:, 0]]
        self.sigma = ex.net.activation          # the engine's σ and σ′

    def s(self, z):
        """σ(z) for one number, by the engine's sigmoid."""
        return float(self.sigma.fn(z))

    def p(self, z):
        """σ′(z) for one number, by the engine's sigmoid."""
        return float(self.sigma.prime(z))

    def w(self, l, j, k):
        return float(self.ex.w[l][j, k])

    def b(self, l, j):
        return float(self.ex.b[l][j, 0])

    def act(self, v, l, k):
        """a^l_k: x_k at l = 1, else the entry a^l_k."""
        return self.x[k] if l == 1 else v(entry_name("a", l, k))

    # Each returns (right-formula variants, [(slip value, slip description), ...]).
    def z(self, e, v):
        l, j, ks = e.l, e.j, range(self.n[e.l - 1])
        right = sum(self.w(l, j, k) * self.act(v, l - 1, k) for k in ks) + self.b(l, j)
        slips = [(right - self.b(l, j), "you left out the bias b^{l}_{j}"),
                 (right - 2 * self.b(l, j), "the bias is added, not subtracted: + b^{l}_{j}")]
        if self.n[l] == self.n[l - 1]:
            slips.append((sum(self.w(l, k, j) * self.act(v, l - 1, k) for k in ks) + self.b(l, j),
                          "you used column {j} of w^{l} (w^{l}_kj) instead of row {j} "
                          "(w^{l}_jk): a missing transpose; w^{l}_jk joins neuron k of layer "
                          "{lm} to neuron j of layer {l}"))
        if l > 2:
            slips.append((sum(self.w(l, j, k) * v(entry_name("z", l - 1, k)) for k in ks)
                          + self.b(l, j), "you used z^{lm} where the equation takes "
                          "a^{lm} = σ(z^{lm}): the previous layer's activations"))
            two_back = l - 2                                   # the layer before a^{l−1}
            if self.n[two_back] == self.n[l - 1]:
                slips.append((sum(self.w(l, j, k) * self.act(v, two_back, k) for k in ks)
                              + self.b(l, j), "you used the wrong layer's activation: "
                              "z^{l} takes a^{lm}, the layer just before, not a^{lmm}"))
        return [right], slips

    def a(self, e, v):
        z = v(entry_name("z", e.l, e.j))
        return [self.s(z)], [
            (self.p(z), "you computed σ′(z^{l}_{j}) = σ(1 − σ), the slope; a = σ(z) itself"),
            (z, "you forgot σ: the activation is a^{l}_{j} = σ(z^{l}_{j}), not z^{l}_{j}"),
            (self.s(-z), "a sign slip in the exponent: σ(z) = 1/(1 + e^{−z}), so a "
                         "positive z gives a > ½"),
            (math.tanh(z), "that is tanh(z); this network's neurons are sigmoid: "
                           "σ(z) = 1/(1 + e^{−z})")]

    def cost(self, e, v):
        L = self.L
        a = [v(entry_name("a", L, j)) for j in range(self.n[L])]
        sq = sum((aj - yj) * (aj - yj) for aj, yj in zip(a, self.y))
        slips = [(sq, "you forgot the ½ in front of the sum"),
                 (math.sqrt(sq), "that is the length ‖a^L − y‖; the cost is half its square"),
                 (0.5 * sum(aj - yj for aj, yj in zip(a, self.y)),
                  "you forgot to square the differences (a^L_j − y_j)"),
                 (0.5 * sum(abs(aj - yj) for aj, yj in zip(a, self.y)),
                  "you forgot to square the differences (a^L_j − y_j)")]
        if L > 2 and self.n[L - 1] == self.n[L]:
            slips.append((0.5 * sum(_square(v(entry_name("a", L - 1, j)) - yj)
                                    for j, yj in enumerate(self.y)),
                          "you used the wrong layer's activation: the cost takes the output "
                          f"a^{L}, not a^{L - 1}"))
        slips.append((0.5 * sum(_square(v(entry_name("z", L, j)) - yj)
                                for j, yj in enumerate(self.y)),
                      f"you used z^{L}; the cost takes the output a^{L} = σ(z^{L})"))
        return [0.5 * sq], slips

    def delta(self, e, v):
        l, j, L = e.l, e.j, self.L
        z = v(entry_name("z", l, j))
        primes = [self.p(z)]
        a = v(entry_name("a", l, j))
        primes.append(a * (1.0 - a))                  # σ′(z) = a(1 − a), from the entry a
        if l == L:
            front = v(entry_name("a", L, j)) - self.y[j]
            wrong_t = None
        else:
            ds = [v(entry_name("delta", l + 1, i)) for i in range(self.n[l + 1])]
            front = sum(self.w(l + 1, i, j) * d for i, d in enumerate(ds))
            wrong_t = (sum(self.w(l + 1, j, i) * d for i, d in enumerate(ds))
                       if self.n[l + 1] == self.n[l] else None)
        right = [front * p for p in primes]
        p = primes[0]
        slips = [(-front * p, "a sign slip: ∂C/∂a^L_j = a^L_j − y_j, not y_j − a^L_j"
                  if l == L else "a sign slip: nothing in BP2 flips the sign of δ^{lp}"),
                 (front * self.s(z), "you multiplied by σ(z^{l}_{j}) instead of σ′(z^{l}_{j}) "
                                     "= σ(z)(1 − σ(z))"),
                 (front, "you forgot the factor σ′(z^{l}_{j})"),
                 (front * self.p(self.s(z)), "you took σ′ of a^{l}_{j}; σ′ is taken of z^{l}_{j}: "
                                             "σ′(z) = a(1 − a)"),
                 (front * (1.0 - self.s(z)), "σ′(z) = σ(z)(1 − σ(z)): you left out the factor σ(z)")]
        if wrong_t is not None:
            slips.append((wrong_t * p, "a missing transpose: BP2 takes (w^{lp})^T, so δ^{l}_{j} "
                                       "sums column {j} of w^{lp} (the weights out of neuron j), "
                                       "w^{lp}_ij δ^{lp}_i; you used row {j}"))
        if l < L and self.n[l + 1] == self.n[l]:
            slips.append((front * self.p(v(entry_name("z", l + 1, j))),
                          "you took σ′ of the wrong layer: BP2 needs σ′(z^{l}_{j}), layer {l}'s "
                          "own weighted input"))
        if l == L and L > 2 and self.n[L - 1] == self.n[L]:
            slips.append(((v(entry_name("a", L - 1, j)) - self.y[j]) * p,
                          "you used the wrong layer's activation: BP1 takes a^L − y with the "
                          "output a^{l}"))
        return right, slips

    def nabla_b(self, e, v):
        l, j = e.l, e.j
        d = v(entry_name("delta", l, j))
        slips = [(-d, "a sign slip: ∂C/∂b^{l}_{j} is δ^{l}_{j} itself"),
                 (d * self.p(v(entry_name("z", l, j))),
                  "σ′ is already inside δ: BP3 is just ∂C/∂b^{l}_{j} = δ^{l}_{j}")]
        if j < self.n[l - 1]:
            slips.append((d * self.act(v, l - 1, j), "that is BP4's a^{lm} δ^{l}; BP3 has no "
                                                     "activation factor: ∂C/∂b^{l}_{j} = δ^{l}_{j}"))
        for other in range(self.n[l]):
            if other != j:
                slips.append((v(entry_name("delta", l, other)),
                              f"that is δ^{{l}}_{other}, the other neuron's error; "
                              "∂C/∂b^{l}_{j} = δ^{l}_{j}"))
        return [d], slips

    def nabla_w(self, e, v):
        l, j, k = e.l, e.j, e.k
        d, a_in = v(entry_name("delta", l, j)), self.act(v, l - 1, k)
        slips = [(-a_in * d, "a sign slip: ∂C/∂w^{l}_jk = + a^{lm}_k δ^{l}_j"),
                 (d, "you forgot the factor a^{lm}_{k}: that is BP3's ∂C/∂b; BP4 multiplies "
                     "by the activation feeding the weight")]
        if j != k and j < self.n[l - 1] and k < self.n[l]:
            slips.append((self.act(v, l - 1, j) * v(entry_name("delta", l, k)),
                          "the indices are swapped (a transpose): ∂C/∂w^{l}_jk = a^{lm}_k δ^{l}_j,"
                          " the activation of the source k times the error of the destination j"))
        if k < self.n[l]:
            slips.append((v(entry_name("a", l, k)) * d,
                          "you used the wrong layer's activation: BP4 takes a^{lm}, the layer "
                          "feeding w^{l}, not a^{l}"))
        if l > 2:
            slips.append((v(entry_name("z", l - 1, k)) * d,
                          "you used z^{lm}_{k}; BP4 takes the activation a^{lm}_{k} = σ(z)"))
        return [a_in * d], slips

    def w_new(self, e, v):
        l, j, k = e.l, e.j, e.k
        w, g = self.w(l, j, k), v(entry_name("nabla_w", l, j, k))
        return [w - self.eta * g], [
            (w + self.eta * g, "a sign slip: gradient descent goes against the gradient, w − η∇"),
            (w - g, f"you forgot η = {self.eta:g}"),
            (-self.eta * g, "that is the change −η∂C/∂w; the new weight is w plus that change"),
            (w - self.eta * v(entry_name("delta", l, j)),
             "you used ∂C/∂b (= δ); the weight's step uses ∂C/∂w^{l}_jk")]

    def b_new(self, e, v):
        l, j = e.l, e.j
        b, g = self.b(l, j), v(entry_name("nabla_b", l, j))
        return [b - self.eta * g], [
            (b + self.eta * g, "a sign slip: gradient descent goes against the gradient, b − η∇"),
            (b - g, f"you forgot η = {self.eta:g}"),
            (-self.eta * g, "that is the change −η∂C/∂b; the new bias is b plus that change")]

    def __call__(self, e, v):
        rights, slips = getattr(self, e.kind)(e, v)
        fill = dict(l=e.l, j=e.j, k=e.k, lm=(e.l or 0) - 1, lmm=(e.l or 0) - 2,
                    lp=(e.l or 0) + 1)
        return rights, [(value, _fill(text, fill)) for value, text in slips]


def _square(d):
    return d * d


def _fill(text, fill):
    for key in ("lmm", "lm", "lp", "l", "j", "k"):
        text = text.replace("{" + key + "}", str(fill[key]))
    return text


def _as_number(value):
    """(float, None) for one finite real number (``checks.one_number`` decides), else
    (None, "empty") for ``...`` or (None, what is wrong with it)."""
    if value is Ellipsis:
        return None, "empty"
    try:
        return checks.one_number(value, "the entry"), None
    except Exception as error:          # the reader's object: whatever it raises, refuse it
        return None, str(error)


def _short(value):
    return checks.show(value, limit=40)


def _shown(v):
    return f"{v:.6g}"


class Table:
    """The reader's fill-in table for ``ex`` (default: the friendly network's example).

    ``table.record("z^2_0", 0.25)`` (or a dict of name → number) checks entries
    and returns a verdict for each; ``table.reveal("δ^3_0")`` fills one in and
    shows its derivation; ``table.progress()`` says how many are right.
    Names are the book's symbols: ``z^2_0``, ``a^3_1``, ``C``, ``δ^3_0`` (or
    ``delta^3_0``), ``∂C/∂b^2_1`` (or ``dC/db^2_1``), ``∂C/∂w^3_01``
    (``dC/dw^3_01``: j = 0, k = 1), ``w'^3_01``, ``b'^2_0``.
    """

    def __init__(self, ex=None, eta=ETA, fixed_biases=False):
        self.ex = friendly_example() if ex is None else check_example(ex, "by_hand.Table")
        self.eta = checks.positive(eta, "learning rate eta")
        if not isinstance(fixed_biases, (bool, np.bool_)):
            raise TypeError(f"fixed_biases must be True or False, got {checks.show(fixed_biases)}")
        self.fixed_biases = bool(fixed_biases)
        self.entries = table_entries(self.ex, self.eta, self.fixed_biases)
        self._by_name = {e.name: e for e in self.entries}
        self._keys = {_key(e.name): e.name for e in self.entries}
        self._order = {e.name: i for i, e in enumerate(self.entries)}
        self._formulas = _Formulas(self.ex, self.eta)
        self.mine = {}          # name -> what the reader typed (anything)
        self.revealed = set()

    # ----- names ------------------------------------------------------------------
    @property
    def names(self):
        """The entries' names in the algorithm's order."""
        return [e.name for e in self.entries]

    def lookup(self, name):
        """The canonical name for a typed ``name``, or a ValueError listing the valid ones."""
        if isinstance(name, str) and _key(name) in self._keys:
            return self._keys[_key(name)]
        raise ValueError(f"there is no entry {name!r}; the entries are: " + ", ".join(self.names))

    def entry(self, name):
        """The :class:`Entry` called ``name``."""
        return self._by_name[self.lookup(name)]

    def correct(self, name):
        """The right value of entry ``name`` (from the engine)."""
        return self.entry(name).value

    # ----- judging ------------------------------------------------------------------
    def _number(self, name):
        """The reader's number for ``name`` (a revealed entry's right value), or None."""
        if name in self.revealed:
            return self._by_name[name].value
        value, _ = _as_number(self.mine.get(name, ...))
        return value

    def verdict(self, name):
        """The :class:`Verdict` on entry ``name`` as the table stands."""
        name = self.lookup(name)
        e = self._by_name[name]
        if name in self.revealed:
            return Verdict(name, "revealed", e.value, f"{name} = {_shown(e.value)} (revealed): "
                                                     f"{e.rule}.")
        typed = self.mine.get(name, ...)
        value, problem = _as_number(typed)
        if problem == "empty":
            return Verdict(name, "empty", typed, f"{name}: your turn: put your number in place "
                                                 f"of ... ({e.rule}).")
        if problem:
            return Verdict(name, "invalid", typed, f"{name}: {problem}.")
        return self._judge(e, value)

    def _judge(self, e, value):
        name, said = e.name, f"{e.name} = {_shown(value)}"
        if e.close(value):
            return Verdict(name, "right", value, f"{said}: right.")

        def right_v(n):                 # the true values of the earlier entries
            return self._by_name[n].value

        def mine_v(n):                  # the reader's, where the reader gave one
            return _or(self._number(n), self._by_name[n].value)

        differ = [n for n in e.reads if self._number(n) is not None
                  and not self._by_name[n].close(self._number(n))]
        mine_rights, mine_slips = self._formulas(e, mine_v)
        if not differ and any(e.near(value, r) for r in mine_rights):
            return Verdict(name, "right", value, f"{said}: right (from your rounded earlier "
                                                 f"numbers).")
        if differ and any(e.near(value, r) for r in mine_rights):
            earlier = " and ".join(f"{n} = {_shown(self._number(n))}" for n in differ)
            return Verdict(name, "given", value,
                           f"{said}: right given your earlier value of {earlier} ({e.rule}). "
                           f"Your arithmetic here is right, but the earlier value is not, so "
                           f"fix {', '.join(differ)} and this one will change.")
        _, right_slips = self._formulas(e, right_v)
        for slips, tag in ((right_slips, ""), (mine_slips if differ else [], " (from your "
                           "earlier " + ", ".join(differ) + ")")):
            for slip, hint in slips:
                if e.near(value, slip):
                    return Verdict(name, "wrong", value, f"{said}: not yet. {_cap(e.rule)}: "
                                                         f"{hint}{tag}.")
        if abs(value - e.value) <= NEAR * abs(e.value if e.scale is None else e.scale):
            how = ("close, but not to four significant figures: keep five figures in "
                   "your earlier numbers and round only at the end")
        else:
            how = "none of the usual slips gives your number; " + _recipe(e)
        return Verdict(name, "wrong", value, f"{said}: not yet. {_cap(e.rule)}: {how}.")

    # ----- what the reader does -------------------------------------------------------
    def record(self, name, value=...):
        """Record the reader's number for entry ``name`` and return the lines to say: its
        verdict; or record a dict {name: number, ...} and return one verdict per entry.

        Recording an entry again replaces the earlier number (and un-reveals it).
        Later entries that read it are judged again with it.  (The page's table,
        ``exercises.ch12_backprop_by_hand.Table``, says these lines.)
        """
        if isinstance(name, dict):
            if value is not ...:
                return ["enter takes a dict of {name: number} on its own, or a name and a number"]
            lines, waiting = [], []
            for key, number in name.items():
                if number is Ellipsis and self.is_entry(key):
                    self.mine.pop(self.lookup(key), None)
                    waiting.append(self.lookup(key))
                else:
                    lines += self.record(key, number)
            if waiting:
                lines.append(f"Your turn: {len(waiting)} entries still ... "
                             f"({', '.join(waiting[:4])}{', ...' if len(waiting) > 4 else ''}).")
            return lines
        if not self.is_entry(name):
            return [self.unknown(name) + " (δ may be typed delta, ∂ as d, e.g. dC/dw^3_01.)"]
        name = self.lookup(name)
        self.revealed.discard(name)
        if value is Ellipsis:
            self.mine.pop(name, None)
        else:
            self.mine[name] = value
        return [self.verdict(name).message]

    def unknown(self, name):
        """What to say for a name that is no entry: the entries there are."""
        return f"There is no entry {_short(name)}. The entries are: " + ", ".join(self.names) + "."

    def is_entry(self, name):
        """Whether ``name`` (as typed) names an entry of the table."""
        return isinstance(name, str) and _key(name) in self._keys

    def reveal(self, name):
        """Fill in entry ``name`` with its right value; return its derivation (numbers
        substituted), which a notebook shows as maths; None for a name that is no
        entry (see :meth:`unknown`).  Later entries then read it."""
        if not self.is_entry(name):
            return None
        name = self.lookup(name)
        self.revealed.add(name)
        self.mine.pop(name, None)
        return Derivation(self._by_name[name])

    def clear(self):
        """Empty the table."""
        self.mine.clear()
        self.revealed.clear()

    def verdicts(self):
        """{name: Verdict} for every entry, in the algorithm's order."""
        return {name: self.verdict(name) for name in self.names}

    def counts(self):
        """How many entries are in each state (right, given, revealed, wrong, empty, invalid)."""
        out = dict.fromkeys(("right", "given", "revealed", "wrong", "empty", "invalid"), 0)
        for v in self.verdicts().values():
            out[v.status] += 1
        return out

    def progress(self):
        """"n of N entries right", with the entries right given earlier ones and the revealed."""
        c, total = self.counts(), len(self.entries)
        c["wrong"] += c["invalid"]
        text = f"{c['right']} of {total} entries right"
        extra = [f"{c[s]} {w}" for s, w in (("given", "right given your earlier values"),
                                             ("revealed", "revealed"), ("wrong", "to fix"))
                 if c[s]]
        return text + (f" ({', '.join(extra)})" if extra else "")

    def __repr__(self):
        return f"<by-hand table: {self.progress()}>"


def _scale(entry):
    """What an entry's precision is relative to: its value, or the size of its step."""
    return abs(entry.value if entry.scale is None else entry.scale)


def _or(value, default):
    return default if value is None else value


def _cap(text):
    return text[:1].upper() + text[1:]


def _recipe(e):
    """What to do, in words, without giving the number away."""
    return {
        "z": "multiply each weight w^{l}_{j}k by the activation a^{lm}_k it meets, add them "
             "and add the bias",
        "a": "put z^{l}_{j} into σ(z) = 1/(1 + e^{−z})",
        "cost": "square each a^L_j − y_j, add, halve",
        "delta3": "multiply a^{l}_{j} − y_{j} by σ′(z^{l}_{j}) = a^{l}_{j}(1 − a^{l}_{j})",
        "delta2": "add w^{lp}_i{j} δ^{lp}_i over i (column {j} of w^{lp}) and multiply by "
                  "σ′(z^{l}_{j}) = a^{l}_{j}(1 − a^{l}_{j})",
        "nabla_b": "copy δ^{l}_{j}",
        "nabla_w": "multiply a^{lm}_{k} (the weight's source) by δ^{l}_{j} (its destination)",
        "w_new": "subtract η times ∂C/∂w^{l}_{j}{k} from w^{l}_{j}{k}",
        "b_new": "subtract η times ∂C/∂b^{l}_{j} from b^{l}_{j}",
    }[e.kind if e.kind != "delta" else ("delta3" if e.rule == RULES["delta3"] else "delta2")
      ].replace("{k}", str(e.k)).replace("{l}", str(e.l)).replace("{j}", str(e.j)).replace(
        "{lm}", str((e.l or 0) - 1)).replace("{lp}", str((e.l or 0) + 1))


__all__ = ["X", "Y", "ETA", "W", "B", "CLASSIC_X", "CLASSIC_Y", "CLASSIC_ETA", "CLASSIC_W",
           "CLASSIC_B", "classic_network", "classic_example", "KINDS", "RULES", "Entry", "Verdict",
           "Derivation", "Table", "friendly_network", "friendly_example", "table_entries",
           "entry_name"]
