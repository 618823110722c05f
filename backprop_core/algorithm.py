"""Backpropagation and stochastic gradient descent: the whole algorithm, in the book's notation.

Chapter 7 prints this file in full and sets it beside Nielsen's network.py.
``Network`` and ``Example`` take every number they give from it, and so do
the stepper, the by-hand table and every figure; nothing here checks its
input or watches for divergence: the callers do that, once, around it.

Layers are numbered l = 1..L, layer 1 being the input.  ``net`` is a Network,
or the snapshot of one that an Example keeps: ``net.w[l]`` is w^l (shape
(n_l, n_{l−1})), ``net.b[l]`` is b^l, ``net.sigma_of[l]`` is σ for layer l
(``fn`` is σ, ``prime`` is σ′) and ``net.cost_function`` is C (its ``delta``
is δ^L).  z, a, δ and the gradients are dicts keyed by the layer number l.
An input x is a column, or m columns for m examples at once; then the
gradient is the mean over them.  Used by every chapter; shown in chapter 7.
"""


def feedforward(net, x):
    """Steps 1 and 2: a^1 = x, then z^l = w^l a^{l−1} + b^l and a^l = σ(z^l), l = 2..L."""
    return feed(net, {}, {1: x})


def feed(net, z, a):
    """Step 2 from the last layer that ``a`` holds on (``ex.forward_from`` starts it later)."""
    w, b, sigma = net.w, net.b, net.sigma_of
    for l in range(len(a) + 1, net.L + 1):
        z[l] = w[l] @ a[l - 1] + b[l]
        if l in net.skips:              # a residual layer (chapter 14): z^l = z^{l−1} + ...
            z[l] = z[l] + z[l - 1]
        a[l] = sigma[l].fn(z[l])
    return z, a


def backprop(net, z, a, y):
    """Steps 3 to 5 for the target y: δ^l, ∂C/∂b^l and ∂C/∂w^l for l = 2..L."""
    w, sigma, C, L = net.w, net.sigma_of, net.cost_function, net.L
    m = y.shape[1]
    delta, nabla_b, nabla_w = {}, {}, {}
    delta[L] = C.delta(z[L], a[L], y, sigma[L])                          # BP1
    for l in range(L - 1, 1, -1):
        delta[l] = (w[l + 1].T @ delta[l + 1]) * sigma[l].prime(z[l])    # BP2
        if l + 1 in net.skips:          # z^{l+1} holds z^l itself: δ^{l+1} passes back as it is
            delta[l] = delta[l] + delta[l + 1]
    for l in range(2, L + 1):
        nabla_b[l] = delta[l].sum(axis=1, keepdims=True) / m             # BP3
        nabla_w[l] = delta[l] @ a[l - 1].T / m                           # BP4
    return delta, nabla_b, nabla_w


def update_mini_batch(net, x, y, eta):
    """One step of gradient descent on the mini-batch whose examples are the columns of x, y:
    w^l → w^l − η ∂C/∂w^l and b^l → b^l − η ∂C/∂b^l, with ∂C the mean (1/m) Σ_x ∂C_x."""
    z, a = feedforward(net, x)
    delta, nabla_b, nabla_w = backprop(net, z, a, y)
    w, b = net.w, net.b
    for l in range(2, net.L + 1):
        w[l] = w[l] - eta * nabla_w[l]
        b[l] = b[l] - eta * nabla_b[l]


def mini_batches(X, Y, mini_batch_size, rng):
    """Shuffle the training examples (the columns of X and Y) and cut them into mini-batches."""
    order = rng.permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    return [(X[:, k:k + mini_batch_size], Y[:, k:k + mini_batch_size])
            for k in range(0, X.shape[1], mini_batch_size)]


def sgd_epoch(net, batches, eta):
    """One epoch of stochastic gradient descent: a step on each mini-batch in turn."""
    for x, y in batches:
        update_mini_batch(net, x, y, eta)
