"""Chapter 03 in a real browser: three live figures.

* the BP4 lab (sliders a_in, j, k): ∂C/∂w^2_jk, δ^2_j and a_in·δ^2_j;
* the activation explorer started at z = 4;
* BP1–BP4 against finite differences for each σ (a drop-down).

Every control is moved (keyboard for sliders, selection for the drop-down); the
numbers must equal the core's for the final position and the plot must change."""
import pytest

from drive import check_chapter
from mirror import FigureSpec

pytestmark = pytest.mark.browser

CHAPTER = "03_four_equations.md"
FIGURES = [
    FigureSpec(0, "backprop_core.widgets.four_equations",
               "input_activation_lab(sizes=(2, 3, 2), seed=1, x=(0.5, 0.8), y=(1.0, 0.0), a_in=0.8)"),
    FigureSpec(1, "backprop_core.widgets.activation",
               'activation_explorer(activations=("sigmoid",), z=4.0)'),
    FigureSpec(2, "backprop_core.widgets.four_equations",
               "equations_by_activation(sizes=(3, 4, 2), seed=2, x=(0.3, -0.5, 0.8), y=(1.0, 0.0))"),
]


def test_chapter_03_live_figures(open_chapter):
    logs = check_chapter(open_chapter, CHAPTER, FIGURES)
    # BP4: with a_in at 0 (Home) the weight's gradient shown is exactly 0.
    at_zero = [shown for name, key, *_, shown in logs["input_activation_lab"]
               if name == "a_in" and key == "Home"]
    assert at_zero and float(at_zero[0]["dC_dw"]) == 0.0 and float(at_zero[0]["product"]) == 0.0
    # Every σ of the drop-down was shown, each with its own errors.
    chosen = {label for name, key, _, label, *_ in logs["equations_by_activation"] if key == "select"}
    assert len(chosen) >= 2
