"""Chapter 16's checks fed right, wrong and odd answers: every one gets a verdict."""
import numpy as np
import pytest

from backprop_core.exercises.ch16_modules import (check_activation_backward,
                                                  check_linear_backward, check_shape)

ODD = [np.nan, [[1, 2], [3]], "abc", None, 1 + 2j, True, 10**400, [], object(), b"1", 3.0]


def _out(capsys):
    return capsys.readouterr().out


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _raises(*args):
    raise RuntimeError("oops")


def test_the_solutions_pass(capsys):
    assert check_linear_backward(
        lambda w, x, g: (w.T @ g, g @ x.T, g.sum(axis=1, keepdims=True))) is True
    assert check_activation_backward(lambda z, g: g * _sig(z) * (1 - _sig(z))) is True
    assert check_shape((784, 10)) is True
    assert check_shape([784, 10]) is True
    assert check_shape((5, 7), n_in=5, n_out=2, m=7) is True
    assert _out(capsys).count("PASS") == 5


@pytest.mark.parametrize("fn, hint", [
    (lambda w, x, g: (w @ g, g @ x.T, g.sum(axis=1, keepdims=True)), "through wᵀ"),
    (lambda w, x, g: (w.T @ g, x @ g.T, g.sum(axis=1, keepdims=True)), "transposed"),
    (lambda w, x, g: (w.T @ g, g @ x.T, g), "sum over the columns"),
    (lambda w, x, g: (w.T @ g, g @ x.T, g.mean(axis=1, keepdims=True)), "the mean over the batch"),
    (lambda w, x, g: (w.T @ g, g @ x.T, g.sum(axis=0, keepdims=True)), "summed over the columns"),
    (lambda w, x, g: (w.T @ g, g @ x.T), "three arrays"),
    (lambda w, x, g: (w.T @ g, 2 * g @ x.T, g.sum(axis=1)), "dW should be"),
    (_raises, "raised RuntimeError: oops"),
])
def test_linear_slips_are_named(capsys, fn, hint):
    assert check_linear_backward(fn) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out, out


@pytest.mark.parametrize("fn, hint", [
    (lambda z, g: _sig(z) * (1 - _sig(z)), "multiply it by grad_out"),
    (lambda z, g: g * _sig(z), "not σ(z)"),
    (lambda z, g: _sig(z), "the forward pass"),
    (lambda z, g: g, "unchanged"),
    (lambda z, g: 2 * g, "it should be grad_out ⊙ σ′(z)"),
    (lambda z, g: g[0], "z's shape"),
    (_raises, "raised RuntimeError"),
])
def test_activation_slips_are_named(capsys, fn, hint):
    assert check_activation_backward(fn) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out, out


@pytest.mark.parametrize("answer, hint", [((30, 10), "grad_out's shape"), ((10, 784), "second"),
                                          ((30, 784), "w's"), ((784, 30), "wᵀ's"),
                                          ((1, 2), "the module's input")])
def test_shape_slips_are_named(capsys, answer, hint):
    assert check_shape(answer) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out, out


@pytest.mark.parametrize("check", [check_linear_backward, check_activation_backward])
def test_a_function_still_returning_dots_is_your_turn(capsys, check):
    assert check(lambda *args: ...) is None
    assert "Your turn" in _out(capsys)


@pytest.mark.parametrize("check", [check_linear_backward, check_activation_backward, check_shape])
def test_your_turn_and_odd_answers(capsys, check):
    assert check(...) is None
    assert "Your turn" in _out(capsys)
    for odd in ODD:
        assert check(odd) is False
        out = _out(capsys)
        assert "FAIL" in out and "Traceback" not in out
