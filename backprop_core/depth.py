"""Deep networks: how the size of δ^l changes from layer to layer.  Used by chapter 14.

BP2 moves the error back one layer, δ^l = σ′(z^l) ⊙ ((w^{l+1})^T δ^{l+1}).  Taking
norms, with ‖w‖₂ the spectral norm (the largest singular value),

    ‖δ^l‖ ≤ max_j σ′(z^l_j) · ‖w^{l+1}‖₂ · ‖δ^{l+1}‖                    (the bound)

so the *factor per layer* r^l = ‖δ^l‖ / ‖δ^{l+1}‖ is at most
β^l = max_j σ′(z^l_j) ‖w^{l+1}‖₂, and for the sigmoid max σ′ = σ′(0) = 1/4, so
r^l ≤ ‖w^{l+1}‖₂ / 4.  Over many layers the factors multiply:
‖δ^l‖ = ‖δ^L‖ · r^l r^{l+1} ⋯ r^{L−1}, which shrinks or grows geometrically.

The bound is the worst case.  The typical factor, for weights with no structure
(δ^{l+1} unrelated to w^{l+1}, σ′(z^l) unrelated to (w^{l+1})^T δ^{l+1}), is

    r^l ≈ ρ^l = (‖w^{l+1}‖_F / √n_{l+1}) · (‖σ′(z^l)‖ / √n_l)         (the estimate)

the root-mean-square length of the rows of w^{l+1} (the columns of its
transpose, which BP2 adds up weighted by δ^{l+1}) times the root-mean-square σ′
of layer l.  For entries of variance v that is √(n_l v) · rms σ′: an
initialisation keeps ‖δ‖ steady when n_l v · E[σ′²] ≈ 1.  Xavier/Glorot's
variance 2/(n_in + n_out) (= 1/n for square layers, tanh′ ≈ 1 near 0) and He's
2/n_in (ReLU: σ′ is 1 on about half the neurons) are such choices.

Every norm here is computed as a base-10 logarithm by rescaling first
(‖v‖ = m ‖v/m‖, m = max |v_j|), so an exploding or vanishing network gives
finite numbers where ‖v‖² itself would overflow or underflow.  All values come
from the engine, ``ex = net.example(x, y)``.

A residual network (``residual=True``, chapter 14) has z^{l+1} = z^l + w^{l+1} a^l + b^{l+1}
in its hidden layers, and BP2 gains the identity: δ^l = δ^{l+1} + σ′(z^l) ⊙ ((w^{l+1})^T δ^{l+1}).
Then ‖δ^l‖ ≤ (1 + β^l) ‖δ^{l+1}‖ is the bound, and, the second term being unrelated to
δ^{l+1}, the estimate is ‖δ^l‖ ≈ √(1 + (ρ^l)²) ‖δ^{l+1}‖: never below 1.
"""
import numbers

import numpy as np

from . import checks
from .example import check_example
from .layers import Layers
from .network import Network

#: The initialisations: the standard deviation of every w^l_jk, times ``scale``.
INITS = {
    "normal": "N(0, 1): Nielsen's network.py (standard deviation 1)",
    "xavier": "Glorot & Bengio: variance 2/(n_in + n_out)",
    "he": "He et al.: variance 2/n_in",
}
#: The hidden activations of the chapter.
ACTIVATIONS = ("sigmoid", "tanh", "relu")
#: The deepest network the live figure builds (L, counting the input layer).
MAX_DEPTH = 30
#: The largest network this module builds (a reader's typo must not fill the memory).
MAX_LAYERS, MAX_WIDTH, MAX_WEIGHTS = 1000, 4096, 20_000_000
#: The longest training run of :func:`learning_speeds`.
MAX_EPOCHS = 1000


def _size(n, what, largest=MAX_WIDTH):
    n = checks.count(n, what)
    if n > largest:
        raise ValueError(f"{what} must be at most {largest}, got {n}")
    return n


def weight_std(init, n_in, n_out, scale=1.0):
    """The standard deviation of the entries of w^l with n_{l−1} = n_in inputs and n_l = n_out rows.

    "normal": scale · 1; "xavier": scale · √(2 / (n_in + n_out)); "he": scale · √(2 / n_in).
    """
    init = _init(init)
    n_in = _size(n_in, "n_in")
    n_out = _size(n_out, "n_out")
    scale = checks.positive(scale, "scale")
    base = {"normal": 1.0, "xavier": np.sqrt(2.0 / (n_in + n_out)),
            "he": np.sqrt(2.0 / n_in)}[init]
    return scale * float(base)


def deep_network(depth, width, activation="sigmoid", init="normal", scale=1.0, seed=0,
                 residual=False):
    """A network of ``depth`` layers L (counting the input), each ``width`` neurons wide.

    Hidden layers use ``activation``, the output layer is linear with the
    quadratic cost, so δ^L = a^L − y and every change below layer L is BP2's.
    Weights and biases as in :func:`initialised_network`; ``residual`` adds the skip
    connections of chapter 14.
    """
    depth = _size(depth, "depth", MAX_LAYERS)
    if depth < 3:
        raise ValueError(f"depth must be at least 3 layers (input, hidden, output), got {depth}")
    return initialised_network([_size(width, "width")] * depth, activation, init,
                               scale, seed, residual=residual)


