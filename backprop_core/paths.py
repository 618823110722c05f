"""The big picture: ∂C/∂w^l_jk as a sum, over every path to the cost, of rate factors.

A change Δw^l_jk moves a^l_j, which moves every a^{l+1}_q, ..., every a^L_m, and so
the cost C.  Along one path  w^l_jk → a^l_j → a^{l+1}_q → ... → a^L_m → C  each edge
has a *rate factor*, the partial derivative of its end with respect to its start:

    ∂a^l_j / ∂w^l_jk      = σ′(z^l_j) a^{l−1}_k           (the first edge)
    ∂a^{i}_q / ∂a^{i−1}_p = σ′(z^i_q) w^i_qp              (a middle edge)
    ∂C / ∂a^L_m                                            (the last edge)

A path's rate is the product of its factors, and

    ∂C/∂w^l_jk = Σ_{paths} (product of the rate factors along the path).

With the weighted inputs z as the intermediate variables instead ("the clever
step") the path is  w^l_jk → z^l_j → z^{l+1}_q → ... → z^L_m → C  with factors

    ∂z^l_j / ∂w^l_jk = a^{l−1}_k,   ∂z^i_q / ∂z^{i−1}_p = w^i_qp σ′(z^{i−1}_p),   ∂C/∂z^L_m = δ^L_m,

and the same sum.  Every path then starts with a^{l−1}_k, and what is left, the sum
over the paths from z^l_j to C, is δ^l_j: backprop (BP2) computes those sums for all
j of one layer at once, reusing the layer above, so its work grows like the number of
weights while the number of paths grows like the product of the layer widths.

A softmax output layer is not elementwise: its a^L_m depends on every z^L_i, so
∂a^L_m/∂a^{L−1}_p = Σ_i (∂a^L_m/∂z^L_i) w^L_ip, and a weight of layer L reaches every
a^L_m.  The code below uses the Jacobian ∂a^i/∂z^i of each layer, which is the
diagonal matrix Σ′(z^i) for the elementwise activations, so both cases are covered.

Everything is for one training example, ``ex = net.example(x, y)``: the cost is C_x.
The functions of the network's shape alone (:func:`count_paths`,
:func:`number_of_weights`) take the layer sizes.  Used by chapter 9.

Numerically the z route is the safer one: with a saturated softmax or sigmoid
output and the log-likelihood or cross-entropy cost, ∂C/∂a^L_m is huge exactly where
∂a^L_m/∂z^L is 0, and the a route loses the cancellation that δ^L = a^L − y keeps
(its sum stays finite but can be wrong at z = ±1000; the z route stays exact).
"""
import itertools
import math
from dataclasses import dataclass

import numpy as np

from . import checks
from .activations import as_activation
from .example import check_example
from .layers import Layers
from .divergence import quiet

#: Enumerating more paths than this raises ValueError (the count grows exponentially).
MAX_PATHS = 10_000

VIA = ("a", "z")
#: The widest layer :func:`jacobian` takes (its result is an n × n matrix).
MAX_JACOBIAN = 2000


@dataclass(frozen=True)
class Path:
    """One path from w^l_jk to C.

    ``nodes`` are (layer, neuron) pairs from layer l to layer L, ``factors`` the
    rate factors of its edges (first edge, middle edges, last edge into C), and
    ``rate`` their product.  ``via`` is "a" (activations) or "z" (weighted inputs).
    """
    via: str
    nodes: tuple
    factors: tuple
    rate: float

    def label(self):
        """The path written out, e.g. 'w → a^2_0 → a^3_1 → a^4_0 → C'."""
        return " → ".join(["w"] + [f"{self.via}^{i}_{n}" for i, n in self.nodes] + ["C"])


def number_of_weights(sizes):
    """Σ_l n_l n_{l−1}: how many weights w^l_jk the network ``sizes`` has."""
    sizes = checks.sizes(sizes, limit=None)
    n = Layers(sizes, 1, "n_l")                        # n[l] is n_l, the width of layer l
    return sum(n[l] * n[l - 1] for l in range(2, len(sizes) + 1))


