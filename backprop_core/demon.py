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

Everything here works on one training example: the first argument is
``ex = net.example(x, y)``, the network on that example, computed once, so C
means C_x.  A nudged forward pass is the engine's ``ex.forward_from(l, z=...)``
(or ``a=...``): layers before l are kept, later ones recomputed.  Nudges
``dz``, ``da``, ``dw`` may be numbers (the answer is a float) or 1-D arrays of
nudges (the answer is an array, one column per nudge in one matrix pass).  The
network is never changed: nudged values exist only inside these functions.

Used by chapter 6 (the demon lab) and, through :mod:`backprop_core.error`,
chapter 3.
"""
import copy
import numbers

import numpy as np

from . import checks
from .divergence import TrainingDiverged, descend, quiet
from .example import Example, check_example
from .gradcheck import central_differences

#: Below this |δ^l_j| the demon "can't help": a nudge of size 1 would change
#: the cost, to first order, by less than 1e-4.
TINY_DELTA = 1e-4

#: The largest nudge (|Δz|, |Δa|, |Δw|, a bias b) the demon takes: far beyond any
#: saturation (σ is flat from |z| ≈ 40 on), far below where a ReLU or linear
#: network's cost (a square) would overflow.
MAX_NUDGE = 1e6

#: The most grid points :func:`miss_point` evaluates (dz_max / resolution).
MAX_GRID_POINTS = 100_000

#: The most steps :func:`descent_steps` takes.
MAX_STEPS = 100_000



# ----- input checks ---------------------------------------------------------
def _up_to(value, what, high):
    """A number with 0 < value ≤ high, as float; a ValueError naming ``what`` and the range."""
    x = checks.real(value, what)
    if not (np.isfinite(x) and 0 < x <= high):
        raise ValueError(f"{what} must be a positive finite number at most {high:g}, "
                         f"got {checks.show(value)}")
    return x


def _neuron(ex, l, j):
    ex = check_example(ex, "the demon")
    return (ex,) + checks.neuron(ex.net.sizes, l, j)


def _weight(ex, l, j, k):
    ex = check_example(ex, "the demon")
    return (ex,) + checks.weight(ex.net.sizes, l, j, k)


def nudges(d, what):
    """A nudge (number) or nudges (1-D array) as a finite 1-D float array, and
    whether a single number was given.  Each must lie within ±MAX_NUDGE."""
    try:
        arr = checks.real_array(d, what)
    except (TypeError, ValueError) as error:
        if "NaN or infinity" in str(error):
            raise ValueError(f"{what} contains NaN or infinity; expected finite numbers") from None
        raise ValueError(f"{what} must be a number or a 1-D array of numbers, got "
                         f"{checks.show(d)}: {error}") from None
    if arr.ndim > 1 or arr.size == 0:
        raise ValueError(f"{what} has shape {arr.shape}; expected a number or a non-empty "
                         "1-D array of nudges")
    if np.any(np.abs(arr) > MAX_NUDGE):
        raise ValueError(f"{what} must lie within ±{MAX_NUDGE:g}, got "
                         f"{float(np.max(np.abs(arr))):g}")
    return arr.reshape(-1), arr.ndim == 0


def _answer(values, single):
    return float(values[0]) if single else values


def _shifted(column, j, shifts):
    """``column`` (n, 1) repeated once per shift, with each shift added to row j."""
    out = np.repeat(column, shifts.size, axis=1)
    out[j, :] += shifts
    return out


# ----- the nudged forward pass ----------------------------------------------
def _nudged_costs(ex, l, j, dz):
    """C_x for each nudge in the 1-D array dz, added to z^l_j: one matrix pass."""
    return ex.forward_from(l, z=_shifted(ex.z[l], j, dz)).costs


def cost_with_nudge(ex, l, j, dz):
    """C_x when the demon adds dz to z^l_j inside the forward pass.

    Layers before l are unchanged; a^l = σ(z^l + dz e_j) and every later layer is
    recomputed from it (``ex.forward_from(l, z=...)``).  ``dz`` may be an array
    of nudges (one cost each).
    """
    ex, l, j = _neuron(ex, l, j)
    dz, single = nudges(dz, "the nudge dz")
    return _answer(_nudged_costs(ex, l, j, dz), single)


def cost_with_activation_nudge(ex, l, j, da):
    """C_x when da is added to the activation a^l_j (after σ) inside the forward pass."""
    ex, l, j = _neuron(ex, l, j)
    da, single = nudges(da, "the nudge da")
    return _answer(ex.forward_from(l, a=_shifted(ex.a[l], j, da)).costs, single)


def cost_with_weight_nudge(ex, l, j, k, dw):
    """C_x when the weight w^l_jk becomes w^l_jk + dw (the net itself is not changed).

    Only z^l_j depends on w^l_jk, and it moves by exactly a^{l−1}_k dw, so this is
    the demon's nudge dz = a^{l−1}_k dw.
    """
    ex, l, j, k = _weight(ex, l, j, k)
    dw, single = nudges(dw, "the nudge dw")
    a_in = float(ex.a[l - 1][k, 0])
    return _answer(_nudged_costs(ex, l, j, a_in * dw), single)


def delta_C_curve(ex, l, j, dzs):
    """ΔC = C_x(z^l_j + Δz) − C_x(z^l_j) for every Δz in ``dzs`` (one matrix pass,
    whose first column is the un-nudged example, so ΔC(0) is exactly 0)."""
    ex, l, j = _neuron(ex, l, j)
    dzs, _ = nudges(dzs, "the nudges dz")
    costs = _nudged_costs(ex, l, j, np.concatenate([[0.0], dzs]))
    return costs[1:] - costs[0]


def weight_delta_C_curve(ex, l, j, k, dws):
    """ΔC = C_x(w^l_jk + Δw) − C_x(w^l_jk) for every Δw in ``dws``."""
    ex, l, j, k = _weight(ex, l, j, k)
    dws, _ = nudges(dws, "the nudges dw")
    return delta_C_curve(ex, l, j, float(ex.a[l - 1][k, 0]) * dws)


# ----- the errors and the demon's prediction ---------------------------------
def delta(ex, l, j):
    """δ^l_j = ∂C_x/∂z^l_j, by backpropagation (BP1, then BP2): ``ex.delta[l][j, 0]``."""
    ex, l, j = _neuron(ex, l, j)
    return float(ex.delta[l][j, 0])


def dC_da(ex, l, j):
    """∂C_x/∂a^l_j: ∇_a C at the output (l = L), ((w^{l+1})^T δ^{l+1})_j for a hidden
    layer; ``ex.dC_da[l][j, 0]``.

    For an elementwise σ, δ^l_j = ∂C/∂a^l_j · σ′(z^l_j).
    """
    ex, l, j = _neuron(ex, l, j)
    return float(ex.dC_da[l][j, 0])


def dC_da_from_next_layer(ex, l, j):
    """∂C/∂a^l_j for a hidden layer l < L, the backward step written with activations:

        ∂C/∂a^l_j = Σ_k w^{l+1}_kj σ′(z^{l+1}_k) ∂C/∂a^{l+1}_k,

    recursing down from ∂C/∂a^L = ∇_a C.  Every term carries a σ′ of the *next*
    layer: the messier algebra that working with z (BP2) avoids.

    An alternative form, kept because chapter 6 teaches it; it must equal the
    engine's ``ex.dC_da[l]`` = (w^{l+1})^T δ^{l+1} (tests/test_demon.py checks).
    """
    ex, l, j = _neuron(ex, l, j)
    net, L = ex.net, ex.L
    if l == L:
        raise ValueError(f"layer l={l} is the output layer; expected a hidden layer 2..{L - 1}")
    if net.output_activation.name == "softmax":
        raise ValueError("this form needs an elementwise output σ, not softmax")
    grad_a = net.cost_function.derivative(ex.a[L], ex.y)
    for layer in range(L, l, -1):
        grad_a = ex.w[layer].T @ (net.sigma(layer).prime(ex.z[layer]) * grad_a)
    return float(grad_a[j, 0])


def numerical_dC_dz(ex, l, j, eps=1e-6):
    """δ^l_j by central differences of the demon's nudge: (C(+ε) − C(−ε)) / 2ε."""
    eps = _up_to(eps, "eps", 1.0)
    ex, l, j = _neuron(ex, l, j)
    return central_differences(lambda d: cost_with_nudge(ex, l, j, d), 0.0, eps)


