"""Chapter 00 in a real browser: the harness smoke test.

Run All, then move the z slider with the keyboard; the readout must equal the
core's σ(z), σ′(z) and saturation verdict for the slider's final position, and
the plot's pixels must change."""
import pytest

from drive import check_chapter
from mirror import FigureSpec

pytestmark = pytest.mark.browser

CHAPTER = "00_start_here.md"
FIGURES = [FigureSpec(0, "backprop_core.widgets.activation",
                      'activation_explorer(activations=("sigmoid",), z=0.0)')]


def test_chapter_00_live_figure(open_chapter):
    logs = check_chapter(open_chapter, CHAPTER, FIGURES)
    moves = logs["activation_explorer"]
    # At z = 0 (the start) the neuron is not saturated; at both ends it is.
    ends = {key: shown for _, key, _, _, _, shown in moves if key in ("Home", "End")}
    assert ends["Home"]["saturated"] == "yes" and ends["End"]["saturated"] == "yes"
    assert moves[0][1] == "start" and moves[0][-1]["saturated"] == "no"
