"""The demon: nudge one neuron's weighted input and watch the cost.

A demon sits at neuron j of layer l.  When the input x arrives it adds Δz^l_j to
the neuron's weighted input, so the neuron outputs σ(z^l_j + Δz^l_j) instead of
σ(z^l_j), and that change runs forward through every later layer to the cost.
To first order the cost changes by

    ΔC ≈ (∂C/∂z^l_j) Δz^l_j = δ^l_j Δz^l_j,

which is why δ^l_j ≡ ∂C/∂z^l_j is called the *error* of the neuron.  A good
demon picks Δz^l_j with the sign opposite to δ^l_j, so the cost goes down; when
δ^l_j ≈ 0 no small nudge helps.

The same holds for one weight: changing w^l_jk by Δw changes z^l_j by exactly
a^{l−1}_k Δw (nothing before layer l moves), so

    ΔC ≈ (∂C/∂w^l_jk) Δw = a^{l−1}_k δ^l_j Δw        (BP4: ∂C/∂w = a_in δ_out).

Everything here works on one training example (x, y), so C means C_x.  Nudges
``dz``, ``da``, ``dw`` may be numbers (the answer is a float) or 1-D arrays of
nudges (the answer is an array, computed for all nudges in one matrix pass).
The network is never changed: nudged values exist only inside these functions.
"""
import copy

import numpy as np

from . import checks

#: Below this |δ^l_j| the demon "can't help": a nudge of size 1 would change
#: the cost, to first order, by less than 1e-4.
TINY_DELTA = 1e-4


# ----- input checks ---------------------------------------------------------
def one_example(net, x, y):
    """Check (x, y) is one training example; return them as (n_1, 1), (n_L, 1) columns."""
    return checks.one_example(x, y, net.sizes[0], net.sizes[-1], "the demon")


def neuron(net, l, j):
    """Check neuron j of layer l exists (l in 2..L, j in 0..n_l − 1); return (l, j)."""
    return checks.neuron(net.sizes, l, j)


def weight(net, l, j, k):
    """Check the weight w^l_jk exists; return (l, j, k)."""
    return checks.weight(net.sizes, l, j, k)


