"""Cost functions C_x for one example x, and the output error δ^L they give.

Each cost is a small object with

* ``fn(a, y)``          — C_x for every column: an array of shape (m,);
* ``derivative(a, y)``  — ∇_a C_x, the vector of ∂C_x/∂a^L_j;
* ``fn_of_z(z, y, activation)`` — the same C_x computed from z^L, which
  stays exact where a^L rounds to 0 or 1 (the network's ``cost`` uses it);
* ``delta(z, a, y, activation)`` — δ^L = ∂C_x/∂z^L (BP1).  In general this is
  ∇_a C ⊙ σ′(z^L); for cross-entropy with a sigmoid output and for the
  log-likelihood with a softmax output the σ′ factor cancels and δ^L = a^L − y.

The cost of a batch is the mean of C_x over its columns (the book's first
assumption about C).

Used by every chapter through the network; chapter 2 states the two
assumptions about C, chapter 10 compares the costs.
"""
import numpy as np

# Keeps ln a finite when a saturated neuron outputs exactly 0 or 1.
_TINY = np.finfo(float).tiny
_ONE_BELOW = 1.0 - np.finfo(float).epsneg


class QuadraticCost:
    """C_x = ½ ‖a^L − y‖², so ∇_a C = a^L − y and δ^L = (a^L − y) ⊙ σ′(z^L)."""
    name = "quadratic"

    @staticmethod
    def fn(a, y):
        return 0.5 * np.sum((a - y) ** 2, axis=0)

    @staticmethod
    def derivative(a, y):
        return a - y

    @classmethod
    def fn_of_z(cls, z, y, activation):
        return cls.fn(activation.fn(z), y)

    @classmethod
    def delta(cls, z, a, y, activation):
        return activation.backward(z, cls.derivative(a, y), a)


class CrossEntropyCost:
    """C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], for sigmoid outputs.

    With a^L = σ(z^L) the σ′(z^L) factor cancels: δ^L = a^L − y.
    """
    name = "cross_entropy"

    @staticmethod
    def fn(a, y):
        a = np.clip(a, _TINY, _ONE_BELOW)
        return -np.sum(y * np.log(a) + (1.0 - y) * np.log1p(-a), axis=0)

    @staticmethod
    def derivative(a, y):
        a = np.clip(a, _TINY, _ONE_BELOW)
        return (a - y) / (a * (1.0 - a))

    @staticmethod
    def fn_of_z(z, y, activation):
        # ln σ(z) = −ln(1 + e^(−z)) and ln(1 − σ(z)) = −ln(1 + e^z), via logaddexp.
        return np.sum(y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z), axis=0)

    @staticmethod
    def delta(z, a, y, activation):
        return a - y


class LogLikelihoodCost:
    """C_x = −Σ_j y_j ln a_j, for a softmax output.

    δ^L = a^L (Σ_j y_j) − y, which is the familiar a^L − y whenever y is one-hot
    (or any probability vector).
    """
    name = "log_likelihood"

    @staticmethod
    def fn(a, y):
        return -np.sum(y * np.log(np.maximum(a, _TINY)), axis=0)

    @staticmethod
    def derivative(a, y):
        return -y / np.maximum(a, _TINY)

    @staticmethod
    def fn_of_z(z, y, activation):
        # ln a_j = z_j − ln Σ_k e^(z_k), shifted by max z so nothing overflows.
        top = np.max(z, axis=0, keepdims=True)
        log_a = z - top - np.log(np.sum(np.exp(z - top), axis=0, keepdims=True))
        return -np.sum(y * log_a, axis=0)

    @staticmethod
    def delta(z, a, y, activation):
        return a * np.sum(y, axis=0, keepdims=True) - y


COSTS = {cls.name: cls for cls in (QuadraticCost, CrossEntropyCost, LogLikelihoodCost)}
# The output activation each cost needs (None: any).
REQUIRED_OUTPUT = {"quadratic": None, "cross_entropy": "sigmoid", "log_likelihood": "softmax"}


def get_cost(name, output_activation):
    """Look up a cost by name and check it fits the output activation."""
    if not isinstance(name, str) or name not in COSTS:
        raise ValueError(f"unknown cost {name!r}; expected one of {sorted(COSTS)}")
    needed = REQUIRED_OUTPUT[name]
    if needed is not None and output_activation != needed:
        raise ValueError(
            f"cost {name!r} needs output_activation={needed!r}, got {output_activation!r}")
    return COSTS[name]
