"""The proofs of BP1–BP4, one line at a time, in numbers.

Each function here evaluates one quantity that appears in a line of the
chain-rule proofs, by finite differences wherever the proof takes a
derivative, so that a chapter can set the number beside the formula.

BP1:  δ^L_j = Σ_k (∂C/∂a^L_k)(∂a^L_k/∂z^L_j), and ∂a^L_k/∂z^L_j = 0 for k ≠ j,
      = σ′(z^L_j) for k = j                         (:func:`output_jacobian`, :func:`bp1_terms`)
BP2:  δ^l_j = Σ_k (∂z^{l+1}_k/∂z^l_j) δ^{l+1}_k with
      ∂z^{l+1}_k/∂z^l_j = w^{l+1}_kj σ′(z^l_j)       (:func:`dz_next_dz`, :func:`bp2_terms`)
δ^l_j ≡ ∂C/∂z^l_j itself, by nudging z^l_j and running the rest of the network
                                                     (:func:`delta_numeric`)

The calculus-first derivation (layers h → i → j → k, loss L = ½ Σ_n (a_n − y_n)²)
writes a weight w_xy *from* neuron x *to* neuron y, the opposite order to the
book's w^l_jk (to j from k): the essay's matrix between two layers is (w^l)^T.
Its result ∂L/∂w_xy = δ_y a_x is :func:`calculus_first`; the three independence
facts it leans on are :func:`independence_facts`.

:class:`OneNeuronChanged` is a network in which a single neuron (l, j) uses its
own activation f instead of σ, for the exercise "how does backprop change?".
"""
import numpy as np

from . import checks
from .activations import get_activation


# ----- running a network from a given layer onwards -----------------------
def _layer_fn(model, l):
    """The map z^l ↦ a^l of layer l (a network, or a OneNeuronChanged)."""
    if hasattr(model, "layer_fn"):
        return model.layer_fn(l)
    return model.sigma(l).fn


def _one_pair(model, x, y):
    return checks.one_example(x, y, model.sizes[0], model.sizes[-1], "the proofs")


def _check_eps(eps):
    return checks.positive(eps, "eps")


def forward_from(model, l, z):
    """Run layers l..L starting from the weighted input z^l; return (zs, activations)
    with zs[0] = z^l, activations[0] = a^l = σ(z^l), …, activations[-1] = a^L."""
    zs, activations = [z], [_layer_fn(model, l)(z)]
    for m in range(l + 1, model.num_layers + 1):
        z = model.weights[m - 2] @ activations[-1] + model.biases[m - 2]
        zs.append(z)
        activations.append(_layer_fn(model, m)(z))
    return zs, activations


def forward(model, x):
    """(zs, activations) for one example: zs[l-2] = z^l, activations[l-1] = a^l."""
    X = checks.one_column(x, model.sizes[0], "input x")
    z2 = model.weights[0] @ X + model.biases[0]
    zs, activations = forward_from(model, 2, z2)
    return zs, [X] + activations


def _cost(model, a, Y):
    return float(np.mean(model.cost_function.fn(a, Y)))


def cost_from_z(model, l, z, y):
    """C as a function of the weighted input z^l alone (everything before layer l fixed)."""
    return _cost(model, forward_from(model, l, z)[1][-1], y)


def _central(fn, z, eps):
    """Central differences of fn (vector- or number-valued) in each entry of column z."""
    columns = []
    for j in range(z.shape[0]):
        up, down = z.copy(), z.copy()
        up[j, 0] += eps
        down[j, 0] -= eps
        columns.append(np.ravel((np.asarray(fn(up)) - np.asarray(fn(down))) / (2 * eps)))
    return np.array(columns).T          # row k: output k, column j: input j


# ----- BP1 ------------------------------------------------------------------
def output_jacobian(model, x, eps=1e-6):
    """The matrix ∂a^L_k/∂z^L_j (row k, column j) by finite differences in z^L.

    For an elementwise σ it is diagonal with σ′(z^L_j) on the diagonal: a^L_k
    depends on z^L_k only.  That is why the sum over k in BP1 keeps one term.
    """
    eps = _check_eps(eps)
    zs, _ = forward(model, x)
    fn = _layer_fn(model, model.num_layers)
    return _central(fn, zs[-1], eps)


def bp1_terms(model, x, y, j, eps=1e-6):
    """The n_L terms (∂C/∂a^L_k)(∂a^L_k/∂z^L_j), k = 0..n_L−1, of the sum for δ^L_j."""
    X, Y = _one_pair(model, x, y)
    j = checks.index(j, model.sizes[-1], "neuron j")
    a_L = forward(model, X)[1][-1]
    dC_da = model.cost_function.derivative(a_L, Y)[:, 0]
    return dC_da * output_jacobian(model, X, eps)[:, j]


# ----- BP2 ------------------------------------------------------------------
def dz_next_dz(model, x, l, eps=1e-6):
    """The matrix ∂z^{l+1}_k/∂z^l_j (row k, column j) by finite differences in z^l."""
    eps = _check_eps(eps)
    l = checks.layer(l, model.num_layers - 1)
    zs, _ = forward(model, x)
    return _central(lambda z: forward_from(model, l, z)[0][1], zs[l - 2], eps)


