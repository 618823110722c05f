"""The claims chapter 6 (the demon lab) states in words, with the bounds that keep
them true.  The page prints the numbers and says the relations; these tests
recompute them with the engine from the page's inputs (the lab's network
labs.SIZES, labs.SEED on the example labs.X, labs.Y)."""
import copy

import numpy as np
import pytest

from backprop_core import Network, demon, numerical_gradient, relative_error
from backprop_core.widgets import demon as labs

NET = Network(labs.SIZES, seed=labs.SEED)
EX = NET.example(labs.X, labs.Y)
X, Y = EX.x, EX.y


# ----- "Nudge z": the gap shrinks like Δz², the relative miss like Δz -----------------
@pytest.mark.parametrize("sign", [1, -1])
def test_gap_shrinks_like_dz_squared_and_relative_miss_like_dz(sign):
    small = demon.nudge_z(EX, 3, 0, sign * np.array([1e-1, 1e-2, 1e-3]))
    gaps = np.abs(small["difference"])
    rel = demon.prediction_miss(small["actual"], small["predicted"])
    assert np.all(np.abs(gaps[:-1] / gaps[1:] - 100) < 10)
    assert np.all(np.abs(rel[:-1] / rel[1:] - 10) < 1)
    # the relative miss is the gap over the actual change
    np.testing.assert_allclose(rel, gaps / np.abs(small["actual"]), rtol=1e-12)


def test_small_nudges_are_close_and_large_ones_far_off():
    dzs = np.array([-2.0, -0.5, -0.1, 0.1, 0.5, 2.0])
    found = demon.nudge_z(EX, 3, 0, dzs)
    rel = demon.prediction_miss(found["actual"], found["predicted"])
    assert np.all(rel[[2, 3]] < 0.05) and np.all(rel[[0, 5]] > 0.25)


def test_relative_miss_grows_roughly_in_proportion_up_to_the_ten_percent_point():
    # solution of exercise 6.2: about 2.7 % at a quarter of the answer, 5.3 % at half
    target = demon.miss_point(EX, 3, 0)
    dzs = np.array([target / 4, target / 2, target])
    found = demon.nudge_z(EX, 3, 0, dzs)
    rel = demon.prediction_miss(found["actual"], found["predicted"])
    assert rel[2] == pytest.approx(0.1, abs=1e-6)
    assert f"{100 * rel[0]:.1f}" == "2.7" and f"{100 * rel[1]:.1f}" == "5.3"


def test_delta_is_the_slope():
    d = demon.delta(EX, 3, 0)
    nabla_b_fd, _ = numerical_gradient(NET, X, Y)
    assert relative_error(d, demon.numerical_dC_dz(EX, 3, 0)) < 1e-7
    assert relative_error(d, nabla_b_fd[3][0, 0]) < 1e-7


def test_the_figure_shows_the_engine_numbers():
    lab = labs.nudge_z_lab(l=3, j=0, dz=0.5)
    for l, j, dz in ((3, 0, 0.5), (4, 1, -1.0), (2, 2, 2.0)):
        lab.controls["l"].value, lab.controls["j"].value, lab.controls["dz"].value = l, j, dz
        v = lab.values
        again = demon.nudge_z(lab.ex, v["l"], v["j"], v["dz"])
        assert all(np.isclose(v[k], again[k]) for k in ("delta", "actual", "predicted", "difference"))


def test_output_layer_has_the_largest_errors_and_the_curve_levels_off():
    largest = {l: np.abs(d).max() for l, d in EX.delta.items()}
    assert largest[4] > largest[3] > largest[2]
    far = demon.delta_C_curve(EX, 3, 0, np.array([-1000.0, -50.0, 50.0, 1000.0]))
    assert np.allclose(far[:2], far[0], atol=1e-12) and np.allclose(far[2:], far[3], atol=1e-12)


# ----- "The good demon" -------------------------------------------------------------------
def test_the_good_demon_lowers_the_cost():
    for l, j in [(2, 1), (3, 0), (4, 1)]:
        dz = demon.good_demon_dz(EX, l, j, size=0.5)
        assert demon.delta_C_curve(EX, l, j, np.array([dz]))[0] < 0


