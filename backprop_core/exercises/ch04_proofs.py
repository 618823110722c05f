"""Checks for chapter 04: BP3 and BP4 written by the reader, and backprop adapted
to one changed neuron and to an all-linear network.

Each check calls the reader's function on small networks and compares what it
returns with finite differences (``numerical_gradient``, and
``OneNeuronChanged.delta_numeric`` for the changed network).  Layers go by the
book's numbers: ``net.deltas(x, y)[l]`` is δ^l, ``net.forward_pass(x).a[l - 1]``
is a^{l−1}.  A reader's function that returns one value per layer may return a
Layers (like ``net.deltas(x, y)``) or a plain list in layer order l = 2..L.
A function that still returns ``...`` is the reader's turn, not a failure.
Used by chapter 4.
"""
import numpy as np

from .. import Network, numerical_gradient
from ..activations import Sigmoid
from ..layers import LayerError, Layers
from ..proofs import OneNeuronChanged
from . import array, close, report, unanswered

#: The networks the checks use: layer 3 is square (3 × 3), so a transposed or
#: off-by-one-layer answer has the right shape there and is caught by value.
SIZES = [2, 3, 3, 2]
L = len(SIZES)
X = np.array([[0.6], [-0.9]])
Y = np.array([[0.2], [0.7]])

#: What to say when the reader's code asks for a layer that does not exist.
NUMBERING = ("layers go by the book's numbers: net.deltas(x, y)[l] is δ^l, "
             "net.forward_pass(x).a[l - 1] is a^(l−1), net.w[l] is w^l")


def _net(activation="sigmoid", seed=4):
    return Network(SIZES, activation=activation, seed=seed)


def _call(fn, *args):
    """(result, None) or (None, hint) when the reader's function raises."""
    try:
        return fn(*args), None
    except LayerError as error:         # a layer number the book does not have
        return None, f"your function raised LayerError: {error}. Remember: {NUMBERING}"
    except Exception as error:          # the reader's code: report, don't crash the page
        return None, f"your function raised {type(error).__name__}: {error}"


def _shape(value):
    arr = array(value)
    return None if arr is None else arr.shape


class _Hint(str):
    """A hint found while unpacking the reader's answer (not an exception of theirs)."""


def _judge(got, expected, candidates, what, shape_note=""):
    """None if got equals expected, else the hint: a named mistake, a shape, or the gap."""
    if isinstance(got, _Hint):
        return f"{what}: {got}"
    if close(got, expected, rtol=1e-5, atol=1e-8):
        return None
    for wrong, hint in candidates:
        if close(got, wrong, rtol=1e-5, atol=1e-8):
            return f"{what}: {hint}"
    shape = _shape(got)
    if shape is None:
        return f"{what} should be a numpy array, got {type(got).__name__}"
    if shape != expected.shape:
        return f"{what} has shape {shape}; expected {expected.shape}{shape_note}"
    got = array(got)
    if not np.all(np.isfinite(got)):
        return f"{what} contains NaN or infinity"
    worst = np.unravel_index(np.argmax(np.abs(got - expected)), expected.shape)
    return (f"{what} differs from finite differences: entry {tuple(int(i) for i in worst)} is "
            f"{got[worst]:.6g}, expected {expected[worst]:.6g}")


def _first_fail(fn, cases, unpack=None, example="my_function"):
    """Run ``fn`` on each case (args, expected, candidates, what); return
    "unanswered", a failure hint, or None when every case passes.

    Only the call of the reader's function is inside the try (``_call``): what
    the check does with the result, ``unpack`` (reading a list of layers, say),
    is the check's own work, and an error there is not blamed on the reader.
    """
    if fn is Ellipsis:
        return "unanswered"
    if not callable(fn):
        return (f"pass your function itself, e.g. {example} (no brackets), "
                f"got {type(fn).__name__}")
    for args, expected, candidates, what, *note in cases:
        got, raised = _call(fn, *args)
        if raised:
            return raised
        if got is Ellipsis:
            return "unanswered"
        if unpack is not None:
            got = unpack(got)
        hint = _judge(got, expected, candidates, what, *note)
        if hint:
            return hint
    return None


def _verdict(outcome, success):
    if outcome == "unanswered":
        unanswered(...)
        return None
    return report(outcome is None, success, outcome)


def _in_layer_order(values, what):
    """The reader's per-layer values for l = 2..L as a plain list in layer order.

    Accepts a Layers covering l = 2..L or a list/tuple of L − 1 entries; anything
    else becomes a _Hint saying what to return.
    """
    if isinstance(values, Layers):
        if values.layers != range(2, L + 1):
            return _Hint(f"{what} covers layers l = {values.first}..{values.last}; "
                         f"expected one entry per layer l = 2..{L}")
        return list(values)
    if isinstance(values, dict):
        return _Hint(f"return {what} as a list in layer order, e.g. "
                     f"[delta[l] for l in range(2, L + 1)], or a Layers; not a dict")
    if isinstance(values, (list, tuple)):
        return list(values)
    return _Hint(f"return {what} as a list in layer order l = 2..L, or a Layers; "
                 f"got {type(values).__name__}")


