"""Every live figure reaches every reader in JupyterLab (issue 25, "Reach").

For each figure builder a chapter uses (the list is checked against the
chapters' imports):

* a control description with markup ("layer <i>l</i>") is rendered as HTML
  (``description_allow_html``), so the reader sees *l*, never ``<i>l</i>``;
* the figure has a text alternative (``Live.alt``: hidden, ``aria-live``, next to
  the canvas) that says what it shows and its current numbers, and follows the
  controls;
* the figure reads on a light and a dark page: transparent backgrounds, no black
  or dark-grey ink (``widgets/theme.py``), and its HTML text sets no colour that
  ignores the theme.

Each figure is built once per test process (building all of them is the cost
of this file).  The browser side -- the labels as seen, a control moved with the
keyboard -- is in tests/browser/test_sweep.py.
"""
import html
import re
from pathlib import Path

import ipywidgets as widgets
import matplotlib.colors as mcolors
import numpy as np
import pytest

from backprop_core.widgets import (accumulate, activation, autograd, base, by_hand, cost, debugging, demon,
                                   depth, four_equations, gradient_step, memory, modules,
                                   notation, overflow, paths, polyfit, proofs, softmax, speed,
                                   stepper, theme)
from backprop_core.widgets.symbols import symbol_html

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"

BUILDERS = {
    "accumulate_grads": accumulate.accumulate_grads,
    "activation_explorer": activation.activation_explorer,
    "autograd_graph": autograd.autograd_graph,
    "by_hand_figure": by_hand.by_hand_figure,
    "cost_assumptions": lambda: cost.cost_assumptions(np.array([[0.2, 0.7], [0.9, 0.1]]),
                                                      np.array([[0.0, 1.0], [1.0, 0.0]])),
    "debugging_figure": debugging.debugging_figure,
    "nudge_z_lab": demon.nudge_z_lab, "nudge_w_lab": demon.nudge_w_lab,
    "saturation_lab": demon.saturation_lab,
    "depth_explorer": depth.depth_explorer,
    "input_activation_lab": four_equations.input_activation_lab,
    "equations_by_activation": four_equations.equations_by_activation,
    "gradient_steps": gradient_step.gradient_steps,
    "memory_explorer": memory.memory_explorer,
    "module_stack": modules.module_stack,
    "weight_finder": notation.weight_finder,
    "softmax_overflow": overflow.softmax_overflow,
    "path_explorer": paths.path_explorer,
    "polyfit_explorer": polyfit.polyfit_explorer,
    "chain_rule_terms": proofs.chain_rule_terms,
    "delta_by_cost": softmax.delta_by_cost,
    "epsilon_explorer": speed.epsilon_explorer,
    "backprop_stepper": stepper.backprop_stepper,
}
#: Names chapters import from backprop_core.widgets that are not live figures.
NOT_LIVE = {"new_figure", "example_network", "example_problem", "plot_history", "digit_grid",
            "epsilon_plot", "demon"}

_BUILT = {}


def built(name):
    """The figure ``name``, built once per test process (tests here only read it)."""
    if name not in _BUILT:
        _BUILT[name] = BUILDERS[name]()
    return _BUILT[name]


