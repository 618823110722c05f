"""The claims chapter 8 says in words, checked from the same inputs (issue 22).

The page prints its numbers and states each relation in a sentence computed
from them; these tests recompute the deterministic ones with the engine and
hold the bounds that keep the text true.  The race's times (backprop against a
forward pass, finite differences against backprop) are measured on the page
and said in wording computed from them; no test asserts a time or a timed
ratio: the side-by-side measurement of backprop against the forward pass is
``bench/core_speed.py``'s.
"""
import inspect

import numpy as np
import pytest

from backprop_core import Network, numerical_gradient, relative_error
from backprop_core.speed import (count_cost_evaluations, error_slopes, error_vs_eps,
                                 forward_passes_needed, multiplications, network_with_weights)
from backprop_core.widgets.speed import example_problem


@pytest.fixture(scope="module")
def problem():
    """"The obvious way: nudge every parameter": the page's 3–4–2 network and 5 examples."""
    return example_problem()


def test_finite_differences_count_and_agree(problem):
    net, X, Y = problem
    nabla_b, nabla_w = net.backprop_batch(X, Y)
    error = {}
    for method in ("forward", "central"):
        calls, (fd_b, fd_w) = count_cost_evaluations(net, X, Y, method)
        assert calls == forward_passes_needed(net.sizes, method)
        error[method] = relative_error([*nabla_b, *nabla_w], [*fd_b, *fd_w])
        assert error[method] < 1e-5
    assert error["central"] < error["forward"]          # "... to more digits than the forward ones"


def test_the_slopes_are_those_of_the_taylor_series(problem):
    """"How small should ε be?": the page's grid; its wording switches at 0.25 and 0.35."""
    net, X, Y = problem
    eps_grid = np.logspace(-13, -1, 25)
    fwd, cen = (error_slopes(eps_grid, error_vs_eps(net, X, Y, eps_grid, m))
                for m in ("forward", "central"))
    assert abs(fwd["truncation"] - 1) < 0.15 and abs(cen["truncation"] - 2) < 0.2
    assert abs(fwd["roundoff"] + 1) < 0.3 and abs(cen["roundoff"] + 1) < 0.3
    assert cen["best_eps"] > fwd["best_eps"] and cen["best_error"] < fwd["best_error"]


def test_the_tests_check_gradients_with_central_differences_of_1e_6():
    defaults = inspect.signature(numerical_gradient).parameters
    assert defaults["eps"].default == 1e-6 and defaults["method"].default == "central"


def test_the_count_of_multiplications():
    """"What backprop should cost": the table and the sentences around it."""
    assert multiplications([71, 71, 71])["passes"] == 2.5          # three equal layers
    assert 2 < multiplications([784, 30, 10])["passes"] < 2.02      # "nearly meet" Nielsen's 2
    assert 2.8 < multiplications([100] * 8)["passes"] < 3           # "near 3"
    for sizes in ([5, 5], [3, 40, 2], [10] * 20, [784, 100, 10]):
        assert 2 <= multiplications(sizes)["passes"] < 3           # "three is the most"


def test_the_races_networks_and_the_batch():
    """"Racing them": the largest network is three layers of 224 (count 2.5);
    the batch network four of 500 (count 2.67)."""
    biggest = network_with_weights(1e5)
    assert biggest.sizes == [224, 224, 224]
    assert multiplications(biggest.sizes)["passes"] == 2.5
    assert multiplications([500] * 4)["passes"] == pytest.approx(8 / 3)
    # finite differences: P + 1 forward passes, growing like P over the race
    first, last = network_with_weights(1e2), biggest
    growth = forward_passes_needed(last.sizes) / forward_passes_needed(first.sizes)
    assert growth > 500


def test_a_million_weights_need_more_than_a_million_passes():
    """The closing sentence: finite differences on about 10^6 weights."""
    net = network_with_weights(1e6)
    P = sum(w.size + b.size for w, b in zip(net.w, net.b))
    assert 1e6 <= forward_passes_needed(net.sizes) == P + 1 < 1.01e6
    assert isinstance(net, Network)
