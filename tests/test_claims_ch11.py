"""The claims chapter 11 (the educational network) states in words, checked.

The page prints its numbers and says how far they agree (``exercises.agree``);
these tests recompute the same numbers with the engine, from the same inputs as
the page (restated here, with the section they come from), and assert the bounds
that keep the page's sentences true.
"""
import numpy as np
import pytest

from backprop_core import Network, numerical_gradient, relative_error
from backprop_core.activations import sigmoid_prime
from backprop_core.educational import EducationalNetwork, backward, weight_change_by_broadcasting
from backprop_core.steps import algorithm_steps

# "A neuron is a small record" and the sections after it: the 3 → 2 → 4 network
NET = Network([3, 2, 4], seed=0)
X = np.array([[0.2], [0.9], [0.4]])
Y = np.array([[0.0], [1.0], [0.0], [0.0]])


def flat(*gradient):
    return np.concatenate([g.ravel() for part in gradient for g in part])


@pytest.fixture
def edu():
    return EducationalNetwork.from_network(NET)


def test_the_neurons_outgoing_weights_are_the_books_matrices(edu):
    """'Gather every neuron's list into a matrix ... you get the book's matrices back.'"""
    for l in (2, 3):
        gathered = np.array([[behind.weights[j] for behind in edu.layers[l - 1]]
                             for j in range(len(edu.layers[l]))])
        assert np.array_equal(gathered, NET.w[l])
    assert edu.layers[1][0].weights == [NET.w[2][0, 0], NET.w[2][1, 0]]   # w^2_00 and w^2_10


def test_the_forward_loops_give_the_matrices_output(edu):
    """The forward pass as loops: the same a^L."""
    assert relative_error(np.array(edu.feedforward(X)), NET.feedforward(X).ravel()) < 1e-13


def test_the_backward_loops_agree_with_the_matrices_and_finite_differences(edu):
    """'The loops and the matrices ... agree to the last digit or nearly; finite
    differences ... share fewer digits.'"""
    loops = flat(*edu.backprop(X, Y))
    matrices = flat(*NET.backprop(X, Y))
    numeric = flat(*numerical_gradient(NET, X, Y))
    to_matrices, to_numeric = relative_error(loops, matrices), relative_error(loops, numeric)
    assert to_matrices < 1e-13 and to_numeric < 1e-7
    assert to_matrices < to_numeric


def test_the_steppers_numbers_are_the_loops_gradient(edu):
    """The stepper (its steps are ``steps.algorithm_steps``) writes the loops' ∂C/∂w^l_jk."""
    _, loop_w = edu.backprop(X, Y)
    written = 0
    for step in algorithm_steps(NET.example(X, Y)):
        if step.kind == "nabla_w":
            assert step.value == pytest.approx(loop_w[step.l][step.j, step.k],
                                               rel=1e-12, abs=1e-15)
            written += 1
    assert written == 2 * 3 + 4 * 2


def test_three_neurons_by_hand():
    """'Three neurons, by hand': the six numbers, the per-neuron network, the core,
    finite differences and one step."""
    tiny = Network([1, 1, 1], seed=4)
    w2, w3 = tiny.w[2][0, 0], tiny.w[3][0, 0]
    b2, b3 = tiny.b[2][0, 0], tiny.b[3][0, 0]
    a1, target, eta = 0.8, 0.1, 0.5
    z2 = w2 * a1 + b2
    a2 = 1 / (1 + np.exp(-z2))
    z3 = w3 * a2 + b3
    a3 = 1 / (1 + np.exp(-z3))
    delta3 = sigmoid_prime(z3) * (a3 - target)
    delta2 = sigmoid_prime(z2) * w3 * delta3
    step3, step2 = eta * delta3 * a2, eta * delta2 * a1
    tiny_edu = EducationalNetwork.from_network(tiny)
    tiny_edu.backprop([[a1]], [[target]])
    tiny_ex = tiny.example([[a1]], [[target]])
    assert tiny_edu.layers[3][0].delta == pytest.approx(delta3, rel=1e-14)
    assert tiny_ex.delta[2][0, 0] == pytest.approx(delta2, rel=1e-14)
    assert tiny_ex.delta[3][0, 0] == pytest.approx(delta3, rel=1e-14)
    _, numeric_w = numerical_gradient(tiny, [[a1]], [[target]])
    assert step3 == pytest.approx(eta * numeric_w[3][0, 0], rel=1e-6)
    assert step2 == pytest.approx(eta * numeric_w[2][0, 0], rel=1e-6)
    tiny_edu.update_mini_batch([[a1]], [[target]], eta)
    assert tiny_edu.layers[2][0].weights[0] == pytest.approx(w3 - step3, rel=1e-14)
    assert tiny_edu.layers[1][0].weights[0] == pytest.approx(w2 - step2, rel=1e-14)
    assert step3 != 0 and step2 != 0


def test_broadcasting_is_the_outer_product():
    """'Δw without loops': the broadcast grid is δ aᵀ, in the shape of w^l."""
    delta = np.array([[0.5], [-1.0], [2.0], [0.25]])
    a_prev = np.array([[1.0], [2.0], [3.0]])
    grid = weight_change_by_broadcasting(delta, a_prev)
    assert grid.shape == (4, 3)
    assert np.array_equal(grid, delta @ a_prev.T)
    assert np.array_equal(grid, np.outer(delta, a_prev))


def test_the_timed_networks_give_the_same_gradient_both_ways():
    """'How slow are loops?': the last column, the two gradients, differ only by rounding
    (the times themselves are not tested: the page's sentence follows its own numbers)."""
    for n in (4, 16, 64, 256):
        wide = Network([n, n, n], seed=n)
        rng = np.random.default_rng(n)
        xn, yn = rng.random((n, 1)), rng.random((n, 1))
        edu = EducationalNetwork.from_network(wide)
        assert relative_error(flat(*edu.backprop(xn, yn)), flat(*wide.backprop(xn, yn))) < 1e-12


def test_the_module_loop_run_beside_the_engine_agrees():
    """Exercise 11.1's comparison cell with the module's loop (before the reader writes one)."""
    fresh = EducationalNetwork.from_network(NET)
    fresh.feedforward(X)
    backward(fresh.layers, [float(y_j) for y_j in Y[:, 0]], sigmoid_prime)
    ex = NET.example(X, Y)
    for l in (3, 2):
        got = np.array([neuron.delta for neuron in fresh.layers[l]])
        assert relative_error(got, ex.delta[l].ravel()) < 1e-13