def tree(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from tree(child)


def unrendered_markup(live):
    """Descriptions in ``live``'s widget tree that would show their HTML source
    (or their ``^``/``_``) instead of symbols."""
    bad = []
    for w in tree(live.widget):
        text = getattr(w, "description", "")
        if not text:
            continue
        if not w.has_trait("description_allow_html"):
            # A button's label is plain text (here: code such as zero_grad([w, b])):
            # it must hold no HTML source.
            if "<" in text:
                bad.append((type(w).__name__, text))
            continue
        has_markup = "<" in text or symbol_html(text) != html.escape(text)
        if has_markup and not w.description_allow_html:
            bad.append((type(w).__name__, text))
    return bad


def ink(live):
    """Artists of ``live``'s figure still drawn in black / dark grey (unreadable on
    a dark page), and backgrounds that are not transparent."""
    fig, found = live.figure, []
    if fig is None:
        return found
    if mcolors.to_rgba(fig.patch.get_facecolor())[3] != 0:
        found.append("figure background")
    for ax in fig.axes:
        if ax.get_visible() and ax.patch.get_visible() and mcolors.to_rgba(ax.patch.get_facecolor())[3] != 0:
            found.append(f"axes background {ax.patch.get_facecolor()}")
    for artist in fig.findobj(lambda a: a.get_visible()):
        getters = [g for g in ("get_color", "get_edgecolor", "get_facecolor",
                               "get_markeredgecolor", "get_markerfacecolor") if hasattr(artist, g)]
        for g in getters:
            try:
                colours = mcolors.to_rgba_array(getattr(artist, g)())
            except (ValueError, TypeError):
                continue
            if any(theme._is_ink(tuple(c)) for c in colours):
                found.append(f"{type(artist).__name__}.{g}")
    return found


#: A colour in an HTML style: only JupyterLab's variables follow the theme,
#: unless the same style also sets the background it is read on.
_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*([^;\"']+)")


def fixed_colours(markup):
    bad = []
    for style in re.findall(r"style\s*=\s*[\"']([^\"']*)[\"']", markup):
        for colour in _COLOUR.findall(style):
            if not colour.strip().startswith("var(--jp-") and "background" not in style:
                bad.append(style)
    return bad


def test_every_figure_a_chapter_uses_is_checked():
    imported = set()
    for chapter in CHAPTERS.glob("*.md"):
        text = chapter.read_text()
        for names in re.findall(r"from backprop_core\.widgets[\w.]* import ([\w, ]+)", text):
            imported |= {n.split(" as ")[0].strip() for n in names.split(",")}
        imported |= set(re.findall(r"\blabs\.(\w+)\(", text))
    assert imported, "no chapter imports a figure"
    missing = sorted(imported - NOT_LIVE - set(BUILDERS))
    assert missing == [], f"figures the chapters use but this test does not build: {missing}"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_figure_reaches_every_reader(name):
    live = built(name)
    assert isinstance(live, base.Live)
    # 1. labels with markup are rendered
    assert unrendered_markup(live) == [], "descriptions shown as HTML source"
    # 2. a text alternative next to the canvas, saying what is shown now
    if live.figure is not None:
        assert live.alt in list(tree(live.widget))
        said = live.describe()
        assert said and html.escape(said) in live.alt.value
        assert 'aria-live="polite"' in live.alt.value and "clip:rect(0,0,0,0)" in live.alt.value
        assert "Now:" in said and not re.search(r"[$\\]|\^\{|_\{", said), said
    # 3. readable on a dark page
    assert ink(live) == [], "black ink or an opaque background"
    for widget, markup in live.texts():
        assert fixed_colours(markup) == [], "a colour that ignores the theme"


def test_the_markup_check_can_fail(monkeypatch):
    """Without Live's conversion the "layer <i>l</i>" labels are not HTML."""
    monkeypatch.setattr(base, "_describe_in_symbols", lambda control: None)
    live = demon.nudge_z_lab()
    assert ("IntSlider", "layer l") in unrendered_markup(live)
    for w in tree(live.widget):
        if isinstance(w, widgets.IntSlider):
            w.description = "layer <i>l</i>"
    assert ("IntSlider", "layer <i>l</i>") in unrendered_markup(live)


def test_the_ink_check_can_fail():
    """A plain matplotlib figure (white, black text) fails the dark-page check."""
    import matplotlib.figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    class Plain(base.Live):
        rows = (("x", "x"),)

        def compute(self):
            return {"x": 1.0}

    fig = matplotlib.figure.Figure()
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], color="black")
    live = Plain({}, fig)
    found = ink(live)
    assert "figure background" in found and "Line2D.get_color" in found
    assert fixed_colours('<p style="color:#000">x</p>') and not fixed_colours(
        '<p style="color:var(--jp-ui-font-color1)">x</p>')


@pytest.mark.parametrize("name, control, value", [
    ("nudge_z_lab", "dz", 1.5), ("depth_explorer", "fix", "residual"),
    ("cost_assumptions", "i", 1), ("activation_explorer", "z", -2.0),
    ("path_explorer", "via", "z")])       # the readout's rows stay; its table of paths changes
def test_the_text_alternative_follows_the_controls(name, control, value):
    live = BUILDERS[name]()
    before = live.alt.value
    live.controls[control].value = value
    assert live.alt.value != before
    assert html.escape(live.describe()) in live.alt.value
    shown = base.fmt(value) if isinstance(value, (int, float)) else None
    if shown is not None:
        assert f"= {shown}" in live.describe()


def test_the_ink_reads_on_light_and_dark_pages():
    """INK has a contrast of at least 3:1 (WCAG, graphics and large text) on
    white and on JupyterLab Dark's two backgrounds; black does not on #111."""
    for page in ("#ffffff", "#111111", "#212121"):
        assert theme.contrast(theme.INK, page) >= 3.9, page
    assert theme.contrast("black", "#111111") < 1.5


def test_a_neutral_figure_is_transparent_where_nothing_is_drawn():
    live = built("nudge_z_lab")
    live.figure.canvas.draw()
    rgba = np.asarray(live.figure.canvas.buffer_rgba())
    assert rgba[0, 0, 3] == 0 and rgba[-1, -1, 3] == 0, "the figure's corners are painted"
    assert rgba[..., 3].max() == 255, "nothing drawn at all"


def test_plain_text_of_mathtext_labels():
    assert base.plain_text(r"$\delta^{l}_{j}$") == "δˡⱼ"
    assert base.plain_text(r"$\Delta z$ (added to $z^l_j$)") == "Δz (added to zˡⱼ)"
    assert base.plain_text(r"$\|\partial C/\partial w^l\|$") == "‖∂C/∂wˡ‖"
