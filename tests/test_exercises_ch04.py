"""Every chapter-04 check: a right answer prints PASS, each wrong one FAIL with its hint,
and a stub returning ... is the reader's turn."""
import numpy as np
import pytest

from backprop_core.exercises.ch04_proofs import check_dC_db, check_dC_dw


# ----- right answers (the chapter's solutions) ------------------------------
def dC_db(net, x, y, l):
    return net.deltas(x, y)[l]


def dC_dw(net, x, y, l):
    a = net.forward_pass(x).a
    return net.deltas(x, y)[l] @ a[l - 1].T


def stub(*args):
    return ...


CHECKS = [(check_dC_db, dC_db), (check_dC_dw, dC_dw)]


def run(check, fn, capsys):
    result = check(fn)
    return result, capsys.readouterr().out


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
def test_right_answer_passes(check, right, capsys):
    result, out = run(check, right, capsys)
    assert result is True and out.startswith("PASS"), out


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
def test_stub_is_your_turn(check, right, capsys):
    result, out = run(check, stub, capsys)
    assert result is None and "Your turn" in out


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
def test_raising_answer_fails(check, right, capsys):
    def broken(*args):
        raise KeyError("oops")
    result, out = run(check, broken, capsys)
    assert result is False and out.startswith("FAIL") and "raised KeyError" in out


def fails_with(check, fn, capsys, *phrases):
    result, out = run(check, fn, capsys)
    assert result is False and out.startswith("FAIL"), out
    for phrase in phrases:
        assert phrase in out, out


def test_dC_db_wrong_answers(capsys):
    fails_with(check_dC_db, lambda net, x, y, l: net.forward_pass(x).a[l], capsys, "this is a^l")
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l].ravel(), capsys,
               "column vector, shape (3, 1)")
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l + 1] if l < net.L
               else net.deltas(x, y)[l], capsys, "δ^{l+1}", "net.deltas(x, y)[l] is δ^l")
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l - 1] if l > 2
               else net.deltas(x, y)[l], capsys, "δ^{l−1}", "l=3")
    fails_with(check_dC_db, lambda net, x, y, l: 2 * net.deltas(x, y)[l], capsys,
               "differs from finite differences", "l=2")
    fails_with(check_dC_db, lambda net, x, y, l: "delta", capsys, "numpy array")


def test_an_old_list_offset_gets_the_books_numbering(capsys):
    """Writing the old offset deltas[l − 2] asks for δ^0: the hint gives the book's numbering."""
    fails_with(check_dC_db, lambda net, x, y, l: net.deltas(x, y)[l - 2], capsys,
               "raised LayerError", "δ^l exists for l = 2..4", "net.deltas(x, y)[l] is δ^l")
    fails_with(check_dC_dw,
               lambda net, x, y, l: net.deltas(x, y)[l] @ net.forward_pass(x).a[l - 2].T,
               capsys, "raised LayerError", "a^l exists for l = 1..4", "a[l - 1] is a^(l−1)")


def test_dC_dw_wrong_answers(capsys):
    fails_with(check_dC_dw, lambda net, x, y, l: dC_dw(net, x, y, l).T, capsys,
               "shape (2, 3); expected (3, 2)", "rows are j (layer l), columns k (layer l−1)",
               "Transposed")
    fails_with(check_dC_dw,
               lambda net, x, y, l: dC_dw(net, x, y, l).T if l == 3 else dC_dw(net, x, y, l),
               capsys, "l=3: transposed")
    fails_with(check_dC_dw, lambda net, x, y, l: net.deltas(x, y)[l] @ net.forward_pass(x).a[l].T,
               capsys, "did you use a^l instead of a^(l−1)")
    fails_with(check_dC_dw, lambda net, x, y, l: np.zeros((1, 1)), capsys,
               "shape (1, 1); expected (3, 2) — rows are j")
    fails_with(check_dC_dw, lambda net, x, y, l: dC_dw(net, x, y, l) + (l == 4), capsys,
               "l=4", "differs from finite differences")


# ----- odd answers: ... itself, not a function, results the check cannot read -----
@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
def test_ellipsis_instead_of_a_function_is_your_turn(check, right, capsys):
    result, out = run(check, ..., capsys)
    assert result is None and out.startswith("Your turn"), out


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
@pytest.mark.parametrize("odd", [None, 0.5, "my_function", [1, 2]])
def test_a_value_instead_of_a_function_is_told_to_pass_the_function(check, right, odd, capsys):
    fails_with(check, odd, capsys, "pass your function itself")


@pytest.mark.parametrize("check,right", CHECKS, ids=lambda c: getattr(c, "__name__", ""))
@pytest.mark.parametrize("entry", [np.full((3, 1), None), np.array([["a"], ["b"], ["c"]]),
                                   [[10**400], [0], [0]], [[1j], [0], [0]]],
                         ids=["objects", "strings", "huge", "complex"])
def test_what_the_check_cannot_read_is_not_blamed_on_the_function(check, right, entry, capsys):
    result, out = run(check, lambda *args: entry, capsys)
    assert result is False and "should be a numpy array" in out, out
    assert "raised" not in out
