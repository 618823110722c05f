"""Layers as modules: backprop as a row of vector–Jacobian products.

A module maps its input to its output in ``forward(x)`` and, in
``backward(grad_out)``, takes grad_out = ∂C/∂(its output) and returns
∂C/∂(its input).  It never builds its Jacobian J = ∂(output)/∂(input); it
multiplies grad_out by it from the left, grad_in = Jᵀ grad_out, a
*vector–Jacobian product* (VJP).  Columns are examples, as everywhere in the
book.

* :class:`Linear` — z = w x + b; backward returns wᵀ grad_out and stores
  ``dw`` = grad_out xᵀ (BP4) and ``db`` = grad_out summed over the columns (BP3).
* :class:`Activation` — a = σ(z) elementwise (an activation of
  ``backprop_core.activations``); backward returns grad_out ⊙ σ′(z).
  Linear's backward followed by σ's is BP2.
* :class:`Cost` — the output activation and the cost C (the mean over the
  columns, from ``backprop_core.costs``); its backward is BP1 divided by m.
  :class:`SoftmaxCrossEntropy` is the softmax with the log-likelihood cost.

:func:`modules_of` writes a ``Network`` as such a row, so its gradients can be
compared with ``net.example(x, y).nabla_w``: the modules are a second view
checked against the one engine, not a second engine.  Used by chapter 16.
"""
import numpy as np

from . import checks
from .activations import Softmax, get_activation
from .costs import get_cost


class Linear:
    """z = w x + b, for w of shape (n_out, n_in) and b of shape (n_out, 1)."""

    def __init__(self, w, b):
        self.w = checks.real_array(w, "w")
        self.b = checks.real_array(b, "b")
        if self.w.ndim != 2 or self.b.shape != (self.w.shape[0], 1):
            raise ValueError(f"w must be (n_out, n_in) and b (n_out, 1); got w {self.w.shape} "
                             f"and b {self.b.shape}")
        self.n_in, self.n_out = self.w.shape[1], self.w.shape[0]

    def __repr__(self):
        return f"Linear({self.n_in} → {self.n_out})"

    def forward(self, x):
        x = checks.real_array(x, "x")
        if x.ndim != 2 or x.shape[0] != self.n_in:
            raise ValueError(f"{self!r} takes {self.n_in} inputs (x of shape ({self.n_in}, m)); "
                             f"got x of shape {x.shape}")
        self.x = x
        return self.w @ x + self.b

    def backward(self, grad_out):
        """wᵀ grad_out; stores dw = grad_out xᵀ and db = Σ_columns grad_out."""
        expected = (self.n_out, self.x.shape[1])
        if np.shape(grad_out) != expected:
            raise ValueError(f"{self!r} gives outputs of shape {expected}, so grad_out must have "
                             f"that shape; got {np.shape(grad_out)}")
        self.dw = grad_out @ self.x.T                          # BP4
        self.db = grad_out.sum(axis=1, keepdims=True)          # BP3
        return self.w.T @ grad_out                              # the first half of BP2


class Activation:
    """a = σ(z) elementwise; backward is grad_out ⊙ σ′(z), never the diagonal Jacobian."""

    def __init__(self, name="sigmoid"):
        self.sigma = get_activation(name)
        self.name = self.sigma.name

    def __repr__(self):
        return f"Activation({self.name!r})"

    def forward(self, z):
        self.z = z
        self.a = self.sigma.fn(z)
        return self.a

    def backward(self, grad_out):
        return self.sigma.backward(self.z, grad_out, self.a)  # the second half of BP2

    def jacobian(self):
        """The full n × n Jacobian ∂a/∂z = diag(σ′(z)) for one column: what backward avoids."""
        return np.diag(self.sigma.prime_of(self.z[:, 0], self.a[:, 0]))


class Cost:
    """The output activation and the cost: forward(z, y) is C, the mean of C_x over the
    columns; backward() is ∂C/∂z^L = δ^L / m (BP1, for the mean)."""

    def __init__(self, cost="quadratic", activation="sigmoid"):
        self.sigma = get_activation(activation, output=True)
        self.cost = get_cost(cost, self.sigma.name)

    def __repr__(self):
        return f"Cost({self.cost.name!r}, {self.sigma.name!r})"

    def forward(self, z, y):
        self.z, self.y = z, y
        self.a = self.sigma.fn(z)
        return float(np.mean(self.cost.fn_of_z(z, y, self.sigma)))

    def backward(self, grad_out=1.0):
        return grad_out * self.cost.delta(self.z, self.a, self.y, self.sigma) / self.z.shape[1]


class SoftmaxCrossEntropy(Cost):
    """The softmax followed by the cross-entropy −Σ_j y_j ln a_j: backward is (a − y)/m."""

    def __init__(self):
        super().__init__("log_likelihood", Softmax.name)

    def __repr__(self):
        return "SoftmaxCrossEntropy()"


def softmax_jacobian(z):
    """The n × n Jacobian ∂a_j/∂z_i = a_j (1[i=j] − a_i) of the softmax at one column z."""
    a = Softmax.fn(np.asarray(z, dtype=float).reshape(-1, 1))[:, 0]
    return np.diag(a) - np.outer(a, a)


def softmax_vjp(z, g):
    """Jᵀ g for the softmax at z, without J: a ⊙ (g − Σ_j a_j g_j)."""
    return Softmax.backward(z, g)


def modules_of(net):
    """A Network as a row of modules: Linear, Activation, ..., Linear, Cost."""
    row = []
    for l in range(2, net.L + 1):
        row.append(Linear(net.w[l], net.b[l]))
        if l < net.L:
            row.append(Activation(net.activation.name))
    row.append(Cost(net.cost_function.name, net.output_activation.name))
    return row


def run(modules, x, y):
    """Forward through the row, then backward from the cost: returns C."""
    for module in modules[:-1]:
        x = module.forward(x)
    C = modules[-1].forward(x, y)
    grad = modules[-1].backward()
    for module in reversed(modules[:-1]):
        grad = module.backward(grad)
    return C


def gradients(modules):
    """The stored (dw, db) of the Linear modules, in order (layers 2..L)."""
    return [(m.dw, m.db) for m in modules if isinstance(m, Linear)]