def _layer_cases(which, candidates_for, what):
    """One case per layer l = 2..L of the test network: the reader's function gets
    (net, x, y, l); the expected answer is the finite-difference gradient ``which``
    (0: nabla_b, 1: nabla_w); ``candidates_for(l, want, ex)`` returns the recognised
    mistakes and a note for a wrong shape."""
    net = _net()
    gradient = numerical_gradient(net, X, Y)[which]
    ex = net.example(X, Y)
    cases = []
    for l, want in gradient.items():
        candidates, note = candidates_for(l, want, ex)
        cases.append(((net, X, Y, l), want, candidates, f"your {what} for layer l={l}", note))
    return cases


# ----- BP3 ----------------------------------------------------------------
def _bias_mistakes(l, want, ex):
    candidates = [(ex.a[l], "this is a^l, the activation; ∂C/∂b^l_j is the error δ^l_j"),
                  (ex.delta[l] * Sigmoid.prime(ex.z[l]),
                   "an extra σ′(z^l) factor: δ^l already contains it, and ∂z^l_j/∂b^l_j = 1"),
                  (ex.delta[l].ravel(),
                   f"return a column vector, shape ({want.shape[0]}, 1), not a flat array")]
    if l > 2:
        candidates.append((ex.delta[l - 1], "this is δ^{l−1}: net.deltas(x, y)[l] is δ^l"))
    if l < L:
        candidates.append((ex.delta[l + 1], "this is δ^{l+1}: net.deltas(x, y)[l] is δ^l"))
    return candidates, " — one entry per neuron j of layer l"


def check_dC_db(my_dC_db):
    """``my_dC_db(net, x, y, l)`` should return ∂C/∂b^l, shape (n_l, 1) (BP3: δ^l)."""
    return _verdict(_first_fail(my_dC_db, _layer_cases(0, _bias_mistakes, "dC/db"),
                                example="my_dC_db"),
                    "∂C/∂b^l = δ^l matches finite differences for every layer (BP3)")


# ----- BP4 ----------------------------------------------------------------
def _weight_mistakes(l, want, ex):
    rows, cols = want.shape
    rows_cols = " — rows are j (layer l), columns k (layer l−1)"
    transposed = ("transposed: rows are j (layer l), columns k (layer l−1); "
                  "∂C/∂w^l_jk = a^(l−1)_k δ^l_j is δ^l (a^(l−1))^T")
    if rows != cols:
        transposed = (f"shape ({cols}, {rows}); expected ({rows}, {cols}){rows_cols}. "
                      "Transposed? Write δ^l (a^(l−1))^T, not a^(l−1) (δ^l)^T")
    return [(want.T, transposed),
            (ex.delta[l] @ ex.a[l].T,
             "off by a layer: did you use a^l instead of a^(l−1)? "
             "The weight w^l_jk reads its input from layer l−1"),
            (ex.delta[l] @ ex.a[l - 1].T * Sigmoid.prime(ex.z[l]),
             "an extra σ′(z^l) factor: δ^l already contains it, and ∂z^l_j/∂w^l_jk = a^(l−1)_k")
            ], rows_cols


def check_dC_dw(my_dC_dw):
    """``my_dC_dw(net, x, y, l)`` should return ∂C/∂w^l, shape (n_l, n_{l−1}) (BP4)."""
    return _verdict(_first_fail(my_dC_dw, _layer_cases(1, _weight_mistakes, "dC/dw"),
                                example="my_dC_dw"),
                    "∂C/∂w^l = δ^l (a^(l−1))^T matches finite differences for every layer (BP4)")


# ----- one neuron with its own activation -------------------------------------
ONE_NEURON_CASES = ((2, 1, "tanh"), (4, 0, "relu"), (3, 2, "linear"))


def check_one_neuron_deltas(my_deltas):
    """``my_deltas(model, x, y)`` for a :class:`~backprop_core.proofs.OneNeuronChanged`
    should return δ^2, ..., δ^L of the changed network: a list in layer order, or a Layers."""
    cases = []
    for l, j, f in ONE_NEURON_CASES:
        model = OneNeuronChanged(_net(seed=7), l, j, f)
        expected = np.vstack([model.delta_numeric(X, Y, m) for m in range(2, L + 1)])
        z = model.forward_pass(X).z
        with_f = Layers([model.layer_fn(m)(z_m) for m, z_m in z.items()], 2, "f(z^l)")
        candidates = [
            (np.vstack(list(model.net.deltas(X, Y))),
             f"these are the δ's of the ordinary network: at neuron (l={l}, j={j}) use "
             f"f′(z^l_j) (model.f.prime) where σ′(z^l_j) was"),
            (np.vstack(list(_deltas_with(model, with_f))),
             "you multiplied by the activation f(z) itself; the chain rule needs its derivative f′(z)")]
        cases.append(((model, X, Y), expected, candidates,
                      f"your δ's (stacked δ^2 … δ^L) with neuron (l={l}, j={j}) using {f}"))
    return _verdict(_first_fail(my_deltas, cases, unpack=_stacked, example="my_deltas"),
                    "your δ's match finite differences with a changed neuron in a hidden "
                    "layer and in the output layer: only σ′ → f′ at that one neuron changes")


