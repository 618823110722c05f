"""Chapter 00 in a real browser: the harness smoke test.

Run All, then move the z slider with the keyboard; the readout must equal the
core's σ(z), σ′(z) and saturation verdict for the slider's final position, and
the plot's pixels must change.  The same for the gradient-step figure's η and
steps sliders: its cost, gradient and step must be the core's for the sliders'
values, and at the largest η the cost must end above where it started."""
import pytest

from drive import check_chapter
from mirror import FigureSpec

pytestmark = pytest.mark.browser

CHAPTER = "00_start_here.md"
FIGURES = [FigureSpec(0, "backprop_core.widgets.activation",
                      'activation_explorer(activations=("sigmoid",), z=0.0)'),
           FigureSpec(1, "backprop_core.widgets.gradient_step",
                      "gradient_steps(eta=0.1, steps=10)")]


def test_chapter_00_live_figure(open_chapter):
    logs = check_chapter(open_chapter, CHAPTER, FIGURES)
    moves = logs["activation_explorer"]
    # At z = 0 (the start) the neuron is not saturated; at both ends it is.
    ends = {key: shown for _, key, _, _, _, shown in moves if key in ("Home", "End")}
    assert ends["Home"]["saturated"] == "yes" and ends["End"]["saturated"] == "yes"
    assert moves[0][1] == "start" and moves[0][-1]["saturated"] == "no"
    steps = logs["gradient_steps"]
    # η = 0.1 (the start) lowers the cost; η at its End (2.5) climbs above the start.
    start = steps[0][-1]
    assert float(start["C"]) < float(start["C0"])
    end = next(shown for name, key, _, _, _, shown in steps if name == "eta" and key == "End")
    assert float(end["C"]) > float(end["C0"])
