"""The gradient check of chapter 13: its numbers are relative errors against
finite differences (recomputed here independently), it finds the parameters
where each bug lives, and any candidate at all gets a verdict, never a traceback."""
import copy

import numpy as np
import pytest

from backprop_core import Layers, Network, numerical_gradient, relative_error
from backprop_core import broken, debugging
from backprop_core.debugging import check_backprop, diagnosis, evidence

EX = debugging.chapter_example()
NET = EX.net
FB, FW = numerical_gradient(NET, EX.x, EX.y)


def test_the_engine_and_the_template_pass():
    for candidate in (debugging.engine, broken.correct):
        result = check_backprop(EX, candidate)
        assert result.passed and result.worst <= 1e-7 and result.verdict == "fine"
        assert all(result.entries[n].max() < 1e-6 for n in result.names)
        assert diagnosis(result)[0].startswith("Every parameter agrees")


@pytest.mark.parametrize("name", broken.NAMES)
def test_the_errors_are_relative_errors_against_finite_differences(name):
    result = check_backprop(EX, broken.BUGS[name].function)
    nb, nw = broken.BUGS[name].function(copy.deepcopy(NET), EX.x, EX.y)
    for l in range(2, NET.L + 1):
        for n, got, want in ((f"w^{l}", nw[l], FW[l]), (f"b^{l}", nb[l], FB[l])):
            if got.shape == want.shape:
                assert result.errors[n] == pytest.approx(relative_error(got, want), rel=1e-6)
                j = np.unravel_index(np.argmax(result.entries[n]), want.shape)
                assert result.entries[n][j] == pytest.approx(
                    abs(got[j] - want[j]) / (abs(got[j]) + abs(want[j])), rel=1e-6)
            else:
                assert result.errors[n] is None and "shape" in result.issues[n]
    assert not result.passed and result.verdict == "wrong" and result.worst > 1e-2
    for l, error in result.by_layer.items():
        if nw[l].shape == FW[l].shape:
            assert error == pytest.approx(relative_error([nw[l], nb[l]], [FW[l], FB[l]]), rel=1e-6)
        else:
            assert error is None


WHERE = {"transposed": (["w^2", "w^3", "w^4"], [2, 3, 4]),
         "missing_sigma_prime": (["w^2", "w^3", "b^2", "b^3"], [2, 3]),
         "forgotten_mean": (["w^2", "w^3", "w^4", "b^2", "b^3", "b^4"], [2, 3, 4]),
         "wrong_sign": (["w^2", "w^3", "w^4", "b^2", "b^3", "b^4"], [2, 3, 4]),
         "wrong_layer": (["w^2", "b^2"], [2]),
         "in_place": (["w^2", "w^3", "b^2", "b^3"], [2, 3])}


@pytest.mark.parametrize("name", broken.NAMES)
def test_the_evidence_points_to_where_the_bug_lives(name):
    result = check_backprop(EX, broken.BUGS[name].function)
    found = evidence(result)
    wrong, layers = WHERE[name]
    assert found["wrong"] == wrong and found["layers_wrong"] == layers
    assert found["sign_flipped"] == (name == "wrong_sign")
    assert (found["factor"] is not None) == (name in ("forgotten_mean", "wrong_sign"))
    if name == "forgotten_mean":
        assert found["factor"] == pytest.approx(EX.m)
    assert (found["transposed"] == ["w^2", "w^3", "w^4"]) == (name == "transposed")
    assert bool(found["changed"]) == (name == "in_place")
    text = " ".join(diagnosis(result))
    assert f"Wrong in layer(s) {', '.join(map(str, layers))}" in text
    if name in ("missing_sigma_prime", "in_place", "wrong_layer"):
        assert "BP2" in text and "right in layer(s)" in text
    if name == "transposed":
        assert "shape (2, 3), expected (3, 2)" in text and "BP4" in text


def test_a_candidate_that_changes_the_network_changes_only_a_copy():
    before = [w.copy() for w in NET.w]
    result = check_backprop(EX, broken.in_place)
    assert result.changed == ["w^2", "w^3", "w^4", "b^2", "b^3", "b^4"]
    assert all(np.array_equal(a, b) for a, b in zip(before, NET.w))
    assert check_backprop(EX, debugging.engine).passed


def _layers(values, first=2):
    return Layers(list(values), first, "g")


def _returning(value):
    return lambda net, x, y: value


GOOD_B, GOOD_W = NET.backprop_batch(EX.x, EX.y)


def _raises(net, x, y):
    raise RuntimeError("my bug")


@pytest.mark.parametrize("candidate, words", [
    (None, "should be a function"), (3, "should be a function"), ("abc", "should be a function"),
    (np.nan, "should be a function"), (_raises, "raised RuntimeError: my bug"),
    (lambda net: 1, "raised TypeError"),
    (_returning(None), "expected a pair"), (_returning((1, 2, 3)), "expected a pair"),
    (_returning(([1], [2])), "not a Layers"), (_returning("ab"), "expected a pair"),
    (_returning((list(GOOD_B), list(GOOD_W))), "not a Layers"),
    (_returning((_layers(GOOD_B, 1), GOOD_W)), "layers 1..3"),
    (_returning((GOOD_B, _layers(list(GOOD_W)[:2]))), "layers 2..3"),
])
def test_a_candidate_that_cannot_be_checked_gets_a_verdict(candidate, words):
    result = check_backprop(EX, candidate)
    assert result.problem and words in result.problem
    assert result.verdict == "not checked" and not result.passed
    assert diagnosis(result) == [f"Nothing to check: {result.problem}."]
    assert evidence(result) == {"problem": result.problem}


