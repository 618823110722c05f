"""A feedforward network trained by backpropagation, in the book's notation.

Layers are numbered 1..L; layer 1 is the input.  ``weights[l-2]`` is the matrix
w^l whose entry w^l_jk connects neuron k of layer l−1 to neuron j of layer l, so
it has shape (n_l, n_{l−1}); ``biases[l-2]`` is the column vector b^l.  Inputs
are column vectors, or matrices whose m columns are m examples.

    z^l = w^l a^{l−1} + b^l,    a^l = σ(z^l)                       (feedforward)
    δ^L = ∇_a C ⊙ σ′(z^L)                                           (BP1)
    δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)                           (BP2)
    ∂C/∂b^l_j = δ^l_j                                                (BP3)
    ∂C/∂w^l_jk = a^{l−1}_k δ^l_j                                     (BP4)
"""
import numpy as np

from . import checks
from .activations import get_activation
from .costs import get_cost


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

    def sigma(self, l):
        """The activation object of layer l (2..L)."""
        return self.output_activation if l == self.num_layers else self.activation

    # ----- feedforward -------------------------------------------------
    def _check_parameters(self):
        for l in range(2, self.num_layers + 1):
            w, b = self.weights[l - 2], self.biases[l - 2]
            want_w = (self.sizes[l - 1], self.sizes[l - 2])
            if np.shape(w) != want_w:
                raise ValueError(f"weights[{l - 2}] (w^{l}) has shape {np.shape(w)}; "
                                 f"expected {want_w}")
            if np.shape(b) != (self.sizes[l - 1], 1):
                raise ValueError(f"biases[{l - 2}] (b^{l}) has shape {np.shape(b)}; "
                                 f"expected {(self.sizes[l - 1], 1)}")
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
                raise ValueError(f"w^{l} or b^{l} contains NaN or infinity")

    def _forward(self, X):
        self._check_parameters()
        activation, activations, zs = X, [X], []
        for l, (w, b) in enumerate(zip(self.weights, self.biases), start=2):
            z = w @ activation + b
            activation = self.sigma(l).fn(z)
            zs.append(z)
            activations.append(activation)
        return zs, activations

    def forward_pass(self, x):
        """Return ``(zs, activations)``: zs[l-2] = z^l, activations[l-1] = a^l, activations[0] = x."""
        return self._forward(checks.as_columns(x, self.sizes[0], "input x"))

    def feedforward(self, x):
        """Return a^L for the input x (one column or m columns)."""
        return self.forward_pass(x)[1][-1]

    # ----- the cost ----------------------------------------------------
    def cost(self, X, Y):
        """C = (1/m) Σ_x C_x over the m columns of X and Y."""
        X, Y = checks.pair(X, Y, self.sizes[0], self.sizes[-1])
        z_L = self._forward(X)[0][-1]
        return float(np.mean(self.cost_function.fn_of_z(z_L, Y, self.output_activation)))

    # ----- backpropagation ---------------------------------------------
    def _deltas(self, zs, activations, Y):
        """δ^L by BP1, then δ^{L−1}, ..., δ^2 by BP2; column j of each is one example."""
        delta = self.cost_function.delta(zs[-1], activations[-1], Y, self.output_activation)
        deltas = [delta]
        for l in range(self.num_layers - 1, 1, -1):
            delta = self.sigma(l).backward(zs[l - 2], self.weights[l - 1].T @ delta)
            deltas.insert(0, delta)
        return deltas

    def deltas(self, x, y):
        """The errors [δ^2, ..., δ^L] (index l−2), δ^l_j = ∂C_x/∂z^l_j, one column per example."""
        X, Y = checks.pair(x, y, self.sizes[0], self.sizes[-1])
        zs, activations = self._forward(X)
        return self._deltas(zs, activations, Y)

    def _gradient(self, X, Y):
        zs, activations = self._forward(X)
        deltas = self._deltas(zs, activations, Y)
        m = X.shape[1]
        nabla_b = [delta.sum(axis=1, keepdims=True) / m for delta in deltas]          # BP3
        nabla_w = [delta @ a_in.T / m for delta, a_in in zip(deltas, activations)]   # BP4
        return nabla_b, nabla_w

    def backprop(self, x, y):
        """Return ``(nabla_b, nabla_w)``, the gradient of C_x for the single example (x, y)."""
        X, Y = checks.one_example(x, y, self.sizes[0], self.sizes[-1],
                                  "backprop (use backprop_batch for a mini-batch)")
        return self._gradient(X, Y)

    def backprop_batch(self, X, Y):
        """Return the mean gradient of C = (1/m) Σ_x C_x over the m columns of X, Y.

        Fully matrix-based: one forward and one backward pass on n × m matrices.
        The sum over examples in ∂C/∂w^l = (1/m) Σ_x δ^{x,l} (a^{x,l−1})^T is the
        matrix product δ^l (a^{l−1})^T.
        """
        X, Y = checks.pair(X, Y, self.sizes[0], self.sizes[-1])
        return self._gradient(X, Y)

    # ----- learning ----------------------------------------------------
    def update_mini_batch(self, X, Y, eta):
        """One gradient-descent step on a mini-batch: w → w − η ∂C/∂w, b → b − η ∂C/∂b.

        ∂C/∂w is the mean over the batch, so this is w → w − (η/m) Σ_x ∂C_x/∂w.
        """
        eta = checks.positive(eta, "learning rate eta")
        nabla_b, nabla_w = self.backprop_batch(X, Y)
        self.weights = [w - eta * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - eta * nb for b, nb in zip(self.biases, nabla_b)]

    def accuracy(self, X, labels):
        """The fraction of columns of X whose largest output is the right label.

        ``labels`` is an array of m integer classes, or one-hot targets (n_L, m).
        """
        X = checks.as_columns(X, self.sizes[0], "input x")
        labels = _labels(labels, X.shape[1], self.sizes[-1])
        return float(np.mean(np.argmax(self._forward(X)[1][-1], axis=0) == labels))

    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None,
            seed=None, progress=True):
        """Mini-batch stochastic gradient descent.

        ``training_data`` is ``(X, Y)`` with examples as columns (or a list of
        ``(x, y)`` column-vector pairs).  Each epoch shuffles the examples, splits
        them into mini-batches of ``mini_batch_size`` and calls
        ``update_mini_batch`` on each.  ``test_data`` is ``(X, labels)``.
        Returns a list with one dict per epoch: the training cost, and the
        test accuracy when test_data is given.
        """
        X, Y = _as_dataset(training_data, self.sizes[0], self.sizes[-1])
        epochs = checks.count(epochs, "epochs")
        mini_batch_size = checks.count(mini_batch_size, "mini_batch_size")
        eta = checks.positive(eta, "learning rate eta")
        rng = np.random.default_rng(seed)
        n = X.shape[1]
        history = []
        for epoch in _progress(range(epochs), progress):
            order = rng.permutation(n)
            for start in range(0, n, mini_batch_size):
                batch = order[start:start + mini_batch_size]
                self.update_mini_batch(X[:, batch], Y[:, batch], eta)
            record = {"epoch": epoch + 1, "cost": self.cost(X, Y)}
            if test_data is not None:
                record["accuracy"] = self.accuracy(*test_data)
            history.append(record)
        return history


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