def numerical_dC_da(ex, l, j, eps=1e-6):
    """∂C/∂a^l_j by central differences of a nudge to the activation a^l_j."""
    eps = _up_to(eps, "eps", 1.0)
    ex, l, j = _neuron(ex, l, j)
    return central_differences(lambda d: cost_with_activation_nudge(ex, l, j, d), 0.0, eps)


def nudge_z(ex, l, j, dz):
    """What the demon sees: δ^l_j, the actual ΔC, the prediction δ^l_j Δz and their difference."""
    ex, l, j = _neuron(ex, l, j)
    dz, single = nudges(dz, "the nudge dz")
    d = delta(ex, l, j)
    actual = delta_C_curve(ex, l, j, dz)
    predicted = d * dz
    return {"delta": d, "dz": _answer(dz, single), "actual": _answer(actual, single),
            "predicted": _answer(predicted, single),
            "difference": _answer(actual - predicted, single)}


def nudge_w(ex, l, j, k, dw):
    """A nudge of w^l_jk: a^{l−1}_k, δ^l_j, ∂C/∂w^l_jk = a^{l−1}_k δ^l_j, actual ΔC and
    the prediction ∂C/∂w^l_jk Δw."""
    ex, l, j, k = _weight(ex, l, j, k)
    dw, single = nudges(dw, "the nudge dw")
    a_in = float(ex.a[l - 1][k, 0])
    d = delta(ex, l, j)
    actual = weight_delta_C_curve(ex, l, j, k, dw)
    predicted = a_in * d * dw
    return {"a_in": a_in, "delta": d, "dC_dw": a_in * d, "dw": _answer(dw, single),
            "actual": _answer(actual, single), "predicted": _answer(predicted, single),
            "difference": _answer(actual - predicted, single)}


