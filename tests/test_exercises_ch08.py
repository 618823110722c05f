import pytest

from backprop_core.exercises.ch08_why_fast import check_forward_passes, check_order

P = 784 * 30 + 30 + 30 * 10 + 10


def _out(capsys):
    return capsys.readouterr().out


def test_forward_passes_right(capsys):
    assert check_forward_passes(P + 1) is True
    assert _out(capsys).startswith("PASS")
    assert check_forward_passes(2 * (6 + 3 + 3 + 1), sizes=(2, 3, 1), method="central") is True


@pytest.mark.parametrize("wrong, hint", [
    (P, "unnudged cost C(w), once"),
    (784 * 30 + 30 * 10 + 1, "biases are parameters too"),
    (784 * 30 + 30 * 10, "count the biases too"),
    (2 * P, "count for central differences"),
    (2, "backprop's cost"),
    (12345, "P = Σ_l"),
])
def test_forward_passes_wrong(capsys, wrong, hint):
    assert check_forward_passes(wrong) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out


def test_forward_passes_unanswered(capsys):
    assert check_forward_passes(...) is None
    assert "Your turn" in _out(capsys)


@pytest.mark.parametrize("method, right", [("central", 2), ("forward", 1), ("central", 2.1)])
def test_order_right(capsys, method, right):
    assert check_order(right, method) is True
    assert _out(capsys).startswith("PASS")


@pytest.mark.parametrize("method, wrong, hint", [
    ("central", -1, "round-off side"),
    ("central", 1, "forward difference's order"),
    ("forward", 2, "central difference's order"),
    ("central", 3, "Taylor series"),
])
def test_order_wrong(capsys, method, wrong, hint):
    assert check_order(wrong, method) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out


def test_order_unanswered(capsys):
    assert check_order(...) is None
    assert "Your turn" in _out(capsys)


def test_bad_method():
    with pytest.raises(ValueError, match="method must be"):
        check_order(2, "backward")
    with pytest.raises(ValueError, match="method must be"):
        check_forward_passes(3, method="backward")


# ----- exercise 8.3: backprop's multiplications in forward passes -------------------
from backprop_core.exercises.ch08_why_fast import check_backprop_passes  # noqa: E402


def test_backprop_passes_right(capsys):
    assert check_backprop_passes((2 * 23_820 + 300) / 23_820) is True
    assert _out(capsys).startswith("PASS")
    assert check_backprop_passes(2.013) is True                  # three digits will do
    assert check_backprop_passes(2.5, sizes=(50, 50, 50)) is True
    assert check_backprop_passes(2, sizes=(4, 3)) is True          # no BP2 at all


@pytest.mark.parametrize("wrong, hint", [
    (3, "most it can be"),
    (1.0126, "left out BP4"),
    (2, "BP2's (w^{l+1})^T δ^{l+1} adds 300"),
    (2.5, "count the multiplications"),
    ("two", "one number"),
])
def test_backprop_passes_wrong(capsys, wrong, hint):
    assert check_backprop_passes(wrong) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out, out


def test_backprop_passes_unanswered(capsys):
    assert check_backprop_passes(...) is None
    assert "Your turn" in _out(capsys)


# ----- the reference solutions pass (they were hidden "Solution check" cells
# under exercises 8.1 and 8.2; issue 22 moved them here) ----------------------------

def test_solution_8_1_numbers(capsys):
    from backprop_core.speed import forward_passes_needed, number_of_parameters
    assert number_of_parameters([784, 30, 10]) == 784 * 30 + 30 + 30 * 10 + 10 == 23_860
    assert forward_passes_needed([784, 30, 10], "forward") == 23_861
    assert forward_passes_needed([784, 30, 10], "central") == 47_720
    assert check_forward_passes(23_861, sizes=(784, 30, 10), method="forward") is True
    assert _out(capsys).startswith("PASS: 23,861 evaluations")


def test_solution_8_2_the_fitted_slope_rounds_to_the_answer(capsys):
    """Exercise 8.2's solution says the central curve's fitted slope is close to 2."""
    import numpy as np
    from backprop_core.speed import error_slopes, error_vs_eps
    from backprop_core.widgets.speed import example_problem
    net, X, Y = example_problem()                  # chapter 8, "How small should ε be?"
    eps_grid = np.logspace(-13, -1, 25)
    central = error_slopes(eps_grid, error_vs_eps(net, X, Y, eps_grid, "central"))
    assert check_order(round(central["truncation"]), method="central") is True
    assert check_order(2, method="central") is True
    assert _out(capsys).startswith("PASS")


def test_solution_8_3(capsys):
    assert check_backprop_passes(47_940 / 23_820, sizes=(784, 30, 10)) is True
    assert _out(capsys).startswith("PASS")
