"""Chapter 17's checks: right, wrong and odd answers all get a verdict."""
import numpy as np
import pytest

from backprop_core.exercises.ch17_memory import check_best_k, check_layers_held, check_plain_arrays

ODD = [np.nan, np.inf, -np.inf, [[1, 2], [3]], "abc", None, 1 + 2j, True, 10**400, [4, 4],
       object(), {}]


def _out(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize("check, right", [(check_plain_arrays, 11), (check_plain_arrays, 11.0),
                                          (check_best_k, 4), (check_best_k, np.int64(4)),
                                          (check_layers_held, 2)])
def test_right(check, right, capsys):
    assert check(right) is True
    assert _out(capsys).startswith("PASS")


def test_the_solutions_pass(capsys):
    assert check_plain_arrays(2 * 6 - 1, L=6) is True
    assert check_plain_arrays(19, L=10) is True
    assert check_best_k(5, L=25) is True
    assert check_best_k(3, L=9) is True
    assert "PASS" in _out(capsys)


@pytest.mark.parametrize("check, wrong, hint", [
    (check_plain_arrays, 12, "no z^1"), (check_plain_arrays, 10, "a^1 = x counts"),
    (check_plain_arrays, 6, "BP2 needs"), (check_plain_arrays, 5, "BP4 reads"),
    (check_plain_arrays, 3, "forward pass alone"), (check_plain_arrays, 40, "count z^l"),
    (check_best_k, 1, "plain backprop"), (check_best_k, 16, "only the ends"),
    (check_best_k, 8, "two long segments"), (check_best_k, 15, "one long segment"),
    (check_best_k, 3, "peak is 15 arrays"), (check_best_k, 0, "whole number"),
    (check_best_k, 2.5, "whole number"), (check_best_k, 99, "whole number"),
    (check_layers_held, 1, "reads layer l − 1"), (check_layers_held, 3, "three arrays"),
    (check_layers_held, 0, "has to hold"), (check_layers_held, 16, "nothing below"),
])
def test_wrong(check, wrong, hint, capsys):
    assert check(wrong) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out, out


@pytest.mark.parametrize("check", [check_plain_arrays, check_best_k, check_layers_held])
def test_unanswered(check, capsys):
    assert check(...) is None
    assert "Your turn" in _out(capsys)


@pytest.mark.parametrize("check", [check_plain_arrays, check_best_k, check_layers_held])
@pytest.mark.parametrize("odd", ODD, ids=range(len(ODD)))
def test_odd_answers(check, odd, capsys):
    assert check(odd) is False
    assert _out(capsys).startswith("FAIL")


def test_bad_arguments():
    with pytest.raises(ValueError, match="L must be"):
        check_plain_arrays(11, L=1)
    with pytest.raises(ValueError, match="L must be"):
        check_best_k(4, L=2)
