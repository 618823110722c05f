"""Whatever a student types into the array-answer checks, they print a verdict
(PASS or FAIL with a hint), never a traceback."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.exercises import array
from backprop_core.exercises import ch02_hadamard as c2
from backprop_core.exercises import ch03_four_equations as c3
from backprop_core.exercises import ch07_algorithm as c7
from backprop_core.exercises import ch09_big_picture as c9
from backprop_core.exercises import ch10_softmax as c10

ODD = [np.nan, [[1, 2], [3]], "abc", None, [b"x"], [b"\xff"], 1 + 2j, np.array([1 + 2j, 3]), True,
       np.True_, [True, False], ["1", "2"], 10**400, [10**400, 1], [[np.inf]], [], object(),
       {}, (v for v in [1.0])]


def _example(**kind):
    net = Network([2, 3, 2], seed=0, **kind)
    return net.example(np.array([[0.5], [0.1]]), np.array([[1.0], [0.0]]))


CHECKS = {
    "ch02 hadamard": lambda a: c2.check_hadamard(a),
    "ch03 delta_L": lambda a: c3.check_delta_L(a, _example()),
    "ch03 dC_dw": lambda a: c3.check_dC_dw(a, _example(), 2),
    "ch07 linear delta": lambda a: c7.check_linear_delta(a, _example(activation="linear",
                                                                       output_activation="linear")),
    "ch09 last layer": lambda a: c9.check_last_layer_gradient(a, _example(), 0, 1),
    "ch10 hidden delta": lambda a: c10.check_hidden_delta(
        a, _example(output_activation="softmax", cost="log_likelihood")),
}


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("answer", ODD, ids=lambda a: type(a).__name__)
def test_an_odd_answer_gets_a_verdict(name, answer, capsys):
    assert CHECKS[name](answer) is False
    out = capsys.readouterr().out
    assert out.startswith("FAIL: ") and len(out) > len("FAIL: \n")


def test_array_refuses_what_is_not_a_real_rectangular_array():
    assert array([[1, 2], [3, 4]]).shape == (2, 2)
    for odd in ([[1, 2], [3]], "1", b"1", None, 1j, [1j], [b"x"], [b"\xff"], 10**400,
                [1.0, 10**400], [True, 0.5], np.array([True]), ["1", "2"], (1, "a"), {},
                set(), (v for v in [1.0]), ..., len, np.longdouble("1e4000")):
        assert array(odd) is None, odd
    assert array(np.float32(1)).dtype == float and array([np.int64(2), 3.5]).tolist() == [2, 3.5]


def test_number_refuses_what_is_not_one_real_number():
    from backprop_core.exercises import number
    assert number(2) == 2.0 and number(np.float32(0.5)) == 0.5
    for odd in (True, np.True_, "1", b"1", None, 1j, np.complex128(1 + 1j), 10**400, [1, 2],
                ..., [2.0], np.array([1.0, 2.0])):
        assert number(odd) is None, odd
    assert number(np.array([2.5])) == 2.5 and number(np.array(3)) == 3.0   # ex.delta[3][0]
    assert np.isnan(number(float("nan"))) and number(-np.inf) == -np.inf