def can_help(delta_lj, tiny=TINY_DELTA):
    """Whether a demon can lower the cost with a small nudge: |δ^l_j| ≥ tiny."""
    delta_lj = checks.finite(delta_lj, "the error δ^l_j")
    tiny = checks.real(tiny, "tiny")
    if not (np.isfinite(tiny) and tiny >= 0):
        raise ValueError(f"tiny must be a finite number ≥ 0, got {checks.show(tiny)}")
    return bool(abs(delta_lj) >= tiny)


def good_demon_dz(ex, l, j, size=1.0, tiny=TINY_DELTA):
    """The good demon's nudge: Δz = −size · sign(δ^l_j), so δ^l_j Δz < 0 and the cost
    goes down (for a small enough size).  0.0 when |δ^l_j| < tiny: it can't help."""
    size, single = nudges(size, "the nudge size")
    if not single:
        raise ValueError(f"the nudge size must be one number, got {size.size} of them")
    size = abs(float(size[0]))
    d = delta(ex, l, j)
    return -size * float(np.sign(d)) + 0.0 if can_help(d, tiny) else 0.0


def prediction_miss(actual, predicted):
    """The relative miss of the first-order prediction: the gap ΔC − δ Δz as a
    fraction of the actual change, |ΔC − δ Δz| / |ΔC| (inf where ΔC = 0 but the
    prediction is not).  The gap shrinks like Δz², the relative miss like Δz."""
    actual = checks.real_array(actual, "the actual change ΔC")
    predicted = checks.real_array(predicted, "the prediction δ Δz")
    if actual.shape != predicted.shape:
        raise ValueError(f"the actual change ΔC has shape {actual.shape} but the prediction "
                         f"δ Δz has shape {predicted.shape}; expected the same shape")
    gap = np.abs(actual - predicted)
    with quiet():
        miss = np.where(gap == 0, 0.0, gap / np.abs(actual))
    return float(miss) if miss.ndim == 0 else miss


