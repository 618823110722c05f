"""Every check of chapter 06: a right answer prints PASS, a wrong one FAIL with a
specific hint, ``...`` is not judged.  Right answers are computed by the core
(the demon's functions of ``ex = net.example(x, y)``)."""
import numpy as np
import pytest

from backprop_core import Network, demon
from backprop_core.exercises.ch06_demon import (check_dC_dw, check_miss_point,
                                                check_never_saturates, check_sign,
                                                never_saturating)
from backprop_core.widgets import demon as labs

NET = Network(list(labs.SIZES), seed=labs.SEED)
EX = NET.example(labs.X, labs.Y)
X, Y = EX.x, EX.y


def out(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize("check, args", [
    (check_sign, (EX, 4, 1, 1.0)),
    (check_miss_point, (EX, 3, 0)),
    (check_dC_dw, (EX, 3, 2, 0)),
    (check_never_saturates, (labs.SIZES, labs.SEED, X, Y, 3, 0)),
])
def test_unanswered_is_not_judged(check, args, capsys):
    assert check(..., *args) is None
    assert "Your turn" in out(capsys)


# ----- 6.1 the sign of ΔC ------------------------------------------------------------
@pytest.mark.parametrize("l, j, dz", [(4, 1, 1.0), (3, 0, 1.0), (3, 0, -0.5), (2, 2, 2.0)])
def test_sign_right_and_wrong(l, j, dz, capsys):
    actual = demon.delta_C_curve(EX, l, j, np.array([dz]))[0]
    right, wrong = ("+", "-") if actual > 0 else ("-", "+")
    assert check_sign(right, EX, l, j, dz) is True
    assert out(capsys).startswith("PASS")
    assert check_sign(wrong, EX, l, j, dz) is False
    text = out(capsys)
    assert text.startswith("FAIL") and f"sign of δ^{l}_{j}" in text


def test_sign_accepts_words_and_numbers(capsys):
    actual = demon.delta_C_curve(EX, 4, 1, np.array([1.0]))[0]
    word = "up" if actual > 0 else "down"
    assert check_sign(word, EX, 4, 1, 1.0) is True
    assert check_sign(float(np.sign(actual)), EX, 4, 1, 1.0) is True
    assert check_sign("sideways", EX, 4, 1, 1.0) is False
    assert '"+"' in out(capsys)
    assert check_sign(0, EX, 4, 1, 1.0) is False


# ----- 6.2 where the relative miss reaches 10% ----------------------------------------------
def test_miss_point_right_answer_and_slider_rounding(capsys):
    target = demon.miss_point(EX, 3, 0)
    assert check_miss_point(target, EX, 3, 0) is True
    assert check_miss_point(round(target / 0.05) * 0.05, EX, 3, 0) is True
    assert out(capsys).count("PASS") == 2


@pytest.mark.parametrize("factor, hint", [(0.3, "further out"), (3.0, "back towards 0")])
def test_miss_point_wrong_answer_hints_the_direction(factor, hint, capsys):
    target = demon.miss_point(EX, 3, 0)
    assert check_miss_point(target * factor, EX, 3, 0) is False
    text = out(capsys)
    assert text.startswith("FAIL") and hint in text and "not 10%" in text


@pytest.mark.parametrize("answer, hint", [("far", "one number"), (-0.3, "Δz > 0"), (0, "Δz > 0")])
def test_miss_point_bad_answers(answer, hint, capsys):
    assert check_miss_point(answer, EX, 3, 0) is False
    assert hint in out(capsys)


# ----- 6.3 ∂C/∂w from its two factors ---------------------------------------------------------
def test_dC_dw_right_and_rounded(capsys):
    found = demon.nudge_w(EX, 3, 2, 0, 0.0)
    product = found["a_in"] * found["delta"]
    assert check_dC_dw(product, EX, 3, 2, 0) is True
    assert check_dC_dw(float(f"{product:.6g}"), EX, 3, 2, 0) is True   # as the readout shows it
    assert out(capsys).count("PASS") == 2


def test_dC_dw_wrong_answers(capsys):
    found = demon.nudge_w(EX, 3, 2, 0, 0.0)
    for wrong in (found["delta"], found["a_in"], found["a_in"] + found["delta"]):
        assert check_dC_dw(wrong, EX, 3, 2, 0) is False
        text = out(capsys)
        assert text.startswith("FAIL") and "multiply a^2_0 by δ^3_2" in text
    assert check_dC_dw("a lot", EX, 3, 2, 0) is False
    assert "one number" in out(capsys)


# ----- 6.4 which activation never saturates ------------------------------------------------------
def test_never_saturating_is_linear_only():
    assert never_saturating(labs.SIZES, labs.SEED, X, Y, 3, 0) == ["linear"]
    assert never_saturating(labs.SIZES, labs.SEED, labs.X, labs.Y, 3, 0) == ["linear"]
    # on a short range the sigmoid and tanh are not pushed that far either
    assert {"sigmoid", "tanh", "linear"} <= set(
        never_saturating(labs.SIZES, labs.SEED, X, Y, 3, 0, b_max=0.5))


def test_never_saturating_needs_one_example():
    with pytest.raises(ValueError, match="exercise 6.4 takes one example"):
        never_saturating(labs.SIZES, labs.SEED, np.ones((2, 2)), np.ones((2, 2)), 3, 0)


@pytest.mark.parametrize("check, args", [
    (check_sign, (NET, 4, 1, 1.0)),
    (check_miss_point, (NET, 3, 0)),
    (check_dC_dw, (NET, 3, 2, 0)),
])
def test_checks_want_the_example_not_the_network(check, args):
    with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got Network"):
        check(0.5, *args)


@pytest.mark.parametrize("answer", ["linear", "Linear ", ["linear"]])
def test_never_saturates_right(answer, capsys):
    assert check_never_saturates(answer, labs.SIZES, labs.SEED, X, Y, 3, 0) is True
    assert out(capsys).startswith("PASS")


@pytest.mark.parametrize("answer, hint", [
    ("relu", "['relu'] saturates"),
    (["linear", "tanh"], "['tanh'] saturates"),
    (["sigmoid", "tanh"], "['sigmoid', 'tanh'] saturate:"),
    ([], "missing from your answer"),
    ("swish", "not in the drop-down"),
    (3, "answer with a name"),
])
def test_never_saturates_wrong(answer, hint, capsys):
    assert check_never_saturates(answer, labs.SIZES, labs.SEED, X, Y, 3, 0) is False
    text = out(capsys)
    assert text.startswith("FAIL") and hint in text


# ----- odd answers get a verdict, never a traceback ------------------------------------
@pytest.mark.parametrize("odd", [np.nan, np.inf, True, False, np.True_, 1j,
                                 np.complex128(-1 + 1j), 10**400, -10**400, b"+", [1], None])
def test_a_sign_that_is_not_a_sign_fails(odd, capsys):
    assert check_sign(odd, EX, 3, 0, 1.0) is False
    assert out(capsys).startswith('FAIL: answer "+"')


def test_true_does_not_pass_as_plus_where_plus_is_right(capsys):
    actual = demon.delta_C_curve(EX, 4, 1, np.array([1.0]))[0]
    assert actual > 0                        # "+" is right here; True must still fail
    assert check_sign("+", EX, 4, 1, 1.0) is True
    assert check_sign(True, EX, 4, 1, 1.0) is False
    assert check_sign(np.complex128(1 + 1j), EX, 4, 1, 1.0) is False
    assert check_sign(np.float32(1), EX, 4, 1, 1.0) is True      # a numpy number is a number


@pytest.mark.parametrize("odd", [np.nan, np.inf, 10**400, True, 1j, "0.35", [0.35], b"1"])
def test_miss_point_and_dC_dw_odd_numbers_fail(odd, capsys):
    assert check_miss_point(odd, EX, 3, 0) is False
    assert check_dC_dw(odd, EX, 3, 2, 0) is False
    text = out(capsys)
    assert text.count("FAIL: the answer should be one number") == 2, text


def test_miss_point_beyond_the_slider_fails_without_raising(capsys):
    assert check_miss_point(1e300, EX, 3, 0) is False
    assert "off the slider" in out(capsys)


def test_a_neuron_that_never_fires_gets_a_verdict(capsys):
    dead = demon.with_bias(Network(list(labs.SIZES), activation="relu", seed=labs.SEED),
                           3, 0, -50.0).example(labs.X, labs.Y)
    assert demon.delta(dead, 3, 0) == 0 and demon.miss_point(dead, 3, 0) is None
    assert check_miss_point(0.3, dead, 3, 0) is False
    text = out(capsys)
    assert text.startswith("FAIL") and "never reaches" in text and "answer None" in text
    assert check_miss_point(None, dead, 3, 0) is True
    assert check_miss_point(np.inf, dead, 3, 0) is True
    assert out(capsys).count("PASS") == 2
    # and the sign of ΔC is 0 there: "0" is right, "+" and "-" are not
    assert check_sign("0", dead, 3, 0, 1.0) is True
    assert check_sign("+", dead, 3, 0, 1.0) is False
    assert "exactly 0" in out(capsys).splitlines()[-1]


@pytest.mark.parametrize("odd", [b"linear", 10**400, {"linear": 1}, [b"linear"], [None],
                                 (n for n in ["linear"])])
def test_never_saturates_odd_answers_fail(odd, capsys):
    assert check_never_saturates(odd, labs.SIZES, labs.SEED, X, Y, 3, 0) is False
    assert "answer with a name" in out(capsys)
