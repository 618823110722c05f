"""Checks for chapter 11: the educational per-neuron network.  Used by chapter 11.

The backward-loop check calls the reader's ``my_backward(layers, y, f_prime)``
on per-neuron networks after their forward pass and compares the δ it leaves
in the neurons with the engine's ``ex.delta[l]``.  The three-neuron checks take
the core network on the example, ``ex = tiny.example(x, y)`` for a 1 → 1 → 1
network: one neuron in each of the layers 1, 2, 3, so w^2 and w^3 are single
numbers (w^2_00 and w^3_00).
"""
import numpy as np

from .. import Network, checks
from ..activations import sigmoid, sigmoid_prime
from ..divergence import quiet
from ..educational import EducationalNetwork, backward
from ..example import check_example
from . import call, function, judge, number, report, unanswered

#: The networks the backward-loop check runs the reader's loop on (sizes, seed, x, y).
#: In the first, w^3 and w^4 are square, so a sum over the wrong index gives numbers
#: (caught by value, with its hint) instead of an IndexError; the second has the
#: chapter's shape, 3 → 2 → 4, where no two layers have the same size.
LOOP_CASES = (((2, 3, 3, 3), 11, (0.6, -0.9), (0.2, 0.7, 0.1)),
              ((3, 2, 4), 0, (0.2, 0.9, 0.4), (0.0, 1.0, 0.0, 0.0)))


def _loop_case(sizes, seed, x, y):
    """(the engine's example, a per-neuron copy after its forward pass, y as a list)."""
    net = Network(list(sizes), seed=seed)
    x, y = np.array(x).reshape(-1, 1), np.array(y).reshape(-1, 1)
    edu = EducationalNetwork.from_network(net)
    edu.feedforward(x)
    for l in range(2, edu.L + 1):
        for neuron in edu.layers[l]:
            neuron.delta = float("nan")           # so a δ the loop never sets shows
    return net.example(x, y), edu, [float(v) for v in y[:, 0]]


def _run_loop(fn, edu, y):
    """(the δ^2, ..., δ^L the reader's loop left in the neurons, None), or (None, outcome):
    "unanswered", or a hint when it raised."""
    with quiet():
        _, raised = call(fn, edu.layers, list(y), sigmoid_prime)
    if raised:
        if "ellipsis" in raised:
            return None, "unanswered"
        if "IndexError" in raised:
            raised += (". Neuron j's own list weights[k] holds w^{l+1}_kj, the weight to "
                       "neuron k of layer l+1; a weight read from another neuron's list, or "
                       "a layer's size taken from another layer, runs off the end")
        return None, raised
    deltas = [neuron.delta for l in range(2, edu.L + 1) for neuron in edu.layers[l]]
    if any(d is Ellipsis for d in deltas):
        return None, "unanswered"
    values = []
    for l in range(2, edu.L + 1):
        for j, neuron in enumerate(edu.layers[l]):
            value = number(neuron.delta)
            if value is None:
                return None, (f"δ^{l}_{j} (neuron {j} of layer {l}) should be one number, got "
                              f"{type(neuron.delta).__name__}")
            if np.isnan(value):
                return None, (f"δ^{l}_{j} came out NaN: it was never set, or was computed from a "
                              "δ not set yet. BP1 sets layer L first, then BP2 runs backwards, "
                              "from layer L−1 down to 2")
            values.append(value)
    return np.array(values), None


def _deltas(ex, out=lambda z, a: sigmoid_prime(z), hidden=lambda z, a: sigmoid_prime(z),
            sign=1.0, transposed=True, from_output=False):
    """δ^2, ..., δ^L in one vector, from the engine's z, a and w, with one step done
    the way a slip does it (the defaults give the right values)."""
    L, w, z, a = ex.L, ex.w, ex.z, ex.a
    delta = {L: sign * (a[L] - ex.y) * out(z[L], a[L])}
    for l in range(L - 1, 1, -1):
        behind = delta[L] if from_output else delta[l + 1]
        weights = w[l + 1].T if transposed else w[l + 1]
        delta[l] = (weights @ behind) * hidden(z[l], a[l])
    return np.concatenate([delta[l].ravel() for l in range(2, L + 1)])


