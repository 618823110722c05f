"""hadamard.py: ⊙, Σ′(z), and the alternative Σ′ forms of BP1/BP2, checked against
the engine's ex.delta."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.hadamard import Sigma_prime, delta_unrolled, deltas_diagonal_form, hadamard
from backprop_core.activations import Sigmoid, Softmax
from backprop_core.layers import LayerError, Layers

X1 = np.array([[0.2], [-0.4], [0.9]])
Y1 = np.array([[0.1], [0.8]])


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


@pytest.mark.parametrize("act,cost", [("sigmoid", "quadratic"), ("tanh", "quadratic"),
                                      ("linear", "quadratic"), ("sigmoid", "cross_entropy")])
def test_matrix_forms_equal_backprop(act, cost):
    net = Network([3, 5, 4, 2], activation=act, cost=cost, seed=3)
    ex = net.example(X1, Y1)
    diagonal = deltas_diagonal_form(ex)
    assert isinstance(diagonal, Layers) and diagonal.layers == ex.delta.layers
    for l in range(2, net.L + 1):
        np.testing.assert_allclose(diagonal[l], ex.delta[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(delta_unrolled(ex, l), ex.delta[l], rtol=1e-12, atol=1e-15)


def test_matrix_forms_can_fail():
    """A different example gives different δ's: the comparison is not vacuous."""
    net = Network([3, 5, 4, 2], seed=3)
    ex, other = net.example(X1, Y1), net.example(-X1, Y1)
    assert not np.allclose(deltas_diagonal_form(other)[2], ex.delta[2])
    assert not np.allclose(delta_unrolled(other, 3), ex.delta[3])


def test_unrolled_checks_layer():
    ex = Network([2, 2], seed=0).example(np.ones((2, 1)), np.ones((2, 1)))
    with pytest.raises(LayerError, match=r"expected 2\.\.2"):
        delta_unrolled(ex, 1)
    with pytest.raises(ValueError, match=r"expected 2\.\.2"):
        delta_unrolled(ex, 3)


@pytest.mark.parametrize("fn,args", [(deltas_diagonal_form, ()), (delta_unrolled, (2,))])
def test_forms_take_one_example(fn, args):
    net = Network([3, 5, 4, 2], seed=3)
    with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got Network"):
        fn(net, *args)
    with pytest.raises(ValueError, match="one example"):
        fn(net.example(np.ones((3, 2)), np.ones((2, 2))), *args)
    softmax = Network([3, 2], output_activation="softmax", cost="log_likelihood", seed=0)
    with pytest.raises(ValueError, match="not softmax"):
        fn(softmax.example(X1, Y1), *args)
