"""Chapter 14's checks: right, wrong and odd answers all get a verdict."""
import numpy as np
import pytest

from backprop_core.exercises.ch14_vanishing_gradients import (chain_factor, check_factor,
                                                              check_flat_scale,
                                                              check_sigmoid_bound, flat_scale,
                                                              measured_factor)

ODD = [np.nan, np.inf, -np.inf, [[1, 2], [3]], "abc", b"x", None, 1 + 2j, True, 10**400,
       [0.75, 0.75], object(), lambda: 1 / 0, np.array([[1.0, 2.0]]), {}]


def _out(capsys):
    return capsys.readouterr().out


def test_chain_factor():
    assert chain_factor(3.0, 0.0) == 0.75
    assert chain_factor(2.0, 0.0, "tanh") == 2.0
    with pytest.raises(ValueError, match="w must be"):
        chain_factor("a", 0.0)


@pytest.mark.parametrize("check, right", [(check_factor, 0.75), (check_factor, 3 / 4),
                                          (check_flat_scale, np.sqrt(2 / 30)),
                                          (check_flat_scale, 0.26), (check_sigmoid_bound, 4)])
def test_right(check, right, capsys):
    assert check(right) is True
    assert _out(capsys).startswith("PASS")


@pytest.mark.parametrize("wrong, hint", [(3, "w alone"), (0.25, "σ′(z^l) alone"),
                                         (1 / 0.75, "upside down"), (1.5, "uses σ(z^l)"),
                                         (0.5625, "two layers"), (7, "BP2 with 1 × 1")])
def test_factor_wrong(wrong, hint, capsys):
    assert check_factor(wrong) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out


def test_factor_other_activation(capsys):
    assert check_factor(2.0, w=2.0, z=0.0, activation="tanh") is True
    assert check_factor(0.5, w=2.0, z=0.0, activation="tanh") is False
    assert "FAIL" in _out(capsys)


@pytest.mark.parametrize("wrong, hint", [(2 / 30, "variance"), (np.sqrt(1 / 30), "Xavier"),
                                         (1.0, "r = 4."), (0.1, "shrinks"), (100, "too large"),
                                         (1e-5, "too small"), (-0.2, "positive"), (0, "positive")])
def test_flat_scale_wrong(wrong, hint, capsys):
    assert check_flat_scale(wrong) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out


def test_flat_scale_hint_is_measured(capsys):
    check_flat_scale(0.5)
    r = measured_factor(0.5)
    assert f"r = {r:.3g}" in _out(capsys) and r > 1


def test_flat_scale_tanh():
    assert flat_scale(30, "tanh") == pytest.approx(np.sqrt(1 / 30))
    assert 0.85 < measured_factor(flat_scale(30, "tanh"), activation="tanh") < 1.15
    assert 0.9 < measured_factor(flat_scale(30)) < 1.1
    with pytest.raises(ValueError, match="activation must be"):
        flat_scale(30, "sigmoid")


@pytest.mark.parametrize("wrong, hint", [(0.25, "max σ′ itself"), (1, "well below 1"),
                                         (2, "solve"), (9, "set the factor to 1")])
def test_sigmoid_bound_wrong(wrong, hint, capsys):
    assert check_sigmoid_bound(wrong) is False
    out = _out(capsys)
    assert out.startswith("FAIL") and hint in out


@pytest.mark.parametrize("check", [check_factor, check_flat_scale, check_sigmoid_bound])
def test_unanswered(check, capsys):
    assert check(...) is None
    assert "Your turn" in _out(capsys)


@pytest.mark.parametrize("check", [check_factor, check_flat_scale, check_sigmoid_bound])
@pytest.mark.parametrize("answer", ODD, ids=lambda a: type(a).__name__)
def test_odd_answers_get_a_verdict(check, answer, capsys):
    assert check(answer) is False
    out = _out(capsys)
    assert out.startswith("FAIL: ") and len(out) > len("FAIL: \n")


class Raises:
    def __float__(self):
        raise RuntimeError("no")


@pytest.mark.parametrize("check", [check_factor, check_flat_scale, check_sigmoid_bound])
def test_an_answer_whose_float_raises(check, capsys):
    assert check(Raises()) is False
    assert _out(capsys).startswith("FAIL")


@pytest.mark.parametrize("check, solution", [
    (lambda a: check_factor(a, w=3.0, z=0.0), 0.75),                 # 14.1, as the chapter calls it
    (lambda a: check_flat_scale(a, width=30), np.sqrt(2 / 30)),      # 14.2
    (check_sigmoid_bound, 4)])                                       # 14.3