def _loop_slips(ex):
    none = lambda z, a: 1.0                      # noqa: E731 - a factor left out
    of_a = lambda z, a: sigmoid_prime(a)         # noqa: E731 - σ′ of the activation
    sigma = lambda z, a: sigmoid(z)              # noqa: E731 - σ where σ′ belongs
    on_a = "σ′ takes the weighted input: f_prime(neuron.z), not f_prime(neuron.a)"
    return [
        (_deltas(ex, sign=-1.0), "the sign: BP1 starts from the cost's slope a^L_j − y_j, "
                                 "not y_j − a^L_j"),
        (_deltas(ex, out=none), "BP1 needs the factor σ′(z^L_j): δ^L_j = σ′(z^L_j)(a^L_j − y_j)"),
        (_deltas(ex, hidden=none), "BP2 needs the factor σ′(z^l_j) too: "
                                   "δ^l_j = σ′(z^l_j) Σ_k w^{l+1}_kj δ^{l+1}_k"),
        (_deltas(ex, out=none, hidden=none), "both BP1 and BP2 multiply by σ′ of the neuron's "
                                             "own weighted input, σ′(z^l_j)"),
        (_deltas(ex, out=of_a, hidden=of_a), on_a),
        (_deltas(ex, out=of_a), on_a),
        (_deltas(ex, hidden=of_a), on_a),
        (_deltas(ex, out=sigma, hidden=sigma), "that is σ(z) where σ′(z) belongs: use f_prime, "
                                               "the slope"),
        (_deltas(ex, transposed=False),
         "the sum runs over the wrong index: δ^l_j needs w^{l+1}_kj, the weight from neuron j "
         "to neuron k, which is neuron j's own weights[k] (BP2's transpose), not w^{l+1}_jk"),
        (_deltas(ex, from_output=True), "each layer's δ comes from the layer just after it, "
                                        "δ^{l+1} (layers[l + 1]), not from the output layer"),
    ]


def check_backward_loop(my_backward):
    """``my_backward(layers, y, f_prime)`` should set ``neuron.delta`` for every neuron of
    layers 2..L of a per-neuron sigmoid network after its forward pass (quadratic cost,
    BP1 and BP2 one neuron at a time); compared with the engine's ``ex.delta[l]`` on the
    networks of ``LOOP_CASES``."""
    if not function(my_backward, "my_backward"):
        return None if my_backward is Ellipsis else False
    (ex, got), outcome = _loop_result(my_backward, LOOP_CASES[0])
    if outcome is None and checks.close(got, _deltas(ex), 1e-9, 1e-12):
        (ex_page, got_page), outcome = _loop_result(my_backward, LOOP_CASES[1])
        if outcome is None and not checks.close(got_page, _deltas(ex_page), 1e-9, 1e-12):
            outcome = ("right on a 2 → 3 → 3 → 3 network but not on 3 → 2 → 4: loop over the "
                       "neurons each layer has (layers[l], layers[l + 1]), whatever their sizes")
    if outcome == "unanswered":
        unanswered(...)
        return None
    if outcome:
        return report(False, "", outcome)
    expected = _deltas(ex)
    sizes = " → ".join(str(n) for n in ex.net.sizes)
    return judge(got, expected, f"your loop gives the engine's δ^l for every neuron, on "
                                f"{sizes} and on 3 → 2 → 4", lambda: _loop_slips(ex),
                 lambda got: _differs(got, expected, ex), rtol=1e-9, atol=1e-12)


def _loop_result(fn, case):
    """((the engine's example, the deltas the reader's loop left), None) or (…, outcome)."""
    ex, edu, y = _loop_case(*case)
    got, outcome = _run_loop(fn, edu, y)
    return (ex, got), outcome


