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

The numbers come from :mod:`backprop_core.algorithm`, the whole algorithm in
the book's notation; this class is the guard around it: it checks what a
reader passes in, once, and hands the rest to the algorithm, through
:class:`~backprop_core.example.Example` (``net.example(x, y)``, one network on
one example or a mini-batch) or, for training, through
:func:`~backprop_core.divergence.descend`, which stops a step that would blow
the parameters up and raises :class:`~backprop_core.divergence.TrainingDiverged`.
Used by every chapter; chapter 7 sets the algorithm beside Nielsen's network.py.
"""
import numpy as np

from . import algorithm, checks, clipping
from .activations import get_activation
from .costs import get_cost
from .divergence import TrainingDiverged, descend, limits
from .example import Example
from .layers import Layers

class Network:
    """A network with layer sizes ``sizes = [n1, ..., nL]``.

    ``activation`` is σ for the hidden layers, ``output_activation`` for layer L
    (default: the same as ``activation``), ``cost`` one of "quadratic",
    "cross_entropy" (sigmoid output) or "log_likelihood" (softmax output).
    Weights and biases start as standard normal draws from ``seed``.
    ``residual=True`` (chapter 14) adds a skip connection to every hidden layer l
    (3 ≤ l ≤ L − 1) as wide as the one before: z^l = z^{l−1} + w^l a^{l−1} + b^l.
    The layers that have one are ``net.skips`` (empty by default).
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None,
                 cost="quadratic", seed=None, residual=False):
        self.sizes = checks.sizes(sizes)
        self.num_layers = len(self.sizes)
        if not isinstance(residual, (bool, np.bool_)):
            raise TypeError(f"residual must be True or False, got {checks.show(residual)}")
        self.skips = frozenset(l for l in range(3, self.num_layers)
                               if residual and self.n[l] == self.n[l - 1])
        if output_activation is None:
            output_activation = activation
        self.activation = get_activation(activation)
        self.output_activation = get_activation(output_activation, output=True)
        self.cost_function = get_cost(cost, self.output_activation.name)
        rng = np.random.default_rng(checks.seed(seed))
        self.biases = [rng.standard_normal((n, 1)) for n in self.sizes[1:]]
        self.weights = [rng.standard_normal((n, k))
                        for k, n in zip(self.sizes[:-1], self.sizes[1:])]

    def __repr__(self):
        return (f"Network({self.sizes}, activation={self.activation.name!r}, "
                f"output_activation={self.output_activation.name!r}, "
                f"cost={self.cost_function.name!r}"
                + (", residual=True" if self.skips else "") + ")")

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

    @property
    def sigma_of(self):
        """σ of every layer l = 2..L: ``net.sigma_of[l]``, the output activation at l = L."""
        return Layers([self.activation] * (self.num_layers - 2) + [self.output_activation], 2,
                      "σ^l")

    def sigma(self, l):
        """The activation object of layer l (2..L): σ, or the output activation at l = L."""
        return self.sigma_of[checks.layer(l, self.num_layers)]

    @property
    def parameters(self):
        """Every w^l and b^l by name ("w^2", …, "b^L"): what gradient descent changes.
        Setting it writes such a dict back into the network."""
        return {**{f"w^{l}": w for l, w in self.w.items()},
                **{f"b^{l}": b for l, b in self.b.items()}}

    @parameters.setter
    def parameters(self, values):
        for l in self.w.layers:
            self.w[l], self.b[l] = values[f"w^{l}"], values[f"b^{l}"]

    # ----- one example, computed once ----------------------------------
    def _check_parameters(self):
        n = self.n
        if len(self.weights) != self.num_layers - 1 or len(self.biases) != self.num_layers - 1:
            raise ValueError(f"the network needs w^l and b^l for l = 2..{self.num_layers}; "
                             f"it has {len(self.weights)} weight and {len(self.biases)} bias arrays")
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
                raise ValueError(f"w^{l} or b^{l} contains NaN or infinity; every weight and "
                                 "bias must be a finite number (a network trained by SGD "
                                 "never gets there: it stops when a step would diverge)")

    def example(self, x, y):
        """This network on the example (x, y): z, a, C_x, δ, ∇C, each computed once.

        x and y are columns (n_1, 1) and (n_L, 1), or m columns each for a
        mini-batch (then the cost and the gradient are means over it).  See
        :class:`~backprop_core.example.Example`; a quantity that overflows
        floating point (huge weights) raises a ValueError naming its layer.
        """
        return self._example(*checks.pair(x, y, self.sizes[0], self.sizes[-1]))

    def _example(self, X, Y):
        """The network on checked columns X, Y (Y None: the forward pass only), once its
        own w^l and b^l are checked too (a reader may have assigned them)."""
        self._check_parameters()
        return Example(self, X, Y)

    def forward_pass(self, x):
        """The forward pass: an object with ``.z[l]`` (l = 2..L) and ``.a[l]`` (l = 1..L, a[1] = x).

        If some z^l overflows (|z^l_j| beyond 1.8e308, from huge weights), a
        ValueError names the layer; no overflow warning is emitted.
        """
        ex = self._example(checks.as_columns(x, self.sizes[0], "input x"), None)
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
        ex = self._example(X, Y)
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
    def update_mini_batch(self, X, Y, eta, clip=None):
        """One gradient-descent step on a mini-batch: w^l → w^l − η ∂C/∂w^l, b^l → b^l − η ∂C/∂b^l.

        ∂C/∂w is the mean over the batch, so this is w → w − (η/m) Σ_x ∂C_x/∂w
        (:func:`backprop_core.algorithm.update_mini_batch`).  If the step
        diverges (:func:`backprop_core.divergence.descend`), the network is left
        unchanged and :class:`TrainingDiverged` is raised.  ``clip=c`` clips the
        gradient's length at c first (:mod:`backprop_core.clipping`, chapter 14).
        """
        eta = checks.positive(eta, "learning rate eta")
        X, Y = checks.pair(X, Y, self.sizes[0], self.sizes[-1])
        clip = None if clip is None else checks.positive(clip, "clip")
        self._check_parameters()
        descend(self, clipping.steps(clip), [(X, Y)], eta, "in this update_mini_batch step",
                "The network is unchanged")

    def accuracy(self, X, labels):
        """The fraction of columns of X whose largest output is the right label.

        ``labels`` is an array of m integer classes 0..n_L − 1 (one per column of
        X), or one-hot targets (n_L, m); anything else raises a ValueError that
        names the shapes.
        """
        X = checks.as_columns(X, self.sizes[0], "input x")
        labels = _labels(labels, X.shape[1], self.sizes[-1])
        return float(np.mean(np.argmax(self.feedforward(X), axis=0) == labels))

    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None,
            seed=None, progress=True, clip=None):
        """Mini-batch stochastic gradient descent.

        ``training_data`` is ``(X, Y)`` with examples as columns (or a list of
        ``(x, y)`` column-vector pairs).  Each epoch shuffles the examples once,
        splits them into mini-batches of ``mini_batch_size`` and takes one
        gradient-descent step on each (:func:`backprop_core.algorithm.sgd_epoch`).
        ``test_data`` is ``(X, labels)``.  Returns a list with one dict per
        epoch: the training cost, and the test accuracy when test_data is given.

        Every argument is checked once, before the first epoch.  Each epoch runs
        through :func:`backprop_core.divergence.descend`: if it diverges (the
        sizes when SGD was called are the reference), the network is put back as
        it was at the START OF THAT EPOCH and :class:`TrainingDiverged` names η,
        the epoch and mini-batch, and a smaller η that ran that epoch without
        diverging.  ``clip=c`` clips each step's gradient at length c
        (:mod:`backprop_core.clipping`, chapter 14); by default nothing is clipped.
        """
        X, Y = _as_dataset(training_data, self.sizes[0], self.sizes[-1])
        epochs = checks.count(epochs, "epochs")
        mini_batch_size = checks.count(mini_batch_size, "mini_batch_size")
        eta = checks.positive(eta, "learning rate eta")
        steps = clipping.steps(None if clip is None else checks.positive(clip, "clip"))
        if test_data is not None:
            test_X, test_labels = _test_set(test_data, self.sizes[0], self.sizes[-1])
        self._check_parameters()
        rng = np.random.default_rng(checks.seed(seed))
        limits2 = limits(self.parameters)          # how large each w^l, b^l may grow
        history = []
        for epoch in _progress(range(1, epochs + 1), progress):
            batches = algorithm.mini_batches(X, Y, mini_batch_size, rng)
            try:
                descend(self, steps, batches, eta,
                        f"in epoch {epoch} of {epochs}, at mini-batch {{step}} of {len(batches)}",
                        f"The network is left as it was at the start of epoch {epoch}", limits2)
            except TrainingDiverged as err:
                err.epoch, err.history = epoch, history
                raise
            record = {"epoch": epoch, "cost": Example(self, X, Y).cost}
            if test_data is not None:
                out = Example(self, test_X, None).a[self.num_layers]
                record["accuracy"] = float(np.mean(np.argmax(out, axis=0) == test_labels))
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
    if isinstance(data, (str, bytes)) or not hasattr(data, "__len__") or len(data) != 2:
        raise ValueError("test_data must be a pair (X, labels) with examples as the columns "
                         f"of X, got {checks.show(data)}")
    test_X, test_labels = data
    test_X = checks.as_columns(test_X, n_in, "test_data's X")
    return test_X, _labels(test_labels, test_X.shape[1], n_out, "test_data's labels")


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


