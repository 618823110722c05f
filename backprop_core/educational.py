"""The educational network: every neuron a small record, every sum a for-loop.

An ALTERNATIVE form of the engine (the essay's), kept because chapter 11 teaches
it: the same mathematics as :class:`~backprop_core.network.Network`, one neuron
at a time.  Readable first, fast never; the tests check its gradients against
``Network.backprop`` and finite differences.

A :class:`Neuron` keeps its own weighted input z, activation a, bias b, error
delta and its *outgoing* weights: neuron k of layer l−1 holds w^l_jk as
``weights[j]``, the weight from it to neuron j of layer l (the book's w^l_jk: j
the neuron in layer l, k the neuron in layer l−1; the essay names the same
weight from → to, w_kj).  A layer is a list of neurons, and ``edu.layers[l]``
is layer l in the book's numbering (``edu.layers[1]`` the input,
``edu.layers[L]`` the output).  The per-layer results are indexed the same
way: ``edu.backprop(x, y)`` returns ``(nabla_b, nabla_w)`` with ``nabla_w[l]`` =
∂C/∂w^l, exactly like ``net.backprop(x, y)``.
:meth:`EducationalNetwork.from_network` (which reads ``net.w[l]``) and
:meth:`~EducationalNetwork.to_network` translate between the neurons and the
book's matrices, so both networks can hold exactly the same weights.

The algorithm is three plain functions of ``edu.layers``, with no argument
checks (chapter 11 prints ``forward`` and ``gradients``; ``backward`` is what its
exercise 11.1 asks the reader to write): :func:`forward`, :func:`backward` (BP1 and BP2,
neuron by neuron, for the quadratic cost

    δ^L_j = f′(z^L_j) (a^L_j − y_j),      δ^l_j = f′(z^l_j) Σ_k w^{l+1}_kj δ^{l+1}_k)

and :func:`gradients` (BP3 and BP4: ∂C/∂b^l_j = δ^l_j, ∂C/∂w^l_jk = δ^l_j a^{l−1}_k).
The methods of :class:`EducationalNetwork` are the boundary: they check their
arguments, call those functions, and check the result for overflow.  A step of
gradient descent changes each weight by −η ∂C/∂w^l_jk.

A step that diverges is not taken, by the core's rule and routine
(:func:`backprop_core.divergence.descend`): if a new weight or bias is not
finite, or a layer's weights or biases become more than ``GROWTH`` times as
large as before the step, the network is left unchanged and
``TrainingDiverged`` names η and a smaller η that works.  A weighted input that
overflows (|z| beyond 1.8e308) raises a ValueError naming the neuron and its layer
instead of turning into a silent NaN.
Used by chapter 11 (and timed in ``bench/core_speed.py``).
"""
from dataclasses import dataclass, field

import math

import numpy as np

from . import checks
from .activations import get_activation
from .layers import Layers
from .divergence import descend, quiet
from .network import Network

#: The bias every new neuron starts with in the essay.
START_BIAS = 0.01
#: Costs whose output error is per neuron (softmax mixes all output neurons).
COSTS = ("quadratic", "cross_entropy")


@dataclass
class Neuron:
    """One neuron: its weighted input z, activation a, bias b, error delta, and
    ``weights[j]``, the weight of the connection from it to neuron j of the next layer."""
    weights: list = field(default_factory=list)
    b: float = START_BIAS
    z: float = 0.0
    a: float = 0.0
    delta: float = 0.0


