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
