"""A scalar reverse-mode automatic differentiation engine: ``Value``.

A :class:`Value` holds one number ``data`` and, after ``backward()``, the
derivative ``grad`` = ∂C/∂v of the final value C with respect to it.  Every
operation on Values makes a new Value that remembers its inputs (its
*parents* in the computation graph) and its *local derivatives*, the numbers
∂v/∂u for each input u, worked out when v is computed:

    v = u + t     ∂v/∂u = 1,         ∂v/∂t = 1
    v = u · t     ∂v/∂u = t,         ∂v/∂t = u
    v = u / t     ∂v/∂u = 1/t,       ∂v/∂t = −u/t²
    v = u^n       ∂v/∂u = n u^(n−1)  (n a number)
    v = e^u       ∂v/∂u = e^u        v = ln u     ∂v/∂u = 1/u
    v = σ(u)      ∂v/∂u = v(1 − v)   v = tanh u   ∂v/∂u = 1 − v²
    v = relu(u)   ∂v/∂u = 1 if u > 0 else 0

``C.backward()`` sets ∂C/∂C = 1 and visits the graph from C back to the
inputs, in reverse topological order (every node after all the nodes that use
it), applying the chain rule at each node v:

    ∂C/∂u  +=  ∂v/∂u · ∂C/∂v      for each input u of v.

The ``+=`` is the multivariable chain rule: a value used by several nodes
collects a contribution from each (a weight shared by two places of a network
gets the sum of its two gradients).  The same sum over paths runs across
calls: ``backward()`` adds its derivatives to the grads already there, so two
losses backpropagated in turn leave the gradient of their sum, as in PyTorch
and micrograd; ``C.zero_grad()`` (or :func:`zero_grad` of a list of
parameters) sets them back to 0.  The order is found by an explicit stack,
not recursion, so a graph thousands of operations deep is fine.

Backprop is this procedure applied to a network: δ^l = ∂C/∂z^l is the grad of
the node z^l_j, BP1 and BP2 are the chain rule through σ and through the sums
w^{l+1} a^l, and BP3, BP4 are the local derivatives of z^l_j = Σ_k w^l_jk
a^{l−1}_k + b^l_j with respect to b^l_j (1) and w^l_jk (a^{l−1}_k).
:func:`scalar_network` builds a ``Network``'s forward pass and cost from
Values, so its grads can be set beside ``ex.nabla_w[l]``.

A number (int or float) may stand on either side of an operation; it is a
constant, not a node.  A string, None, bool, complex number, numpy array, NaN
or infinity is refused with an error naming the operation.  The idea of a
tiny scalar engine for teaching comes from Andrej Karpathy's micrograd; this
code is the book's own.  Used by chapter 15 and the tests.
"""
import math

import numpy as np

from . import checks
from .example import check_example
from .layers import Layers

__all__ = ["Value", "zero_grad", "topological_order", "backward_steps", "scalar_network", "ScalarNetwork",
           "scalar_cost", "graph_size"]


#: The largest u whose e^u is a float (e^709.78 ≈ 1.8e308).
EXP_MAX = 709.78


def exp(u):
    """e^u of a float, refused (OverflowError) beyond the floating-point range."""
    if u > EXP_MAX:
        raise OverflowError(f"exp({u:.6g}) is beyond the floating-point range")
    return math.exp(u)


def sigmoid(u):
    """σ(u) = 1/(1 + e^(−u)) of a float, without overflow for any u."""
    if u >= 0:
        return 1.0 / (1.0 + math.exp(-u))
    e = math.exp(u)
    return e / (1.0 + e)


def operand(x, op):
    """A number on the other side of ``op`` as a float, or a clear error.

    Accepts int, float and numpy real scalars; refuses bool, str, None,
    complex, arrays (TypeError) and NaN, ±inf, 10**400 (ValueError)."""
    if type(x) is float or type(x) is int:          # the hot path
        value = float(x) if abs(x) < 1e308 or type(x) is float else None
    else:
        value = None
    if value is None:
        if isinstance(x, np.ndarray) and x.ndim > 0:
            raise checks.KindError(f"{op}: the other operand must be a Value or one real "
                                   f"number, got {checks.show(x)}; make a Value of each "
                                   "entry (an array is not one number)")
        try:
            value = checks.real(x, f"the other operand of {op}")
        except checks.KindError as err:
            raise checks.KindError(f"{err} (a Value combines with a Value or a real "
                                   "number)") from None
    if not math.isfinite(value):
        raise ValueError(f"{op}: the other operand must be a finite number, got "
                         f"{checks.show(x)}")
    return value


