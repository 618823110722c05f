"""Checks for chapter 04: BP3 and BP4 written by the reader.

Each check calls the reader's function on every layer of a small network and
compares what it returns with finite differences (``numerical_gradient``).
Layers go by the book's numbers: ``net.deltas(x, y)[l]`` is δ^l,
``net.forward_pass(x).a[l - 1]`` is a^{l−1}.  A function that still returns
``...`` is the reader's turn, not a failure.  Used by chapter 4.
"""
import numpy as np

from .. import Network, numerical_gradient
from ..activations import Sigmoid
from ..layers import LayerError
from . import array, call, close, report, unanswered

#: The networks the checks use: layer 3 is square (3 × 3), so a transposed or
#: off-by-one-layer answer has the right shape there and is caught by value.
SIZES = [2, 3, 3, 2]
L = len(SIZES)
X = np.array([[0.6], [-0.9]])
Y = np.array([[0.2], [0.7]])

#: What to say when the reader's code asks for a layer that does not exist.
NUMBERING = ("layers go by the book's numbers: net.deltas(x, y)[l] is δ^l, "
             "net.forward_pass(x).a[l - 1] is a^(l−1), net.w[l] is w^l")


def _net(seed=4):
    return Network(SIZES, seed=seed)


def _call(fn, *args):
    """``exercises.call``, with the book's layer numbering recalled when the reader's
    function asked for a layer the book does not have."""
    got, raised = call(fn, *args)
    if raised and raised.startswith(f"your function raised {LayerError.__name__}"):
        raised += f". Remember: {NUMBERING}"
    return got, raised


def _shape(value):
    arr = array(value)
    return None if arr is None else arr.shape


def _judge(got, expected, candidates, what, shape_note=""):
    """None if got equals expected, else the hint: a named mistake, a shape, or the gap."""
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


def _first_fail(fn, cases, example="my_function"):
    """Run ``fn`` on each case (args, expected, candidates, what); return
    "unanswered", a failure hint, or None when every case passes.

    Only the call of the reader's function is inside the try (``_call``): what
    the check does with the result is its own work, and an error there is not
    blamed on the reader.
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
        hint = _judge(got, expected, candidates, what, *note)
        if hint:
            return hint
    return None


def _verdict(outcome, success):
    if outcome == "unanswered":
        unanswered(...)
        return None
    return report(outcome is None, success, outcome)


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
