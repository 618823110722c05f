"""The claims chapter 4 (proofs, checked line by line) states in words,
recomputed from the page's own inputs.

The page prints its numbers and says how they relate (``exercises.agree``); the
bounds that keep those sentences true are asserted here.
"""
import numpy as np
import pytest

from backprop_core import Network, numerical_gradient, proofs, relative_error
from backprop_core.hadamard import Sigma_prime

#: "The network we will take apart": its sizes, seed and one example.
SIZES, SEED = [3, 4, 3, 2], 1
X = np.array([[0.3], [-0.5], [0.8]])
Y = np.array([[0.0], [1.0]])
#: Finite differences agree with the core to this relative size ("eight or so digits").
FD = 1e-7


@pytest.fixture(scope="module")
def ex():
    return Network(SIZES, seed=SEED).example(X, Y)


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)))


def test_the_deltas_are_the_derivatives_by_nudging_z(ex):
    for l in range(2, ex.net.L + 1):
        assert rel(proofs.delta_numeric(ex, l), ex.delta[l]) < FD


def test_bp1_the_jacobian_is_diagonal_with_sigma_prime_and_is_Sigma_prime(ex):
    L = ex.net.L
    J = proofs.output_jacobian(ex)
    assert np.max(np.abs(J - np.diag(np.diag(J)))) == 0.0         # "exactly zero"
    sigma_prime = ex.net.sigma(L).prime(ex.z[L])
    assert rel(np.diag(J), sigma_prime.ravel()) < FD
    # the sentence pointing to chapter 2: this Jacobian is Σ′(z^L)
    np.testing.assert_allclose(Sigma_prime(ex.z[L], ex.net.sigma(L)), J, rtol=1e-6, atol=1e-12)


def test_bp1_only_the_term_k_equal_j_survives(ex):
    L = ex.net.L
    for j in range(len(ex.z[L])):
        terms = proofs.bp1_terms(ex, j)
        assert all(terms[k] == 0 for k in range(len(terms)) if k != j)
        assert rel(terms.sum(), ex.delta[L][j, 0]) < FD
    np.testing.assert_allclose((ex.a[L] - Y) * ex.net.sigma(L).prime(ex.z[L]), ex.delta[L],
                               rtol=1e-12)


def test_bp2_the_rates_and_the_sums(ex):
    net = ex.net
    for l in range(2, net.L):
        assert rel(proofs.dz_next_dz(ex, l), proofs.dz_next_dz_formula(ex, l)) < FD
        for j in range(len(ex.z[l])):
            assert rel(proofs.bp2_terms(ex, l, j).sum(), ex.delta[l][j, 0]) < FD
        bp2 = (net.w[l + 1].T @ ex.delta[l + 1]) * net.sigma(l).prime(ex.z[l])
        np.testing.assert_allclose(bp2, ex.delta[l], rtol=1e-12)


def test_bp3_and_bp4_rates(ex):
    facts = proofs.independence_facts(ex, l=3, j=1, k=2)
    assert abs(facts["dz_j_db"] - 1.0) < FD
    assert rel(facts["dz_j"], facts["a_in"]) < FD


def test_the_three_independence_facts_are_exact_zeros(ex):
    for (l, j, k) in [(2, 0, 1), (3, 1, 2), (4, 1, 0)]:
        f = proofs.independence_facts(ex, l, j, k)
        assert f["dw_other"] == 0 and f["db"] == 0 and f["da_in"] == 0


def test_the_calculus_first_result_is_bp4(ex):
    net, L = ex.net, ex.net.L
    essay = proofs.calculus_first(ex)
    fd_b, fd_w = numerical_gradient(net, X, Y)
    np.testing.assert_allclose(0.5 * np.sum((ex.a[L] - Y) ** 2), ex.cost, rtol=1e-12)
    for l in range(2, L + 1):
        assert relative_error(essay["dL_dW"][l], fd_w[l]) < 1e-8
        assert relative_error(essay["dL_db"][l], fd_b[l].ravel()) < 1e-8
        np.testing.assert_allclose(essay["dL_dW"][l], ex.nabla_w[l], rtol=1e-12)
        np.testing.assert_allclose(essay["dL_dW"][l], np.outer(essay["delta"][l], ex.a[l - 1]),
                                   rtol=1e-12)