def nudges(d, what):
    """A nudge (number) or nudges (1-D array) as a finite 1-D float array, and
    whether a single number was given."""
    try:
        if d is None or isinstance(d, (str, bytes)):
            raise TypeError
        arr = np.asarray(d, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number or a 1-D array of numbers, got {d!r}") from None
    if arr.ndim > 1 or arr.size == 0:
        raise ValueError(f"{what} has shape {arr.shape}; expected a number or a non-empty "
                         "1-D array of nudges")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contains NaN or infinity; expected finite numbers")
    return arr.reshape(-1), arr.ndim == 0


def _answer(values, single):
    return float(values[0]) if single else values


# ----- the nudged forward pass ----------------------------------------------
def _forward_from(net, l, a_l):
    """a^L from the activations a^l of layer l (columns = nudges)."""
    a = a_l
    for layer in range(l + 1, net.num_layers + 1):
        a = net.sigma(layer).fn(net.weights[layer - 2] @ a + net.biases[layer - 2])
    return a


def _nudged_z(net, X, l, j, dz):
    """The un-nudged forward pass, and z^l with dz added to row j (one column per dz)."""
    zs, activations = net.forward_pass(X)
    z_l = np.repeat(zs[l - 2], dz.size, axis=1)
    z_l[j, :] += dz
    return zs, activations, z_l


def _costs(net, aL, Y):
    return net.cost_function.fn(aL, np.repeat(Y, aL.shape[1], axis=1))


def cost_with_nudge(net, x, y, l, j, dz):
    """C_x when the demon adds dz to z^l_j inside the forward pass.

    Layers before l are unchanged; a^l = σ(z^l + dz e_j) and every later layer is
    recomputed from it.  ``dz`` may be an array of nudges (one cost each).
    """
    X, Y = one_example(net, x, y)
    l, j = neuron(net, l, j)
    dz, single = nudges(dz, "the nudge dz")
    _, _, z_l = _nudged_z(net, X, l, j, dz)
    aL = _forward_from(net, l, net.sigma(l).fn(z_l))
    return _answer(_costs(net, aL, Y), single)


def cost_with_activation_nudge(net, x, y, l, j, da):
    """C_x when da is added to the activation a^l_j (after σ) inside the forward pass."""
    X, Y = one_example(net, x, y)
    l, j = neuron(net, l, j)
    da, single = nudges(da, "the nudge da")
    _, activations = net.forward_pass(X)
    a_l = np.repeat(activations[l - 1], da.size, axis=1)
    a_l[j, :] += da
    return _answer(_costs(net, _forward_from(net, l, a_l), Y), single)


def cost_with_weight_nudge(net, x, y, l, j, k, dw):
    """C_x when the weight w^l_jk becomes w^l_jk + dw (the net itself is not changed).

    Only z^l_j depends on w^l_jk, and it moves by exactly a^{l−1}_k dw, so this is
    the demon's nudge dz = a^{l−1}_k dw.
    """
    X, Y = one_example(net, x, y)
    l, j, k = weight(net, l, j, k)
    dw, single = nudges(dw, "the nudge dw")
    a_in = float(net.forward_pass(X)[1][l - 2][k, 0])
    return _answer(np.asarray(cost_with_nudge(net, X, Y, l, j, a_in * dw)), single)


def delta_C_curve(net, x, y, l, j, dzs):
    """ΔC = C_x(z^l_j + Δz) − C_x(z^l_j) for every Δz in ``dzs`` (one matrix pass)."""
    return (np.asarray(cost_with_nudge(net, x, y, l, j, dzs))
            - cost_with_nudge(net, x, y, l, j, 0.0))


def weight_delta_C_curve(net, x, y, l, j, k, dws):
    """ΔC = C_x(w^l_jk + Δw) − C_x(w^l_jk) for every Δw in ``dws``."""
    return (np.asarray(cost_with_weight_nudge(net, x, y, l, j, k, dws))
            - cost_with_nudge(net, x, y, l, j, 0.0))


# ----- the errors and the demon's prediction ---------------------------------
def delta(net, x, y, l, j):
    """δ^l_j = ∂C_x/∂z^l_j, by backpropagation (BP1, then BP2)."""
    X, Y = one_example(net, x, y)
    l, j = neuron(net, l, j)
    return float(net.deltas(X, Y)[l - 2][j, 0])


def dC_da(net, x, y, l, j):
    """∂C_x/∂a^l_j: ∇_a C at the output (l = L), ((w^{l+1})^T δ^{l+1})_j for a hidden layer.

    For an elementwise σ, δ^l_j = ∂C/∂a^l_j · σ′(z^l_j).
    """
    X, Y = one_example(net, x, y)
    l, j = neuron(net, l, j)
    if l == net.num_layers:
        return float(net.cost_function.derivative(net.feedforward(X), Y)[j, 0])
    delta_next = net.deltas(X, Y)[l - 1]
    return float((net.weights[l - 1].T @ delta_next)[j, 0])


def dC_da_from_next_layer(net, x, y, l, j):
    """∂C/∂a^l_j for a hidden layer l < L, the backward step written with activations:

        ∂C/∂a^l_j = Σ_k w^{l+1}_kj σ′(z^{l+1}_k) ∂C/∂a^{l+1}_k,

    recursing down from ∂C/∂a^L = ∇_a C.  Every term carries a σ′ of the *next*
    layer: the messier algebra that working with z (BP2) avoids.
    """
    X, Y = one_example(net, x, y)
    l, j = neuron(net, l, j)
    L = net.num_layers
    if l == L:
        raise ValueError(f"layer l={l} is the output layer; expected a hidden layer 2..{L - 1}")
    if net.output_activation.name == "softmax":
        raise ValueError("this form needs an elementwise output σ, not softmax")
    zs, activations = net.forward_pass(X)
    grad_a = net.cost_function.derivative(activations[-1], Y)
    for layer in range(L, l, -1):
        grad_a = net.weights[layer - 2].T @ (net.sigma(layer).prime(zs[layer - 2]) * grad_a)
    return float(grad_a[j, 0])


def _central(cost, eps):
    if not (isinstance(eps, (int, float)) and np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a positive finite number, got {eps!r}")
    plus, minus = cost(np.array([eps, -eps]))
    return float((plus - minus) / (2 * eps))


def numerical_dC_dz(net, x, y, l, j, eps=1e-6):
    """δ^l_j by central differences of the demon's nudge: (C(+ε) − C(−ε)) / 2ε."""
    return _central(lambda d: cost_with_nudge(net, x, y, l, j, d), eps)


def numerical_dC_da(net, x, y, l, j, eps=1e-6):
    """∂C/∂a^l_j by central differences of a nudge to the activation a^l_j."""
    return _central(lambda d: cost_with_activation_nudge(net, x, y, l, j, d), eps)


def nudge_z(net, x, y, l, j, dz):
    """What the demon sees: δ^l_j, the actual ΔC, the prediction δ^l_j Δz and their difference."""
    dz, single = nudges(dz, "the nudge dz")
    d = delta(net, x, y, l, j)
    actual = delta_C_curve(net, x, y, l, j, dz)
    predicted = d * dz
    return {"delta": d, "dz": _answer(dz, single), "actual": _answer(actual, single),
            "predicted": _answer(predicted, single),
            "difference": _answer(actual - predicted, single)}


def nudge_w(net, x, y, l, j, k, dw):
    """A nudge of w^l_jk: a^{l−1}_k, δ^l_j, ∂C/∂w^l_jk = a^{l−1}_k δ^l_j, actual ΔC and
    the prediction ∂C/∂w^l_jk Δw."""
    X, Y = one_example(net, x, y)
    l, j, k = weight(net, l, j, k)
    dw, single = nudges(dw, "the nudge dw")
    a_in = float(net.forward_pass(X)[1][l - 2][k, 0])
    d = delta(net, X, Y, l, j)
    actual = weight_delta_C_curve(net, X, Y, l, j, k, dw)
    predicted = a_in * d * dw
    return {"a_in": a_in, "delta": d, "dC_dw": a_in * d, "dw": _answer(dw, single),
            "actual": _answer(actual, single), "predicted": _answer(predicted, single),
            "difference": _answer(actual - predicted, single)}


def can_help(delta_lj, tiny=TINY_DELTA):
    """Whether a demon can lower the cost with a small nudge: |δ^l_j| ≥ tiny."""
    return bool(abs(float(delta_lj)) >= tiny)


def good_demon_dz(net, x, y, l, j, size=1.0, tiny=TINY_DELTA):
    """The good demon's nudge: Δz = −size · sign(δ^l_j), so δ^l_j Δz < 0 and the cost
    goes down (for a small enough size).  0.0 when |δ^l_j| < tiny: it can't help."""
    size = abs(float(nudges(size, "the nudge size")[0][0]))
    d = delta(net, x, y, l, j)
    return -size * float(np.sign(d)) + 0.0 if can_help(d, tiny) else 0.0


def prediction_miss(actual, predicted):
    """How far the first-order prediction misses, relative to the actual change:
    |ΔC − δ Δz| / |ΔC| (inf where ΔC = 0 but the prediction is not)."""
    actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
    gap = np.abs(actual - predicted)
    with np.errstate(divide="ignore", invalid="ignore"):
        miss = np.where(gap == 0, 0.0, gap / np.abs(actual))
    return float(miss) if miss.ndim == 0 else miss


def miss_point(net, x, y, l, j, rel=0.1, dz_max=5.0, direction=1, resolution=1e-3):
    """The smallest |Δz| (in the given direction, ±1) at which the prediction δ^l_j Δz
    misses the actual ΔC by ``rel`` of |ΔC| or more; None if that never happens up
    to dz_max.  Found on a grid of step ``resolution``, then refined by bisection."""
    if direction not in (1, -1):
        raise ValueError(f"direction must be +1 or -1, got {direction!r}")
    if not (0 < rel and np.isfinite(rel)):
        raise ValueError(f"rel must be a positive number, got {rel!r}")
    d = delta(net, x, y, l, j)

    def miss(dz):
        return prediction_miss(delta_C_curve(net, x, y, l, j, dz), d * dz)

    grid = direction * np.arange(resolution, abs(float(dz_max)) + resolution / 2, resolution)
    over = np.nonzero(miss(grid) >= rel)[0]
    if over.size == 0:
        return None
    hi = float(grid[over[0]])
    lo = hi - direction * resolution
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if mid != 0 and miss(np.array([mid]))[0] >= rel:
            hi = mid
        else:
            lo = mid
    return hi


# ----- saturation and the speed of learning -----------------------------------
def with_bias(net, l, j, b):
    """A copy of the network with b^l_j set to b (the original is untouched)."""
    l, j = neuron(net, l, j)
    b, _ = nudges(b, "the bias b")
    if b.size != 1:
        raise ValueError("the bias b must be one number")
    other = copy.deepcopy(net)
    other.biases[l - 2][j, 0] = b[0]
    return other


def saturation_curves(net, x, y, l, j, bs):
    """For each bias b^l_j in ``bs`` (all other parameters fixed): z^l_j, σ(z^l_j),
    σ′(z^l_j), ∂C/∂a^l_j, δ^l_j and ‖∂C/∂w^l_j·‖, the size of the gradient of the
    weights into neuron j (= |δ^l_j| ‖a^{l−1}‖ by BP4).

    Changing b^l_j shifts z^l_j by b − b^l_j and nothing before layer l, so all
    biases are computed in one matrix pass.  Returns a dict of 1-D arrays (or
    floats if ``bs`` is one number).
    """
    X, Y = one_example(net, x, y)
    l, j = neuron(net, l, j)
    bs, single = nudges(bs, "the bias b")
    zs, activations, z_l = _nudged_z(net, X, l, j, bs - net.biases[l - 2][j, 0])
    m = bs.size
    zs = [np.repeat(z, m, axis=1) for z in zs[:l - 2]] + [z_l]
    activations = [np.repeat(a, m, axis=1) for a in activations[:l - 1]]
    for layer in range(l, net.num_layers + 1):
        if layer > l:
            zs.append(net.weights[layer - 2] @ activations[-1] + net.biases[layer - 2])
        activations.append(net.sigma(layer).fn(zs[-1]))
    Ym = np.repeat(Y, m, axis=1)
    deltas = net._deltas(zs, activations, Ym)  # the core's BP1/BP2 on m columns at once
    d = deltas[l - 2][j]
    if l == net.num_layers:
        grad_a = net.cost_function.derivative(activations[-1], Ym)[j]
    else:
        grad_a = (net.weights[l - 1].T @ deltas[l - 1])[j]
    sigma = net.sigma(l)
    prime = sigma.prime(z_l[j]) if sigma.name != "softmax" else np.full(m, np.nan)
    out = {"b": bs, "z": z_l[j], "a": activations[l - 1][j], "sigma_prime": prime,
           "dC_da": grad_a, "delta": d,
           "grad_w": np.abs(d) * float(np.linalg.norm(activations[l - 2][:, 0]))}
    return {name: _answer(np.asarray(v, dtype=float), single) for name, v in out.items()}


def descent_steps(net, x, y, l, j, eta=0.5, steps=10):
    """Gradient descent on the one example (x, y) for neuron j of layer l alone.

    Each step moves only the weights into the neuron and its bias,
    w^l_jk → w^l_jk − η a^{l−1}_k δ^l_j (BP4) and b^l_j → b^l_j − η δ^l_j (BP3),
    every other parameter staying fixed, so the speed measured is this neuron's
    own.  Works on a copy; the network is not changed.

    Returns a dict: ``w`` (steps + 1, n_{l−1}), the weights w^l_j· after each
    step; ``b``, b^l_j after each step; ``cost``, C_x after each step; and
    ``change``, the distance ‖w^l_j·(t) − w^l_j·(0)‖ travelled so far.
    """
    X, Y = one_example(net, x, y)
    l, j = neuron(net, l, j)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    if not (isinstance(eta, (int, float)) and np.isfinite(eta) and eta > 0):
        raise ValueError(f"the learning rate eta must be a positive number, got {eta!r}")
    learner = copy.deepcopy(net)
    w_l, b_l = learner.weights[l - 2], learner.biases[l - 2]
    w, b, cost = [w_l[j].copy()], [b_l[j, 0]], []
    for _ in range(int(steps)):
        nabla_b, nabla_w = learner.backprop(X, Y)
        cost.append(learner.cost(X, Y))
        w_l[j] -= eta * nabla_w[l - 2][j]
        b_l[j, 0] -= eta * nabla_b[l - 2][j, 0]
        w.append(w_l[j].copy())
        b.append(b_l[j, 0])
    cost.append(learner.cost(X, Y))
    w = np.array(w)
    return {"w": w, "b": np.array(b), "cost": np.array(cost),
            "change": np.linalg.norm(w - w[0], axis=1)}
