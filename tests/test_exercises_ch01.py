import pytest

from backprop_core.exercises.ch01_notation import check_entry, check_weight_shape, check_weighted_input

W = [[0.5, -1.0], [2.0, 0.25]]
A = [[1.0], [2.0]]
B = [[0.5], [-1.0]]


def out(capsys):
    return capsys.readouterr().out


def test_weight_shape(capsys):
    assert check_weight_shape((3, 5), sizes=(4, 5, 3), l=3) is True
    assert out(capsys).startswith("PASS")
    assert check_weight_shape([2, 4], sizes=(4, 2, 3), l=2) is True
    out(capsys)
    assert check_weight_shape((5, 3), sizes=(4, 5, 3), l=3) is False
    assert "transpose" in out(capsys)
    assert check_weight_shape((4, 5), sizes=(4, 5, 3), l=3) is False
    assert "count the neurons" in out(capsys)
    assert check_weight_shape("3x5") is False
    assert "pair" in out(capsys)
    assert check_weight_shape(...) is None
    assert "Your turn" in out(capsys)
    with pytest.raises(ValueError, match=r"expected 2\.\.3 \(layer 1 is the input"):
        check_weight_shape((4, 1), sizes=(4, 5, 3), l=1)             # w^1 does not exist


def test_entry(capsys):
    assert check_entry((0, 2)) is True
    assert out(capsys).startswith("PASS")
    assert check_entry((2, 0)) is False
    assert "swapped" in out(capsys)
    assert check_entry((1, 1)) is False
    assert "row is j" in out(capsys)
    assert check_entry((0.5, 2)) is False
    assert "pair" in out(capsys)
    assert check_entry((3, 1), source=(2, 1), destination=(3, 3)) is True
    with pytest.raises(ValueError, match="must follow"):
        check_entry((0, 0), source=(1, 0), destination=(3, 0))


def test_weighted_input(capsys):
    assert check_weighted_input(-1.0, W, A, B, j=0) is True
    assert out(capsys).startswith("PASS")
    assert check_weighted_input(0.0, W, A, B, j=1) is False           # z_1 = 2 + 0.5 - 1 = 1.5
    assert "FAIL" in out(capsys)
    assert check_weighted_input(1.5, W, A, B, j=1) is True
    out(capsys)
    assert check_weighted_input(-1.5, W, A, B, j=0) is False
    assert "bias" in out(capsys)
    assert check_weighted_input(0.2689414, W, A, B, j=0) is False
    assert "activation" in out(capsys)
    assert check_weighted_input(7.0, W, A, B, j=0) is False
    assert "row 0" in out(capsys)
    assert check_weighted_input(..., W, A, B, j=0) is None


@pytest.mark.parametrize("odd", [("3", "5"), (b"3", b"5"), (True, 5), (3, float("nan")),
                                 (3, float("inf")), (3, 10**400), (3.5, 5), (3, 5, 1),
                                 [[3, 5]], 35, None, "35"])
def test_a_pair_that_is_not_two_whole_numbers_fails(odd, capsys):
    assert check_weight_shape(odd, sizes=(4, 5, 3), l=3) is False
    assert check_entry(odd, source=(1, 5), destination=(2, 3)) is False
    text = out(capsys)
    assert text.count("FAIL") == 2 and "pair" in text


def test_a_pair_of_numpy_integers_or_whole_floats_is_an_answer(capsys):
    import numpy as np
    assert check_weight_shape(np.array([3, 5]), sizes=(4, 5, 3), l=3) is True
    assert check_weight_shape((3.0, np.int64(5)), sizes=(4, 5, 3), l=3) is True


@pytest.mark.parametrize("source, destination, message", [
    ((1,), (2, 0), "source and destination must be pairs"),
    ((1, "2"), (2, 0), "the source neuron k must be an integer"),
    ((1, 2), (2.5, 0), "the destination layer must be an integer"),
])
def test_check_entry_refuses_arguments_that_are_not_neurons(source, destination, message):
    with pytest.raises(ValueError, match=message):
        check_entry((0, 2), source=source, destination=destination)