class EducationalNetwork:
    """A network of :class:`Neuron` records with layer sizes ``sizes``: the
    per-neuron alternative to :class:`~backprop_core.network.Network`.

    ``activation`` is f for every non-input neuron (sigmoid, tanh, relu or
    linear); ``cost`` is "quadratic" (δ_k = f′(z_k)(a_k − y_k)) or
    "cross_entropy" with a sigmoid (δ_k = a_k − y_k).  New networks draw their
    weights from a standard normal (``seed``) and set every bias to 0.01.
    ``layers[l]`` is the list of neurons of layer l, l = 1..L.
    """

    def __init__(self, sizes, activation="sigmoid", cost="quadratic", seed=None):
        self.sizes = checks.sizes(sizes)
        self.activation = get_activation(activation)
        if cost not in COSTS:
            raise ValueError(f"the educational network supports cost in {list(COSTS)}, got "
                             f"{cost!r} (softmax mixes the output neurons, so it has no "
                             "per-neuron form here)")
        if cost == "cross_entropy" and self.activation.name != "sigmoid":
            raise ValueError("cost 'cross_entropy' needs activation='sigmoid'")
        self.cost = cost
        rng = np.random.default_rng(checks.seed(seed))
        self._neurons = []                  # the layers in order; read them as layers[l]
        for n, n_next in zip(self.sizes, self.sizes[1:] + [0]):
            self._neurons.append([Neuron(weights=[float(w) for w in rng.standard_normal(n_next)])
                                  for _ in range(n)])

    @property
    def L(self):
        """The number of layers, counting the input layer."""
        return len(self.sizes)

    @property
    def layers(self):
        """The neurons of layer l, l = 1..L: ``edu.layers[l]`` (a list of :class:`Neuron`)."""
        return Layers(self._neurons, 1, "layer l")

    # ----- translating to and from the book's matrices -------------------
    @classmethod
    def from_network(cls, net):
        """The same network as the core ``Network`` ``net``, neuron by neuron.

        Neuron k of layer l−1 gets the outgoing weights ``net.w[l][:, k]`` (column k
        of w^l: from k to every j), neuron j of layer l the bias ``net.b[l][j, 0]``.
        """
        if net.output_activation.name != net.activation.name:
            raise ValueError("the educational network uses one activation f for every layer; "
                             f"net has {net.activation.name!r} hidden and "
                             f"{net.output_activation.name!r} output")
        edu = cls(net.sizes, net.activation.name, net.cost_function.name)
        layers = edu.layers
        for l, w in net.w.items():                       # the book's layer numbers
            for j, neuron in enumerate(layers[l]):
                neuron.b = float(net.b[l][j, 0])
            for k, neuron in enumerate(layers[l - 1]):
                neuron.weights = [float(w_jk) for w_jk in w[:, k]]
        return edu

    def to_network(self):
        """A core ``Network`` holding the same weights: ``net.w[l][j, k]`` is the
        weight from neuron k of layer l−1 to neuron j of layer l."""
        net = Network(self.sizes, activation=self.activation.name, cost=self.cost)
        layers = self.layers
        for l in net.w.layers:
            net.w[l] = np.array([[before.weights[j] for before in layers[l - 1]]
                                 for j in range(len(layers[l]))])
            net.b[l] = np.array([[neuron.b] for neuron in layers[l]])
        return net

    # ----- the two passes ------------------------------------------------
    # The core's activations work on arrays; a 0-d array carries one neuron's z.
    def _f(self, z):
        return float(self.activation.fn(np.asarray(z)))

    def _f_prime(self, z):
        return float(self.activation.prime(np.asarray(z)))

    def feedforward(self, x):
        """Set every neuron's z and a for the input x (:func:`forward`); return the
        output activations."""
        x = checks.one_column(x, self.sizes[0], "input x")
        layers = self.layers
        with quiet():                   # an overflow is found by the check below
            forward(layers, [float(value) for value in x[:, 0]], self._f)
        _require_finite_neurons(layers, "z", "the weighted input z")
        return [neuron.a for neuron in layers[self.L]]

    def backprop(self, x, y):
        """Fill in every neuron's delta for one example (:func:`backward`); return
        (nabla_b, nabla_w) (:func:`gradients`).

        The gradients come back as Layers in the book's layout, like the core's
        ``net.backprop(x, y)``: ``nabla_w[l][j, k]`` = ∂C/∂w^l_jk and
        ``nabla_b[l][j, 0]`` = ∂C/∂b^l_j, for l = 2..L.
        """
        y = checks.one_column(y, self.sizes[-1], "target y")
        self.feedforward(x)
        layers = self.layers
        with quiet():                   # an overflow is found by the checks below
            backward(layers, [float(target) for target in y[:, 0]], self._f_prime, self.cost)
        _require_finite_neurons(layers, "delta", "the error delta")
        return _require_finite(*gradients(layers))

    def gradient(self, X, Y):
        """The mean gradient over the columns of X and Y, one example at a time
        (the mini-batch as a loop); Layers like :meth:`backprop`'s."""
        X, Y = checks.pair(X, Y, self.sizes[0], self.sizes[-1])
        m = X.shape[1]
        total_b = total_w = None
        with quiet():                   # an overflow is found by the check below
            for i in range(m):
                nabla_b, nabla_w = self.backprop(X[:, i:i + 1], Y[:, i:i + 1])
                if total_b is None:
                    total_b, total_w = list(nabla_b), list(nabla_w)
                else:
                    total_b = [t + n for t, n in zip(total_b, nabla_b)]
                    total_w = [t + n for t, n in zip(total_w, nabla_w)]
            mean_b, mean_w = [t / m for t in total_b], [t / m for t in total_w]
        return _require_finite(Layers(mean_b, 2, "∂C/∂b^l"), Layers(mean_w, 2, "∂C/∂w^l"))

    def update_mini_batch(self, X, Y, eta):
        """One gradient-descent step: each weight w^l_jk changes by −η ∂C/∂w^l_jk.

        If the step diverges (``divergence.descend``, the core's rule), no neuron
        is changed and ``TrainingDiverged`` is raised, naming η and a smaller η
        that works.
        """
        eta = checks.positive(eta, "learning rate eta")
        X, Y = checks.pair(X, Y, self.sizes[0], self.sizes[-1])
        descend(self, steps, [(X, Y)], eta, "in this update_mini_batch step",
                "No neuron was changed")

    @property
    def parameters(self):
        """Every w^l and b^l as the book's arrays, by name ("w^2", …, "b^L"); setting
        it writes such a dict back into the neurons."""
        layers, out = self.layers, {}
        for l in range(2, self.L + 1):
            out[f"w^{l}"] = np.array([[before.weights[j] for before in layers[l - 1]]
                                      for j in range(len(layers[l]))])
            out[f"b^{l}"] = np.array([[neuron.b] for neuron in layers[l]])
        return out

    @parameters.setter
    def parameters(self, values):
        layers = self.layers
        for l in range(2, self.L + 1):
            w, b = values[f"w^{l}"], values[f"b^{l}"]
            for j, neuron in enumerate(layers[l]):
                neuron.b = float(b[j, 0])
                for k, before in enumerate(layers[l - 1]):
                    before.weights[j] = float(w[j, k])


