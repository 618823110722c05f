"""Checks for chapter 7: the algorithm, mini-batches, the matrix form.  Used by chapter 7."""
import numpy as np

from .. import checks
from . import array, close, not_an_array, report, unanswered


def check_updates_per_epoch(answer, n, mini_batch_size):
    """One epoch makes ⌈n / m⌉ updates: one per mini-batch, the last one possibly smaller."""
    n, mini_batch_size = checks.count(n, "n"), checks.count(mini_batch_size, "mini_batch_size")
    if unanswered(answer):
        return None
    expected = -(-n // mini_batch_size)                 # ⌈n / m⌉ in integers
    if not close(answer, expected):
        if close(answer, n):
            hint = "that is one update per example; SGD makes one update per mini-batch"
        elif close(answer, n // mini_batch_size):
            hint = (f"{n} is not a multiple of {mini_batch_size}: the last, smaller "
                    "mini-batch gets an update too")
        else:
            hint = f"count how many mini-batches of {mini_batch_size} it takes to cover {n} examples"
        return report(False, "", hint)
    return report(True, f"{expected} updates of w and b per epoch", "")


def check_linear_delta(answer, ex):
    """δ^2 of a network whose every neuron is linear, σ(z) = z, so σ′ = 1.

    ``ex`` is that network on the example, ``net.example(x, y)``; the answer is
    compared with ``ex.delta[2]``.
    """
    checks.example(ex, "check_linear_delta")
    if unanswered(answer):
        return None
    expected = ex.delta[2]
    answer = array(answer)
    if answer is None:
        return not_an_array(expected)
    if np.shape(answer) != expected.shape:
        return report(False, "", f"δ^2 is a column vector of shape {expected.shape}; "
                                 f"your answer has shape {np.shape(answer)}")
    if close(answer, -expected):
        return report(False, "", "the sign is flipped: BP1 starts from ∇_a C = a^L − y, not y − a^L")
    return report(close(answer, expected), "with σ′ = 1 the ⊙σ′ steps vanish: "
                  "δ^L = a^L − y and δ^l = (w^{l+1})^T δ^{l+1}",
                  "with σ(z) = z, σ′(z) = 1: start from δ^L = a^L − y (BP1) and move it "
                  "back with δ^l = (w^{l+1})^T δ^{l+1} (BP2, no ⊙ step)")


def check_batch_weight_gradient(answer, D, A):
    """Σ_x δ^{x,l} (a^{x,l−1})^T over the m columns of D = [δ^x] and A = [a^x] is D A^T."""
    if unanswered(answer):
        return None
    D, A = checks.real_array(D, "D"), checks.real_array(A, "A")
    if D.ndim != 2 or A.ndim != 2 or D.shape[1] != A.shape[1]:
        raise ValueError(f"D and A must be matrices with one column per example (the same "
                         f"number of columns), got shapes {D.shape} and {A.shape}")
    expected = D @ A.T
    if close(answer, expected):
        return report(True, f"D @ A.T has shape {expected.shape}, like w^l, and sums "
                            "over the examples in the inner dimension", "")
    if close(answer, A @ D.T):
        hint = "that is the transpose: w^l has one row per neuron of layer l, so δ comes first"
    elif close(answer, expected / D.shape[1]):
        hint = "that is the mean; the question asks for the sum Σ_x (the update divides by m later)"
    else:
        hint = ("each term δ^x (a^x)^T is an outer product; the sum over the columns of D "
                "and A is one matrix product")
    return report(False, "", hint)


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
