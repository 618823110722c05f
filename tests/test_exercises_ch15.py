"""Chapter 15's checks fed right, wrong and odd answers: every one gets a verdict."""
import math

import numpy as np
import pytest

from backprop_core.exercises.ch15_autograd import (check_forward_mode_passes, check_local_rule,
                                                   check_backward_twice, check_twice_grad)

ODD = [np.nan, [[1, 2], [3]], "abc", None, [b"x"], 1 + 2j, np.array([1 + 2j, 3]), True,
       10**400, [[np.inf]], [], object(), b"1", float("inf")]
P = 784 * 30 + 30 + 30 * 10 + 10


def _out(capsys):
    return capsys.readouterr().out


def _raises(u):
    raise RuntimeError("oops")


def _your_turn(u):
    return ...


@pytest.mark.parametrize("op, rule", [("sin", math.cos), ("sin", lambda u: np.cos(u)),
                                      ("log", lambda u: 1 / u), ("log", lambda u: u ** -1.0)])
def test_a_right_rule_passes_and_is_checked_in_a_graph(capsys, op, rule):
    assert check_local_rule(rule, op) is True
    out = _out(capsys)
    assert out.startswith("PASS") and "finite differences" in out and "they differ" not in out


@pytest.mark.parametrize("op, rule, hint", [
    ("sin", math.sin, "sin itself"), ("sin", lambda u: -math.cos(u), "sign"),
    ("sin", lambda u: 1.0, "u + c"), ("log", math.log, "ln itself"),
    ("log", lambda u: -1 / u, "sign"), ("log", lambda u: 1 / u ** 2, "1/u²"),
    ("sin", lambda u: math.cos(2 * u), "by finite differences"),
    ("sin", _raises, "raised RuntimeError: oops"),
    ("sin", lambda u: "cos", "one finite number"), ("sin", lambda u: [1, 2], "one finite number"),
    ("sin", lambda u: float("nan"), "one finite number"), ("sin", lambda u: 1j, "one finite"),
    ("sin", lambda u: math.cos(u) if abs(u - 0.78) > 1e-9 else 1 / 0, "raised ZeroDivision"),
    ("sin", lambda: 1.0, "raised TypeError"),
    ("sin", 3.0, "pass a function"), ("sin", "cos", "pass a function"),
    ("sin", None, "pass a function"),
])
def test_a_wrong_rule_fails_with_a_hint(capsys, op, rule, hint):
    assert check_local_rule(rule, op) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out, out


@pytest.mark.parametrize("rule", [..., _your_turn])
def test_an_unwritten_rule_is_your_turn(capsys, rule):
    assert check_local_rule(rule) is None
    assert "Your turn" in _out(capsys)


def test_an_unknown_operation_is_refused():
    with pytest.raises(ValueError, match="op must be one of"):
        check_local_rule(math.cos, "tan")


def test_twice_grad(capsys):
    assert check_twice_grad(2 * 1.5 + 0.8) is True
    assert _out(capsys).startswith("PASS")
    assert check_twice_grad(2 * 0.2 - 1.0, x=0.2, w=-1.0) is True
    _out(capsys)
    for wrong, hint in ((2.3, "path through the × node"), (1.5, "path through the + node"),
                        (7.0, "both arrows")):
        assert check_twice_grad(wrong) is False
        out = _out(capsys)
        assert out.startswith("FAIL") and hint in out


def test_backward_twice(capsys):
    assert check_backward_twice(8.0) is True
    assert _out(capsys).startswith("PASS")
    assert check_backward_twice(2 * (2 * -1.5 + 3), w=-1.5) is True      # 0: both passes cancel
    _out(capsys)
    for wrong, hint in ((4.0, "does not reset"), (2.0, "only the path through w²"),
                        (6.0, "only the path through 3w"), (16.0, "do not multiply"),
                        (5.0, "a second backward() adds")):
        assert check_backward_twice(wrong) is False
        out = _out(capsys)
        assert out.startswith("FAIL") and hint in out
    with pytest.raises(TypeError, match="w"):
        check_backward_twice(8.0, w="half")


def test_forward_mode_passes(capsys):
    assert check_forward_mode_passes(P) is True
    assert _out(capsys).startswith("PASS")
    assert check_forward_mode_passes(6 + 3 + 3 + 1, sizes=(2, 3, 1)) is True
    _out(capsys)
    for wrong, hint in ((P + 1, "forward-difference"), (2 * P, "central-difference"),
                        (784 * 30 + 300, "biases"), (1, "reverse mode"), (77, "every weight")):
        assert check_forward_mode_passes(wrong) is False
        out = _out(capsys)
        assert out.startswith("FAIL") and hint in out


@pytest.mark.parametrize("check", [check_twice_grad, check_backward_twice,
                                   check_forward_mode_passes])
@pytest.mark.parametrize("answer", ODD, ids=lambda a: type(a).__name__)
def test_an_odd_answer_gets_a_verdict(capsys, check, answer):
    assert check(answer) is False
    assert _out(capsys).startswith("FAIL")


@pytest.mark.parametrize("check", [check_twice_grad, check_backward_twice,
                                   check_forward_mode_passes])
def test_unanswered_is_your_turn(capsys, check):
    assert check(...) is None
    assert "Your turn" in _out(capsys)


def test_the_chapters_solutions_pass(capsys):
    # 15.1 (and the log rule its solution mentions), 15.2, 15.4, 15.3
    assert check_local_rule(math.cos, op="sin") is True
    assert check_local_rule(lambda u: 1 / u, op="log") is True
    assert check_twice_grad(3.8, x=1.5, w=0.8) is True
    assert check_forward_mode_passes(23_860, sizes=(784, 30, 10)) is True
    assert check_backward_twice(8.0, w=0.5) is True                   # 15.3
    lines = _out(capsys).splitlines()
    assert len(lines) == 5 and all(line.startswith("PASS") for line in lines)
    assert check_local_rule(math.sin, op="sin") is False
    assert check_forward_mode_passes(23_861, sizes=(784, 30, 10)) is False
