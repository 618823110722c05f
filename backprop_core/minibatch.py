"""Mini-batch gradient descent the book's first way: one example at a time.

An ALTERNATIVE form of the core's mini-batch gradient, kept because chapter 7
teaches it (and ``bench/core_speed.py`` times it).  For a mini-batch of m
examples x, the step of stochastic gradient descent is

    w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l−1})^T,      b^l → b^l − (η/m) Σ_x δ^{x,l}.

Here the sum over x is a Python loop: for each example, ``net.backprop(x, y)``
gives ∂C_x/∂b^l (``nabla_b[l]``) and ∂C_x/∂w^l (``nabla_w[l]``), and they are
added up.  The core's ``Network.backprop_batch`` computes the same mean
gradient with the examples as the columns of one matrix (the fully
matrix-based approach); this module is the loop to compare it with, and
``tests/test_minibatch.py`` checks that the two agree.

Used by chapter 7 (and, for training with the loop, by the tests and
``bench/core_speed.py``, through ``tests/loop_training.py``).
"""
from . import checks


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
