"""A feedforward network trained by backpropagation, in the book's notation.

Layers are numbered 1..L; layer 1 is the input.  ``net.w[l]`` is the matrix w^l
(l = 2..L) whose entry ``net.w[l][j, k]`` = w^l_jk connects neuron k of layer
l−1 to neuron j of layer l, so it has shape (n_l, n_{l−1}); ``net.b[l]`` is the
column vector b^l.  (``net.weights`` and ``net.biases`` are the same arrays as
plain lists, as in Nielsen's network.py, where ``weights[0]`` is w^2.)  Inputs
are column vectors, or matrices whose m columns are m examples.

    z^l = w^l a^{l−1} + b^l,    a^l = σ(z^l)                       (feedforward)
    δ^L = ∇_a C ⊙ σ′(z^L)                                           (BP1)
    δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)                           (BP2)
    ∂C/∂b^l_j = δ^l_j                                                (BP3)
    ∂C/∂w^l_jk = a^{l−1}_k δ^l_j                                     (BP4)

The computing is done by :class:`~backprop_core.example.Example`, one network
on one example (or a mini-batch), which ``net.example(x, y)`` returns.
Used by every chapter; chapter 7 sets it beside network.py.
"""
import numpy as np

from . import checks
from .activations import get_activation
from .costs import get_cost
from .example import Example
from .layers import Layers


