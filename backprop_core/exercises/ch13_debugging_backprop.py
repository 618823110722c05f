"""Checks for chapter 13, debugging backprop.  Used by chapter 13.

* :func:`check_diagnosis` / :func:`check_diagnoses`: name the bug behind a
  mystery backprop (one of ``broken.NAMES``).  A wrong guess is answered with
  the evidence: what the guessed bug would show in the gradient check, and what
  the mystery shows.  Both are computed by ``debugging.check_backprop``.
* :func:`check_fix`: the reader's repaired backprop, gradient-checked.
* :func:`check_best_eps`: the ε at which the check's error is smallest.
"""
import numpy as np

from .. import broken, debugging
from . import number, prefixed, report, say, unanswered

#: Other ways of writing the suspects' names.
ALIASES = {
    "transpose": "transposed", "transposed_outer_product": "transposed",
    "no_sigma_prime": "missing_sigma_prime", "missing_σ′": "missing_sigma_prime",
    "missing_σ'": "missing_sigma_prime", "sigma_prime": "missing_sigma_prime",
    "missing_1/m": "forgotten_mean", "forgotten_1/m": "forgotten_mean", "1/m": "forgotten_mean",
    "no_mean": "forgotten_mean", "sign": "wrong_sign", "delta_from_the_wrong_layer": "wrong_layer",
    "wrong_layer_delta": "wrong_layer", "inplace": "in_place", "update_in_place": "in_place",
}

_checks = {}


def _check(ex, function, key):
    """The gradient check of ``function`` on ``ex`` (ε = 1e-6, float64); on the
    chapter's example (``ex`` None) computed once."""
    if ex is not None:
        return debugging.check_backprop(ex, function)
    if key not in _checks:
        _checks[key] = debugging.check_backprop(debugging.chapter_example(), function)
    return _checks[key]


def suspect(answer):
    """The bug name an answer means, or None when it names none of them."""
    if not isinstance(answer, str):
        return None
    name = "_".join(answer.strip().lower().replace("-", " ").split())
    name = ALIASES.get(name, name)
    return name if name in broken.BUGS else None


def _clues(result):
    worst = result.worst
    size = f"largest relative error {worst:.2g}" if np.isfinite(worst) else "an unusable entry"
    return " ".join(debugging.diagnosis(result)) + f" ({size})"


def check_diagnosis(letter, answer, ex=None):
    """Is ``answer`` the name of the bug behind mystery ``letter``?"""
    if unanswered(answer):
        return None
    names = ", ".join(f"`{n!r}`" for n in broken.NAMES)     # `...`: shown as written
    letter = str(letter).strip().upper()
    if letter not in broken.MYSTERIES:
        return report(False, "", f"there is no mystery {letter!r}; the mysteries are "
                                 f"{list(broken.MYSTERIES)}")
    guess = suspect(answer)
    if guess is None:
        shown = f"`{answer[:40]!r}`" if isinstance(answer, str) else type(answer).__name__
        return report(False, "", f"{shown} is not one of the suspects; answer with one "
                                 f"of the names {names}")
    truth = broken.MYSTERIES[letter]
    found = _check(ex, broken.mystery(letter), letter)
    if guess == truth:
        bug = broken.BUGS[truth]
        return report(True, f"mystery {letter} is `{truth}` ({bug.equation}): {bug.description}.",
                      "")
    would = _check(ex, broken.BUGS[guess].function, guess)
    return report(False, "", f"if it were `{guess}`, the check would say: {_clues(would)} "
                             f"Mystery {letter} says: {_clues(found)}")


def check_diagnoses(answers, ex=None):
    """Judge a dict {"A": name, ..., "F": name}, one verdict per mystery; True if all right."""
    if unanswered(answers):
        return None
    if not isinstance(answers, dict):
        return report(False, "", "answer with a dict such as {'A': 'wrong_sign', 'B': ...}, "
                                 f"one name per mystery {list(broken.MYSTERIES)}")
    answers = {str(k).strip().upper(): v for k, v in answers.items()}
    unknown = [k for k in answers if k not in broken.MYSTERIES]
    if unknown:
        return report(False, "", f"{unknown} are not mysteries; the mysteries are "
                                 f"{list(broken.MYSTERIES)}")
    if all(answers.get(k, ...) is Ellipsis for k in broken.MYSTERIES):
        say("Your turn: replace each ... with the name of a suspect and run the cell again.")
        return None
    right = 0
    for letter in broken.MYSTERIES:
        with prefixed(f"mystery {letter}: "):
            verdict = check_diagnosis(letter, answers.get(letter, ...), ex)
        right += verdict is True
    say(f"{right} of {len(broken.MYSTERIES)} mysteries solved.")
    return right == len(broken.MYSTERIES)


def check_fix(candidate, ex=None, broken_copy="A"):
    """The reader's repaired backprop: PASS when every relative error is ≤ 1e-7.
    While it still computes exactly what the copy it was given (mystery
    ``broken_copy``) computes, it is the reader's turn, not a FAIL."""
    if unanswered(candidate):
        return None
    given = _check(ex, broken.mystery(broken_copy), f"mystery {broken_copy}")
    ex = debugging.chapter_example() if ex is None else ex
    result = debugging.check_backprop(ex, candidate)
    if not result.problem and result.errors == given.errors:
        say("Your turn: this is still the broken copy; change the line that is wrong "
            "and run the cell again.")
        return None
    if result.problem:
        return report(False, "", f"nothing to check: {result.problem}")
    if result.passed and result.changed:
        return report(False, "", "the gradients are right, but the call changed the network "
                                 f"({', '.join(result.changed)}): a backprop only computes")
    return report(result.passed,
                  f"every parameter agrees with finite differences (largest relative error "
                  f"{result.worst:.1e} ≤ {debugging.FINE:g}); the heat map is dark",
                  "still broken: " + " ".join(debugging.diagnosis(result)))


def check_best_eps(answer, ex=None, precision="float64"):
    """The ε (within a factor of 10) at which the engine's check error is smallest."""
    if unanswered(answer):
        return None
    ex = debugging.chapter_example() if ex is None else ex
    value = number(answer)
    if value is None:
        return report(False, "", "the answer should be one number, a step ε such as 1e-3")
    if not (np.isfinite(value) and value > 0):
        return report(False, "", "ε is a small positive number, such as 1e-3")
    best, error = debugging.best_eps(ex, precision=precision)
    gap = np.log10(value) - np.log10(best)
    return report(abs(gap) <= 1.0,
                  f"the smallest error in {precision}, {error:.1e}, is at ε = {best:.1e}",
                  (f"at ε = {value:.0e} round-off wins: C(w + ε) − C(w − ε) loses digits, and "
                   "the error grows like 1/ε: go right on the curve" if gap < 0 else
                   f"at ε = {value:.0e} truncation wins: the error of the central difference "
                   "grows like ε²: go left on the curve"))
