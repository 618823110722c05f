"""A verdict is one line: printed outside a notebook, shown with its symbols
rendered inside one (backprop_core/exercises/__init__.py: say, Verdict)."""
import re
import types

from backprop_core import exercises
from backprop_core.exercises import Verdict, prefixed, report, say


def text_of(markup):
    import html
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_outside_a_notebook_the_line_is_printed(capsys):
    assert report(False, "", "δ^3_1 has the wrong sign") is False
    assert capsys.readouterr().out == "FAIL: δ^3_1 has the wrong sign\n"


def test_in_a_notebook_it_is_displayed_with_the_same_text(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr("IPython.get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    assert report(True, "δ^3_1 = −0.0494", "") is True
    assert capsys.readouterr().out == ""
    (verdict,) = shown
    assert str(verdict) == "PASS: δ^3_1 = −0.0494"
    markup = verdict._repr_html_()
    assert "^" not in markup and text_of(markup) == "PASS: δ31 = −0.0494"
    assert '<b style="color:#2e7d32">PASS</b>' in markup


def test_fail_and_your_turn_are_marked_and_a_prefix_is_kept_as_written():
    fail = Verdict("mystery A: FAIL: look at w^2")._repr_html_()
    assert fail.startswith('<div class="bp-verdict">mystery A: <b style="color:#c62828">FAIL</b>')
    assert "<sup>2</sup>" in fail
    assert "<b" in Verdict("Your turn: replace ...")._repr_html_()
    plain = Verdict("a^2_0 = 0.55: right.")._repr_html_()
    assert "<b" not in plain and text_of(plain) == "a20 = 0.55: right."


def test_a_prefix_starts_every_line_said_inside_it(capsys):
    with prefixed("mystery B: "):
        say("FAIL: no")
    say("after")
    assert capsys.readouterr().out == "mystery B: FAIL: no\nafter\n"
    assert exercises._PREFIX == []


def test_agree_says_how_far_two_numbers_agree(capsys):
    import numpy as np

    assert exercises.agree("paths", 0.1 + 0.2, "backprop", 0.3) is None   # it can end a cell
    assert "they agree to 15 significant digits" in capsys.readouterr().out
    exercises.agree("x", 2.0, "y", 2.0)
    assert capsys.readouterr().out == "x = 2 and y = 2: equal to every digit\n"
    exercises.agree("a", 1.0, "b", 2.0)
    assert "they differ (relative difference 0.5)" in capsys.readouterr().out
    exercises.agree("A", np.ones((2, 3)), "B", np.ones((2, 3)) * (1 + 1e-9))
    assert "shape (2, 3)" in capsys.readouterr().out
    assert 0 < exercises.relative_difference(np.ones(3), np.ones(3) * (1 + 1e-9)) < 1e-8
    exercises.agree("n", float("nan"), "m", 1.0)                           # a sentence, not an error
    assert "differ" in capsys.readouterr().out