class Network:
    """A network with layer sizes ``sizes = [n1, ..., nL]``.

    ``activation`` is σ for the hidden layers, ``output_activation`` for layer L
    (default: the same as ``activation``), ``cost`` one of "quadratic",
    "cross_entropy" (sigmoid output) or "log_likelihood" (softmax output).
    Weights and biases start as standard normal draws from ``seed``.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None,
                 cost="quadratic", seed=None):
        self.sizes = checks.sizes(sizes)
        self.num_layers = len(self.sizes)
        if output_activation is None:
            output_activation = activation
        self.activation = get_activation(activation)
        self.output_activation = get_activation(output_activation, output=True)
        self.cost_function = get_cost(cost, self.output_activation.name)
        rng = np.random.default_rng(seed)
        self.biases = [rng.standard_normal((n, 1)) for n in self.sizes[1:]]
        self.weights = [rng.standard_normal((n, k))
                        for k, n in zip(self.sizes[:-1], self.sizes[1:])]

    def __repr__(self):
        return (f"Network({self.sizes}, activation={self.activation.name!r}, "
                f"output_activation={self.output_activation.name!r}, "
                f"cost={self.cost_function.name!r})")

    @property
    def L(self):
        """The number of layers, counting the input layer."""
        return self.num_layers

    # ----- the book's notation -------------------------------------------
    @property
    def w(self):
        """w^l for l = 2..L: ``net.w[l]`` is the (n_l, n_{l−1}) matrix of w^l_jk.

        A view of the storage list ``weights``: ``net.w[l] = new`` writes into it.
        """
        return Layers(self.weights, 2, "w^l")

    @property
    def n(self):
        """n_l, the number of neurons in layer l = 1..L: ``net.n[l]`` (``net.sizes`` as a list)."""
        return Layers(self.sizes, 1, "n_l")

    @property
    def b(self):
        """b^l for l = 2..L: ``net.b[l]`` is the (n_l, 1) column of biases."""
        return Layers(self.biases, 2, "b^l")

    def sigma(self, l):
        """The activation object of layer l (2..L): σ, or the output activation at l = L."""
        l = checks.layer(l, self.num_layers)
        return self.output_activation if l == self.num_layers else self.activation

    # ----- one example, computed once ----------------------------------
    def _check_parameters(self):
        n = self.n
        for l, w in self.w.items():
            b = self.b[l]
            want_w = (n[l], n[l - 1])
            if np.shape(w) != want_w:
                raise ValueError(f"w^{l} (net.w[{l}]) has shape {np.shape(w)}; "
                                 f"expected {want_w}")
            if np.shape(b) != (n[l], 1):
                raise ValueError(f"b^{l} (net.b[{l}]) has shape {np.shape(b)}; "
                                 f"expected {(n[l], 1)}")
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
                raise ValueError(f"w^{l} or b^{l} contains NaN or infinity")
        if len(self.weights) != self.num_layers - 1 or len(self.biases) != self.num_layers - 1:
            raise ValueError(f"the network needs w^l and b^l for l = 2..{self.num_layers}; "
                             f"it has {len(self.weights)} weight and {len(self.biases)} bias arrays")

    def example(self, x, y):
        """This network on the example (x, y): z, a, C_x, δ, ∇C, each computed once.

        x and y are columns (n_1, 1) and (n_L, 1), or m columns each for a
        mini-batch (then the cost and the gradient are means over it).  See
        :class:`~backprop_core.example.Example`.
        """
        X, Y = checks.pair(x, y, self.sizes[0], self.sizes[-1])
        self._check_parameters()
        return Example(self, X, Y)

    def forward_pass(self, x):
        """The forward pass: an object with ``.z[l]`` (l = 2..L) and ``.a[l]`` (l = 1..L, a[1] = x)."""
        X = checks.as_columns(x, self.sizes[0], "input x")
        self._check_parameters()
        ex = Example(self, X, None)
        return ForwardPass(ex.z, ex.a)

    def feedforward(self, x):
        """Return a^L for the input x (one column or m columns)."""
        return self.forward_pass(x).a[self.num_layers]

    def cost(self, X, Y):
        """C = (1/m) Σ_x C_x over the m columns of X and Y."""
        return self.example(X, Y).cost

    # ----- backpropagation ---------------------------------------------
    def deltas(self, x, y):
        """The errors δ^l = ∂C_x/∂z^l, l = 2..L: ``net.deltas(x, y)[l]``, one column per example."""
        return self.example(x, y).delta

    def backprop(self, x, y):
        """Return ``(nabla_b, nabla_w)`` for the single example (x, y): ``nabla_w[l]`` is ∂C_x/∂w^l."""
        X, Y = checks.one_example(x, y, self.sizes[0], self.sizes[-1],
                                  "backprop (use backprop_batch for a mini-batch)")
        self._check_parameters()
        ex = Example(self, X, Y)
        return ex.nabla_b, ex.nabla_w

    def backprop_batch(self, X, Y):
        """Return the mean gradient of C = (1/m) Σ_x C_x over the m columns of X, Y.

        Fully matrix-based: one forward and one backward pass on n × m matrices.
        The sum over examples in ∂C/∂w^l = (1/m) Σ_x δ^{x,l} (a^{x,l−1})^T is the
        matrix product δ^l (a^{l−1})^T.  ``nabla_w[l]`` is ∂C/∂w^l.
        """
        ex = self.example(X, Y)
        return ex.nabla_b, ex.nabla_w

    # ----- learning ----------------------------------------------------
    def update_mini_batch(self, X, Y, eta):
        """One gradient-descent step on a mini-batch: w^l → w^l − η ∂C/∂w^l, b^l → b^l − η ∂C/∂b^l.

        ∂C/∂w is the mean over the batch, so this is w → w − (η/m) Σ_x ∂C_x/∂w.
        """
        eta = checks.positive(eta, "learning rate eta")
        X, Y = checks.pair(X, Y, self.sizes[0], self.sizes[-1])
        self._check_parameters()
        self._step(X, Y, eta)

    def _step(self, X, Y, eta):
        """The update on inputs already checked: the body of SGD's inner loop."""
        nabla_b, nabla_w = Example(self, X, Y)._gradient()
        self.weights[:] = [w - eta * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases[:] = [b - eta * nb for b, nb in zip(self.biases, nabla_b)]

    def accuracy(self, X, labels):
        """The fraction of columns of X whose largest output is the right label.

        ``labels`` is an array of m integer classes, or one-hot targets (n_L, m).
        """
        X = checks.as_columns(X, self.sizes[0], "input x")
        labels = _labels(labels, X.shape[1], self.sizes[-1])
        return float(np.mean(np.argmax(self.feedforward(X), axis=0) == labels))

    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None,
            seed=None, progress=True):
        """Mini-batch stochastic gradient descent.

        ``training_data`` is ``(X, Y)`` with examples as columns (or a list of
        ``(x, y)`` column-vector pairs).  Each epoch shuffles the examples once,
        splits them into mini-batches of ``mini_batch_size`` and takes one
        gradient-descent step on each.  ``test_data`` is ``(X, labels)``.
        Returns a list with one dict per epoch: the training cost, and the
        test accuracy when test_data is given.

        Every argument is checked once, before the first epoch; the inner loop
        runs on checked arrays.
        """
        X, Y = _as_dataset(training_data, self.sizes[0], self.sizes[-1])
        epochs = checks.count(epochs, "epochs")
        mini_batch_size = checks.count(mini_batch_size, "mini_batch_size")
        eta = checks.positive(eta, "learning rate eta")
        if test_data is not None:
            test_X, test_labels = _test_set(test_data, self.sizes[0], self.sizes[-1])
        self._check_parameters()
        rng = np.random.default_rng(seed)
        n = X.shape[1]
        history = []
        for epoch in _progress(range(epochs), progress):
            order = rng.permutation(n)
            X_epoch, Y_epoch = X[:, order], Y[:, order]          # one shuffle per epoch
            for start in range(0, n, mini_batch_size):
                self._step(X_epoch[:, start:start + mini_batch_size],
                           Y_epoch[:, start:start + mini_batch_size], eta)
            self._check_parameters()
            record = {"epoch": epoch + 1, "cost": Example(self, X, Y).cost}
            if test_data is not None:
                record["accuracy"] = self.accuracy(test_X, test_labels)
            history.append(record)
        return history