def _finite_result(data, op, inputs):
    if not math.isfinite(data):
        raise OverflowError(f"{op} of {', '.join(f'{u:.6g}' for u in inputs)} is "
                            f"{data} (beyond the floating-point range)")
    return data


class Value:
    """One number in a computation graph: ``data``, and ``grad`` = ∂C/∂(this)
    after ``C.backward()``.

    ``label`` names it in drawings and messages; ``op`` says which operation
    made it ('' for an input).  ``parents`` are its inputs and ``local`` the
    local derivatives ∂(this)/∂(parent), one per parent.
    """

    __slots__ = ("data", "grad", "parents", "local", "op", "label")
    __array_ufunc__ = None          # numpy defers to Value: array + Value raises our TypeError

    def __init__(self, data, label="", _parents=(), _local=(), _op=""):
        if _op:                                   # made by an operation: already checked
            self.data = data
        else:
            if isinstance(data, Value):
                raise checks.KindError("Value(data): data is already a Value; use it directly")
            self.data = checks.finite(data, "Value(data)")
        self.grad = 0.0
        self.parents = _parents
        self.local = _local
        self.op = _op
        if not isinstance(label, str):
            raise checks.KindError(f"Value(label=...) must be a string, got {checks.show(label)}")
        self.label = label

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # ----- the operations ------------------------------------------------------
    def _new(self, data, parents, local, op, inputs):
        return Value(_finite_result(data, op, inputs), "", parents, local, op)

    def __add__(self, other):
        if isinstance(other, Value):
            return self._new(self.data + other.data, (self, other), (1.0, 1.0), "+",
                             (self.data, other.data))
        c = operand(other, "+")
        return self._new(self.data + c, (self,), (1.0,), f"+ {c:g}", (self.data, c))

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        if isinstance(other, Value):
            return self._new(self.data - other.data, (self, other), (1.0, -1.0), "−",
                             (self.data, other.data))
        c = operand(other, "−")
        return self._new(self.data - c, (self,), (1.0,), f"− {c:g}", (self.data, c))

    def __rsub__(self, other):
        c = operand(other, "−")
        return self._new(c - self.data, (self,), (-1.0,), f"{c:g} −", (c, self.data))

    def __neg__(self):
        return self._new(-self.data, (self,), (-1.0,), "neg", (self.data,))

    def __mul__(self, other):
        if isinstance(other, Value):
            return self._new(self.data * other.data, (self, other), (other.data, self.data),
                             "×", (self.data, other.data))
        c = operand(other, "×")
        return self._new(self.data * c, (self,), (c,), f"× {c:g}", (self.data, c))

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        if isinstance(other, Value):
            t = other.data
            if t == 0:
                raise ZeroDivisionError(f"/: division by a Value that is 0 "
                                        f"({other.label or 'the divisor'})")
            return self._new(self.data / t, (self, other), (1.0 / t, -self.data / (t * t)),
                             "/", (self.data, t))
        c = operand(other, "/")
        if c == 0:
            raise ZeroDivisionError("/: division of a Value by the number 0")
        return self._new(self.data / c, (self,), (1.0 / c,), f"/ {c:g}", (self.data, c))

    def __rtruediv__(self, other):
        c = operand(other, "/")
        t = self.data
        if t == 0:
            raise ZeroDivisionError(f"/: division by a Value that is 0 ({self.label or 'the divisor'})")
        return self._new(c / t, (self,), (-c / (t * t),), f"{c:g} /", (c, t))

    def __pow__(self, n):
        if isinstance(n, Value):
            raise checks.KindError("**: the exponent must be a number, not a Value (for u^t "
                                   "with t a Value write (t * u.log()).exp())")
        n = operand(n, "**")
        u = self.data
        if u == 0 and n < 1 and n != 0:
            raise ZeroDivisionError(f"**: 0 to the power {n:g} has no finite derivative")
        if u < 0 and n != int(n):
            raise ValueError(f"**: a negative number ({u:.6g}) to the non-integer power "
                             f"{n:g} is not a real number")
        try:
            data = u ** n
            local = n * u ** (n - 1) if n != 0 else 0.0
        except OverflowError:
            raise OverflowError(f"** of {u:.6g} to the power {n:g} is beyond the "
                                "floating-point range") from None
        return self._new(data, (self,), (_finite_result(local, "**", (u, n)),), f"^{n:g}",
                         (u, n))

    def __rpow__(self, other):
        raise checks.KindError("**: a number to the power of a Value is not supported; write "
                               "(value * math.log(number)).exp()")

    def exp(self):
        """e^u, with local derivative e^u."""
        u = self.data
        e = exp(u)
        return self._new(e, (self,), (e,), "exp", (u,))

    def log(self):
        """ln u (u > 0), with local derivative 1/u."""
        u = self.data
        if u <= 0:
            raise ValueError(f"log: ln u needs u > 0, got {u:.6g}")
        return self._new(math.log(u), (self,), (1.0 / u,), "ln", (u,))

    def tanh(self):
        """tanh u, with local derivative 1 − tanh² u."""
        t = math.tanh(self.data)
        return self._new(t, (self,), (1.0 - t * t,), "tanh", (self.data,))

    def sigmoid(self):
        """σ(u) = 1/(1 + e^(−u)), computed without overflow; local derivative σ(1 − σ)."""
        u = self.data
        s = sigmoid(u)
        return self._new(s, (self,), (s * (1.0 - s),), "σ", (u,))

    def relu(self):
        """max(0, u), with local derivative 1 for u > 0 and 0 otherwise."""
        u = self.data
        return self._new(u if u > 0 else 0.0, (self,), (1.0 if u > 0 else 0.0,), "relu", (u,))

    def unary(self, f, f_prime, name):
        """A new one-input operation: data f(u), local derivative f_prime(u).

        Both must return a finite real number; ``name`` labels the node.
        Chapter 15's exercise adds ``sin`` this way."""
        if not callable(f) or not callable(f_prime):
            raise checks.KindError(f"unary({name!r}): f and f_prime must be functions")
        u = self.data
        data = checks.finite(f(u), f"{name}({u:.6g})")
        local = checks.finite(f_prime(u), f"the derivative of {name} at {u:.6g}")
        return self._new(data, (self,), (local,), str(name), (u,))

    # ----- the backward pass -------------------------------------------------------
    def backward(self):
        """Add ∂(this)/∂v to ``grad`` of every Value v this one was computed from.

        ∂C/∂C = 1 and the chain rule runs from this Value back to the inputs,
        once, in reverse topological order; the pass's derivatives are then
        *added* to the grads, as PyTorch and micrograd do.  Two losses
        backpropagated in turn leave the sum of their gradients, the gradient
        of their sum; call ``zero_grad()`` first for one loss's gradient alone.
        Returns this Value."""
        order = topological_order(self)
        d = {self: 1.0}                      # ∂C/∂v of this pass only
        for v in reversed(order):
            g = d.pop(v, 0.0)
            v.grad += g
            for u, local in zip(v.parents, v.local):
                d[u] = d.get(u, 0.0) + local * g
        return self

    def zero_grad(self):
        """Set ``grad`` to 0 on this Value and every Value it was computed from.
        Returns this Value."""
        for v in topological_order(self):
            v.grad = 0.0
        return self

    def __bool__(self):
        raise checks.KindError("a Value has no truth value; compare its .data instead")

    def __float__(self):
        return float(self.data)