def test_the_chapters_solutions_pass(check, solution, capsys):
    assert check(solution) is True
    assert _out(capsys).startswith("PASS")


def test_clipped_step(capsys):
    from backprop_core.exercises.ch14_vanishing_gradients import (check_clipped_step,
                                                                  clipped_step_length)
    assert clipped_step_length(40.0, 5.0, 0.3) == pytest.approx(1.5)
    assert clipped_step_length(3.0, 5.0, 0.2) == pytest.approx(0.6)      # no clipping needed
    assert check_clipped_step(...) is None and "Your turn" in _out(capsys)
    assert check_clipped_step(1.5) is True and _out(capsys).startswith("PASS")   # 14.4
    assert check_clipped_step(1.0, g_norm=40.0, c=5.0, eta=0.2) is True
    assert check_clipped_step(1.5, g_norm=40.0, c=5.0, eta=0.3) is True
    _out(capsys)
    for wrong, hint in ((12.0, "without clipping"), (5.0, "η times it"), (0.0375, "scale factor"),
                        (0.125, "that clipping multiplies"), (3.0, "min(40, 5)")):
        assert check_clipped_step(wrong) is False
        assert hint in _out(capsys)
    for odd in ODD:
        assert check_clipped_step(odd) is False and _out(capsys).startswith("FAIL")


def test_residual_factor(capsys):
    from backprop_core.exercises.ch14_vanishing_gradients import (check_residual_factor,
                                                                  residual_chain_factor)
    assert residual_chain_factor(3.0, 0.0) == pytest.approx(1.75)
    assert residual_chain_factor(-3.0, 0.0) == pytest.approx(0.25)      # "with w = −3"
    assert residual_chain_factor(2.0, 1.0, "tanh") == pytest.approx(1 + 2 * (1 - np.tanh(1) ** 2))
    assert check_residual_factor(...) is None and "Your turn" in _out(capsys)
    assert check_residual_factor(1.75, w=3.0, z=0.0) is True                 # 14.5
    assert _out(capsys).startswith("PASS")
    for wrong, hint in ((0.75, "plain network's factor"), (1.0, "the skip alone"),
                        (4.0, "leaves out σ′"), (2.5, "uses σ(z^l)"), (0.25, "sign slip"),
                        (3.0, "differentiate")):
        assert check_residual_factor(wrong) is False
        assert hint in _out(capsys)
    for odd in ODD:
        assert check_residual_factor(odd) is False and _out(capsys).startswith("FAIL")


def test_normalised_delta(capsys):
    from backprop_core.exercises.ch14_vanishing_gradients import check_normalised_delta
    s = np.sqrt(8 / 3)
    right = np.array([-1 / 3, 1 / 6, 1 / 6]) / s
    for answer in (right, list(right), right.reshape(3, 1), [-0.2041241, 0.1020621, 0.1020621]):
        assert check_normalised_delta(answer) is True
        assert _out(capsys).startswith("PASS")
    for wrong, hint in (([0, 1 / s, 0], "δ_ẑ / s alone"),
                        (np.array([-1 / 3, 2 / 3, -1 / 3]) / s, "leaves out the ẑ"),
                        ([-1 / 3, 1 / 6, 1 / 6], "factor 1/s"),
                        ([1, 2, 3], "with μ = mean z = 2"),
                        ([1, 2], "3 numbers, δ_1, δ_2, δ_3, got 2"),
                        (-1e400, "3 numbers, δ_1, δ_2, δ_3, got 1"),
                        ([1, float("nan"), 3], "3 finite numbers")):
        assert check_normalised_delta(wrong) is False
        out = _out(capsys)
        assert out.startswith("FAIL") and hint in out, out
    for odd in ODD:
        assert check_normalised_delta(odd) in (False, None)
        out = _out(capsys)
        assert odd is None or out.startswith("FAIL")
    with pytest.raises(ValueError, match="not all equal"):
        check_normalised_delta([0, 0, 0], z=(1.0, 1.0, 1.0))
    # another layer: the check follows z and d_hat
    assert check_normalised_delta([0.0, 0.0], z=(1.0, 3.0), d_hat=(1.0, 0.0)) is True
    assert check_normalised_delta([5.0], z=(1.0, 3.0), d_hat=(1.0, 0.0)) is False
    assert "2 numbers, δ_1, δ_2, got 1" in _out(capsys)
