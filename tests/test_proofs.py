"""proofs.py: every line of the BP1/BP2 proofs and of the calculus-first derivation,
checked against finite differences and the core's backprop."""
import numpy as np
import pytest

from backprop_core import Network, numerical_gradient
from backprop_core import proofs
from backprop_core.hadamard import delta_unrolled, deltas_diagonal_form

X = np.array([[0.4], [-0.7], [0.2]])
Y = np.array([[0.9], [0.1]])


@pytest.fixture(params=["sigmoid", "tanh", "linear"])
def net(request):
    return Network([3, 4, 3, 2], activation=request.param, seed=11)


def test_output_jacobian_is_diagonal_sigma_prime(net):
    J = proofs.output_jacobian(net, X)
    z_L = net.forward_pass(X)[0][-1]
    np.testing.assert_allclose(np.diag(J), net.sigma(net.L).prime(z_L)[:, 0], rtol=1e-6, atol=1e-9)
    assert np.max(np.abs(J - np.diag(np.diag(J)))) < 1e-12


def test_bp1_sum_over_k_is_delta_L(net):
    delta_L = net.deltas(X, Y)[-1]
    for j in range(2):
        terms = proofs.bp1_terms(net, X, Y, j)
        assert terms.shape == (2,)
        assert abs(terms[1 - j]) < 1e-12                     # the k ≠ j term vanishes
        assert terms.sum() == pytest.approx(delta_L[j, 0], rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("l", [2, 3])
def test_dz_next_dz_is_w_times_sigma_prime(net, l):
    numeric = proofs.dz_next_dz(net, X, l)
    formula = proofs.dz_next_dz_formula(net, X, l)
    assert numeric.shape == (net.sizes[l], net.sizes[l - 1])
    np.testing.assert_allclose(numeric, formula, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("l", [2, 3])
def test_bp2_sum_is_delta_l(net, l):
    deltas = net.deltas(X, Y)
    for j in range(net.sizes[l - 1]):
        assert proofs.bp2_terms(net, X, Y, l, j).sum() == pytest.approx(
            deltas[l - 2][j, 0], rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("l", [2, 3, 4])
def test_delta_numeric_is_core_delta_and_matrix_forms(net, l):
    numeric = proofs.delta_numeric(net, X, Y, l)
    np.testing.assert_allclose(numeric, net.deltas(X, Y)[l - 2], rtol=1e-5, atol=1e-10)
    np.testing.assert_allclose(numeric, deltas_diagonal_form(net, X, Y)[l - 2], rtol=1e-5, atol=1e-10)
    np.testing.assert_allclose(numeric, delta_unrolled(net, X, Y, l), rtol=1e-5, atol=1e-10)


def test_calculus_first_matches_finite_differences_transposed(net):
    result = proofs.calculus_first(net, X, Y)
    fb, fw = numerical_gradient(net, X, Y)
    for W, w, dW, nw, db, nb in zip(result["W"], net.weights, result["dL_dW"], fw,
                                    result["dL_db"], fb):
        np.testing.assert_array_equal(W, w.T)                # w_xy (essay) = w_yx (book)
        np.testing.assert_allclose(dW, nw.T, rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(db, nb[:, 0], rtol=1e-5, atol=1e-9)
    # the pattern ∂L/∂w_xy = δ_y a_x, entry by entry
    activations = net.forward_pass(X)[1]
    for m, dW in enumerate(result["dL_dW"]):
        for xi in range(dW.shape[0]):
            for yi in range(dW.shape[1]):
                assert dW[xi, yi] == result["delta"][m][yi] * activations[m][xi, 0]


def test_calculus_first_needs_quadratic_cost():
    with pytest.raises(ValueError, match="quadratic"):
        proofs.calculus_first(Network([2, 2], cost="cross_entropy", seed=0), X[:2], Y)


def test_independence_facts(net):
    for l, j, k in [(2, 1, 2), (3, 0, 3), (4, 1, 0)]:
        facts = proofs.independence_facts(net, X, l, j, k)
        assert facts["dw_other"] == 0 and facts["db"] == 0 and facts["da_in"] == 0
        assert facts["dz_j"] == pytest.approx(facts["a_in"], rel=1e-6, abs=1e-9)
        assert facts["dz_j_db"] == pytest.approx(1.0, rel=1e-6)
    before = [w.copy() for w in net.weights]
    proofs.independence_facts(net, X, 3, 0, 3)
    for w, old in zip(net.weights, before):
        np.testing.assert_array_equal(w, old)                # parameters restored


@pytest.mark.parametrize("l,j,f", [(2, 0, "tanh"), (3, 2, "relu"), (4, 1, "linear")])
def test_one_neuron_changed_backprop_matches_finite_differences(l, j, f):
    net = Network([3, 4, 3, 2], seed=2)
    model = proofs.OneNeuronChanged(net, l, j, f)
    Xb = np.array([[0.4, -1.0], [-0.7, 0.3], [0.2, 0.8]])
    Yb = np.array([[0.9, 0.0], [0.1, 1.0]])
    fb, fw = numerical_gradient(model, Xb, Yb)
    nb, nw = model.backprop(Xb, Yb)
    for a, b in zip(fb + fw, nb + nw):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-9)
    a_changed = model.forward_pass(X)[1][l - 1][j, 0]
    z = model.forward_pass(X)[0][l - 2][j, 0]
    assert a_changed == pytest.approx(float(np.asarray(model.f.fn(np.array(z)))))
    for m in range(2, 5):
        np.testing.assert_allclose(proofs.delta_numeric(model, X, Y, m), model.deltas(X, Y)[m - 2],
                                   rtol=1e-5, atol=1e-10)


def test_changed_neuron_differs_from_plain_network():
    net = Network([3, 4, 3, 2], seed=2)
    model = proofs.OneNeuronChanged(net, 2, 0, "tanh")
    assert not np.allclose(model.deltas(X, Y)[0], net.deltas(X, Y)[0])


@pytest.mark.parametrize("call,match", [
    (lambda n: proofs.bp1_terms(n, X, Y, 2), r"neuron j=2 is out of range; expected 0\.\.1"),
    (lambda n: proofs.dz_next_dz(n, X, 4), r"expected 2\.\.3"),
    (lambda n: proofs.delta_numeric(n, X, Y, 1), r"expected 2\.\.4"),
    (lambda n: proofs.delta_numeric(n, np.ones((3, 2)), np.ones((2, 2)), 2), "one example"),
    (lambda n: proofs.output_jacobian(n, np.ones((2, 1))), r"expected \(3, 1\)"),
    (lambda n: proofs.output_jacobian(n, X, eps=0), "eps must be a positive"),
    (lambda n: proofs.independence_facts(n, X, 2, 0, 3), r"neuron k=3 is out of range"),
    (lambda n: proofs.OneNeuronChanged(n, 3, 5, "tanh"), r"neuron j=5"),
    (lambda n: proofs.OneNeuronChanged(n, 3, 0, "swish"), "unknown activation"),
    (lambda n: proofs.OneNeuronChanged(n, 3, 0, 42), "activation name"),
    (lambda n: proofs.OneNeuronChanged(Network([3, 2], cost="cross_entropy", seed=0), 2, 0, "tanh"),
     "quadratic cost"),
    (lambda n: proofs.OneNeuronChanged(Network([3, 2], output_activation="softmax",
                                               cost="log_likelihood", seed=0), 2, 0, "tanh"),
     "quadratic cost"),
    (lambda n: proofs.calculus_first(Network([3, 2], output_activation="softmax", seed=0), X, Y),
     "not softmax"),
])
def test_bad_input_is_a_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call(Network([3, 4, 3, 2], seed=0))


def test_extreme_weighted_inputs_stay_finite():
    net = Network([3, 4, 3, 2], seed=0)
    net.weights[0] *= 1000.0
    x = np.array([[1.0], [-1.0], [1.0]])
    assert np.all(np.isfinite(proofs.output_jacobian(net, x)))
    assert np.all(np.isfinite(proofs.delta_numeric(net, x, Y, 2)))
    assert np.all(np.isfinite(proofs.dz_next_dz(net, x, 2)))
