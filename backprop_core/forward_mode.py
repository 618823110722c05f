"""Forward-mode automatic differentiation with dual numbers, and the race against reverse mode.

A :class:`Dual` carries a number and its tangent, (u, u̇), where u̇ = du/dθ is
the derivative with respect to one chosen parameter θ.  Every operation
carries the tangent along by the same local derivatives the reverse engine
uses (``autograd.Value``), but forwards:

    (u, u̇) + (t, ṫ) = (u + t, u̇ + ṫ)      (u, u̇)(t, ṫ) = (ut, u̇ t + u ṫ)
    f((u, u̇)) = (f(u), f′(u) u̇)

Seed θ̇ = 1 on one weight and 0 on all the others, run the forward pass once,
and the cost comes out as (C, ∂C/∂θ): one exact partial derivative per pass,
with no ε and no rounding trade-off, unlike finite differences (chapter 8).
All P of them need P passes.  Reverse mode (backprop) needs one forward and
one backward pass for all P at once: that is the whole difference, and why
networks are trained in reverse mode.

:func:`forward_mode_gradient` runs the P passes over the same scalar forward
pass as the reverse engine (``autograd.scalar_cost``) and counts the
operations; :func:`race` times both side by side, and :func:`scalar_vs_matrix`
times the scalar engine against the matrix engine ``Network``.  Used by
chapter 15 and the tests.
"""
import math
import time

import numpy as np

from . import checks
from .autograd import exp, graph_size, operand, scalar_cost, scalar_network, sigmoid
from .example import check_example
from .layers import Layers

__all__ = ["Dual", "forward_mode_gradient", "ForwardModeGradient", "race", "scalar_vs_matrix"]


class Dual:
    """A dual number (data, tangent): a value and its derivative along one direction.

    ``Dual.operations`` counts the operations made since it was last set to 0."""

    __slots__ = ("data", "tangent")
    __array_ufunc__ = None
    operations = 0

    def __init__(self, data, tangent=0.0):
        self.data = checks.finite(data, "Dual(data)")
        self.tangent = checks.finite(tangent, "Dual(tangent)")

    @staticmethod
    def _new(data, tangent):
        Dual.operations += 1
        d = object.__new__(Dual)
        d.data, d.tangent = data, tangent
        return d

    def __repr__(self):
        return f"Dual({self.data:.6g}, tangent={self.tangent:.6g})"

    def __float__(self):
        return float(self.data)

    def __add__(self, other):
        if isinstance(other, Dual):
            return Dual._new(self.data + other.data, self.tangent + other.tangent)
        return Dual._new(self.data + operand(other, "+"), self.tangent)

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, Dual):
            return Dual._new(self.data - other.data, self.tangent - other.tangent)
        return Dual._new(self.data - operand(other, "−"), self.tangent)

    def __rsub__(self, other):
        return Dual._new(operand(other, "−") - self.data, -self.tangent)

    def __neg__(self):
        return Dual._new(-self.data, -self.tangent)

    def __mul__(self, other):
        if isinstance(other, Dual):
            return Dual._new(self.data * other.data,
                             self.tangent * other.data + self.data * other.tangent)
        c = operand(other, "×")
        return Dual._new(self.data * c, self.tangent * c)

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, Dual):
            t = other.data
            if t == 0:
                raise ZeroDivisionError("/: division by a Dual that is 0")
            return Dual._new(self.data / t, (self.tangent * t - self.data * other.tangent) / (t * t))
        c = operand(other, "/")
        if c == 0:
            raise ZeroDivisionError("/: division of a Dual by the number 0")
        return Dual._new(self.data / c, self.tangent / c)

    def __rtruediv__(self, other):
        c, t = operand(other, "/"), self.data
        if t == 0:
            raise ZeroDivisionError("/: division by a Dual that is 0")
        return Dual._new(c / t, -c * self.tangent / (t * t))

    def __pow__(self, n):
        if isinstance(n, Dual):
            raise checks.KindError("**: the exponent must be a number, not a Dual")
        n = operand(n, "**")
        u = self.data
        if (u == 0 and n < 1 and n != 0) or (u < 0 and n != int(n)):
            raise ValueError(f"**: {u:.6g} to the power {n:g} has no real derivative")
        return Dual._new(u ** n, (n * u ** (n - 1) if n else 0.0) * self.tangent)

    def exp(self):
        e = exp(self.data)
        return Dual._new(e, e * self.tangent)

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log: ln u needs u > 0, got {self.data:.6g}")
        return Dual._new(math.log(self.data), self.tangent / self.data)

    def tanh(self):
        t = math.tanh(self.data)
        return Dual._new(t, (1.0 - t * t) * self.tangent)

    def sigmoid(self):
        s = sigmoid(self.data)
        return Dual._new(s, s * (1.0 - s) * self.tangent)

    def relu(self):
        return Dual._new(self.data, self.tangent) if self.data > 0 else Dual._new(0.0, 0.0)


