"""Activation functions σ and their derivatives σ′.

Each activation is a small object with

* ``fn(z)``      — a = σ(z), applied elementwise to the weighted input z;
* ``prime(z)``   — σ′(z), elementwise (not defined for softmax);
* ``backward(z, dC_da)`` — ∂C/∂z given ∂C/∂a, i.e. Σ′(z) ∇_a C.  For an
  elementwise σ this is the Hadamard product ∇_a C ⊙ σ′(z), the form BP1 and
  BP2 use.  Softmax is not elementwise, so it multiplies by its Jacobian.

Arrays are column vectors (n, 1) or n × m matrices whose columns are examples.

Used by every chapter through the network; chapters 0, 3 and 6 show σ and σ′,
and chapter 10 the softmax.
"""
import numpy as np
from scipy.special import expit

from . import checks


#: A neuron counts as saturated where σ′(z) is below this fraction of σ′'s
#: largest value: it learns at under 1 % of its best speed.
SATURATION = 0.01


def saturated(activation, z):
    """Whether σ′(z) < SATURATION · max σ′ (elementwise; a bool for a number).

    For the sigmoid, max σ′ = σ′(0) = 1/4, so this is σ′(z) < 0.0025, i.e.
    |z| > 5.99.  The one saturation rule of the package (chapters 0, 3 and 6).
    """
    activation = as_activation(activation, "activation")
    if activation is Softmax:
        raise ValueError("saturation is defined for an elementwise activation; softmax has no σ′(z)")
    peak = getattr(activation, "peak_prime", None)
    if peak is None:
        raise ValueError("saturation needs the activation's largest σ′ as .peak_prime")
    z = checks.real_array(z, "z", finite=False)
    out = np.asarray(activation.prime(z)) < SATURATION * peak
    return bool(out) if out.ndim == 0 else out


class Elementwise:
    """An activation applied neuron by neuron: ∂C/∂z = ∇_a C ⊙ σ′(z) (BP1, BP2)."""

    #: the largest value of σ′ (σ′(0) for the sigmoid and tanh)
    peak_prime = 1.0

    @classmethod
    def backward(cls, z, dC_da, a=None):
        """∇_a C ⊙ σ′(z); given a = σ(z) as well, σ′ is computed from it (the hot path)."""
        return dC_da * (cls.prime(z) if a is None else cls.prime_of(z, a))

    @classmethod
    def prime_of(cls, z, a):
        """σ′(z), given a = σ(z) too (an activation whose σ′ is cheaper from a overrides this)."""
        return cls.prime(z)


class Sigmoid(Elementwise):
    """σ(z) = 1 / (1 + e^(−z)).

    Computed by ``scipy.special.expit``, which never overflows (it uses
    e^z/(1 + e^z) for z < 0) and is accurate to full relative precision even
    where σ(z) is tiny (z = −30 gives 9.4e-14, not a rounded 0.5·(1 − 0.999…));
    it is also faster than the plain formula.
    """
    name = "sigmoid"
    peak_prime = 0.25

    @staticmethod
    def fn(z):
        return expit(z)

    @staticmethod
    def prime(z):
        s = Sigmoid.fn(z)
        return s * (1.0 - s)

    @staticmethod
    def prime_of(z, a):
        """σ′(z) = σ(z)(1 − σ(z)) from a = σ(z)."""
        return a * (1.0 - a)


class Tanh(Elementwise):
    """tanh(z), with tanh′(z) = 1 − tanh²(z)."""
    name = "tanh"

    @staticmethod
    def fn(z):
        return np.tanh(z)

    @staticmethod
    def prime(z):
        return 1.0 - np.tanh(z) ** 2

    @staticmethod
    def prime_of(z, a):
        """tanh′(z) = 1 − a² from a = tanh(z)."""
        return 1.0 - a * a


class ReLU(Elementwise):
    """max(0, z); its derivative is 1 for z > 0 and 0 otherwise."""
    name = "relu"

    @staticmethod
    def fn(z):
        return np.maximum(z, 0.0)

    @staticmethod
    def prime(z):
        return (np.asarray(z) > 0).astype(float)


