"""Chapter 13's heat map, driven through every option: each backprop in the
drop-down, ε along the slider, both precisions, and the reader's own functions.
Its numbers are ``debugging.check_backprop``'s; its red frames mark exactly the
parameters that check calls wrong."""
import html

import numpy as np
import pytest

from matplotlib.backends.backend_agg import FigureCanvasAgg

from backprop_core import broken, debugging
from backprop_core.widgets import fmt
from backprop_core.widgets.debugging import ENGINE, debugging_figure, epsilon_plot

EX = debugging.chapter_example()


@pytest.fixture(autouse=True)
def _no_rendering(monkeypatch):
    """Headless, draw_idle would render with Agg on every step; the tests read the
    artists instead, and render explicitly where rendering is what is tested."""
    monkeypatch.setattr(FigureCanvasAgg, "draw_idle", lambda self, *a, **k: None)


def _fixed(net, x, y):
    return broken.correct(net, x, y)


def _raises(net, x, y):
    raise KeyError("oops")


@pytest.fixture(scope="module")
def live():
    return debugging_figure({"yours": _fixed, "raises": _raises, "not a function": 3})


def _frames(live):
    return {key for key, frame in live.frames.items() if frame.get_visible()}


def test_every_backprop_in_the_dropdown(live):
    options = list(live.controls["candidate"].options)
    assert options[:7] == [ENGINE] + [f"mystery {k}" for k in broken.MYSTERIES]
    assert options[7:] == ["yours", "raises", "not a function"]
    functions = {ENGINE: debugging.engine, "yours": _fixed, "raises": _raises,
                 "not a function": 3,
                 **{f"mystery {k}": broken.mystery(k) for k in broken.MYSTERIES}}
    for option in options:
        live.controls["candidate"].value = option
        v = live.values
        result = debugging.check_backprop(EX, functions[option], v["eps"], v["precision"])
        assert v["candidate"] == option and v["verdict"] == result.verdict
        if result.problem:
            assert all(v[n] == "not checked" for n in result.names)
            assert all(note.get_text() == "not checked" for note in live.notes.values())
            assert _frames(live) == set() and "not checked" in live.heading.get_text()
            continue
        for n in result.names:
            assert v[n] == (result.errors[n] if result.errors[n] is not None else "unusable")
        expected = {n for n in result.wrong if n.startswith("w")}
        if any(n.startswith("b") for n in result.wrong):
            expected.add("b")
        assert _frames(live) == expected
        assert v["where"] == (", ".join(result.wrong) or "nothing")
        for l in range(2, EX.L + 1):
            shown = live.images[f"w^{l}"].get_array()
            if result.entries[f"w^{l}"] is None:
                assert np.all(np.ma.getmaskarray(shown) | np.isnan(np.ma.getdata(shown)))
                assert "shape" in live.notes[f"w^{l}"].get_text()
            else:
                assert np.allclose(shown, np.maximum(result.entries[f"w^{l}"], 1e-12))
            b_column = np.ma.getdata(live.images["b"].get_array())[:, list(range(2, EX.L + 1)).index(l)]
            assert np.allclose(b_column, np.maximum(result.entries[f"b^{l}"].ravel(), 1e-12))
        live.figure.canvas.draw()
        readout = live.readout.value
        shown = fmt(v["worst"]) if isinstance(v["worst"], float) else v["worst"]
        assert f'data-name="worst">{html.escape(shown)}<' in readout


def test_the_answers_in_the_figure(live):
    expectations = {ENGINE: set(), "yours": set(), "mystery B": {"w^2", "w^3", "w^4", "b"},
                    "mystery C": {"w^2", "w^3", "w^4"}, "mystery F": {"w^2", "b"}}
    live.controls["precision"].value = "float64"
    live.controls["eps"].value = 1e-6
    for option, frames in expectations.items():
        live.controls["candidate"].value = option
        assert _frames(live) == frames, option
    live.controls["candidate"].value = "yours"
    assert live.values["verdict"] == "fine" and live.values["where"] == "nothing"


def test_eps_along_the_slider_and_both_precisions(live):
    live.controls["candidate"].value = ENGINE
    slider = live.controls["eps"]
    steps = np.arange(slider.min, slider.max + 1e-9, slider.step)
    for precision in ("float64", "float32"):
        live.controls["precision"].value = precision
        for exponent in steps:
            slider.value = 10.0 ** exponent
            v = live.values
            assert v["precision"] == precision and v["eps"] == pytest.approx(10.0 ** exponent)
            want = debugging.error_against_eps(EX, [v["eps"]], precision)[0]
            assert v["worst"] == pytest.approx(want, rel=1e-9)
    live.controls["precision"].value = "float64"
    slider.value = 1e-6
    assert live.values["worst"] < 1e-7
    live.controls["precision"].value = "float32"
    assert live.values["worst"] == 1.0 and live.values["verdict"] == "wrong"


def test_dollar_signs_in_a_readers_names_and_errors_are_shown_as_text():
    def costly(net, x, y):
        raise ValueError("costs $5 and ^2")
    live = debugging_figure({"$my$ fn": costly, "$x": lambda n, x, y: ("$", "$")})
    for option in ("$my$ fn", "$x"):
        live.controls["candidate"].value = option
        live.figure.canvas.draw()                 # a stray "$" would fail to render here
        assert live.values["verdict"] == "not checked"
    assert "$" in live.heading.get_text()


def test_a_single_function_and_the_default_choice():
    live = debugging_figure(_fixed)
    assert live.controls["candidate"].value == "yours" and live.values["verdict"] == "fine"
    assert debugging_figure().controls["candidate"].value == "mystery A"
    assert debugging_figure(show=ENGINE, eps=3e-6).values["eps"] == pytest.approx(10 ** -5.5)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"candidates": [1, 2]}, TypeError, "candidates"),
    ({"candidates": "abc"}, TypeError, "candidates"),
    ({"show": "mystery Z"}, ValueError, "show"),
    ({"eps": 1.0}, ValueError, "eps"), ({"eps": np.nan}, ValueError, "eps"),
    ({"eps": "small"}, ValueError, "eps"),
    ({"precision": "float16"}, ValueError, "precision"),
    ({"ex": "not an example"}, TypeError, "net.example"),
])
def test_bad_arguments_get_clear_messages(kwargs, error, words):
    with pytest.raises(error, match=words):
        debugging_figure(**kwargs)


def test_the_epsilon_plot_shows_the_measured_curves():
    fig = epsilon_plot(EX)
    lines = [l for l in fig.axes[0].get_lines() if l.get_marker() == "o"]
    assert len(lines) == 2
    for line, precision in zip(lines, debugging.PRECISIONS):
        assert np.allclose(line.get_ydata(), debugging.error_against_eps(EX, precision=precision))
