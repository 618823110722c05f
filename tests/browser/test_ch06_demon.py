"""Chapter 06 in a real browser: the demon lab's three live figures.

* nudge z^l_j (sliders l, j, Δz; button "good demon"), twice: on the chapter's
  network and on a copy whose neuron 0 of layer 3 is pushed into saturation,
* nudge w^l_jk (sliders l, j, k, Δw),
* saturation (sliders l, j, bias b^l_j; drop-down σ).

Each control is moved; the numbers must equal the core's for the final
position (ΔC by re-running the network, δ·Δz, ...) and the plot must change."""
import pytest

from drive import check_chapter
from mirror import FigureSpec

pytestmark = pytest.mark.browser

CHAPTER = "06_demon.md"
LABS = "from backprop_core.widgets import demon as labs"
STUCK = """
from backprop_core import Network
from backprop_core import demon
from backprop_core.widgets import demon as labs
net = Network(labs.SIZES, seed=labs.SEED)
stuck = demon.with_bias(net, 3, 0, 12.0)
"""
FIGURES = [
    FigureSpec(0, "backprop_core.widgets.demon", "labs.nudge_z_lab(l=3, j=0, dz=0.5)",
               setup=LABS, name="nudge_z_lab"),
    FigureSpec(1, "backprop_core.widgets.demon", "labs.nudge_z_lab(net=stuck, l=3, j=0)",
               setup=STUCK, name="stuck_lab"),
    FigureSpec(2, "backprop_core.widgets.demon", "labs.nudge_w_lab(l=3, j=0, k=1, dw=0.5)",
               setup=LABS, name="nudge_w_lab"),
    FigureSpec(3, "backprop_core.widgets.demon", "labs.saturation_lab(l=3, j=0, b=0.0)",
               setup=LABS, name="saturation_lab"),
]


def test_chapter_06_demon_lab(open_chapter):
    logs = check_chapter(open_chapter, CHAPTER, FIGURES)
    for lab, nudge in (("nudge_z_lab", "dz"), ("nudge_w_lab", "dw")):
        for *_, shown in logs[lab]:
            # What the page shows is consistent: difference = actual − prediction
            # (to the 6 digits shown).
            assert float(shown["difference"]) == pytest.approx(
                float(shown["actual"]) - float(shown["predicted"]), rel=1e-4, abs=1e-9)
        extremes = {float(shown[nudge]) for name, key, *_, shown in logs[lab]
                    if name == nudge and key in ("Home", "End")}
        assert len(extremes) == 2 and min(extremes) < 0 < max(extremes)
    # The good demon, on the chapter's network, turns Δz against δ and lowers C.
    clicked = [shown for name, key, *_, shown in logs["nudge_z_lab"] if key == "click"]
    assert clicked and float(clicked[0]["delta"]) * float(clicked[0]["dz"]) <= 0