def _deltas_with(model, factors):
    """BP1/BP2 with arbitrary per-layer factors (``factors[l]``) in place of σ′,
    to recognise mistakes; a Layers of δ^l, l = 2..L."""
    a = model.forward_pass(X).a
    delta = Layers([None] * (L - 1), 2, "δ^l")
    delta[L] = (a[L] - Y) * factors[L]
    for l in range(L - 1, 1, -1):
        delta[l] = (model.w[l + 1].T @ delta[l + 1]) * factors[l]
    return delta


def _stacked(deltas):
    """The reader's δ^2, ..., δ^L as one column (or ... / a _Hint / the value unchanged)."""
    if deltas is Ellipsis:
        return deltas
    listed = _in_layer_order(deltas, "the δ's")
    if isinstance(listed, _Hint):
        return listed
    if len(listed) != L - 1:
        return _Hint(f"return a list [δ^2, ..., δ^L] of {L - 1} column vectors, one per "
                     "layer l = 2..L in layer order (or a Layers, like net.deltas(x, y))")
    columns = [array(d) for d in listed]
    for l, column in zip(range(2, L + 1), columns):
        if column is None:
            return _Hint(f"δ^{l} (entry {l - 2} of your list) is not an array of real numbers")
    return np.vstack([column.reshape(-1, 1) for column in columns])


# ----- the all-linear network ------------------------------------------------
def check_linear_backprop(my_linear_backprop):
    """``my_linear_backprop(net, x, y)`` for a network with σ(z) = z everywhere should
    return (nabla_b, nabla_w), each a list in layer order l = 2..L or a Layers."""
    net = _net(activation="linear", seed=5)
    fb, fw = numerical_gradient(net, X, Y)
    ex = net.example(X, Y)
    sig = _deltas_with(net, Layers([Sigmoid.prime(z) for z in ex.z], 2, "σ′(z^l)"))
    expected = _flat([*fb, *fw])
    candidates = [
        (_flat([*sig] + [sig[l] @ ex.a[l - 1].T for l in sig.layers]),
         "you kept σ′ of the sigmoid; with σ(z) = z, σ′(z) = 1 and the ⊙σ′ step disappears"),
        (_flat([*ex.delta] + [(ex.delta[l] @ ex.a[l - 1].T).T for l in ex.delta.layers]),
         "nabla_w is transposed: ∂C/∂w^l is δ^l (a^(l−1))^T, rows j, columns k"),
        (_flat([*ex.delta] + [ex.delta[l] @ ex.a[l].T for l in ex.delta.layers]),
         "nabla_w uses a^l instead of a^(l−1)")]

    def flat_answer(got):
        try:
            nabla_b, nabla_w = got
        except Exception:               # not a pair (or an object that breaks on unpacking)
            return _Hint("return the pair (nabla_b, nabla_w), two lists over l = 2..L")
        nabla_b, nabla_w = _in_layer_order(nabla_b, "nabla_b"), _in_layer_order(nabla_w, "nabla_w")
        for part in (nabla_b, nabla_w):
            if isinstance(part, _Hint):
                return part
        return _flat(nabla_b + nabla_w, shapes=[p.shape for p in [*fb, *fw]])

    outcome = _first_fail(my_linear_backprop,
                          [((net, X, Y), expected, candidates,
                            "your (nabla_b, nabla_w) for the linear network")],
                          unpack=flat_answer, example="my_linear_backprop")
    return _verdict(outcome, "the linear network's gradient matches finite differences: "
                             "δ^L = a^L − y and δ^l = (w^(l+1))^T δ^(l+1), no σ′ anywhere")


def _flat(arrays, shapes=None):
    """Concatenate a list of arrays (nabla_b's then nabla_w's, each in layer order);
    with ``shapes``, first insist each has its shape."""
    if shapes is not None:
        per_part = len(shapes) // 2
        if len(arrays) != len(shapes):
            return _Hint(f"expected {per_part} arrays in nabla_b and in nabla_w, "
                         f"one per layer l = 2..L; got {len(arrays)} in all")
        for i, (a, s) in enumerate(zip(arrays, shapes)):
            part = "nabla_b" if i < per_part else "nabla_w"
            l = 2 + i % per_part                    # entry n of a part (from 0) is layer 2 + n
            shape = _shape(a)
            if shape is None:
                return _Hint(f"{part} for layer l={l} is not an array of real numbers")
            if shape != s:
                return _Hint(f"{part} for layer l={l} has shape {shape}; expected {s}")
    return np.concatenate([np.ravel(array(a)) for a in arrays])