@pytest.mark.parametrize("entry, words", [
    (np.full((3, 2), np.nan), "NaN"), (np.full((3, 2), np.inf), "NaN"),
    (np.ones((2, 3)), "shape (2, 3), expected (3, 2)"), (np.ones((3, 2)) * 1j, "complex"),
    (None, "not an array"), ("abc", "not an array"), (b"1", "not an array"),
    ([[1, 2], [3]], "not an array"), (10**400, "not an array"),
])
def test_an_unusable_entry_is_named_and_the_rest_still_checked(entry, words):
    nw = _layers([entry, *list(GOOD_W)[1:]])
    result = check_backprop(EX, _returning((GOOD_B, nw)))
    assert result.problem is None and words in result.issues["w^2"]
    assert result.errors["w^2"] is None and result.entries["w^2"] is None
    assert result.wrong == ["w^2"] and result.verdict == "wrong" and not result.passed
    assert all(result.errors[n] < 1e-7 for n in result.names if n != "w^2")
    assert any(words in line for line in diagnosis(result))


def test_huge_entries_and_warnings_give_a_verdict_without_warnings():
    def huge(net, x, y):
        np.exp(np.array(1000.0))                       # a RuntimeWarning inside the call
        return GOOD_B, _layers([np.where(np.arange(w.size).reshape(w.shape) % 2, 1e308, -1e308)
                                for w in GOOD_W])
    result = check_backprop(EX, huge)
    assert result.wrong == ["w^2", "w^3", "w^4"]
    assert all(result.errors[n] == 1.0 for n in result.wrong)
    assert result.warnings == ["RuntimeWarning: overflow encountered in exp"]
    assert any("The call warned" in line for line in diagnosis(result))


def test_bad_arguments_get_clear_messages():
    with pytest.raises(TypeError, match="net.example"):
        check_backprop(NET, debugging.engine)
    with pytest.raises(ValueError, match="eps"):
        check_backprop(EX, debugging.engine, eps=0)
    with pytest.raises(ValueError, match="precision"):
        check_backprop(EX, debugging.engine, precision="float16")
    with pytest.raises(ValueError, match="z"):
        debugging.on_kink(EX, 2, 0, np.nan)
    with pytest.raises(ValueError):
        debugging.on_kink(EX, 1, 0, 0.0)


def test_grades():
    assert [debugging.grade(e) for e in (0, 1e-7, 2e-7, 1e-4, 2e-4, 1e-2, 0.5, np.nan, None)] == \
        ["fine", "fine", "look closer", "look closer", "suspicious", "suspicious", "wrong",
         "wrong", "wrong"]


def test_float32_costs_are_rounded_and_the_floor_rises():
    nb, nw = debugging.finite_differences(EX, 1e-6, "float32")
    step = np.spacing(np.float32(EX.cost)) / 2e-6
    values = np.concatenate([g.ravel() for g in [*nb, *nw]])
    assert np.allclose(values / step, np.round(values / step), atol=1e-3)
    assert np.sum(values == 0) > values.size / 3
    best64, floor64 = debugging.best_eps(EX)
    best32, floor32 = debugging.best_eps(EX, precision="float32")
    assert 1e-6 <= best64 <= 1e-4 and floor64 < 1e-9
    assert best32 >= 1e-3 and 1e-5 < floor32 < 1e-3


def test_the_error_against_eps_has_the_round_off_and_truncation_slopes():
    eps = debugging.EPSILONS
    errors = debugging.error_against_eps(EX, eps)
    left = np.polyfit(np.log10(eps[eps <= 1e-8]), np.log10(errors[eps <= 1e-8]), 1)[0]
    right = np.polyfit(np.log10(eps[eps >= 1e-3]), np.log10(errors[eps >= 1e-3]), 1)[0]
    assert -1.5 < left < -0.5 and 1.8 < right < 2.2


def test_a_relu_kink_within_eps_spoils_only_the_parameters_that_cross_it():
    net = Network([2, 3, 3, 3], activation="relu", output_activation="sigmoid", seed=0)
    ex = net.example([[0.5], [-0.3]], [[1.0], [0.0], [0.5]])
    for z, eps in ((3e-7, 1e-6), (-4e-7, 1e-6), (2e-6, 5e-6)):
        kinked = debugging.on_kink(ex, 2, 0, z)
        assert kinked.z[2][0, 0] == pytest.approx(z, abs=1e-15)
        result = check_backprop(kinked, debugging.engine, eps)
        side = (eps + z) / (2 * eps) if z > 0 else (eps - abs(z)) / (2 * eps)
        true = kinked.nabla_b[2][0, 0]
        fd = result.numerical["b^2"][0, 0]
        if z > 0:
            assert fd == pytest.approx(side * true, rel=1e-3)
            assert result.entries["b^2"][0, 0] == pytest.approx((1 - side) / (1 + side), rel=1e-3)
        else:
            assert true == 0 and abs(fd) > 0 and result.entries["b^2"][0, 0] == pytest.approx(1)
        assert result.errors["w^3"] < 1e-7 and result.entries["b^2"][1:].max() < 1e-7
        assert check_backprop(kinked, debugging.engine, abs(z) / 3).worst < 1e-6