def _labels(labels, m, n_out, what="labels"):
    """m integer classes in 0..n_out − 1, from an array of classes (m,) or one-hot (n_out, m)."""
    expected = (f"expected ({m},) integer classes 0..{n_out - 1}, one per example column "
                f"of X, or one-hot targets ({n_out}, {m})")
    try:
        arr = np.asarray(labels)
    except (TypeError, ValueError):
        raise ValueError(f"{what} could not be read as an array (a ragged list?); "
                         f"{expected}") from None
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{what} must be numbers, got an array of dtype {arr.dtype}; {expected}")
    if arr.shape == (n_out, m) and arr.ndim == 2:
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{what} (one-hot targets) contain NaN or infinity; {expected}")
        return np.argmax(arr, axis=0)
    if arr.ndim != 1 or arr.shape[0] != m:
        raise ValueError(f"{what} have shape {arr.shape} for {m} example column(s) of X; "
                         f"{expected}")
    if arr.dtype.kind == "b":
        raise ValueError(f"{what} are True/False values; {expected}")
    if arr.dtype.kind == "f":
        whole = np.isfinite(arr) & (arr == np.round(arr))
        if not np.all(whole):
            raise ValueError(f"{what} must be whole numbers, got {checks.show(arr[~whole][0])}; "
                             f"{expected}")
    if arr.size and (arr.min() < 0 or arr.max() > n_out - 1):
        bad = arr[(arr < 0) | (arr > n_out - 1)][0]
        raise ValueError(f"{what} must be classes 0..{n_out - 1} (the network has {n_out} "
                         f"output neurons), got {checks.show(bad)}")
    return arr.astype(int)
