"""proofs.py: every line of the BP1/BP2 proofs and of the calculus-first derivation,
checked against finite differences and the engine's backprop."""
import numpy as np
import pytest

from backprop_core import Network, numerical_gradient
from backprop_core import proofs
from backprop_core.hadamard import delta_unrolled, deltas_diagonal_form
from backprop_core.layers import LayerError, Layers

X = np.array([[0.4], [-0.7], [0.2]])
Y = np.array([[0.9], [0.1]])


@pytest.fixture(params=["sigmoid", "tanh", "linear"])
def net(request):
    return Network([3, 4, 3, 2], activation=request.param, seed=11)


@pytest.fixture
def ex(net):
    return net.example(X, Y)


def test_output_jacobian_is_diagonal_sigma_prime(net, ex):
    J = proofs.output_jacobian(ex)
    assert J.shape == (2, 2)
    np.testing.assert_allclose(np.diag(J), net.sigma(net.L).prime(ex.z[net.L])[:, 0],
                               rtol=1e-6, atol=1e-9)
    assert np.max(np.abs(J - np.diag(np.diag(J)))) < 1e-12


def test_output_jacobian_of_softmax_is_not_diagonal():
    ex = Network([3, 2], output_activation="softmax", cost="log_likelihood", seed=0).example(X, Y)
    J = proofs.output_jacobian(ex)
    assert np.max(np.abs(J - np.diag(np.diag(J)))) > 1e-3


