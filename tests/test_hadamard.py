import numpy as np
import pytest

from backprop_core import Network
from backprop_core.hadamard import Sigma_prime, delta_unrolled, deltas_diagonal_form, hadamard
from backprop_core.activations import Sigmoid, Softmax


def test_hadamard_example():
    np.testing.assert_array_equal(hadamard([[1], [2]], [[3], [4]]), [[3], [8]])


def test_hadamard_shape_error():
    with pytest.raises(ValueError, match=r"equal shapes, got \(2,\) and \(3,\)"):
        hadamard([1, 2], [1, 2, 3])


def test_sigma_prime_is_diagonal_of_sigma_prime():
    z = np.array([[0.0], [1.0], [-2.0]])
    np.testing.assert_allclose(np.diag(Sigma_prime(z, Sigmoid)), Sigmoid.prime(z)[:, 0])
    with pytest.raises(ValueError, match="not diagonal"):
        Sigma_prime(z, Softmax)
    with pytest.raises(ValueError, match="column vector"):
        Sigma_prime(z.ravel(), Sigmoid)


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "linear"])
def test_matrix_forms_equal_backprop(act):
    net = Network([3, 5, 4, 2], activation=act, seed=3)
    x, y = np.array([[0.2], [-0.4], [0.9]]), np.array([[0.1], [0.8]])
    expected = net.deltas(x, y)
    for got, want in zip(deltas_diagonal_form(net, x, y), expected):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    for l in (2, 3, 4):
        np.testing.assert_allclose(delta_unrolled(net, x, y, l), expected[l - 2], rtol=1e-12, atol=1e-15)


def test_unrolled_checks_layer():
    net = Network([2, 2], seed=0)
    with pytest.raises(ValueError, match=r"expected 2\.\.2"):
        delta_unrolled(net, np.ones((2, 1)), np.ones((2, 1)), 1)