def dz_next_dz_formula(net, x, l):
    """The proof's formula for the same matrix: entry (k, j) is w^{l+1}_kj σ′(z^l_j)."""
    l = checks.layer(l, net.num_layers - 1)
    zs, _ = forward(net, x)
    return net.weights[l - 1] * net.sigma(l).prime(zs[l - 2]).T


def bp2_terms(net, x, y, l, j, eps=1e-6):
    """The n_{l+1} terms (∂z^{l+1}_k/∂z^l_j) δ^{l+1}_k of the sum for δ^l_j;
    ∂z^{l+1}_k/∂z^l_j by finite differences, δ^{l+1} from the core."""
    X, Y = _one_pair(net, x, y)
    l = checks.layer(l, net.num_layers - 1)
    j = checks.index(j, net.sizes[l - 1], "neuron j")
    delta_next = net.deltas(X, Y)[l - 1][:, 0]
    return dz_next_dz(net, X, l, eps)[:, j] * delta_next


def delta_numeric(model, x, y, l, eps=1e-6):
    """δ^l = ∂C/∂z^l by its definition: nudge each z^l_j, run layers l..L, difference C."""
    eps = _check_eps(eps)
    X, Y = _one_pair(model, x, y)
    l = checks.layer(l, model.num_layers)
    z = forward(model, X)[0][l - 2]
    return _central(lambda zz: cost_from_z(model, l, zz, Y), z, eps).T


# ----- the calculus-first derivation -------------------------------------------
def essay_weights(net):
    """The essay's weight matrices W with W[x, y] = w_xy from neuron x to neuron y:
    the transposes (w^l)^T of the book's matrices, l = 2..L."""
    return [w.T for w in net.weights]


def calculus_first(net, x, y):
    """The essay's result for L = ½ Σ_n (a_n − y_n)², in its own (from → to) convention.

    δ_out = f′(z_out) (a_out − y);  δ_y = f′(z_y) Σ_z δ_z w_yz one layer back;
    ∂L/∂w_xy = δ_y a_x;  ∂L/∂b_y = δ_y.

    Returns a dict of lists over the weight layers (book's l = 2..L):
    ``"W"`` (the essay's matrices), ``"delta"`` (δ vectors),
    ``"dL_dW"`` (rows x = the layer behind, columns y = the layer ahead)
    and ``"dL_db"``.
    """
    if net.cost_function.name != "quadratic":
        raise ValueError(f"the essay's loss is ½ Σ (a − y)², the 'quadratic' cost; "
                         f"this network uses {net.cost_function.name!r}")
    if net.output_activation.name == "softmax":
        raise ValueError("the essay's derivation needs an elementwise output activation, not softmax")
    X, Y = _one_pair(net, x, y)
    zs, activations = forward(net, X)
    W = essay_weights(net)
    f_prime = [net.sigma(l).prime(zs[l - 2])[:, 0] for l in range(2, net.num_layers + 1)]
    a = [act[:, 0] for act in activations]
    delta = [None] * len(W)
    delta[-1] = f_prime[-1] * (a[-1] - Y[:, 0])
    for m in range(len(W) - 2, -1, -1):
        # Σ over the neurons ahead: W[m + 1][y, :] holds the weights leaving neuron y.
        delta[m] = f_prime[m] * (W[m + 1] @ delta[m + 1])
    dL_dW = [np.outer(a[m], delta[m]) for m in range(len(W))]      # δ_y a_x at [x, y]
    return {"W": W, "delta": delta, "dL_dW": dL_dW, "dL_db": [d.copy() for d in delta]}


def independence_facts(net, x, l, j, k, eps=1e-6):
    """The three facts the calculus-first derivation uses, each by a finite difference.

    Nudging the one weight w^l_jk (the essay's w_kj, from neuron k of layer l−1
    to neuron j of layer l):

    * ``"dw_other"``: the largest change in any *other* weight, per unit nudge
      (0: weights are independent of each other);
    * ``"db"``: the largest change in any bias, per unit nudge
      (0: biases are independent of weights);
    * ``"da_in"``: ∂a^{l−1}_k/∂w^l_jk, the activation the weight reads from
      (0: an activation does not depend on the weights it feeds forward into);
    * ``"dz_j"``: ∂z^l_j/∂w^l_jk, which the derivation says is a^{l−1}_k
      (``"a_in"``) because the other terms of Σ_k w_jk a_k + b_j stay put;
    * ``"dz_j_db"``: ∂z^l_j/∂b^l_j, which is 1.
    """
    eps = _check_eps(eps)
    X = checks.one_column(x, net.sizes[0], "input x")
    l = checks.layer(l, net.num_layers)
    j = checks.index(j, net.sizes[l - 1], "neuron j")
    k = checks.index(k, net.sizes[l - 2], "neuron k")
    w, b = net.weights[l - 2], net.biases[l - 2]
    before_w = [v.copy() for v in net.weights]
    before_b = [v.copy() for v in net.biases]
    z0, a0 = forward(net, X)
    old = w[j, k]
    try:
        w[j, k] = old + eps
        z1, a1 = forward(net, X)
        moved = [v - u for v, u in zip(net.weights, before_w)]
        moved[l - 2][j, k] = 0.0                # the nudged weight itself
        dw_other = max(float(np.max(np.abs(m))) for m in moved) / eps
        db = max(float(np.max(np.abs(v - u))) for v, u in zip(net.biases, before_b)) / eps
    finally:
        w[j, k] = old
    old_b = b[j, 0]
    try:
        b[j, 0] = old_b + eps
        z2, _ = forward(net, X)
    finally:
        b[j, 0] = old_b
    return {"dw_other": dw_other, "db": db,
            "da_in": float(a1[l - 2][k, 0] - a0[l - 2][k, 0]) / eps,
            "dz_j": float(z1[l - 2][j, 0] - z0[l - 2][j, 0]) / eps,
            "a_in": float(a0[l - 2][k, 0]),
            "dz_j_db": float(z2[l - 2][j, 0] - z0[l - 2][j, 0]) / eps}


