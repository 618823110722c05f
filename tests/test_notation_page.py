"""The notation page (chapters/notation.md): its table's code names and shapes are
the engine's, and each symbol links to a chapter that exists.

The page itself prints the shapes from the engine (the book's build runs it, see
test_chapters.py); this reads the table and checks it without a kernel."""
import re
from pathlib import Path

import numpy as np
import pytest

from backprop_core import Network

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
PAGE = CHAPTERS / "notation.md"


def _rows():
    rows = []
    for line in PAGE.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| $") and len(cells) == 5:
            rows.append(cells)
    return rows


def test_the_table_lists_the_books_symbols():
    symbols = " ".join(row[0] for row in _rows())
    for s in ("w^l", "w^l_{jk}", "b^l", "z^l", "a^l", r"\delta^l", r"\partial C/\partial w^l",
              r"\partial C/\partial b^l", r"\partial C/\partial a^l", "C", "L", "n_l", r"\sigma",
              r"\sigma'", r"\odot", r"\eta", "m", r"\Delta z"):
        assert s in symbols, f"the notation page has no row for {s}"


SHAPES = {"$(n_l, 1)$": lambda n, l: (n[l], 1),
          "$(n_l, n_{l-1})$": lambda n, l: (n[l], n[l - 1])}


@pytest.mark.parametrize("l", [2, 3])
def test_every_per_layer_array_has_the_shape_the_table_gives(l):
    net = Network([3, 4, 2], seed=0)
    ex = net.example(np.full((3, 1), 0.5), np.full((2, 1), 0.5))
    checked = 0
    for symbol, _, code, shape, _ in _rows():
        match = re.fullmatch(r"`((?:net|ex)\.\w+)\[l\]`", code)
        shape = shape.split(",  like")[0].replace(", like $w^l$", "")
        if match and shape in SHAPES:
            array = eval(match.group(1), {"net": net, "ex": ex})[l]     # noqa: S307
            assert array.shape == SHAPES[shape](net.n, l), f"{symbol}: {code}"
            checked += 1
    assert checked >= 8


def test_every_link_goes_to_a_chapter_that_exists():
    links = re.findall(r"\]\(([^)]+\.md)\)", PAGE.read_text())
    assert links
    for link in links:
        assert (CHAPTERS / link).is_file(), link
