"""The code a reader types is the book's notation, and shared code says where it is used.

* No chapter's code computes a layer offset (``[l - 2]``, ``weights[0]``,
  ``deltas[-1]``): w^l is ``net.w[l]``, δ^l is ``ex.delta[l]``.
* In the package, only ``layers.py`` turns a layer number into a list position,
  or a list position into a layer number (``f"w^{i + 2}"``, ``for l, w in
  enumerate(weights, 2)``).
* Every module's docstring names the chapters that use it.
"""
import ast
import re
from pathlib import Path

import jupytext
import pytest

from notebook_runner import all_pages

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backprop_core"

# A layer number turned into a list position: l − 2 anywhere (no book symbol needs
# it), l ± 1 into a storage list (a^{l−1} is ex.a[l - 1], fine; sizes[l - 1] is
# n_l, an offset), or a network's storage list indexed by position (weights[0] is
# w^2).  (A Layers indexed by position fails when it runs: ex.delta[-1] raises.)
STORAGE = r"(?:weights|biases|deltas|activations|zs|nabla_b|nabla_w)"
OFFSET = re.compile(r"\[\s*(?:l|layer|L)\s*-\s*2\s*\]"
                    rf"|\b(?:{STORAGE}|sizes)\s*\[\s*(?:l|layer|L)\s*[-+]\s*\d\s*\]"
                    r"|\b\w*net\w*\.(?:weights|biases)\s*\[")

# A list position turned into a layer number: a position (i, idx, index, pos) plus 2 (the
# layer of w[i]), or a loop over layers l numbered by enumerate from 1 or 2.
LAYER_FROM_POSITION = re.compile(r"\b(?:i|idx|index|pos|position)\s*(?:[-+]\s*\w+\s*)*\+\s*2\b"
                                 r"|\bfor\s+(?:l|layer)\b.*\benumerate\(.*,\s*[12]\s*\)")

# Chapter 7 sets the code beside Nielsen's network.py, whose lists start at w^2:
# there, and only there, net.weights[...] may appear, to show that layout.
NETWORK_PY_LAYOUT = {"07_algorithm_and_code.md": re.compile(r"\bnet\.(?:weights|biases)\[\d\]")}


def _code_lines(path):
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "code":
            yield from cell.source.splitlines()


@pytest.mark.parametrize("path", all_pages(), ids=lambda p: p.stem)
def test_no_chapter_code_computes_a_layer_offset(path):
    allowed = NETWORK_PY_LAYOUT.get(path.name)
    bad = [line.strip() for line in _code_lines(path)
           if OFFSET.search(allowed.sub("", line) if allowed else line)]
    assert bad == [], f"{path.name} indexes layers by position: {bad}"


def _package_modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("path", _package_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_computes_a_layer_offset_outside_the_sequence_type(path):
    if path.name in ("layers.py",):
        return
    source = ast.get_source_segment
    text = path.read_text()
    bad = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Subscript):
            segment = source(text, node) or ""
            if OFFSET.search(segment):
                bad.append(segment)
    bad += [line.strip() for line in text.splitlines() if LAYER_FROM_POSITION.search(line)]
    assert bad == [], f"{path.name} indexes layers by position: {bad}"


@pytest.mark.parametrize("path", _package_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_names_the_chapters_that_use_it(path):
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    assert re.search(r"[Cc]hapters? \d|chapter \d|every chapter|the tests", doc), (
        f"{path.relative_to(ROOT)}: its docstring should name the chapters that use it")


def test_the_offset_pattern_can_fail():
    for line in ("net.weights[l - 2]", "zs[l-2]", "self.net.weights[0]", "a[L - 2]",
                 "net.sizes[l - 1]", "net.biases[l-1]", "deltas[l + 1]", "tiny_net.biases[1]"):
        assert OFFSET.search(line), line
    for line in ("net.w[l]", "ex.delta[L]", "ex.a[l - 1]", "net.w[l + 1].T", "x[0]",
                 "net.sizes[0]", "ex.z[l]", "ex.nabla_w[2].T", "neuron.weights[0]",
                 "self.activations[0]"):
        assert not OFFSET.search(line), line


def test_the_position_to_layer_pattern_can_fail():
    for line in ('return f"w^{i + 2}" if i < n else f"b^{i - n + 2}"', "layer = idx + 2",
                 "for l, w in enumerate(ex._w, 2):", "for l, (nb, nw) in enumerate(zip(b, w), 2):"):
        assert LAYER_FROM_POSITION.search(line), line
    for line in ('f"w^{l + 1}"', "for l, w in net.w.items():", "for k, run in enumerate(runs, 1):",
                 "delta[l + 1]", "for i, (name, v) in enumerate(items):", "X[:, i:i + 1]"):
        assert not LAYER_FROM_POSITION.search(line), line