# ----- exercise: one neuron with its own activation --------------------------
def _activation(f, what):
    if isinstance(f, str):
        return get_activation(f)
    if callable(getattr(f, "fn", None)) and callable(getattr(f, "prime", None)):
        return f
    raise ValueError(f"{what} must be an activation name such as 'tanh' or an object "
                     f"with .fn and .prime, got {f!r}")


class OneNeuronChanged:
    """The network ``net`` with neuron j of layer l using activation ``f`` instead of σ.

    It shares ``net``'s weights and biases (so :func:`~backprop_core.numerical_gradient`
    works on it) and uses the quadratic cost.  Backprop changes in one place
    only: wherever σ′(z^l_j) appears (BP1 if l = L, BP2 otherwise), f′(z^l_j)
    takes its place.
    """

    def __init__(self, net, l, j, f):
        if net.cost_function.name != "quadratic":
            raise ValueError("OneNeuronChanged uses the quadratic cost; "
                             f"got a network with cost {net.cost_function.name!r}")
        if net.output_activation.name == "softmax":
            raise ValueError("OneNeuronChanged needs an elementwise output activation, not softmax")
        self.net = net
        self.l = checks.layer(l, net.num_layers)
        self.j = checks.index(j, net.sizes[self.l - 1], "neuron j")
        self.f = _activation(f, "f")

    sizes = property(lambda self: self.net.sizes)
    num_layers = property(lambda self: self.net.num_layers)
    weights = property(lambda self: self.net.weights)
    biases = property(lambda self: self.net.biases)
    cost_function = property(lambda self: self.net.cost_function)

    def __repr__(self):
        return f"OneNeuronChanged({self.net!r}, l={self.l}, j={self.j}, f={self.f.name!r})"

    def _mixed(self, l, z, which):
        out = getattr(self.net.sigma(l), which)(z)
        if l == self.l:
            out = np.array(out, dtype=float, copy=True)
            out[self.j] = getattr(self.f, which)(z[self.j])
        return out

    def layer_fn(self, l):
        """z^l ↦ a^l, with f at neuron (l, j)."""
        return lambda z: self._mixed(l, z, "fn")

    def layer_prime(self, l):
        """z^l ↦ the vector of derivatives: σ′, except f′ at neuron (l, j)."""
        return lambda z: self._mixed(l, z, "prime")

    def forward_pass(self, x):
        """(zs, activations) for a batch of columns, as Network.forward_pass."""
        X = checks.as_columns(x, self.sizes[0], "input x")
        activations, zs = [X], []
        for l in range(2, self.num_layers + 1):
            z = self.weights[l - 2] @ activations[-1] + self.biases[l - 2]
            zs.append(z)
            activations.append(self.layer_fn(l)(z))
        return zs, activations

    def cost(self, X, Y):
        """C = (1/m) Σ_x ½‖a^L − y‖²."""
        X, Y = checks.pair(X, Y, self.sizes[0], self.sizes[-1])
        return _cost(self, self.forward_pass(X)[1][-1], Y)

    def deltas(self, x, y):
        """[δ^2, ..., δ^L]: BP1 and BP2 with f′(z^l_j) in place of σ′(z^l_j)."""
        X, Y = checks.pair(x, y, self.sizes[0], self.sizes[-1])
        zs, activations = self.forward_pass(X)
        L = self.num_layers
        delta = (activations[-1] - Y) * self.layer_prime(L)(zs[-1])
        deltas = [delta]
        for l in range(L - 1, 1, -1):
            delta = (self.weights[l - 1].T @ delta) * self.layer_prime(l)(zs[l - 2])
            deltas.insert(0, delta)
        return deltas

    def backprop(self, x, y):
        """(nabla_b, nabla_w): BP3 and BP4 on the changed δ's, averaged over the columns."""
        X, Y = checks.pair(x, y, self.sizes[0], self.sizes[-1])
        deltas = self.deltas(X, Y)
        activations = self.forward_pass(X)[1]
        m = X.shape[1]
        return ([d.sum(axis=1, keepdims=True) / m for d in deltas],
                [d @ a.T / m for d, a in zip(deltas, activations)])
