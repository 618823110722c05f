"""Chapter 01 in a real browser: the weight finder.

The sliders l, j, k are moved with the keyboard; the readout (l, j, k, w^l_jk,
the shape of w^l) and every entry of the matrix shown beside it must equal the
core's for the final position, and the drawn network must change."""
import pytest

from drive import check_chapter
from mirror import FigureSpec

pytestmark = pytest.mark.browser

CHAPTER = "01_notation.md"
FIGURES = [FigureSpec(0, "backprop_core.widgets.notation", "weight_finder(sizes=(3, 4, 2), seed=0)")]


def test_chapter_01_weight_finder(open_chapter):
    logs = check_chapter(open_chapter, CHAPTER, FIGURES)
    moves = logs["weight_finder"]
    layers = {shown["l"] for *_, shown in moves}
    assert layers == {"2", "3"}, f"the layer slider visited {layers}"
    # At every position the highlighted w^l_jk is one of the matrix entries shown.
    for *_, shown in moves:
        assert shown["w"] == shown[f"w[{shown['j']},{shown['k']}]"]