def forward(layers, x, f):
    """The forward pass, neuron by neuron: a^1 = x, then for l = 2..L each neuron j
    of layer l gets z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j and a^l_j = f(z^l_j).

    ``layers`` is ``edu.layers``; neuron k of layer l−1 holds w^l_jk as ``weights[j]``.
    """
    for neuron, x_k in zip(layers[1], x):
        neuron.a = x_k
    for l in range(2, layers.last + 1):
        for j, neuron in enumerate(layers[l]):
            z = neuron.b
            for before in layers[l - 1]:                     # the neurons k of layer l−1
                z += before.weights[j] * before.a            # w^l_jk a^{l−1}_k
            neuron.z = z
            neuron.a = f(z)


def backward(layers, y, f_prime, cost="quadratic"):
    """The backward pass, neuron by neuron, after :func:`forward`: sets every
    neuron's delta for layers L down to 2.

    BP1: δ^L_j = f′(z^L_j)(a^L_j − y_j) (for the cross-entropy cost with sigmoid
    outputs the f′ cancels: δ^L_j = a^L_j − y_j).  BP2: δ^l_j = f′(z^l_j)
    Σ_k w^{l+1}_kj δ^{l+1}_k, the sum running over neuron j's own outgoing weights.
    """
    L = layers.last
    for j, neuron in enumerate(layers[L]):                   # BP1, the output layer
        neuron.delta = neuron.a - y[j]
        if cost == "quadratic":
            neuron.delta *= f_prime(neuron.z)
    for l in range(L - 1, 1, -1):                            # BP2, layers L−1 down to 2
        for j, neuron in enumerate(layers[l]):
            total = 0.0
            for k, after in enumerate(layers[l + 1]):        # the neurons k that j feeds
                total += neuron.weights[k] * after.delta     # w^{l+1}_kj δ^{l+1}_k
            neuron.delta = f_prime(neuron.z) * total


