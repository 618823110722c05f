"""Mini-batch gradient descent the book's first way: one example at a time.

An ALTERNATIVE form of the core's mini-batch step, kept because chapter 7
teaches it (and ``bench/core_speed.py`` times it).  For a mini-batch of m
examples x, the step of stochastic gradient descent is

    w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l−1})^T,      b^l → b^l − (η/m) Σ_x δ^{x,l}.

Here the sum over x is a Python loop: for each example, ``net.backprop(x, y)``
gives ∂C_x/∂b^l (``nabla_b[l]``) and ∂C_x/∂w^l (``nabla_w[l]``), and they are
added up.  The core's ``Network.backprop_batch`` computes the same mean
gradient with the examples as the columns of one matrix (the fully
matrix-based approach); this module is the loop to compare it with, and
``tests/test_minibatch.py`` checks that the two agree.

A step that diverges (a new w^l or b^l not finite, or more than
``divergence.GROWTH`` times as large as before the step) is not taken: the
network is left as it was and :class:`~backprop_core.divergence.TrainingDiverged`
names η and a smaller η that works, exactly as ``Network.update_mini_batch``
and ``Network.SGD`` do.  Used by chapter 7.
"""
import numpy as np

from . import checks
from .divergence import first_bad, growth_cause, layer_name, limits, quiet
from .network import Network


def gradient_by_loop(net, X, Y):
    """The mean gradient (nabla_b, nabla_w) of C = (1/m) Σ_x C_x, one example at a time.

    The alternative to ``net.backprop_batch(X, Y)``: the same two Layers
    (``nabla_w[l]`` is ∂C/∂w^l), summed over the columns of X in a Python loop.
    """
    X, Y = checks.pair(X, Y, net.sizes[0], net.sizes[-1])
    m = X.shape[1]
    nabla_b, nabla_w = net.backprop(X[:, :1], Y[:, :1])
    for i in range(1, m):
        delta_nabla_b, delta_nabla_w = net.backprop(X[:, i:i + 1], Y[:, i:i + 1])
        for l in nabla_w.layers:
            nabla_b[l] += delta_nabla_b[l]      # in place: no new arrays per example
            nabla_w[l] += delta_nabla_w[l]
    for l in nabla_w.layers:
        nabla_b[l] /= m
        nabla_w[l] /= m
    return nabla_b, nabla_w


def update_mini_batch_loop(net, X, Y, eta):
    """One step w^l → w^l − (η/m) Σ_x ∂C_x/∂w^l (and the same for b^l), summing example by example.

    The alternative to ``net.update_mini_batch(X, Y, eta)``.  The new arrays are
    written into the network's own lists (``net.w[l] = ...``), so ``net.w``,
    ``net.b`` and ``net.weights`` keep showing the current parameters.  If the
    step diverges, the network is left unchanged and TrainingDiverged is raised.
    """
    eta = checks.positive(eta, "learning rate eta")
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backprop_core Network, got {type(net).__name__}")
    X, Y = checks.pair(X, Y, net.sizes[0], net.sizes[-1])
    net._check_parameters()
    before = list(net.weights), list(net.biases)
    cause = _loop_step(net, X, Y, eta)
    if cause is not None:
        raise net._diverged(eta, cause, before, [(X, Y)], (X, Y), None,
                            "in this update_mini_batch_loop step", "The network is unchanged",
                            stepper=_loop_step)


def _loop_step(net, X, Y, eta, limits2=None):
    """The loop's update on checked inputs, taken only if it does not diverge: None if it
    was taken, else why not, in words (the network then unchanged)."""
    limits2 = limits(net.weights + net.biases) if limits2 is None else limits2
    try:
        with quiet():
            nabla_b, nabla_w = gradient_by_loop(net, X, Y)
            new_w = [net.w[l] - eta * nabla_w[l] for l in net.w.layers]
            new_b = [net.b[l] - eta * nabla_b[l] for l in net.b.layers]
    except ValueError as err:           # an example's gradient overflowed
        return f"the gradient could not be computed ({err})"
    bad = first_bad(new_w + new_b, limits2)
    if bad >= 0:
        return growth_cause((new_w + new_b)[bad], layer_name(bad, len(new_w)), limits2[bad])
    for l, w, b in zip(net.w.layers, new_w, new_b):
        net.w[l] = w
        net.b[l] = b
    return None


UPDATES = {"loop": update_mini_batch_loop,
           "matrix": lambda net, X, Y, eta: net.update_mini_batch(X, Y, eta)}


def sgd_epoch(net, X, Y, mini_batch_size, eta, method="loop", seed=None):
    """One epoch of SGD: shuffle, cut into mini-batches, one update per mini-batch.

    ``method`` is "loop" (the step of :func:`update_mini_batch_loop`) or
    "matrix" (the step of the core's ``Network.update_mini_batch``); the inputs
    are checked once, here.  Returns the number of updates made.  If a step
    diverges (the sizes at the start of the epoch are the reference), the
    network is put back as it was at the START OF THE EPOCH and
    TrainingDiverged names η, the mini-batch and a smaller η that ran the epoch
    without diverging.
    """
    if not isinstance(method, str) or method not in UPDATES:
        raise ValueError(f"method must be one of {sorted(UPDATES)}, got {method!r}")
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backprop_core Network, got {type(net).__name__}")
    X, Y = checks.pair(X, Y, net.sizes[0], net.sizes[-1])
    mini_batch_size = checks.count(mini_batch_size, "mini_batch_size")
    eta = checks.positive(eta, "learning rate eta")
    net._check_parameters()
    step = STEPS[method]
    order = np.random.default_rng(checks.seed(seed)).permutation(X.shape[1])
    before = list(net.weights), list(net.biases)
    limits2 = limits(net.weights + net.biases)
    updates = 0
    with quiet():                        # each step's result is checked instead
        for start in range(0, X.shape[1], mini_batch_size):
            batch = order[start:start + mini_batch_size]
            cause = step(net, X[:, batch], Y[:, batch], eta, limits2)
            if cause is not None:
                break
            updates += 1
    if cause is not None:
        batches = [(X[:, order[i:i + mini_batch_size]], Y[:, order[i:i + mini_batch_size]])
                   for i in range(0, X.shape[1], mini_batch_size)]
        raise net._diverged(eta, cause, before, batches, (X, Y), limits2,
                            f"in this epoch, at mini-batch {updates + 1} of {len(batches)}",
                            "The network is left as it was at the start of the epoch",
                            1, updates + 1, stepper=step)
    return updates


#: The bodies of the two updates, on checked inputs: None if the step was taken, else why not.
STEPS = {"loop": _loop_step, "matrix": Network._step}
