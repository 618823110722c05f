"""Training with the per-example loop, for the tests and the speed bench only.

``minibatch.gradient_by_loop`` (chapter 7) sums the gradient example by
example; these functions take gradient-descent steps with it, through the
package's one divergence routine (``divergence.descend``), so that the tests
can check the loop trains exactly as the core's matrix step does, and
``bench/core_speed.py`` can time the two.  Not part of the package: no chapter
uses them.
"""
import numpy as np

from backprop_core import Network, algorithm, checks
from backprop_core.divergence import descend
from backprop_core.minibatch import gradient_by_loop


def loop_steps(net, batches, eta):
    """A step w^l → w^l − η ∂C/∂w^l (and b^l) for each mini-batch, the gradient summed
    example by example."""
    for X, Y in batches:
        nabla_b, nabla_w = gradient_by_loop(net, X, Y)
        for l in net.w.layers:
            net.w[l] = net.w[l] - eta * nabla_w[l]
            net.b[l] = net.b[l] - eta * nabla_b[l]


#: The two ways to take the steps of an epoch.
STEPS = {"loop": loop_steps, "matrix": algorithm.sgd_epoch}


def checked_network(net):
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backprop_core Network, got {type(net).__name__}")
    return net


def update_mini_batch_loop(net, X, Y, eta):
    """One step, the loop's way; if it diverges the network is unchanged and
    TrainingDiverged names η."""
    eta = checks.positive(eta, "learning rate eta")
    net = checked_network(net)
    X, Y = checks.pair(X, Y, net.sizes[0], net.sizes[-1])
    descend(net, loop_steps, [(X, Y)], eta, "in this update_mini_batch_loop step",
            "The network is unchanged")


def sgd_epoch(net, X, Y, mini_batch_size, eta, method="loop", seed=None):
    """One epoch of SGD with the steps of ``method`` ("loop" or "matrix"); returns the
    number of updates.  If it diverges, the network is put back as it was at the start
    of the epoch and TrainingDiverged names η and the mini-batch."""
    if not isinstance(method, str) or method not in STEPS:
        raise ValueError(f"method must be one of {sorted(STEPS)}, got {method!r}")
    net = checked_network(net)
    X, Y = checks.pair(X, Y, net.sizes[0], net.sizes[-1])
    mini_batch_size = checks.count(mini_batch_size, "mini_batch_size")
    eta = checks.positive(eta, "learning rate eta")
    rng = np.random.default_rng(checks.seed(seed))
    batches = algorithm.mini_batches(X, Y, mini_batch_size, rng)
    descend(net, STEPS[method], batches, eta,
            f"in this epoch, at mini-batch {{step}} of {len(batches)}",
            "The network is left as it was at the start of the epoch")
    return len(batches)