def gradients(layers):
    """BP3 and BP4 from the deltas :func:`backward` left in the neurons:
    ∂C/∂b^l_j = δ^l_j and ∂C/∂w^l_jk = δ^l_j a^{l−1}_k, as Layers of the book's arrays."""
    nabla_b, nabla_w = [], []
    for l in range(2, layers.last + 1):
        nabla_b.append(np.array([[neuron.delta] for neuron in layers[l]]))
        nabla_w.append(np.array([[neuron.delta * before.a for before in layers[l - 1]]
                                 for neuron in layers[l]]))
    return Layers(nabla_b, 2, "∂C/∂b^l"), Layers(nabla_w, 2, "∂C/∂w^l")


def steps(edu, batches, eta):
    """Gradient descent on ``edu`` over the mini-batches (X, Y), neuron by neuron."""
    for X, Y in batches:
        nabla_b, nabla_w = edu.gradient(X, Y)
        layers = edu.layers
        for l in range(2, edu.L + 1):
            for j, neuron in enumerate(layers[l]):
                neuron.b -= eta * float(nabla_b[l][j, 0])
                for k, before in enumerate(layers[l - 1]):
                    before.weights[j] -= eta * float(nabla_w[l][j, k])


def _require_finite_neurons(layers, attribute, what):
    """A ValueError naming the first neuron (layer 2 onwards) whose ``attribute`` is not finite."""
    for l in range(2, layers.last + 1):
        for j, neuron in enumerate(layers[l]):
            if not math.isfinite(getattr(neuron, attribute)):
                raise ValueError(_overflow(f"{what} of neuron {j} in layer {l}"))


def _require_finite(nabla_b, nabla_w):
    """(nabla_b, nabla_w), or a ValueError naming the first layer whose gradient overflowed."""
    for l, nb in nabla_b.items():
        if not (np.all(np.isfinite(nb)) and np.all(np.isfinite(nabla_w[l]))):
            raise ValueError(_overflow(f"the gradient of layer {l}"))
    return nabla_b, nabla_w


def _overflow(what):
    return (f"{what} overflowed (beyond the largest float, 1.8e308): the weights are too "
            "large for this input")


def weight_change_by_broadcasting(delta, a):
    """The matrix of δ_j a_k for all j, k, built the essay's way without loops:
    an alternative to the engine's ``delta @ a.T`` (BP4), checked against it in the tests.

    δ (a column, one entry per neuron of the later layer) is broadcast across
    the columns, a (a row, one entry per neuron of the earlier layer) down the
    rows, and the two equal-shaped arrays are multiplied elementwise.  The
    result is the outer product δ a^T, i.e. ∂C/∂w^l = δ^l (a^{l−1})^T (BP4).
    """
    delta, a = _vector(delta, "delta").reshape(-1, 1), _vector(a, "a").reshape(1, -1)
    shape = (delta.shape[0], a.shape[1])
    return np.broadcast_to(delta, shape) * np.broadcast_to(a, shape)


def _vector(v, what):
    v = checks.real_array(v, what)
    if v.ndim > 2 or (v.ndim == 2 and 1 not in v.shape) or v.size == 0:
        raise ValueError(f"{what} has shape {v.shape}; expected a vector (n,), (n, 1) or (1, n)")
    return v