class Linear(Elementwise):
    """The identity σ(z) = z, with σ′(z) = 1."""
    name = "linear"

    @staticmethod
    def fn(z):
        return np.array(z, dtype=float, copy=True)

    @staticmethod
    def prime(z):
        return np.ones_like(z, dtype=float)


class Softmax:
    """a_j = e^(z_j) / Σ_k e^(z_k), column by column (output layer only).

    Not elementwise: ∂a_j/∂z_i = a_j (1[i=j] − a_i), so
    ∂C/∂z = a ⊙ (∇_a C − Σ_j a_j (∇_a C)_j).
    """
    name = "softmax"

    @staticmethod
    def fn(z):
        e = np.exp(z - np.max(z, axis=0, keepdims=True))
        return e / np.sum(e, axis=0, keepdims=True)

    @staticmethod
    def prime(z):
        raise ValueError(
            "softmax has no elementwise derivative σ′(z); use Softmax.backward(z, dC_da), "
            "which multiplies by its Jacobian")

    @classmethod
    def backward(cls, z, dC_da, a=None):
        a = cls.fn(z) if a is None else a
        return a * (dC_da - np.sum(a * dC_da, axis=0, keepdims=True))


ACTIVATIONS = {cls.name: cls for cls in (Sigmoid, Tanh, ReLU, Linear, Softmax)}
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")


def get_activation(name, output=False):
    """Look up an activation by name; softmax is allowed only for the output layer.

    One of the activation classes themselves (e.g. ``Tanh``) is accepted too.  An
    unknown name raises ValueError listing the valid names; anything that is
    neither a name nor an activation raises a TypeError (:class:`~backprop_core.checks.KindError`).
    """
    valid = sorted(ACTIVATIONS) if output else list(HIDDEN_ACTIVATIONS)
    if isinstance(name, type) and name in ACTIVATIONS.values():
        name = name.name
    if not isinstance(name, str):
        raise checks.KindError(f"the activation must be a name, one of {valid}, "
                               f"got {checks.show(name)} (of type {type(name).__name__})")
    if name not in ACTIVATIONS:
        close = [v for v in valid if v.startswith(name.strip().lower()[:3])] if name.strip() else []
        hint = f" (did you mean {close[0]!r}?)" if close and close[0] != name else ""
        raise ValueError(f"unknown activation {name!r}; expected one of {valid}{hint}")
    if name == "softmax" and not output:
        raise ValueError(
            "softmax can only be the output activation (output_activation='softmax'); "
            f"hidden layers take one of {list(HIDDEN_ACTIVATIONS)}")
    return ACTIVATIONS[name]


def as_activation(sigma, what="sigma"):
    """An activation object from a name ('tanh'), a class (``Tanh``), or an object with
    ``fn`` and ``prime`` (a reader's own σ); otherwise a clear error naming ``what``."""
    if isinstance(sigma, str) or (isinstance(sigma, type) and sigma in ACTIVATIONS.values()):
        return get_activation(sigma, output=True)
    if callable(getattr(sigma, "fn", None)) and callable(getattr(sigma, "prime", None)):
        return sigma
    raise checks.KindError(f"{what} must be an activation name such as 'tanh' (one of "
                           f"{sorted(ACTIVATIONS)}) or an object with .fn and .prime; "
                           f"got {checks.show(sigma)}")


def _z(z):
    """A reader's z checked: real numbers (±inf allowed, σ has limits there), no NaN."""
    z = checks.real_array(z, "z", finite=False)
    if np.any(np.isnan(z)):
        raise ValueError("z contains NaN; expected real numbers")
    return z


def sigmoid(z):
    """σ(z), the logistic function (Sigmoid.fn, with z checked first)."""
    return Sigmoid.fn(_z(z))


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)) (Sigmoid.prime, with z checked first)."""
    return Sigmoid.prime(_z(z))
