"""The claims chapter 1 (notation) states in words, recomputed from the page's own inputs.

The page prints its numbers and says how they relate (``exercises.agree``); the
bounds that keep those sentences true are asserted here.
"""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.weighted_input import z_matrix, z_neuron_by_neuron
from backprop_core.widgets.notation import weight_finder

# "A name for every number": the figure and the network behind it.
SIZES, SEED = (3, 4, 2), 0
# "One neuron at a time, or a whole layer at once": the input a^1.
X = np.array([[0.9], [-0.3], [0.4]])
# "How big is each matrix?": the essay's 3 → 2 → 4 network and its input.
ESSAY_SIZES, ESSAY_SEED = [3, 2, 4], 1
X3 = np.array([[0.2], [0.7], [-0.5]])


def test_net_w_and_net_weights_are_the_same_arrays():
    net = weight_finder(sizes=SIZES, seed=SEED).net
    assert all(w is stored for w, stored in zip(net.w, net.weights))


def test_moving_the_sliders_to_w2_31_shows_the_networks_number():
    """The page asks the reader to set l = 2, j = 3, k = 1 and says the readout
    shows net.w[2][3, 1]; here the sliders are set from code."""
    finder = weight_finder(sizes=SIZES, seed=SEED)
    net = finder.net
    l, j, k = 2, 3, 1
    finder.controls["l"].value, finder.controls["j"].value, finder.controls["k"].value = l, j, k
    assert (finder.values["l"], finder.values["j"], finder.values["k"]) == (l, j, k)
    assert finder.values["w"] == net.w[l][j, k]
    # the page's description: the line from the second input (k = 1) to the last hidden neuron
    assert j == net.sizes[1] - 1 and k == 1


def test_loops_product_and_forward_pass_agree():
    net = Network(list(SIZES), seed=SEED)
    forward = net.forward_pass(X)
    a_prev = X
    for l in range(2, net.L + 1):
        z_loops = z_neuron_by_neuron(net.w[l], a_prev, net.b[l])
        z_product = z_matrix(net.w[l], a_prev, net.b[l])
        np.testing.assert_allclose(z_loops, z_product, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(z_product, forward.z[l], rtol=1e-12, atol=1e-14)
        a_prev = net.sigma(l).fn(z_product)
        np.testing.assert_allclose(a_prev, forward.a[l], rtol=1e-12, atol=1e-14)


def test_sigma_is_applied_entry_by_entry():
    net = Network(list(SIZES), seed=SEED)
    z = net.forward_pass(X).z[2]
    sigma = net.sigma(2)
    one_by_one = np.array([[sigma.fn(np.array(z_j)).item()] for z_j in z.ravel()])
    np.testing.assert_allclose(sigma.fn(z), one_by_one, rtol=1e-14, atol=0)
    v = np.array([2.0, 3.0])
    assert np.array_equal(np.square(v), [4.0, 9.0])


def test_the_transposed_store_needs_a_transpose_and_does_not_fit_without():
    w2 = Network(list(SIZES), seed=SEED).w[2]
    v2 = w2.T
    np.testing.assert_allclose(v2.T @ X, w2 @ X, rtol=1e-14, atol=0)
    with pytest.raises(ValueError):
        v2 @ X                          # the page prints "v^2 a^1 fails"


def test_the_essays_matrices_and_its_transposed_layout():
    essay_net = Network(ESSAY_SIZES, seed=ESSAY_SEED)
    assert [w.shape for w in essay_net.w] == [(2, 3), (4, 2)]            # "2 × 3 and then 4 × 2"
    assert [w.T.shape for w in essay_net.w] == [(3, 2), (2, 4)]          # "3 × 2 and 2 × 4"
    a = X3
    for l in (2, 3):
        a = essay_net.sigma(l).fn(essay_net.w[l].T.T @ a + essay_net.b[l])
    np.testing.assert_allclose(a, essay_net.feedforward(X3), rtol=1e-12, atol=1e-14)