def initialised_network(sizes, activation="sigmoid", init="normal", scale=1.0, seed=0,
                        output_activation="linear", cost="quadratic", residual=False):
    """``Network(sizes, ...)`` with w^l_jk ~ N(0, weight_std(init, n_{l−1}, n_l, scale)²) and b^l = 0.

    The weights are drawn from ``seed``; the biases start at zero so that the
    weights alone set the sizes of z^l and δ^l.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(ACTIVATIONS)}, got {activation!r}")
    _init(init)
    sizes = checks.sizes(sizes)
    if len(sizes) > MAX_LAYERS or max(sizes) > MAX_WIDTH:
        raise ValueError(f"sizes must have at most {MAX_LAYERS} layers of at most {MAX_WIDTH} "
                         f"neurons, got {len(sizes)} layers of up to {max(sizes)}")
    if sum(n * k for k, n in zip(sizes[:-1], sizes[1:])) > MAX_WEIGHTS:
        raise ValueError(f"sizes {sizes[:4]}... give more than {MAX_WEIGHTS:,} weights; "
                         "expected a smaller network")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)
                             or seed < 0):
        raise ValueError(f"seed must be a non-negative integer (or None), got {seed!r}")
    net = Network(sizes, activation=activation, output_activation=output_activation,
                  cost=cost, seed=seed, residual=residual)
    rng = np.random.default_rng(seed)
    n = net.n
    for l in net.w.layers:
        std = weight_std(init, n[l - 1], n[l], scale)
        net.w[l] = std * rng.standard_normal((n[l], n[l - 1]))
        net.b[l] = np.zeros((n[l], 1))
    return net


def deep_example(net, seed=0):
    """``net.example(x, y)`` for one input x ~ N(0, 1) and target y ~ N(0, 1), drawn from ``seed``."""
    if not isinstance(net, Network):
        raise TypeError(f"deep_example expected a Network, got {type(net).__name__}")
    rng = np.random.default_rng(seed)
    return net.example(rng.standard_normal((net.n[1], 1)), rng.standard_normal((net.n[net.L], 1)))


# ----- norms as logarithms --------------------------------------------------------
def log10_norm(v):
    """log₁₀ ‖v‖ (the Euclidean norm; Frobenius for a matrix), −inf for v = 0, never overflowing."""
    try:
        v = np.asarray(v, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"log10_norm expected an array of real numbers, got {type(v).__name__}") from None
    m = float(np.max(np.abs(v))) if v.size else 0.0
    if m == 0.0:
        return -np.inf
    if not np.isfinite(m):
        raise ValueError("log10_norm expected finite numbers; the array contains NaN or infinity")
    return float(np.log10(m) + np.log10(np.linalg.norm(v / m)))


def _log10_spectral(w):
    m = float(np.max(np.abs(w)))
    if m == 0.0:
        return -np.inf
    return float(np.log10(m) + np.log10(np.linalg.norm(w / m, 2)))


def _ex(ex, purpose):
    return check_example(ex, purpose)


def log_error_norms(ex):
    """log₁₀ ‖δ^l‖ for l = 2..L, from ``ex.delta``: ``log_error_norms(ex)[l]``."""
    ex = _ex(ex, "log_error_norms")
    return Layers([log10_norm(ex.delta[l]) for l in ex.delta.layers], 2, "log₁₀‖δ^l‖")


def log_gradient_norms(ex):
    """log₁₀ ‖∂C/∂w^l‖ for l = 2..L, from ``ex.nabla_w`` (by BP4, ‖δ^l‖ · ‖a^{l−1}‖)."""
    ex = _ex(ex, "log_gradient_norms")
    return Layers([log10_norm(ex.nabla_w[l]) for l in ex.nabla_w.layers], 2, "log₁₀‖∂C/∂w^l‖")


def _per_layer(values, symbol):
    """A Layers for l = 2..L−1 (the layers that have a layer l + 1 above them)."""
    return Layers(values, 2, symbol)


def log_factors(ex):
    """log₁₀ r^l, r^l = ‖δ^l‖ / ‖δ^{l+1}‖, for l = 2..L−1: the measured factor per layer."""
    norms = log_error_norms(ex)
    L = ex.L
    dead = [l + 1 for l in range(2, L) if norms[l + 1] == -np.inf]
    if dead:
        raise ValueError(f"δ^{dead[0]} = 0 (no neuron of the layer passes the error back), so the "
                         f"factor ‖δ^{dead[0] - 1}‖ / ‖δ^{dead[0]}‖ is undefined")
    return _per_layer([norms[l] - norms[l + 1] for l in range(2, L)], "log₁₀ r^l")


def log_bounds(ex):
    """log₁₀ β^l, β^l = max_j σ′(z^l_j) · ‖w^{l+1}‖₂, for l = 2..L−1: r^l ≤ β^l always
    (1 + β^l where layer l + 1 has a skip connection)."""
    ex = _ex(ex, "log_bounds")
    out = []
    for l in range(2, ex.L):
        peak = float(np.max(ex.net.sigma(l).prime(ex.z[l])))
        out.append(_with_skip(ex, l, (np.log10(peak) if peak > 0 else -np.inf)
                              + _log10_spectral(ex.w[l + 1]), 1.0))
    return _per_layer(out, "log₁₀ β^l")


def log_estimates(ex):
    """log₁₀ ρ^l, ρ^l = (‖w^{l+1}‖_F/√n_{l+1}) · (‖σ′(z^l)‖/√n_l), for l = 2..L−1: r^l ≈ ρ^l
    (√(1 + ρ²) where layer l + 1 has a skip connection)."""
    ex = _ex(ex, "log_estimates")
    n, out = ex.net.n, []
    for l in range(2, ex.L):
        prime = ex.net.sigma(l).prime(ex.z[l])
        out.append(_with_skip(ex, l, log10_norm(ex.w[l + 1]) - 0.5 * np.log10(n[l + 1])
                              + log10_norm(prime) - 0.5 * np.log10(n[l]), 2.0))
    return _per_layer(out, "log₁₀ ρ^l")


def _with_skip(ex, l, log_f, p):
    """log₁₀ f, or with a skip into layer l + 1 log₁₀ (1 + f^p)^{1/p} (p = 1: 1 + β; p = 2:
    √(1 + ρ²)), computed without overflow."""
    if l + 1 not in ex.skips:
        return log_f
    return float(np.logaddexp(0.0, p * log_f * np.log(10.0)) / (p * np.log(10.0)))


def mean_factor(log_values):
    """The geometric mean 10^(mean log₁₀) of per-layer factors (r, β or ρ)."""
    try:
        values = np.array(list(log_values), dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError("mean_factor expected the log₁₀ factors of the layers, "
                         "e.g. log_factors(ex)") from None
    if values.ndim != 1 or values.size == 0:
        raise ValueError("mean_factor needs at least one factor (a network of depth ≥ 3)")
    if not np.all(np.isfinite(values)):
        raise ValueError("mean_factor expected finite log₁₀ factors; a factor of 0 or infinity "
                         "has no geometric mean")
    return float(10.0 ** np.mean(values))


def predicted_log_norms(ex, log_per_layer):
    """log₁₀ ‖δ^L‖ + Σ_{k=l}^{L−1} log₁₀ f^k for l = 2..L: ‖δ^l‖ as the factors f predict it.

    With the bounds β this is an upper bound on ‖δ^l‖; with the estimates ρ a prediction.
    """
    norms = log_error_norms(ex)
    L = ex.L
    if not isinstance(log_per_layer, Layers) or list(log_per_layer.layers) != list(range(2, L)):
        raise ValueError(f"log_per_layer must be per-layer factors for l = 2..{L - 1} "
                         "(log_factors, log_estimates or log_bounds of the same example)")
    out = [norms[L]]
    for l in range(L - 1, 1, -1):
        out.append(out[-1] + log_per_layer[l])
    out.reverse()
    return Layers(out, 2, "predicted log₁₀‖δ^l‖")


# ----- learning speed while training ------------------------------------------------
def learning_speeds(net, training_data, epochs, mini_batch_size=10, eta=0.1, seed=0):
    """Train ``net`` by SGD for ``epochs`` epochs and record each layer's speed of learning.

    The speed of layer l is ‖∂C/∂b^l‖ = ‖δ^l‖ averaged over the whole training set
    (X, Y) (the measure Nielsen uses in his chapter 5), before training and after
    every epoch.  Returns ``(speeds, costs)``: ``speeds`` is a Layers for l = 2..L,
    ``speeds[l]`` an array of ``epochs + 1`` numbers, and ``costs`` the training
    cost C at the same moments.  ``net`` is trained in place.
    """
    if not isinstance(net, Network):
        raise TypeError(f"learning_speeds expected a Network, got {type(net).__name__}")
    epochs = _size(epochs, "epochs", MAX_EPOCHS)
    X, Y = _pair(training_data, net)
    rows, costs = [], []
    for epoch in range(epochs + 1):
        if epoch:
            net.SGD((X, Y), 1, mini_batch_size, eta, seed=seed + epoch, progress=False)
        ex = net.example(X, Y)
        rows.append([float(10.0 ** log10_norm(ex.nabla_b[l])) for l in ex.nabla_b.layers])
        costs.append(ex.cost)
    table = np.array(rows)
    speeds = Layers([table[:, i].copy() for i in range(table.shape[1])], 2, "speed of layer l")
    return speeds, np.array(costs)


def _pair(data, net):
    try:
        X, Y = data
    except (TypeError, ValueError):
        raise ValueError("training_data must be a pair (X, Y) with examples as columns") from None
    return checks.pair(X, Y, net.n[1], net.n[net.L])


def _init(init):
    if not isinstance(init, str) or init not in INITS:
        raise ValueError(f"init must be one of {list(INITS)}, got {init!r}")
    return init
