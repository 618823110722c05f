"""Why backprop is fast: counting and timing the gradient both ways.

Finite differences estimate each partial derivative from extra evaluations of the
cost, one weight or bias at a time:

    ∂C/∂w_j ≈ (C(w + ε e_j) − C(w)) / ε          (forward: P + 1 forward passes)
    ∂C/∂w_j ≈ (C(w + ε e_j) − C(w − ε e_j)) / 2ε  (central: 2P forward passes)

for a network with P parameters (weights and biases).  The estimate carries a
truncation error that falls like ε (forward) or ε² (central) and a round-off
error that grows like 1/ε.  Backprop gets all P partial derivatives from one
forward pass and one backward pass.  Counted in multiplications
(:func:`multiplications`), the forward pass is one matrix–vector product per
layer, w^l a^{l−1}, and the backward pass about two, (w^{l+1})^T δ^{l+1} (BP2)
and the outer product δ^l (a^{l−1})^T (BP4): the whole gradient costs about
three forward passes (between 2 and 3: BP2 is not needed at the input).

The finite-difference gradient itself is ``backprop_core.gradcheck.numerical_gradient``
(it returns Layers, like backprop: ``nabla_w[l]`` ≈ ∂C/∂w^l); this module only
counts, measures and fits.  Used by chapter 8; its timer :func:`best_times` is
also used by chapters 2, 7, 9 and 11.
"""
import math
import time
import timeit

import numpy as np

from . import checks
from .gradcheck import numerical_gradient, relative_error
from .network import Network

METHODS = ("forward", "central")
#: The deepest network :func:`network_with_weights` and :func:`race` build.
MAX_LAYERS = 100


def number_of_parameters(sizes):
    """P = Σ_l (n_l n_{l−1} + n_l): every weight w^l_jk and every bias b^l_j."""
    sizes = checks.sizes(sizes, limit=None)
    return sum(n * k + n for k, n in zip(sizes[:-1], sizes[1:]))


def forward_passes_needed(sizes, method="forward"):
    """Evaluations of the cost a finite-difference gradient needs: P + 1 (forward) or 2P (central)."""
    _check_method(method)
    P = number_of_parameters(sizes)
    return P + 1 if method == "forward" else 2 * P


def multiplications(sizes):
    """The multiplications of backprop for one example, counted product by product.

    ``forward`` = Σ_{l=2..L} n_l n_{l−1} (w^l a^{l−1}: one per weight),
    ``bp2`` = Σ_{l=2..L−1} n_{l+1} n_l ((w^{l+1})^T δ^{l+1}; no δ^1 is needed, so
    the first weight layer has none), ``bp4`` = Σ_{l=2..L} n_l n_{l−1} (the outer
    product δ^l (a^{l−1})^T: one per weight again).  The products by σ′ and the
    biases, one per neuron, are left out beside one per weight.  ``passes`` is
    (forward + bp2 + bp4) / forward, backprop's cost in forward passes: 2 when
    the first layer holds nearly all the weights, near 3 for many equal layers.
    """
    sizes = checks.sizes(sizes, limit=None)
    forward = sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    bp2 = sum(n * n_next for n, n_next in zip(sizes[1:-1], sizes[2:]))
    return {"forward": forward, "bp2": bp2, "bp4": forward,
            "passes": (2 * forward + bp2) / forward}


def count_cost_evaluations(net, X, Y, method="forward", eps=1e-6):
    """Run ``numerical_gradient`` and count how many times it evaluates the cost.

    Returns ``(count, (nabla_b, nabla_w))``, the gradient as two Layers
    (``nabla_w[l]`` ≈ ∂C/∂w^l).  The counter wraps ``net.cost`` for the
    duration of the call only.
    """
    _check_method(method)
    _network(net)
    calls = 0
    original = net.cost

    def counted(*args, **kwargs):
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    net.cost = counted
    try:
        gradient = numerical_gradient(net, X, Y, eps=eps, method=method)
    finally:
        del net.cost
    return calls, gradient


