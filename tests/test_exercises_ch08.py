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