class ForwardModeGradient:
    """``nabla_b[l]``, ``nabla_w[l]`` found by forward mode, with its bill:
    ``passes`` (one per parameter) and ``operations`` (Dual operations in all)."""

    def __init__(self, nabla_b, nabla_w, passes, operations):
        self.nabla_b, self.nabla_w = nabla_b, nabla_w
        self.passes, self.operations = passes, operations


def _duals(array, seed=None):
    out = np.empty(array.shape, dtype=object)
    for idx in np.ndindex(array.shape):
        out[idx] = Dual(float(array[idx]), 1.0 if idx == seed else 0.0)
    return out


def forward_mode_gradient(ex):
    """Every ∂C/∂w^l_jk and ∂C/∂b^l_j of ``ex = net.example(x, y)``, one forward
    pass of dual numbers per parameter (the parameter's tangent seeded with 1)."""
    check_example(ex, "forward_mode_gradient", one=False)
    layers = range(2, ex.L + 1)
    plain_w = Layers([_duals(ex.w[l]) for l in layers], 2, "w^l")
    plain_b = Layers([_duals(ex.b[l]) for l in layers], 2, "b^l")
    grads = {"w": [np.zeros(ex.w[l].shape) for l in layers],
             "b": [np.zeros(ex.b[l].shape) for l in layers]}
    start, passes = Dual.operations, 0
    for kind, source in (("b", ex.b), ("w", ex.w)):
        for l in layers:
            for idx in np.ndindex(source[l].shape):
                w = Layers(list(plain_w), 2, "w^l")
                b = Layers(list(plain_b), 2, "b^l")
                seeded = w if kind == "w" else b
                seeded[l] = _duals(source[l], seed=idx)       # θ̇ = 1 here, 0 elsewhere
                Layers(grads[kind], 2, "∂C")[l][idx] = scalar_cost(ex, w, b).tangent
                passes += 1
    return ForwardModeGradient(Layers(grads["b"], 2, "∂C/∂b^l"),
                               Layers(grads["w"], 2, "∂C/∂w^l"), passes,
                               Dual.operations - start)


def _best_time(fn, repeats):
    best = math.inf
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return max(best, 1e-9)


def race(ex, repeats=3):
    """Forward mode against reverse mode for the whole gradient of ``ex``, side by side.

    Returns the number of parameters P, the operations each mode does (reverse:
    the graph's operations, once forwards and once backwards), and the best
    CPU time of each, timed in alternation."""
    check_example(ex, "race", one=False)
    repeats = checks.count(repeats, "repeats")
    sn = scalar_network(ex)
    fm = forward_mode_gradient(ex)
    _, ops, _ = graph_size(sn.cost)
    t_rev, t_fwd = math.inf, math.inf
    for _ in range(repeats):
        t_rev = min(t_rev, _best_time(lambda: scalar_network(ex), 1))
        t_fwd = min(t_fwd, _best_time(lambda: forward_mode_gradient(ex), 1))
    return {"parameters": fm.passes, "graph_operations": ops,
            "reverse_operations": 2 * ops, "forward_operations": fm.operations,
            "forward_passes": fm.passes, "t_reverse": t_rev, "t_forward": t_fwd,
            "forward_mode": fm, "reverse_mode": sn}


def scalar_vs_matrix(ex, repeats=5):
    """The best CPU time of the whole gradient by the scalar engine (``scalar_network``)
    and by the matrix engine (``net.example(x, y).nabla_w``), timed in alternation."""
    check_example(ex, "scalar_vs_matrix", one=False)
    repeats = checks.count(repeats, "repeats")
    net, x, y = ex.net, ex.x, ex.y

    def matrix():
        fresh = net.example(x, y)
        return fresh.nabla_w, fresh.nabla_b

    t_scalar, t_matrix = math.inf, math.inf
    for _ in range(repeats):
        t_scalar = min(t_scalar, _best_time(lambda: scalar_network(ex), 1))
        t_matrix = min(t_matrix, _best_time(lambda: [matrix() for _ in range(20)], 1) / 20)
    return {"t_scalar": t_scalar, "t_matrix": t_matrix, "ratio": t_scalar / t_matrix}

