"""Checks for chapter 11: the educational per-neuron network.  Used by chapter 11.

The three-neuron checks take the core network on the example, ``ex =
tiny.example(x, y)`` for a 1 → 1 → 1 network: input i (layer 1), hidden j
(layer 2), output k (layer 3), in the essay's letters.
"""
import numpy as np

from .. import checks
from ..example import check_example
from . import judge


def _three_neurons(ex, what):
    """(a_i, a_j, a_k, δ_j, δ_k, w_jk) of a 1 → 1 → 1 network on one example, from the engine."""
    check_example(ex, what)
    if list(ex.net.sizes) != [1, 1, 1]:
        raise ValueError(f"{what} is about the three-neuron network, sizes [1, 1, 1]; "
                         f"got {ex.net.sizes}")
    a, delta = ex.a, ex.delta
    return (float(a[1][0, 0]), float(a[2][0, 0]), float(a[3][0, 0]),
            float(delta[2][0, 0]), float(delta[3][0, 0]), float(ex.w[3][0, 0]))


def check_weight_change_jk(answer, ex, eta):
    """Δw_jk = η δ_k a_j (the size of the step; gradient descent subtracts it).

    ``ex`` is the 1 → 1 → 1 network on the example, ``tiny.example(x, y)``.
    """
    eta = checks.positive(eta, "eta")
    a_i, a_j, a_k, delta_j, delta_k, w_jk = _three_neurons(ex, "check_weight_change_jk")
    expected = eta * delta_k * a_j
    return _judge(answer, expected, eta, "δ_k a_j", [
        (delta_k * a_j, "multiply by the learning rate η"),
        (eta * delta_k, "multiply by a_j, the activation the weight carries"),
        (eta * (a_k - float(ex.y[0, 0])) * a_j,
         "δ_k includes f′(z_k): δ_k = f′(z_k)(a_k − y_k)")])


def check_weight_change_ij(answer, ex, eta):
    """Δw_ij = η δ_j a_i with δ_j = f′(z_j) δ_k w_jk (``ex`` as for the jk check)."""
    eta = checks.positive(eta, "eta")
    a_i, a_j, a_k, delta_j, delta_k, w_jk = _three_neurons(ex, "check_weight_change_ij")
    expected = eta * delta_j * a_i
    return _judge(answer, expected, eta, "δ_j a_i", [
        (delta_j * a_i, "multiply by the learning rate η"),
        (eta * delta_k * w_jk * a_i, "δ_j needs the factor f′(z_j): δ_j = f′(z_j) δ_k w_jk"),
        (eta * delta_k * a_i, "δ_j is δ_k moved back along w_jk and through f′(z_j)")])


def _judge(answer, expected, eta, formula, wrong):
    flipped = (-expected, "the sign is flipped: Δw here is η δ a, the step that "
                          "gradient descent subtracts")
    return judge(answer, expected, f"η {formula} = {expected:.6g}", [flipped, *wrong],
                 f"compute η × {formula} from the numbers printed above (η = {eta})")


def check_delta_a_matrix(answer, delta, a):
    """The matrix of δ_j a_k: δ as a column times a as a row, shape (len δ, len a)."""
    delta, a = np.ravel(checks.real_array(delta, "delta")), np.ravel(checks.real_array(a, "a"))
    expected = np.outer(delta, a)
    return judge(answer, expected, f"shape {expected.shape}: one row per neuron of the later "
                                   "layer, like w^l", [
        (expected.T, "that is the essay's from → to layout (a row per earlier neuron); the "
                     "book's w^l has a row per later neuron, so δ is the column")],
        "broadcast δ across as a column, a down as a row, and multiply elementwise")
