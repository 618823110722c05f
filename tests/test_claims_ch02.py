"""The claims chapter 2 (the cost and the Hadamard product) states in words,
recomputed from the page's own inputs.

The page prints its numbers and says how they relate (``exercises.agree``); the
bounds that keep those sentences true are asserted here.
"""
import numpy as np

from backprop_core import Network
from backprop_core.hadamard import Sigma_prime, delta_unrolled, deltas_diagonal_form, hadamard


def _page_data():
    """"The cost we will use": the network, five inputs and their targets (rng seed 1)."""
    net = Network([3, 4, 2], seed=0)
    rng = np.random.default_rng(1)
    n = 5
    X = rng.uniform(0, 1, size=(3, n))
    Y = rng.uniform(0, 1, size=(2, n))
    return net, rng, n, X, Y


def test_the_formula_and_the_average_give_the_cost():
    net, _, n, X, Y = _page_data()
    C = net.cost(X, Y)
    np.testing.assert_allclose(np.sum((Y - net.feedforward(X)) ** 2) / (2 * n), C, rtol=1e-12)
    C_x = [net.cost(X[:, [i]], Y[:, [i]]) for i in range(n)]
    np.testing.assert_allclose(np.mean(C_x), C, rtol=1e-12)


def test_the_gradient_is_the_mean_of_the_per_example_gradients():
    """"Assumption 1": the mean of the five ∂C_x/∂w^l is ∂C/∂w^l (and for b)."""
    net, _, n, X, Y = _page_data()
    per_example = [net.backprop(X[:, [i]], Y[:, [i]]) for i in range(n)]
    nabla_b, nabla_w = net.backprop_batch(X, Y)
    for l in range(2, net.L + 1):
        np.testing.assert_allclose(np.mean([nb[l] for nb, nw in per_example], axis=0), nabla_b[l],
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(np.mean([nw[l] for nb, nw in per_example], axis=0), nabla_w[l],
                                   rtol=1e-12, atol=1e-15)


def test_another_network_with_the_same_output_has_the_same_cost():
    """"Assumption 2": a zero-weight network whose biases are σ^{-1}(a^L)."""
    net, rng, n, X, Y = _page_data()             # the page draws x_other next from the same rng
    x, y = X[:, [0]], Y[:, [0]]
    a_L = net.feedforward(x)
    other = Network([5, 2], seed=7)
    other.w[2] = np.zeros((2, 5))
    other.b[2] = np.log(a_L / (1 - a_L))
    x_other = rng.uniform(0, 1, size=(5, 1))
    np.testing.assert_allclose(other.feedforward(x_other), a_L, rtol=1e-12, atol=0)
    np.testing.assert_allclose(other.cost(x_other, y), net.cost(x, y), rtol=1e-10)
    np.testing.assert_allclose(net.cost_function.fn(a_L, y).item(), net.cost(x, y), rtol=1e-12)


def test_hadamard_is_entry_by_entry():
    s, t = np.array([[1.0], [2.0]]), np.array([[3.0], [4.0]])
    assert np.array_equal(hadamard(s, t), [[3.0], [8.0]])
    assert np.array_equal(hadamard(s, t), s * t)


def test_the_diagonal_forms_give_the_same_deltas():
    """"The same thing as a diagonal matrix": the deeper network and its example."""
    deep = Network([3, 5, 4, 2], seed=3)
    ex = deep.example(np.array([[0.2], [-0.4], [0.9]]), np.array([[0.1], [0.8]]))
    sigma = deep.sigma(2)
    s = np.array([[0.3], [-1.2], [0.5], [2.0], [-0.7]])
    np.testing.assert_allclose(Sigma_prime(ex.z[2], sigma) @ s, hadamard(s, sigma.prime(ex.z[2])),
                               rtol=1e-14, atol=0)
    by_diagonal = deltas_diagonal_form(ex)
    for l in range(2, deep.L + 1):
        np.testing.assert_allclose(by_diagonal[l], ex.delta[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(delta_unrolled(ex, l), ex.delta[l], rtol=1e-12, atol=1e-15)


def test_the_diagonal_matrix_holds_n_squared_numbers_of_which_n_are_not_zero():
    """"Why the book writes ⊙": the count behind the timing (no timed test, see bench/)."""
    sigma = Network([3, 5, 4, 2], seed=3).sigma(2)
    rng = np.random.default_rng(0)
    for n in (10, 100, 1000):
        z, grad = rng.standard_normal((n, 1)), rng.standard_normal((n, 1))
        matrix = Sigma_prime(z, sigma)
        assert matrix.size == n * n and np.count_nonzero(matrix) == n
        np.testing.assert_allclose(matrix @ grad, grad * sigma.prime(z), rtol=1e-12, atol=1e-15)