class ForwardPass:
    """What ``Network.forward_pass`` returns: ``.z[l]`` (l = 2..L) and ``.a[l]`` (l = 1..L)."""

    __slots__ = ("z", "a")

    def __init__(self, z, a):
        self.z, self.a = z, a

    def __iter__(self):
        """Unpacks as ``z, a = net.forward_pass(x)``."""
        return iter((self.z, self.a))

    def __repr__(self):
        return f"ForwardPass(z={self.z!r}, a={self.a!r})"


def _test_set(data, n_in, n_out):
    try:
        test_X, test_labels = data
    except (TypeError, ValueError):
        raise ValueError("test_data must be a pair (X, labels) with examples as the columns "
                         "of X") from None
    test_X = checks.as_columns(test_X, n_in, "test_data's X")
    return test_X, _labels(test_labels, test_X.shape[1], n_out)


def _progress(iterable, show):
    if not show:
        return iterable
    from tqdm.auto import tqdm
    return tqdm(iterable, desc="epoch", unit="epoch")


def _as_dataset(data, n_in, n_out):
    """(X, Y) matrices, or a list of (x, y) pairs, as checked (X, Y) matrices."""
    if isinstance(data, (list, tuple)) and len(data) == 2 and all(
            isinstance(d, np.ndarray) for d in data):
        return checks.pair(data[0], data[1], n_in, n_out)
    try:
        xs, ys = zip(*data)
    except (TypeError, ValueError):
        raise ValueError("training_data must be (X, Y) arrays with examples as columns, "
                         "or a list of (x, y) column-vector pairs") from None
    X = np.hstack([checks.as_columns(x, n_in, "input x") for x in xs])
    Y = np.hstack([checks.as_columns(y, n_out, "target y") for y in ys])
    return X, Y


def _labels(labels, m, n_out):
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape == (n_out, m):
        return np.argmax(labels, axis=0)
    if labels.ndim == 1 and labels.shape[0] == m:
        return labels.astype(int)
    raise ValueError(f"labels have shape {labels.shape}; expected ({m},) integer classes "
                     f"or one-hot targets ({n_out}, {m})")

