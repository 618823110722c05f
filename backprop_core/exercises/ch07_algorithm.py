"""Checks for chapter 7: the algorithm, mini-batches, the matrix form.  Used by chapter 7."""

from .. import checks
from ..example import check_example
from . import judge, report, unanswered


def check_updates_per_epoch(answer, n, mini_batch_size):
    """One epoch makes ⌈n / m⌉ updates: one per mini-batch, the last one possibly smaller."""
    n, mini_batch_size = checks.count(n, "n"), checks.count(mini_batch_size, "mini_batch_size")
    expected = -(-n // mini_batch_size)                 # ⌈n / m⌉ in integers
    return judge(answer, expected, f"{expected} updates of w and b per epoch", [
        (n, "that is one update per example; SGD makes one update per mini-batch"),
        (n // mini_batch_size, f"{n} is not a multiple of {mini_batch_size}: the last, smaller "
                               "mini-batch gets an update too")],
        f"count how many mini-batches of {mini_batch_size} it takes to cover {n} examples",
        "one number, a count of updates")


def check_linear_delta(answer, ex):
    """δ^2 of a network whose every neuron is linear, σ(z) = z, so σ′ = 1.

    ``ex`` is that network on the example, ``net.example(x, y)``; the answer is
    compared with ``ex.delta[2]``.
    """
    expected = check_example(ex, "check_linear_delta").delta[2]
    return judge(answer, expected, "with σ′ = 1 the ⊙σ′ steps vanish: "
                 "δ^L = a^L − y and δ^l = (w^{l+1})^T δ^{l+1}", [
                     (-expected, "the sign is flipped: BP1 starts from ∇_a C = a^L − y, "
                                 "not y − a^L")],
                 lambda a: (f"δ^2 is a column vector of shape {expected.shape}; your answer "
                            f"has shape {a.shape}" if a.shape != expected.shape else
                            "with σ(z) = z, σ′(z) = 1: start from δ^L = a^L − y (BP1) and move "
                            "it back with δ^l = (w^{l+1})^T δ^{l+1} (BP2, no ⊙ step)"))


def check_batch_weight_gradient(answer, D, A):
    """Σ_x δ^{x,l} (a^{x,l−1})^T over the m columns of D = [δ^x] and A = [a^x] is D A^T."""
    D, A = checks.real_array(D, "D"), checks.real_array(A, "A")
    if D.ndim != 2 or A.ndim != 2 or D.shape[1] != A.shape[1]:
        raise ValueError(f"D and A must be matrices with one column per example (the same "
                         f"number of columns), got shapes {D.shape} and {A.shape}")
    expected = D @ A.T
    return judge(answer, expected, f"D @ A.T has shape {expected.shape}, like w^l, and sums "
                                   "over the examples in the inner dimension", [
        (A @ D.T, "that is the transpose: w^l has one row per neuron of layer l, so δ comes first"),
        (expected / D.shape[1], "that is the mean; the question asks for the sum Σ_x (the "
                                "update divides by m later)")],
        "each term δ^x (a^x)^T is an outer product; the sum over the columns of D and A is "
        "one matrix product")


_EQUATIONS = ("BP1", "BP2", "BP3", "BP4")


def check_changed_equations(answer, output_neuron=False):
    """Exercise 7.4: one neuron uses f instead of σ.  Which of BP1–BP4 change form?

    Only the equation with that neuron's σ′ in it: BP2 for a hidden neuron (its
    entry of σ′(z^l) becomes f′(z^l_j)), BP1 for an output neuron.  BP3 and BP4
    contain no σ′ and keep their form.  ``answer`` is a list (or set) of names.
    """
    if unanswered(answer):
        return None
    if isinstance(answer, str):
        answer = [answer]
    names = None
    if (isinstance(answer, (list, tuple, set, frozenset))
            and all(isinstance(a, str) for a in answer)):
        names = {a.strip().upper().replace(" ", "") for a in answer}
    if not names or not names <= set(_EQUATIONS):
        return report(False, "", 'answer with a list of equation names, e.g. ["BP3"]; '
                                 f"they are {', '.join(_EQUATIONS)}")
    expected = {"BP1"} if output_neuron else {"BP2"}
    where = "an output neuron" if output_neuron else "a hidden neuron"
    if names == expected:
        return report(True, f"for {where} only {expected.pop()} holds σ′(z^l_j); it becomes "
                            "f′(z^l_j), and the feedforward uses f", "")
    if names & {"BP3", "BP4"}:
        hint = ("BP3 (∂C/∂b = δ) and BP4 (∂C/∂w = a_in δ_out) have no σ′ in them: they keep "
                "their form (a_in is now f(z) for the weights out of the neuron, but that is "
                "the feedforward's business)")
    elif output_neuron:
        hint = "the neuron is in the output layer: its δ comes from BP1, not BP2"
    else:
        hint = "BP1 is about the output layer; this neuron is hidden, so its δ comes from BP2"
    return report(False, "", hint)