def miss_point(ex, l, j, rel=0.1, dz_max=5.0, direction=1, resolution=1e-3):
    """The smallest |Δz| (in the given direction, ±1) at which the relative miss of
    the prediction δ^l_j Δz (:func:`prediction_miss`) reaches ``rel``; None if that never happens up
    to dz_max.  Found on a grid of step ``resolution``, then refined by bisection.

    0 < dz_max ≤ MAX_NUDGE, and dz_max / MAX_GRID_POINTS ≤ resolution ≤ dz_max (the
    grid has at most MAX_GRID_POINTS points)."""
    if (isinstance(direction, (bool, np.bool_)) or not isinstance(direction, numbers.Real)
            or direction not in (1, -1)):
        raise ValueError(f"direction must be +1 or -1, got {checks.show(direction)}")
    rel = checks.positive(rel, "rel")
    dz_max = _up_to(dz_max, "dz_max", MAX_NUDGE)
    finest = dz_max / MAX_GRID_POINTS
    resolution = checks.real(resolution, "resolution")
    if not (np.isfinite(resolution) and finest <= resolution <= dz_max):
        raise ValueError(f"resolution must be a number in [dz_max / {MAX_GRID_POINTS}, dz_max] "
                         f"= [{finest:g}, {dz_max:g}] (at most {MAX_GRID_POINTS} grid points), "
                         f"got {checks.show(resolution)}")
    d = delta(ex, l, j)

    def miss(dz):
        return prediction_miss(delta_C_curve(ex, l, j, dz), d * dz)

    grid = direction * np.arange(resolution, dz_max + resolution / 2, resolution)
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
    from .network import Network          # the engine imports this module's users
    if not isinstance(net, Network):
        raise TypeError(f"with_bias expected a Network, got {type(net).__name__}")
    l, j = checks.neuron(net.sizes, l, j)
    b, _ = nudges(b, "the bias b")
    if b.size != 1:
        raise ValueError("the bias b must be one number")
    other = copy.deepcopy(net)
    other.b[l][j, 0] = b[0]
    return other


def saturation_curves(ex, l, j, bs):
    """For each bias b^l_j in ``bs`` (all other parameters fixed): z^l_j, σ(z^l_j),
    σ′(z^l_j) (at a softmax layer ∂a^l_j/∂z^l_j = a^l_j(1 − a^l_j)), ∂C/∂a^l_j, δ^l_j, ‖∂C/∂w^l_j·‖, the size of the gradient of the
    weights into neuron j (= |δ^l_j| ‖a^{l−1}‖ by BP4).

    Changing b^l_j shifts z^l_j by b − b^l_j and nothing before layer l, so all
    biases are one ``ex.forward_from(l, z=...)`` pass with a column per bias.
    Returns a dict of 1-D arrays (or floats if ``bs`` is one number).
    """
    ex, l, j = _neuron(ex, l, j)
    bs, single = nudges(bs, "the bias b")
    net = ex.net
    z_l = _shifted(ex.z[l], j, bs - net.b[l][j, 0])
    variant = ex.forward_from(l, z=z_l)
    d = variant.delta[l][j]
    a_j = variant.a[l][j]
    # σ′ is ∂a^l_j/∂z^l_j; for a softmax layer that is the Jacobian's diagonal a_j(1 − a_j)
    prime = a_j * (1 - a_j) if net.sigma(l).name == "softmax" else net.sigma(l).prime(z_l[j])
    out = {"b": bs, "z": z_l[j], "a": a_j, "sigma_prime": prime,
           "dC_da": variant.dC_da[l][j], "delta": d,
           "grad_w": np.abs(d) * float(np.linalg.norm(ex.a[l - 1][:, 0]))}
    return {name: _answer(np.asarray(v, dtype=float), single) for name, v in out.items()}


