"""Checks for chapter 11: the educational per-neuron network."""
import numpy as np

from . import close, judge, report, unanswered


def _three_neurons(net, x, y):
    """(a_i, a_j, δ_j, δ_k) of a 1 → 1 → 1 network, from the core."""
    zs, activations = net.forward_pass(x)
    delta_j, delta_k = net.deltas(x, y)
    return (float(activations[0][0, 0]), float(activations[1][0, 0]),
            float(delta_j[0, 0]), float(delta_k[0, 0]))


def check_weight_change_jk(answer, net, x, y, eta):
    """Δw_jk = η δ_k a_j (the size of the step; gradient descent subtracts it)."""
    if unanswered(answer):
        return None
    a_i, a_j, delta_j, delta_k = _three_neurons(net, x, y)
    expected = eta * delta_k * a_j
    return _judge(answer, expected, eta, "δ_k a_j", [
        (delta_k * a_j, "multiply by the learning rate η"),
        (eta * delta_k, "multiply by a_j, the activation the weight carries"),
        (eta * (net.feedforward(x)[0, 0] - float(np.ravel(y)[0])) * a_j,
         "δ_k includes f′(z_k): δ_k = f′(z_k)(a_k − y_k)")])


def check_weight_change_ij(answer, net, x, y, eta):
    """Δw_ij = η δ_j a_i with δ_j = f′(z_j) δ_k w_jk."""
    if unanswered(answer):
        return None
    a_i, a_j, delta_j, delta_k = _three_neurons(net, x, y)
    expected = eta * delta_j * a_i
    w_jk = float(net.weights[1][0, 0])
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
    if unanswered(answer):
        return None
    delta, a = np.ravel(delta), np.ravel(a)
    expected = np.outer(delta, a)
    if close(answer, expected):
        return report(True, f"shape {expected.shape}: one row per neuron of the later layer, "
                            "like w^l", "")
    if close(answer, expected.T):
        hint = ("that is the essay's from → to layout (a row per earlier neuron); the book's "
                "w^l has a row per later neuron, so δ is the column")
    else:
        hint = "broadcast δ across as a column, a down as a row, and multiply elementwise"
    return report(False, "", hint)