def test_bp1_sum_over_k_is_delta_L(net, ex):
    for j in range(2):
        terms = proofs.bp1_terms(ex, j)
        assert terms.shape == (2,)
        assert abs(terms[1 - j]) < 1e-12                     # the k ≠ j term vanishes
        assert terms.sum() == pytest.approx(ex.delta[net.L][j, 0], rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("l", [2, 3])
def test_dz_next_dz_is_w_times_sigma_prime(net, ex, l):
    numeric = proofs.dz_next_dz(ex, l)
    formula = proofs.dz_next_dz_formula(ex, l)
    assert numeric.shape == net.w[l + 1].shape
    np.testing.assert_allclose(numeric, formula, rtol=1e-6, atol=1e-9)
    # the formula by hand, entry by entry: w^{l+1}_kj σ′(z^l_j)
    s = net.sigma(l).prime(ex.z[l])[:, 0]
    for k in range(formula.shape[0]):
        for j in range(formula.shape[1]):
            assert formula[k, j] == net.w[l + 1][k, j] * s[j]


@pytest.mark.parametrize("l", [2, 3])
def test_bp2_sum_is_delta_l(net, ex, l):
    for j in range(len(ex.z[l])):
        terms = proofs.bp2_terms(ex, l, j)
        assert terms.shape == (len(ex.z[l + 1]),)
        assert terms.sum() == pytest.approx(ex.delta[l][j, 0], rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("l", [2, 3, 4])
def test_delta_numeric_is_core_delta_and_matrix_forms(ex, l):
    numeric = proofs.delta_numeric(ex, l)
    assert numeric.shape == ex.delta[l].shape
    np.testing.assert_allclose(numeric, ex.delta[l], rtol=1e-5, atol=1e-10)
    np.testing.assert_allclose(numeric, deltas_diagonal_form(ex)[l], rtol=1e-5, atol=1e-10)
    np.testing.assert_allclose(numeric, delta_unrolled(ex, l), rtol=1e-5, atol=1e-10)


def test_delta_numeric_leaves_the_example_unchanged(ex):
    before = [z.copy() for z in ex.z]
    proofs.delta_numeric(ex, 2)
    proofs.dz_next_dz(ex, 2)
    for z, old in zip(ex.z, before):
        np.testing.assert_array_equal(z, old)


def test_delta_numeric_can_fail():
    """A wrong network gives a different δ: the check is not vacuous."""
    net = Network([3, 4, 3, 2], seed=11)
    ex = net.example(X, Y)
    other = Network([3, 4, 3, 2], seed=12).example(X, Y)
    assert not np.allclose(proofs.delta_numeric(ex, 2), other.delta[2], rtol=1e-3)


def test_calculus_first_matches_finite_differences_in_the_books_layout(net, ex):
    result = proofs.calculus_first(ex)
    fb, fw = numerical_gradient(net, X, Y)
    for key in ("delta", "dL_dW", "dL_db"):
        assert isinstance(result[key], Layers) and result[key].layers == range(2, net.L + 1)
    with pytest.raises(LayerError):
        result["dL_dW"][1]
    for l in range(2, net.L + 1):
        # the essay's matrices are laid out like the book's: row = the neuron ahead
        assert result["dL_dW"][l].shape == net.w[l].shape
        np.testing.assert_allclose(result["dL_dW"][l], fw[l], rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(result["dL_db"][l], fb[l][:, 0], rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(result["delta"][l], ex.delta[l][:, 0], rtol=1e-12, atol=1e-15)
    # the pattern ∂L/∂w_xy = δ_y a_x, entry by entry: x in layer l−1 (column), y in layer l (row)
    for l, dW in result["dL_dW"].items():
        for yi in range(dW.shape[0]):
            for xi in range(dW.shape[1]):
                assert dW[yi, xi] == result["delta"][l][yi] * ex.a[l - 1][xi, 0]


def test_calculus_first_needs_quadratic_cost():
    with pytest.raises(ValueError, match="quadratic"):
        proofs.calculus_first(Network([2, 2], cost="cross_entropy", seed=0).example(X[:2], Y))


def test_independence_facts(net, ex):
    for l, j, k in [(2, 1, 2), (3, 0, 3), (4, 1, 0)]:
        facts = proofs.independence_facts(ex, l, j, k)
        assert facts["dw_other"] == 0 and facts["db"] == 0 and facts["da_in"] == 0
        assert facts["dz_j"] == pytest.approx(facts["a_in"], rel=1e-6, abs=1e-9)
        assert facts["a_in"] == ex.a[l - 1][k, 0]
        assert facts["dz_j_db"] == pytest.approx(1.0, rel=1e-6)
    before_w = [w.copy() for w in net.w]
    before_b = [b.copy() for b in net.b]
    proofs.independence_facts(ex, 3, 0, 3)
    for w, old in zip(net.w, before_w):
        np.testing.assert_array_equal(w, old)                # parameters restored
    for b, old in zip(net.b, before_b):
        np.testing.assert_array_equal(b, old)


def test_independence_facts_see_a_tied_weight():
    """If nudging one weight did move another (tied weights), dw_other would say so."""
    class Tied(Network):
        def example(self, x, y):
            self.w[3][0, 0] = self.w[2][1, 2]               # w^3_00 follows w^2_12
            return super().example(x, y)
    net = Tied([3, 4, 3, 2], seed=11)
    facts = proofs.independence_facts(net.example(X, Y), 2, 1, 2)
    assert facts["dw_other"] > 0.5


@pytest.mark.parametrize("call,match", [
    (lambda n: proofs.bp1_terms(n.example(X, Y), 2), r"neuron j of layer 4=2 is out of range; expected 0\.\.1"),
    (lambda n: proofs.dz_next_dz(n.example(X, Y), 4), r"expected 2\.\.3"),
    (lambda n: proofs.dz_next_dz_formula(n.example(X, Y), 1), r"expected 2\.\.3"),
    (lambda n: proofs.bp2_terms(n.example(X, Y), 2, 4), r"neuron j of layer 2=4 is out of range"),
    (lambda n: proofs.bp2_terms(n.example(X, Y), 4, 0), r"expected 2\.\.3"),
    (lambda n: proofs.delta_numeric(n.example(X, Y), 1), r"expected 2\.\.4"),
    (lambda n: proofs.delta_numeric(n.example(np.ones((3, 2)), np.ones((2, 2))), 2), "one example"),
    (lambda n: proofs.calculus_first(n.example(np.ones((3, 2)), np.ones((2, 2)))), "one example"),
    (lambda n: n.example(np.ones((2, 1)), Y), r"expected \(3, 1\)"),
    (lambda n: proofs.output_jacobian(n.example(X, Y), eps=0), "eps must be a positive"),
    (lambda n: proofs.independence_facts(n.example(X, Y), 2, 0, 3), r"neuron k of layer 1=3 is out of range"),
    (lambda n: proofs.independence_facts(n.example(X, Y), 1, 0, 0), r"expected 2\.\.4"),
    (lambda n: proofs.calculus_first(Network([3, 2], output_activation="softmax", seed=0).example(X, Y)),
     "not softmax"),
])
def test_bad_input_is_a_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call(Network([3, 4, 3, 2], seed=0))


@pytest.mark.parametrize("fn,args", [
    (proofs.output_jacobian, ()), (proofs.bp1_terms, (0,)), (proofs.dz_next_dz, (2,)),
    (proofs.dz_next_dz_formula, (2,)), (proofs.bp2_terms, (2, 0)), (proofs.delta_numeric, (2,)),
    (proofs.calculus_first, ()), (proofs.independence_facts, (2, 0, 0)),
])
def test_a_network_instead_of_an_example_is_a_clear_type_error(fn, args):
    net = Network([3, 4, 3, 2], seed=0)
    with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got Network"):
        fn(net, *args)
    with pytest.raises(TypeError, match=r"expected net\.example\(x, y\), got ndarray"):
        fn(X, *args)


def test_extreme_weighted_inputs_stay_finite():
    net = Network([3, 4, 3, 2], seed=0)
    net.w[2] *= 1000.0
    ex = net.example(np.array([[1.0], [-1.0], [1.0]]), Y)
    assert np.all(np.isfinite(proofs.output_jacobian(ex)))
    assert np.all(np.isfinite(proofs.delta_numeric(ex, 2)))
    assert np.all(np.isfinite(proofs.dz_next_dz(ex, 2)))