def error_vs_eps(net, X, Y, eps_values, method="forward"):
    """Relative error of the finite-difference gradient against backprop, for each ε."""
    _check_method(method)
    _network(net)
    eps_values = _positive_array(eps_values, "eps_values")
    nabla_b, nabla_w = net.backprop_batch(X, Y)
    errors = []
    for eps in eps_values:
        fd_b, fd_w = numerical_gradient(net, X, Y, eps=float(eps), method=method)
        errors.append(relative_error([*nabla_b, *nabla_w], [*fd_b, *fd_w]))
    return np.array(errors)


def fitted_slope(x, y):
    """The slope of the least-squares line through (log10 x, log10 y)."""
    x, y = _positive_array(x, "x"), _positive_array(y, "y")
    if x.shape != y.shape or x.size < 2:
        raise ValueError(f"need at least two (x, y) points of equal length, got {x.size} and {y.size}")
    if np.unique(x).size < 2:
        raise ValueError("x must hold at least two different values to fit a line through")
    return float(np.polyfit(np.log10(x), np.log10(y), 1)[0])


def error_slopes(eps_values, errors, margin=100.0):
    """Split an error-vs-ε curve at its minimum and fit a slope on each side.

    Returns ``{"best_eps", "best_error", "truncation", "roundoff"}``: the slope of
    log(error) against log(ε) over ε ≥ margin·best_eps (truncation, expected 1 for
    forward and 2 for central differences) and over ε ≤ best_eps/margin (round-off,
    expected −1).
    """
    eps_values = _positive_array(eps_values, "eps_values")
    errors = _positive_array(errors, "errors")
    margin = checks.in_range(margin, "margin", 1.0, 1e300)
    if eps_values.shape != errors.shape:
        raise ValueError(f"eps_values has {eps_values.size} values but errors has "
                         f"{errors.size}; expected one error per ε")
    i = int(np.argmin(errors))
    best = eps_values[i]
    big, small = eps_values >= margin * best, eps_values <= best / margin
    if big.sum() < 2 or small.sum() < 2:
        raise ValueError(f"the ε range must reach a factor {margin:g} beyond the best ε "
                         f"({best:.1e}) on both sides, with two points each")
    return {"best_eps": float(best), "best_error": float(errors[i]),
            "truncation": fitted_slope(eps_values[big], errors[big]),
            "roundoff": fitted_slope(eps_values[small], errors[small])}


def best_time(fn, repeat=5, min_total=0.01, timer=time.process_time):
    """The fastest time of one call of ``fn()``, in seconds (best of ``repeat`` timed loops).

    Each loop runs ``fn`` enough times to last at least ``min_total`` seconds.
    The clock is ``timer``: by default the CPU time of this process, which other
    programs running on the machine do not inflate the way they do wall-clock time.
    """
    if not callable(fn):
        raise checks.KindError(f"fn must be a function to time, got {checks.show(fn)}")
    return best_times([fn], repeat, min_total, timer)[0]


def best_times(fns, repeat=5, min_total=0.01, timer=time.process_time):
    """Like :func:`best_time` for several functions, timed side by side.

    The loops of the different functions alternate (f, g, f, g, ...), so a burst of
    load on the machine slows all of them alike and their ratios stay meaningful.
    """
    fns = list(fns) if isinstance(fns, (list, tuple)) else fns
    if not isinstance(fns, list) or not fns or not all(callable(fn) for fn in fns):
        raise checks.KindError(f"fns must be a non-empty list of functions, got {checks.show(fns)}")
    repeat = checks.integer(repeat, "repeat", 1, 1000)
    min_total = checks.in_range(min_total, "min_total (seconds)", 0.0, 10.0)
    if not callable(timer):
        raise checks.KindError(f"timer must be a clock function, got {checks.show(timer)}")
    timers = [timeit.Timer(fn, timer=timer) for fn in fns]
    numbers, best = [], []
    for timer in timers:                       # calibrate: loops of ≥ min_total seconds
        number = 1
        while True:
            t = timer.timeit(number)
            if t >= min_total or number >= 1_000_000:
                break
            number *= 2 if t == 0 else max(2, min(10, math.ceil(min_total / t)))
        numbers.append(number)
        best.append(t / number)
    for _ in range(max(repeat - 1, 0)):
        for i, timer in enumerate(timers):
            best[i] = min(best[i], timer.timeit(numbers[i]) / numbers[i])
    return best


