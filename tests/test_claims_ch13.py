"""The claims chapter 13 states in words, kept true here with their bounds.

The page prints the numbers and says the relations; these tests recompute them
with the tool (backprop_core/debugging.py) on the chapter's own inputs.
"""
import numpy as np
import pytest

from backprop_core import Network, broken, debugging
from backprop_core.widgets.debugging import debugging_figure

EX = debugging.chapter_example()          # "A wrong gradient does not crash": [2, 3, 3, 3], m = 4


def test_the_engine_and_the_template_pass():
    good = debugging.check_backprop(EX, debugging.engine)
    assert good.passed and good.worst <= debugging.FINE
    assert debugging.check_backprop(EX, broken.correct).passed


def test_a_flipped_sign_gives_1_and_a_factor_c_gives_c_minus_1_over_c_plus_1():
    flipped = debugging.check_backprop(EX, broken.wrong_sign)
    assert all(abs(e - 1) < 1e-6 for e in flipped.errors.values())
    summed = debugging.check_backprop(EX, broken.forgotten_mean)
    assert all(abs(e - (EX.m - 1) / (EX.m + 1)) < 1e-6 for e in summed.errors.values())
    one = EX.net.example(EX.x[:, :1], EX.y[:, :1])
    assert debugging.check_backprop(one, broken.forgotten_mean).passed


def test_a_transpose_is_loud_in_w2_silent_in_the_square_layers_and_the_biases_are_right():
    flat = debugging.check_backprop(EX, broken.transposed)
    assert "shape" in flat.issues["w^2"]
    for name in ("w^3", "w^4"):
        assert flat.errors[name] > debugging.WRONG
        assert np.diag(flat.entries[name]).max() < debugging.FINE
    assert all(flat.errors[f"b^{l}"] < debugging.FINE for l in (2, 3, 4))


def test_the_figures_numbers_are_the_tools():
    figure = debugging_figure()
    v = figure.values
    again = debugging.check_backprop(EX, broken.mystery("A"), v["eps"], v["precision"])
    assert v["candidate"] == "mystery A" and all(v[n] == again.errors[n] for n in again.names)


def test_the_choice_of_eps_in_float64():
    # "The choice of ε"
    eps = debugging.EPSILONS
    errors64 = debugging.error_against_eps(EX, eps)
    at = {int(round(2 * np.log10(e))) / 2: error for e, error in zip(eps, errors64)}
    best64, _ = debugging.best_eps(EX)
    left = np.polyfit(np.log10(eps[eps <= 1e-8]), np.log10(errors64[eps <= 1e-8]), 1)[0]
    right = np.polyfit(np.log10(eps[eps >= 1e-3]), np.log10(errors64[eps >= 1e-3]), 1)[0]
    assert 1e-6 <= best64 <= 1e-4 and -1.5 < left < -0.5 and 1.8 < right < 2.2
    fine_range = eps[errors64 <= debugging.FINE]
    assert fine_range.min() <= 1e-7 and fine_range.max() >= 1e-3
    assert {p: debugging.grade(at[p]) for p in (-10, -1)} == {-10: "look closer", -1: "suspicious"}


def test_float32_raises_the_floor_and_quantises_the_differences():
    # "float32 against float64"
    _, floor64 = debugging.best_eps(EX)
    best32, floor32 = debugging.best_eps(EX, precision="float32")
    assert 1e-5 < floor32 < 1e-3 and best32 >= 1e-3 and floor32 > 1e4 * floor64
    at_default = debugging.check_backprop(EX, debugging.engine, 1e-6, "float32")
    differences = np.concatenate([g.ravel() for g in at_default.numerical.values()])
    step = np.spacing(np.float32(EX.cost)) / (2 * 1e-6)
    assert np.allclose(differences / step, np.round(differences / step), atol=1e-3)
    assert at_default.errors["w^2"] == 1 and at_default.errors["b^2"] == 1


def test_a_kink_within_eps_spoils_only_the_parameters_that_cross_it():
    # "Kinks": the chapter's ReLU network with z^2_0 = 3e-7
    relu_net = Network([2, 3, 3, 3], activation="relu", output_activation="sigmoid", seed=0)
    relu_ex = relu_net.example([[0.5], [-0.3]], [[1.0], [0.0], [0.5]])
    z = 3e-7
    kinked = debugging.on_kink(relu_ex, 2, 0, z)
    for e in (1e-6, 1e-7):
        check = debugging.check_backprop(kinked, debugging.engine, e)
        rest = max(check.entries["b^2"][1:].max(), check.entries["w^2"][1:].max(),
                   *(check.errors[n] for n in check.names if not n.endswith("^2")))
        assert rest < 1e-7
    straddle = debugging.check_backprop(kinked, debugging.engine, 1e-6)
    r = (1e-6 + z) / (2 * 1e-6)
    assert straddle.entries["b^2"][0, 0] == pytest.approx((1 - r) / (1 + r), rel=1e-3)
    assert debugging.check_backprop(kinked, debugging.engine, 1e-7).worst < 1e-6
    assert relu_net.sigma(2).prime(0.0) == 0