class DescentDiverged(TrainingDiverged):
    """:func:`descent_steps` stopped before a step that would diverge (a TrainingDiverged,
    so a ValueError, with its message).

    ``step`` is that step (1 = the first), ``eta`` its learning rate, ``done``
    the result of the steps before it (as :func:`descent_steps` returns it),
    ``good`` the largest of the smaller rates tried that ran every step from the
    same start (``divergence.smaller_rates``: η/10, η/100, η/1000, …), or None.
    """

    def __init__(self, stopped, done):
        super().__init__(str(stopped), stopped.eta, None, stopped.step, stopped.suggestion,
                         cause=stopped.cause)
        self.done, self.good = done, stopped.suggestion


def descent_steps(ex, l, j, eta=0.5, steps=10):
    """Gradient descent on the one example of ``ex`` for neuron j of layer l alone.

    Each step moves only the weights into the neuron and its bias,
    w^l_jk → w^l_jk − η a^{l−1}_k δ^l_j (BP4) and b^l_j → b^l_j − η δ^l_j (BP3),
    every other parameter staying fixed, so the speed measured is this neuron's
    own.  Trains a copy of ``ex.net`` (a new example of the copy after every
    step); the network is not changed.

    Returns a dict: ``w`` (steps + 1, n_{l−1}), the weights w^l_j· after each
    step; ``b``, b^l_j after each step; ``cost``, C_x after each step; and
    ``change``, the distance ‖w^l_j·(t) − w^l_j·(0)‖ travelled so far.

    The steps run through ``divergence.descend``: a step that would make the
    neuron's weights or bias NaN, infinite or GROWTH times larger is not taken,
    and :class:`DescentDiverged` names η and the step, and a smaller η that was
    tried from the same start and ran every step.
    """
    ex, l, j = _neuron(ex, l, j)
    steps = checks.count(steps, "steps")
    if steps > MAX_STEPS:
        raise ValueError(f"steps must be a positive integer at most {MAX_STEPS}, got {steps}")
    eta = checks.positive(eta, "the learning rate eta")
    learner = NeuronLearner(ex, l, j)
    try:
        descend(learner, NeuronLearner.steps, [(ex.x, ex.y)] * steps, eta,
                f"at step {{step}} of {steps}", "The network is unchanged")
    except TrainingDiverged as stopped:
        done = (descent_steps(ex, l, j, eta, stopped.step - 1) if stopped.step > 1 else
                NeuronLearner(ex, l, j).result())
        raise DescentDiverged(stopped, done) from None
    return learner.result()


class NeuronLearner:
    """A copy of ``ex.net`` in which neuron j of layer l alone learns, on ex's example:
    its ``parameters`` are w^l_j· and b^l_j, and it records them and C_x after each step."""

    def __init__(self, ex, l, j):
        self.net, self.l, self.j = copy.deepcopy(ex.net), l, j
        self.now = Example(self.net, ex.x, ex.y)
        self.w, self.b, self.cost = [], [], []
        self.record()

    def record(self):
        self.w.append(self.net.w[self.l][self.j].copy())
        self.b.append(self.net.b[self.l][self.j, 0])
        self.cost.append(self.now.cost)

    @property
    def parameters(self):
        l, j = self.l, self.j
        return {f"w^{l}_{j}·": self.net.w[l][j].copy(), f"b^{l}_{j}": self.net.b[l][j].copy()}

    @parameters.setter
    def parameters(self, values):
        l, j = self.l, self.j
        self.net.w[l][j], self.net.b[l][j] = values[f"w^{l}_{j}·"], values[f"b^{l}_{j}"]
        self.now = Example(self.net, self.now.x, self.now.y)

    def steps(self, batches, eta):
        """One gradient-descent step of the neuron for each (x, y) in ``batches``."""
        net, l, j = self.net, self.l, self.j
        for x, y in batches:
            nabla_b, nabla_w = self.now.nabla_b, self.now.nabla_w
            net.w[l][j] -= eta * nabla_w[l][j]
            net.b[l][j] -= eta * nabla_b[l][j]
            self.now = Example(net, x, y)
            self.record()

    def result(self):
        w = np.array(self.w)
        return {"w": w, "b": np.array(self.b), "cost": np.array(self.cost),
                "change": np.linalg.norm(w - w[0], axis=1)}

