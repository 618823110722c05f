"""Chapter-05 checks: right answers PASS, wrong ones FAIL with a specific hint, ... is the reader's turn."""
import numpy as np
import pytest

from backprop_core import polyfit
from backprop_core.exercises.ch05_sin_polynomial import check_ceiling, check_gradients


def right(theta, x, y):
    a, b, c, d = theta
    error = (a + b * x + c * x ** 2 + d * x ** 3) - y
    return np.array([2 * np.sum(error * x ** p) for p in range(4)])


def out_of(capsys, result, expect):
    out = capsys.readouterr().out
    assert result is expect, out
    return out


def test_gradients_right(capsys):
    assert out_of(capsys, check_gradients(right), True).startswith("PASS")


def test_gradients_unanswered(capsys):
    assert "Your turn" in out_of(capsys, check_gradients(lambda theta, x, y: ...), None)


@pytest.mark.parametrize("wrong,hint", [
    (lambda t, x, y: right(t, x, y) / 2, "factor of 2"),
    (lambda t, x, y: -right(t, x, y), "sign is flipped"),
    (lambda t, x, y: right(t, x, y) / len(x), "the sum Σ, not the mean"),
    (lambda t, x, y: np.array([2 * np.sum((polyfit.predict(t, x) - y) * x ** (p + (p > 0)))
                               for p in range(4)]), "powers off by one"),
    (lambda t, x, y: right(t, x, y)[:3], "shape (3,)"),
    (lambda t, x, y: right(t, x, y) + [0, 0, 1, 0], "∂L/∂c is"),
    (lambda t, x, y: "grad", "four numbers"),
    (lambda t, x, y: 1 / 0, "raised ZeroDivisionError"),
])
def test_gradients_wrong(capsys, wrong, hint):
    out = out_of(capsys, check_gradients(wrong), False)
    assert out.startswith("FAIL") and hint in out, out


def test_ceiling_right(capsys):
    x, _ = polyfit.sin_data()
    lam = np.linalg.eigvalsh(2 * polyfit.features(x).T @ polyfit.features(x))
    assert out_of(capsys, check_ceiling(2 / lam[-1]), True).startswith("PASS")
    assert check_ceiling(...) is None and "Your turn" in capsys.readouterr().out


@pytest.mark.parametrize("factor,hint", [(0.5, "1/λ_max"), (2.0, "2XᵀX, not XᵀX"),
                                         (1.3, "is not it")])
def test_ceiling_wrong(capsys, factor, hint):
    x, _ = polyfit.sin_data()
    lam = np.linalg.eigvalsh(2 * polyfit.features(x).T @ polyfit.features(x))
    out = out_of(capsys, check_ceiling(factor * 2 / lam[-1]), False)
    assert out.startswith("FAIL") and hint in out, out
    out = out_of(capsys, check_ceiling(2 / lam[0]), False)
    assert "λ_min" in out
    assert "one number" in out_of(capsys, check_ceiling("fast"), False)


@pytest.mark.parametrize("odd, hint", [(..., "Your turn"), (None, "pass your function itself"),
                                       (np.zeros(4), "pass your function itself")])
def test_gradients_given_something_else_than_a_function(capsys, odd, hint):
    result = check_gradients(odd)
    out = capsys.readouterr().out
    assert result is (None if odd is ... else False) and hint in out
    assert out.startswith("Your turn" if odd is ... else "FAIL")


@pytest.mark.parametrize("returned, hint", [
    ([10**400, 0, 0, 0], "four numbers"), (np.ones(4) * 1j, "four numbers"),
    ([[1, 2], [3, 4, 5]], "four numbers"), ([b"1", b"2", b"3", b"4"], "four numbers"),
    ([np.nan, 0, 0, 0], "NaN or infinity"), (np.full(4, np.inf), "NaN or infinity"),
])
def test_gradients_that_are_not_four_real_numbers(capsys, returned, hint):
    out = out_of(capsys, check_gradients(lambda t, x, y: returned), False)
    assert out.startswith("FAIL") and hint in out and "raised" not in out, out


@pytest.mark.parametrize("odd", [np.nan, np.inf, 10**400, True, 1j, np.complex128(1e-7), "1e-6"])
def test_ceiling_odd_answers_fail(capsys, odd):
    out = out_of(capsys, check_ceiling(odd), False)
    assert out.startswith("FAIL: the answer should be one number"), out