def network_with_weights(target, layers=3, seed=0):
    """A network of ``layers`` equal widths n with about ``target`` weights: (L−1) n² ≈ target."""
    layers = _layers(layers)
    target = checks.real(target, "target number of weights")
    if not 1 <= target <= checks.MAX_WEIGHTS:
        raise ValueError(f"target number of weights must be ≥ 1 (and at most "
                         f"{checks.MAX_WEIGHTS:.0e}), got {checks.show(target)}")
    n = max(1, round(math.sqrt(target / (layers - 1))))
    return Network([n] * layers, seed=seed)


def race(targets, fd_limit=10_000, layers=3, seed=0, repeat=7):
    """Time one forward pass, backprop and the finite-difference gradient for growing networks.

    For each target number of weights a network of ``layers`` equal layers is built
    and, for one example (x, y), the following are measured side by side, in CPU
    seconds (see :func:`best_time`):
    ``t_forward`` (one evaluation of the cost, which is what finite differences
    repeat) and ``t_backprop`` (``net.backprop``: the whole gradient).  When the
    network has at most ``fd_limit`` parameters, ``t_fd`` (``numerical_gradient``
    with the forward difference: P + 1 cost evaluations) is measured too, in
    alternation with the other two, and ``fd_per_pass`` = t_fd / ((P + 1)·t_forward) says
    what one of its passes costs, in forward passes (1 if it were nothing but
    forward passes).  Above the limit ``t_fd`` is *extrapolated* as
    (P + 1)·t_forward·fd_per_pass, with fd_per_pass from the largest measured
    network (1 if none was measured), and ``fd_measured`` is False.
    """
    fd_limit = checks.real(fd_limit, "fd_limit")
    if not fd_limit >= 0:                       # inf is allowed: measure every network
        raise ValueError(f"fd_limit must be a number ≥ 0, got {checks.show(fd_limit)}")
    targets = _positive_array(targets, "targets")
    layers = _layers(layers)
    repeat = checks.integer(repeat, "repeat", 1, 1000)
    rows = []
    rng = np.random.default_rng(checks.seed(seed))
    per_pass = 1.0
    for target in sorted(targets):
        net = network_with_weights(target, layers, seed)
        x = rng.uniform(-1, 1, (net.sizes[0], 1))
        y = rng.uniform(0, 1, (net.sizes[-1], 1))
        P = number_of_parameters(net.sizes)
        calls = [lambda: net.cost(x, y), lambda: net.backprop(x, y)]
        measured = P <= fd_limit
        if measured:   # timed in alternation with the forward pass, so load skews both alike
            calls.append(lambda: numerical_gradient(net, x, y, method="forward"))
        t_forward, t_backprop, *t_fd = best_times(calls, repeat)
        passes = (P + 1) * t_forward
        if measured:
            t_fd = t_fd[0]
            per_pass = t_fd / passes
        else:
            t_fd = passes * per_pass
        rows.append({"sizes": net.sizes, "weights": sum(w.size for w in net.w),
                     "parameters": P, "t_forward": t_forward, "t_backprop": t_backprop,
                     "t_fd": t_fd, "fd_measured": measured, "fd_per_pass": per_pass,
                     "passes_fd": P + 1, "backprop_over_forward": t_backprop / t_forward,
                     "fd_over_backprop": t_fd / t_backprop})
    return rows


def _network(net):
    if not isinstance(net, Network):
        raise checks.KindError(f"net must be a Network, got {checks.show(net)}")


def _layers(layers):
    """The number of layers of a timed network: an integer in 2..MAX_LAYERS."""
    layers = checks.integer(layers, "layers")
    if not 2 <= layers <= MAX_LAYERS:
        raise ValueError(f"layers must be an integer ≥ 2 (and at most {MAX_LAYERS}), got {layers}")
    return layers


def _check_method(method):
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"method must be 'forward' or 'central', got {method!r}")


def _positive_array(values, what):
    arr = checks.real_array(values, what, finite=False).ravel()
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{what} must be a non-empty list of positive finite numbers "
                         "(they are plotted on log axes)")
    return arr
