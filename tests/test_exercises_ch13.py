"""Every check of chapter 13 with right, wrong and odd answers: a right answer
prints PASS, a wrong one FAIL with a hint drawn from the gradient check, ``...``
is not judged, and nothing a reader can type raises."""
import numpy as np
import pytest

from backprop_core import broken, debugging
from backprop_core.exercises.ch13_debugging_backprop import (check_best_eps, check_diagnoses,
                                                             check_diagnosis, check_fix, suspect)


def _raises(*args):
    raise RuntimeError("boom")


ODD = [np.nan, 10**400, True, "abc", b"1", 1j, None, _raises, [1, 2], {"A": 1}, object()]


def out(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize("letter", broken.MYSTERIES)
def test_the_right_name_passes(letter, capsys):
    name = broken.MYSTERIES[letter]
    assert check_diagnosis(letter, name) is True
    text = out(capsys)
    assert text.startswith("PASS") and broken.BUGS[name].equation in text


@pytest.mark.parametrize("letter", broken.MYSTERIES)
def test_a_wrong_name_gets_the_evidence(letter, capsys):
    truth = broken.MYSTERIES[letter]
    for guess in broken.NAMES:
        if guess == truth:
            continue
        assert check_diagnosis(letter, guess) is False
        text = out(capsys)
        assert text.startswith("FAIL") and f"if it were `{guess}`" in text
        assert f"Mystery {letter} says" in text
        assert ("largest relative error" in text) or ("an unusable entry" in text)


def test_the_hints_name_the_telling_evidence(capsys):
    check_diagnosis("B", "missing_sigma_prime")
    assert "minus the true one" in out(capsys)
    check_diagnosis("E", "wrong_sign")
    assert "4 times the true one" in out(capsys)
    check_diagnosis("C", "wrong_sign")
    assert "shape (2, 3), expected (3, 2)" in out(capsys)
    check_diagnosis("D", "missing_sigma_prime")
    text = out(capsys)
    assert text.count("changed the network") == 1 and "0.11" in text
    check_diagnosis("F", "missing_sigma_prime")
    assert "Wrong in layer(s) 2; right in layer(s) 3, 4" in out(capsys)


def test_names_are_read_loosely():
    assert suspect(" Wrong Sign ") == "wrong_sign" and suspect("wrong-layer") == "wrong_layer"
    assert suspect("transpose") == "transposed" and suspect("1/m") == "forgotten_mean"
    assert suspect("missing σ′") == "missing_sigma_prime" and suspect("in place") == "in_place"
    assert suspect("nothing") is None and suspect(3) is None


@pytest.mark.parametrize("answer", ODD, ids=lambda a: type(a).__name__)
def test_an_odd_diagnosis_gets_a_verdict(answer, capsys):
    assert check_diagnosis("A", answer) is False
    text = out(capsys)
    assert text.startswith("FAIL") and "not one of the suspects" in text


def test_unanswered_and_unknown_mysteries(capsys):
    assert check_diagnosis("A", ...) is None
    assert "Your turn" in out(capsys)
    for letter in ("Z", None, 3, np.nan):
        assert check_diagnosis(letter, "wrong_sign") is False
        assert "no mystery" in out(capsys)


def test_all_six_at_once(capsys):
    assert check_diagnoses(dict(broken.MYSTERIES)) is True
    text = out(capsys)
    assert text.count("PASS") == 6 and "6 of 6" in text
    answers = {k: ... for k in broken.MYSTERIES}
    assert check_diagnoses(answers) is None
    assert "Your turn" in out(capsys)
    answers.update(a="wrong_sign", B="wrong_sign", C=np.nan)
    assert check_diagnoses(answers) is False
    text = out(capsys)
    assert "1 of 6" in text and text.count("FAIL") == 2 and text.count("Your turn") == 3
    assert check_diagnoses({"Q": "wrong_sign"}) is False
    assert "not mysteries" in out(capsys)


@pytest.mark.parametrize("answer", [a for a in ODD if not isinstance(a, dict)],
                         ids=lambda a: type(a).__name__)
def test_odd_answers_to_all_six(answer, capsys):
    assert check_diagnoses(answer) is False
    assert out(capsys).startswith("FAIL")


def test_the_fix_passes_and_the_broken_copy_fails(capsys):
    assert check_fix(broken.correct) is True
    assert out(capsys).startswith("PASS")
    assert check_fix(...) is None
    assert "Your turn" in out(capsys)
    given = broken.MYSTERIES["A"]              # the copy chapter 13 hands the reader
    for name in broken.NAMES:
        if name == given:
            continue
        assert check_fix(broken.BUGS[name].function) is False
        text = out(capsys)
        assert text.startswith("FAIL: still broken") and "Wrong in layer(s)" in text


def test_the_untouched_copy_is_the_readers_turn_not_a_fail(capsys):
    """Run as handed over (the chapter's copy of mystery A), the cell says whose turn
    it is; a copy of any other mystery is judged."""
    assert check_fix(broken.mystery("A")) is None
    assert out(capsys).startswith("Your turn: this is still the broken copy")
    assert check_fix(broken.mystery("B"), broken_copy="B") is None
    assert check_fix(broken.mystery("A"), broken_copy="B") is False
    assert out(capsys).split("\n")[-2].startswith("FAIL: still broken")


def test_a_right_gradient_that_changes_the_network_fails(capsys):
    def learns(net, x, y):
        result = broken.correct(net, x, y)
        net.w[2] += 1.0
        return result
    assert check_fix(learns) is False
    assert "changed the network (w^2)" in out(capsys)


@pytest.mark.parametrize("answer", ODD, ids=lambda a: type(a).__name__)
def test_an_odd_fix_gets_a_verdict(answer, capsys):
    assert check_fix(answer) is False
    text = out(capsys)
    assert text.startswith("FAIL: nothing to check")


def test_best_eps(capsys):
    best64, _ = debugging.best_eps(debugging.chapter_example())
    for answer in (best64, best64 * 5, best64 / 5, 1e-5):
        assert check_best_eps(answer) is True
    assert out(capsys).count("PASS") == 4
    assert check_best_eps(1e-9) is False
    assert "round-off" in out(capsys)
    assert check_best_eps(0.1) is False
    assert "truncation" in out(capsys)
    assert check_best_eps(3e-2, precision="float32") is True
    assert check_best_eps(1e-5, precision="float32") is False
    assert "round-off" in out(capsys)
    assert check_best_eps(...) is None


@pytest.mark.parametrize("answer", ODD + [-1e-5, 0.0, float("inf")],
                         ids=lambda a: type(a).__name__)
def test_an_odd_eps_gets_a_verdict(answer, capsys):
    assert check_best_eps(answer) is False
    text = out(capsys)
    assert text.startswith("FAIL") and "ε" in text