def _differs(got, expected, ex):
    """The FAIL hint for deltas that match no slip: the neuron that is furthest off."""
    worst, start = int(np.argmax(np.abs(got - expected))), 0
    for l in range(2, ex.L + 1):                 # find δ^l_j at that place of δ^2, ..., δ^L
        if worst < start + len(ex.delta[l]):
            break
        start += len(ex.delta[l])
    j = worst - start
    return (f"δ^{l}_{j} is {got[worst]:.6g}, the engine has {expected[worst]:.6g}. BP1: "
            "δ^L_j = σ′(z^L_j)(a^L_j − y_j); BP2: δ^l_j = σ′(z^l_j) Σ_k w^{l+1}_kj δ^{l+1}_k, "
            "summed over neuron j's own weights[k]")


def yours_or_reference(my_backward):
    """(your ``my_backward`` and "your loop") once it runs without ``...`` and without
    raising on a scratch network, else (the module's ``educational.backward`` and
    "the module's loop"): what the chapter's comparison cell runs."""
    if callable(my_backward):
        ex, edu, y = _loop_case(*LOOP_CASES[1])
        got, outcome = _run_loop(my_backward, edu, y)
        if outcome is None:
            return my_backward, "your loop"
    return backward, "the module's loop"


# ----- the three-neuron network -------------------------------------------------------
def _three_neurons(ex, what):
    """(a^1, a^2, a^3, δ^2, δ^3, w^3) of a 1 → 1 → 1 network on one example, from the engine."""
    check_example(ex, what)
    if list(ex.net.sizes) != [1, 1, 1]:
        raise ValueError(f"{what} is about the three-neuron network, sizes [1, 1, 1]; "
                         f"got {ex.net.sizes}")
    a, delta = ex.a, ex.delta
    return (float(a[1][0, 0]), float(a[2][0, 0]), float(a[3][0, 0]),
            float(delta[2][0, 0]), float(delta[3][0, 0]), float(ex.w[3][0, 0]))


def check_weight_change_w3(answer, ex, eta):
    """Δw^3 = η δ^3 a^2 (the size of the step; gradient descent subtracts it).

    ``ex`` is the 1 → 1 → 1 network on the example, ``tiny.example(x, y)``.
    """
    eta = checks.positive(eta, "eta")
    a1, a2, a3, delta2, delta3, w3 = _three_neurons(ex, "check_weight_change_w3")
    expected = eta * delta3 * a2
    return _judge(answer, expected, eta, "δ^3 a^2", [
        (delta3 * a2, "multiply by the learning rate η"),
        (eta * delta3, "multiply by a^2, the activation the weight carries"),
        (eta * (a3 - float(ex.y[0, 0])) * a2,
         "δ^3 includes σ′(z^3): δ^3 = σ′(z^3)(a^3 − y)")])


def check_weight_change_w2(answer, ex, eta):
    """Δw^2 = η δ^2 a^1 with δ^2 = σ′(z^2) w^3 δ^3 (``ex`` as for the w^3 check)."""
    eta = checks.positive(eta, "eta")
    a1, a2, a3, delta2, delta3, w3 = _three_neurons(ex, "check_weight_change_w2")
    expected = eta * delta2 * a1
    return _judge(answer, expected, eta, "δ^2 a^1", [
        (delta2 * a1, "multiply by the learning rate η"),
        (eta * delta3 * w3 * a1, "δ^2 needs the factor σ′(z^2): δ^2 = σ′(z^2) w^3 δ^3"),
        (eta * delta3 * a1, "δ^2 is δ^3 carried back along w^3 and through σ′(z^2)")])


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
        (expected.T, "that is a row per neuron of the earlier layer, the transpose; w^l has "
                     "a row per neuron j of the later layer, so δ is the column")],
        "broadcast δ across as a column, a down as a row, and multiply elementwise")
