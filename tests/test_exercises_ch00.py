from backprop_core.exercises.ch00_start import check_z_for


def test_right_answer_passes(capsys):
    assert check_z_for(2.2) is True
    assert capsys.readouterr().out.startswith("PASS")


def test_wrong_answer_fails_with_hint(capsys):
    assert check_z_for(0.9) is False
    out = capsys.readouterr().out
    assert out.startswith("FAIL") and "move the slider" in out


def test_unanswered_is_not_judged(capsys):
    assert check_z_for(...) is None
    assert "Your turn" in capsys.readouterr().out


def test_non_number_fails(capsys):
    assert check_z_for("two") is False
    assert "one number" in capsys.readouterr().out


def test_odd_numbers_fail_without_raising(capsys):
    for odd in (float("nan"), float("inf"), 10**400, True, 1j, [2.2], "2.2"):
        assert check_z_for(odd) is False
        out = capsys.readouterr().out
        assert out.startswith("FAIL") and "number" in out, odd


def test_a_numpy_number_is_an_answer(capsys):
    import numpy as np
    assert check_z_for(np.float32(2.2)) is True and check_z_for(np.array([2.2])) is True


def test_a_target_sigma_cannot_reach_is_refused():
    import pytest
    for bad in (1, 0, 1.5, float("nan"), "0.9"):
        with pytest.raises(ValueError, match="target"):
            check_z_for(2.2, target=bad)