def test_a_saturated_neuron_cannot_be_helped_by_small_nudges():
    stuck_ex = demon.with_bias(NET, 3, 0, 12.0).example(X, Y)
    d_stuck = demon.delta(stuck_ex, 3, 0)
    assert not demon.can_help(d_stuck) and demon.good_demon_dz(stuck_ex, 3, 0) == 0.0
    assert all(demon.can_help(demon.delta(stuck_ex, 3, j)) for j in (1, 2))
    big = demon.delta_C_curve(stuck_ex, 3, 0, np.array([-0.5, -15.0]))
    assert abs(big[1]) > 100 * abs(big[0])


# ----- "Nudge a weight" ------------------------------------------------------------------
def test_weight_gradient_is_a_in_times_delta_out():
    l, j, k = 3, 0, 1
    found_w = demon.nudge_w(EX, l, j, k, 0.0)
    _, nabla_w_fd = numerical_gradient(NET, X, Y)
    assert found_w["a_in"] == EX.a[l - 1][k, 0] and found_w["delta"] == EX.delta[l][j, 0]
    assert found_w["dC_dw"] == pytest.approx(EX.nabla_w[l][j, k], rel=1e-12)
    assert relative_error(found_w["dC_dw"], nabla_w_fd[l][j, k]) < 1e-7
    other = copy.deepcopy(NET)
    other.w[l][j, k] += 0.7
    assert np.isclose(other.cost(X, Y), demon.cost_with_weight_nudge(EX, l, j, k, 0.7))


# ----- "Saturation" ----------------------------------------------------------------------
def test_saturation_shrinks_all_three_together_and_slows_learning():
    sat = demon.saturation_curves(EX, 3, 0, np.array([0.0, 3.0, 6.0, 9.0, 12.0]))
    for name in ("sigma_prime", "delta", "grad_w"):
        assert np.all(np.diff(np.abs(sat[name])) < 0), name
    eta = labs.LEARNING_RATES["sigmoid"]
    runs = {b: demon.descent_steps(demon.with_bias(NET, 3, 0, b).example(X, Y), 3, 0, eta, 10)
            for b in (0.0, 9.0)}
    assert runs[0.0]["change"][-1] / runs[9.0]["change"][-1] > 100


def test_a_saturated_hidden_neuron_learns_when_the_layer_above_pushes_hard():
    quiet = demon.with_bias(NET, 3, 0, 9.0)
    loud = copy.deepcopy(quiet)
    a30 = quiet.forward_pass(X).a[3][0, 0]
    loud.b[4][:, 0] -= 49 * loud.w[4][:, 0] * a30
    loud.w[4][:, 0] *= 50
    quiet_ex, loud_ex = quiet.example(X, Y), loud.example(X, Y)
    assert np.allclose(loud_ex.a[4], quiet_ex.a[4])
    assert np.isclose(demon.delta(loud_ex, 3, 0), 50 * demon.delta(quiet_ex, 3, 0))
    assert np.all(np.abs(EX.a[EX.L] - Y) <= 1)


# ----- "Why z and not a?" ------------------------------------------------------------------
def test_dC_da_times_sigma_prime_is_delta_and_both_recursions_agree():
    for j in range(len(EX.a[3])):
        g, d = demon.dC_da(EX, 3, j), demon.delta(EX, 3, j)
        assert relative_error(g, demon.numerical_dC_da(EX, 3, j)) < 1e-7
        assert relative_error(d, demon.numerical_dC_dz(EX, 3, j)) < 1e-7
        assert np.isclose(g * NET.sigma(3).prime(EX.z[3][j, 0]), d, rtol=1e-12)
    for l in (2, 3):
        for j in range(len(EX.a[l])):
            assert np.isclose(demon.dC_da_from_next_layer(EX, l, j), demon.dC_da(EX, l, j),
                              rtol=1e-12)