def topological_order(root):
    """Every Value ``root`` depends on, each after all of its parents; ``root`` last.

    A depth-first search with an explicit stack (no recursion limit)."""
    if not isinstance(root, Value):
        raise checks.KindError(f"topological_order(root): root must be a Value, got "
                               f"{checks.show(root)}")
    order, seen = [], {root}
    stack = [(root, iter(root.parents))]
    while stack:
        node, parents = stack[-1]
        for u in parents:
            if u not in seen:
                seen.add(u)
                stack.append((u, iter(u.parents)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def zero_grad(values):
    """Set ``grad`` to 0 on each Value of ``values`` (a Value or an iterable of
    them, e.g. a network's parameters); the Values they were computed from are
    left alone.  Returns None."""
    if isinstance(values, Value):
        values = [values]
    try:
        values = list(values)
    except TypeError:
        raise checks.KindError(f"zero_grad(values): values must be a Value or an iterable of "
                               f"Values, got {checks.show(values)}") from None
    for v in values:
        if not isinstance(v, Value):
            raise checks.KindError(f"zero_grad(values): every entry must be a Value, got "
                                   f"{checks.show(v)}")
    for v in values:
        v.grad = 0.0


def backward_steps(root):
    """The backward pass of ``root`` as a list of the nodes whose chain rule runs, in
    order: each is an operation node (an input has nothing to pass on)."""
    return [v for v in reversed(topological_order(root)) if v.parents]


def graph_size(root):
    """(nodes, operations, edges): every Value in the graph, those made by an
    operation, and the parent links (one local derivative each)."""
    order = topological_order(root)
    return len(order), sum(1 for v in order if v.parents), sum(len(v.parents) for v in order)


# ----- a network built from scalars ---------------------------------------------------
def _activate(name, zs):
    """σ applied to a layer's list of scalar weighted inputs z^l_j."""
    if name == "sigmoid":
        return [z.sigmoid() for z in zs]
    if name == "tanh":
        return [z.tanh() for z in zs]
    if name == "relu":
        return [z.relu() for z in zs]
    if name == "linear":
        return list(zs)
    # softmax: a_j = e^(z_j − m) / Σ_k e^(z_k − m), m = max z (a constant shift)
    top = max(float(z.data) for z in zs)
    es = [(z - top).exp() for z in zs]
    total = es[0]
    for e in es[1:]:
        total = total + e
    return [e / total for e in es]


def _cost(name, a, y):
    """C_x from a layer L of scalars a^L_j and the numbers y_j (terms with a zero
    coefficient are left out, so ln 0 is never asked for)."""
    terms = []
    for aj, yj in zip(a, y):
        if name == "quadratic":
            terms.append((aj - yj) ** 2)
        elif name == "cross_entropy":
            if yj != 0:
                terms.append(-yj * aj.log())
            if yj != 1:
                terms.append(-(1.0 - yj) * (1.0 - aj).log())
        elif yj != 0:                                      # log_likelihood
            terms.append(-yj * aj.log())
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total * 0.5 if name == "quadratic" else total


def scalar_cost(ex, w, b):
    """C = (1/m) Σ_x C_x of the network of ``ex`` on its examples, computed with
    scalars: ``w[l][j, k]`` and ``b[l][j, 0]`` are Values (or forward mode's Duals,
    anything with the same operations), x and y the example's numbers.

    z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j,  a^l_j = σ(z^l_j),  then the cost.
    Shared by reverse mode (``scalar_network``) and forward mode."""
    net, L = ex.net, ex.L
    total = None
    for col in range(ex.m):
        a = [float(v) for v in ex.x[:, col]]
        for l in range(2, L + 1):
            wl, bl = w[l], b[l]
            zs = []
            for j in range(net.n[l]):
                z = bl[j, 0]
                for k, ak in enumerate(a):
                    z = z + wl[j, k] * ak
                zs.append(z)
            a = _activate(net.sigma(l).name, zs)
        c = _cost(net.cost_function.name, a, [float(v) for v in ex.y[:, col]])
        total = c if total is None else total + c
    return total if ex.m == 1 else total / ex.m


class ScalarNetwork:
    """A network's cost built from Values: ``cost`` (a Value), ``w[l]`` and ``b[l]``
    (arrays of input Values), and after ``backward()`` the float arrays
    ``nabla_w[l]``, ``nabla_b[l]`` read from their grads."""

    def __init__(self, ex):
        net = ex.net
        self.w = Layers([_leaves(ex.w[l], f"w^{l}") for l in range(2, ex.L + 1)], 2, "w^l")
        self.b = Layers([_leaves(ex.b[l], f"b^{l}") for l in range(2, ex.L + 1)], 2, "b^l")
        self.cost = scalar_cost(ex, self.w, self.b)
        self.net = net

    def backward(self):
        """∂C/∂(every weight and bias) into their grads, from zero."""
        self.cost.zero_grad().backward()
        return self

    @property
    def nabla_w(self):
        """∂C/∂w^l as float arrays (the grads of the weight Values)."""
        return Layers([_grads(w) for w in self.w], 2, "∂C/∂w^l")

    @property
    def nabla_b(self):
        """∂C/∂b^l as float arrays (the grads of the bias Values)."""
        return Layers([_grads(b) for b in self.b], 2, "∂C/∂b^l")


def _leaves(array, name):
    out = np.empty(array.shape, dtype=object)
    for idx in np.ndindex(array.shape):
        out[idx] = Value(float(array[idx]), f"{name}_{''.join(map(str, idx))}")
    return out


def _grads(values):
    return np.array([[v.grad for v in row] for row in values], dtype=float)


def scalar_network(ex):
    """The network of ``ex = net.example(x, y)`` on its example(s), built from Values
    (one per weight and bias), with the backward pass done: ``.nabla_w[l]`` is
    ∂C/∂w^l computed by reverse-mode autodiff, to set beside ``ex.nabla_w[l]``."""
    check_example(ex, "scalar_network", one=False)
    return ScalarNetwork(ex).backward()