def count_paths(sizes, l, softmax_output=False, via="a"):
    """How many paths lead from one weight w^l_jk to the cost in a network ``sizes``.

    A path picks one neuron in each of the layers l+1, ..., L, so there are
    n_{l+1} n_{l+2} ⋯ n_L of them (1 for l = L).  With a softmax output and the
    activations as variables, a weight of layer L reaches all n_L outputs.
    """
    sizes = checks.sizes(sizes, limit=None)
    L = len(sizes)
    l = checks.layer(l, L)
    _check_via(via)
    n = Layers(sizes, 1, "n_l")                        # n[l] is n_l, the width of layer l
    count = math.prod(n[i] for i in range(l + 1, L + 1))
    if softmax_output and via == "a" and l == L:
        count = n[L]
    return count


def jacobian(sigma, z):
    """∂a/∂z for one column z: Σ′(z) (diagonal) for elementwise σ, the full matrix for softmax.

    Built from ``sigma.backward``, which returns (∂a/∂z)^T ∇_a C: feeding the
    identity as ∇_a C gives the transposed Jacobian column by column.
    """
    sigma = as_activation(sigma, "sigma")
    z = checks.real_array(z, "z")
    if z.ndim != 2 or z.shape[1] != 1 or not 1 <= z.shape[0] <= MAX_JACOBIAN:
        raise ValueError(f"z has shape {z.shape}; expected a column (n, 1) with "
                         f"1 ≤ n ≤ {MAX_JACOBIAN}")
    n = z.shape[0]
    with quiet():
        return checks.finite_result(sigma.backward(np.repeat(z, n, axis=1), np.eye(n)).T,
                                    "the Jacobian ∂a/∂z")


@dataclass(frozen=True)
class RateFactors:
    """Every rate factor of one example, for the paths from w^l_jk.

    ``first[m]``   ∂a^l_m/∂w^l_jk (via a) or ∂z^l_m/∂w^l_jk (via z), for each m of layer l;
    ``edges[i]``   for i = l+1..L, the matrix whose (q, p) entry is ∂a^i_q/∂a^{i−1}_p
                   or ∂z^i_q/∂z^{i−1}_p (a Layers indexed by the layer number i);
    ``last[m]``    ∂C/∂a^L_m or ∂C/∂z^L_m = δ^L_m.
    """
    via: str
    l: int
    first: np.ndarray
    edges: Layers
    last: np.ndarray


def rate_factors(ex, l, j, k, via="a"):
    """The rate factors of every edge on the paths from w^l_jk to C, for the one
    example ``ex = net.example(x, y)``.

    Only the forward pass (``ex.z[i]``, ``ex.a[i]``), the weights ``ex.w[i]`` and
    the cost's derivative at the output are used, never backprop's δ^l, so the
    sum over paths is an independent check on backprop.
    """
    l, j, k = _check_example(ex, l, j, k)
    _check_via(via)
    net, L = ex.net, ex.L
    z, a, w = ex.z, ex.a, ex.w
    if via == "a":
        J = {i: jacobian(net.sigma(i), z[i]) for i in range(l, L + 1)}
        first = J[l][:, j] * a[l - 1][k, 0]                        # σ′(z^l_m)·[m=j]·a^{l−1}_k
        edges = [J[i] @ w[i] for i in range(l + 1, L + 1)]         # σ′(z^i_q) w^i_qp
        last = net.cost_function.derivative(a[L], ex.y)[:, 0]      # ∂C/∂a^L_m
        symbol = "∂a^l/∂a^(l−1)"
    else:
        first = np.zeros(z[l].shape[0])
        first[j] = a[l - 1][k, 0]                                  # a^{l−1}_k
        edges = [w[i] * net.sigma(i - 1).prime(z[i - 1]).T         # w^i_qp σ′(z^{i−1}_p)
                 for i in range(l + 1, L + 1)]
        last = net.cost_function.delta(z[L], a[L], ex.y, net.output_activation)[:, 0]  # δ^L_m
        symbol = "∂z^l/∂z^(l−1)"
    return RateFactors(via, l, first, Layers(edges, l + 1, symbol), last)


