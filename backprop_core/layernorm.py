"""Layer normalisation of z^l in a deep network, and what it does to ‖δ^l‖.  Used by chapter 14.

Each hidden layer l = 2..L−1 normalises its weighted input, per example, over the
n_l neurons of the layer, before σ:

    z^l = w^l a^{l−1} + b^l,   μ = mean_j z^l_j,   s = √(mean_j (z^l_j − μ)² + ε),
    ẑ^l = (z^l − μ) / s,       a^l = σ(ẑ^l).

To keep it short there is no learned gain or bias after the normalisation (the
usual layer norm multiplies ẑ^l by γ and adds β, two more parameters per neuron).
The output layer is not normalised.  Backwards, BP2 first gives δ_ẑ = ∂C/∂ẑ^l =
σ′(ẑ^l) ⊙ ((w^{l+1})^T δ^{l+1}), and the normalisation's backward turns it into

    δ^l = ∂C/∂z^l = (1/s) (δ_ẑ − mean(δ_ẑ) − ẑ^l · mean(δ_ẑ ⊙ ẑ^l)).

BP1, BP3 and BP4 are unchanged.  With ``normalise=False`` every step is the
engine's (``backprop_core.algorithm``), so the numbers are ``net.example(x, y)``'s.
The network and example are ``backprop_core.depth``'s (``deep_network``,
``deep_example``), so the curves are measured as chapter 14's figure measures them.
"""
import numpy as np

from . import checks
from .depth import log10_norm
from .divergence import quiet
from .layers import Layers
from .network import Network

#: The ε under the square root: a layer whose z^l are all equal gives ẑ^l = 0, not 0/0.
EPS = 1e-5


def normalisation_backward(z, d_hat, eps=EPS):
    """∂C/∂z = (1/s)(δ_ẑ − mean(δ_ẑ) − ẑ · mean(δ_ẑ ⊙ ẑ)) from δ_ẑ = ∂C/∂ẑ, per column of z
    (ε ≥ 0: ε = 0 is the formula without the safeguard, for z not all equal)."""
    z, d_hat = np.asarray(z, dtype=float), np.asarray(d_hat, dtype=float)
    centred = z - z.mean(axis=0, keepdims=True)
    s = np.sqrt((centred ** 2).mean(axis=0, keepdims=True) + eps)
    zh = centred / s
    return (d_hat - d_hat.mean(axis=0, keepdims=True)
            - zh * (d_hat * zh).mean(axis=0, keepdims=True)) / s


class NormExample:
    """``net`` on the examples in the columns of x (targets y), hidden layers normalised.

    ``z``, ``zhat`` (ẑ^l, hidden layers only), ``a``, ``delta`` (δ^l = ∂C/∂z^l),
    ``nabla_b``, ``nabla_w`` are Layers as in ``net.example(x, y)``; ``cost`` is C.
    """

    def __init__(self, net, x, y, normalise=True, eps=EPS):
        if not isinstance(net, Network):
            raise TypeError(f"NormExample expected a Network, got {type(net).__name__}")
        if net.skips:
            raise ValueError("NormExample builds plain networks; residual=True is not supported")
        if not isinstance(normalise, (bool, np.bool_)):
            raise TypeError(f"normalise must be True or False, got {checks.show(normalise)}")
        self.net, self.normalise, self.eps = net, bool(normalise), checks.positive(eps, "eps")
        x, y = checks.pair(x, y, net.sizes[0], net.sizes[-1])
        with quiet():
            self._forward(x)
            self._backward(y)
        for name in ("z", "a", "delta", "nabla_w"):
            if not all(np.all(np.isfinite(v)) for _, v in getattr(self, name).items()):
                raise ValueError(f"{name} overflowed; use smaller weights or inputs")

    def _forward(self, x):
        net, L = self.net, self.net.L
        z, zhat, s, a = {}, {}, {}, {1: x}
        for l in range(2, L + 1):
            z[l] = net.w[l] @ a[l - 1] + net.b[l]
            if self.normalise and l < L:
                centred = z[l] - z[l].mean(axis=0, keepdims=True)
                s[l] = np.sqrt((centred ** 2).mean(axis=0, keepdims=True) + self.eps)
                zhat[l] = centred / s[l]
                a[l] = net.sigma(l).fn(zhat[l])
            else:
                a[l] = net.sigma(l).fn(z[l])
        self.z, self.a = Layers.of(z, "z^l"), Layers.of(a, "a^l")
        self.zhat, self._s = zhat, s
        self.x = x

    def _backward(self, y):
        net, L, z, a = self.net, self.net.L, self.z, self.a
        C, m = net.cost_function, y.shape[1]
        self.cost = float(np.mean(C.fn_of_z(z[L], y, net.sigma(L))))
        delta, nabla_b, nabla_w = {L: C.delta(z[L], a[L], y, net.sigma(L))}, {}, {}   # BP1
        for l in range(L - 1, 1, -1):
            back = net.w[l + 1].T @ delta[l + 1]
            if self.normalise:
                d_hat = back * net.sigma(l).prime(self.zhat[l])           # ∂C/∂ẑ^l
                delta[l] = normalisation_backward(z[l], d_hat, self.eps)
            else:
                delta[l] = back * net.sigma(l).prime(z[l])                # BP2
        for l in range(2, L + 1):
            nabla_b[l] = delta[l].sum(axis=1, keepdims=True) / m           # BP3
            nabla_w[l] = delta[l] @ a[l - 1].T / m                         # BP4
        self.delta = Layers.of(delta, "δ^l")
        self.nabla_b = Layers.of(nabla_b, "∂C/∂b^l")
        self.nabla_w = Layers.of(nabla_w, "∂C/∂w^l")

    @property
    def L(self):
        return self.net.L


def norm_example(net, seed=0, normalise=True, eps=EPS):
    """``NormExample`` for ``depth.deep_example``'s x and y (the same draw from ``seed``)."""
    if not isinstance(net, Network):
        raise TypeError(f"norm_example expected a Network, got {type(net).__name__}")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((net.n[1], 1))
    y = rng.standard_normal((net.n[net.L], 1))
    return NormExample(net, x, y, normalise, eps)


def cost(net, x, y, normalise=True, eps=EPS):
    """C for ``net`` on x, y with (or without) the normalisation: what finite differences nudge."""
    return NormExample(net, x, y, normalise, eps).cost


def log_error_norms(ex):
    """log₁₀ ‖δ^l‖ for l = 2..L (as ``depth.log_error_norms``)."""
    return Layers([log10_norm(ex.delta[l]) for l in ex.delta.layers], 2, "log₁₀‖δ^l‖")


def log_gradient_norms(ex):
    """log₁₀ ‖∂C/∂w^l‖ for l = 2..L (as ``depth.log_gradient_norms``)."""
    return Layers([log10_norm(ex.nabla_w[l]) for l in ex.nabla_w.layers], 2, "log₁₀‖∂C/∂w^l‖")