def enumerate_paths(ex, l, j, k, via="a", max_paths=MAX_PATHS):
    """Every path from w^l_jk to C with its rate factors and rate, for the one
    example ``ex = net.example(x, y)``.

    Raises ValueError when there are more than ``max_paths`` paths (their number is
    the product of the widths of layers l+1..L, so it explodes with depth).
    """
    l, j, k = _check_example(ex, l, j, k)
    _check_via(via)
    net, L = ex.net, ex.L
    softmax = net.output_activation.name == "softmax"
    count = count_paths(net.sizes, l, softmax, via)
    max_paths = checks.count(max_paths, "max_paths")
    if count > max_paths:
        raise ValueError(f"w^{l}_{j}{k} has {count} paths to the cost in a {net.sizes} "
                         f"network, more than the limit max_paths={max_paths}; "
                         "raise max_paths or pick a later layer")
    R = rate_factors(ex, l, j, k, via)
    width = {i: ex.a[i].shape[0] for i in range(l, L + 1)}    # n_i for the layers l..L
    starts = [m for m in range(width[l]) if m == j or (via == "a" and l == L and softmax)]
    paths = []
    for route in itertools.product(starts, *[range(width[i]) for i in range(l + 1, L + 1)]):
        nodes = tuple(zip(range(l, L + 1), route))             # (layer, neuron) from l to L
        start, end = route[0], route[-1]                       # its neurons in layers l and L
        factors = [R.first[start]]
        for (_, p), (i, q) in zip(nodes[:-1], nodes[1:]):
            factors.append(R.edges[i][q, p])                   # the edge into neuron q of layer i
        factors.append(R.last[end])
        factors = tuple(float(f) for f in factors)
        paths.append(Path(via, nodes, factors, math.prod(factors)))
    return paths


def path_sum(ex, l, j, k, via="a", max_paths=MAX_PATHS):
    """Σ over all paths of the path rates: ∂C_x/∂w^l_jk the long way round, for the
    one example ``ex = net.example(x, y)``."""
    return math.fsum(p.rate for p in enumerate_paths(ex, l, j, k, via, max_paths))


def largest(paths, n=5):
    """The n paths with the largest |rate|, largest first."""
    paths = _paths(paths)
    n = checks.integer(n, "n", 0)
    return sorted(paths, key=lambda p: -abs(p.rate))[:n]


def edge_flows(paths):
    """Σ |rate| of the paths through each edge: {(layer_from, p, layer_to, q): flow}.

    An edge into the cost is keyed (L, m, None, None).
    """
    flows = {}
    for p in _paths(paths):
        nodes = list(p.nodes) + [(None, None)]
        for (i0, n0), (i1, n1) in zip(nodes[:-1], nodes[1:]):
            key = (i0, n0, i1, n1)
            flows[key] = flows.get(key, 0.0) + abs(p.rate)
    return flows


def _paths(paths):
    """``paths`` as a list of :class:`Path` (what :func:`enumerate_paths` returns), or a TypeError."""
    if isinstance(paths, (list, tuple)) and all(isinstance(p, Path) for p in paths):
        return list(paths)
    raise checks.KindError(f"paths must be a list of paths from enumerate_paths(ex, l, j, k), "
                           f"got {checks.show(paths)}")


def _check_via(via):
    if not isinstance(via, str) or via not in VIA:
        raise ValueError(f"via must be 'a' (activations) or 'z' (weighted inputs), got {via!r}")


def _check_example(ex, l, j, k):
    """Check ``ex`` is one network on one example and w^l_jk exists; return (l, j, k)."""
    check_example(ex, "tracing paths")
    return checks.weight(ex.net.sizes, l, j, k)
