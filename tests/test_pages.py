"""A page says; the tests check (CONTRIBUTING.md, "A page says; the tests check").

Read from each chapter's source, without running it:

* no hidden cell checks an exercise (a verdict the reader did not ask for);
* at most 4 ``assert`` lines per chapter (the checks that keep the text true are
  in ``tests/test_claims_chNN.py``);
* no cell moves a live figure's controls from code (``live.controls[...].value = ...``):
  the reader moves them, and the tests drive them;
* a cell that ends with an exercise check ends it with ``;`` (the verdict is the
  check's output; its True/False return value is for the tests, not the page);
* every exercise has a ``<details>`` solution, every chapter links the notation page
  and ends with a ``## What you can do now`` section.

``test_chapters.py`` checks the executed chapters: no PASS or FAIL verdict appears
while every answer is still ``...``.
"""
import re

import pytest

from notebook_runner import all_chapters

MAX_ASSERTS = 4
CHECK_CALL = re.compile(r"\bcheck_\w+\s*\(")
ASSERT = re.compile(r"^\s*assert\b", re.M)
CONTROL_SET = re.compile(r"\.controls\[[^\]]+\]\.value\s*=")
EXERCISE = re.compile(r"^\*\*(\d+\.\d+)\*\*", re.M)


def cells(path):
    import jupytext

    return jupytext.read(path).cells


def hidden(cell):
    tags = cell.metadata.get("tags", [])
    return (cell.metadata.get("jupyter", {}).get("source_hidden")
            or "hide-input" in tags or "remove-input" in tags or "remove-cell" in tags)


@pytest.mark.parametrize("path", all_chapters(), ids=lambda p: p.stem)
def test_a_page_says_and_the_tests_check(path):
    code = [c for c in cells(path) if c.cell_type == "code"]
    hidden_checks = [c.source.splitlines()[0] for c in code if hidden(c) and CHECK_CALL.search(c.source)]
    assert hidden_checks == [], f"{path.name}: hidden cells check exercises: {hidden_checks}"
    asserts = sum(len(ASSERT.findall(c.source)) for c in code)
    assert asserts <= MAX_ASSERTS, f"{path.name} has {asserts} assert lines (at most {MAX_ASSERTS})"
    moved = [line.strip() for c in code for line in c.source.splitlines() if CONTROL_SET.search(line)]
    assert moved == [], f"{path.name} moves figure controls from code: {moved}"
    shown = [c.source.strip().splitlines()[-1] for c in code if ends_with_a_check(c.source)]
    assert shown == [], f"{path.name}: end these checks with ';' (or True/False shows): {shown}"


def ends_with_a_check(source):
    """Whether the cell's last statement is a bare ``check_...(...)`` call without ``;``."""
    import ast

    try:
        last = ast.parse(source).body[-1]
    except (SyntaxError, IndexError):
        return False
    return (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
            and isinstance(last.value.func, ast.Name) and last.value.func.id.startswith("check_")
            and not source.strip().endswith(";"))


@pytest.mark.parametrize("path", all_chapters(), ids=lambda p: p.stem)
def test_every_exercise_has_a_solution_and_the_page_a_summary(path):
    text = path.read_text()
    exercises = EXERCISE.findall(text)
    solutions = text.count("<summary>Solution")
    assert solutions >= len(exercises), (
        f"{path.name}: {len(exercises)} exercises ({exercises}) but {solutions} solutions")
    assert "](notation.md)" in text, f"{path.name} does not link the notation page"
    sections = re.findall(r"^## (.+)$", text, re.M)
    assert sections and sections[-1].strip() == "What you can do now", (
        f"{path.name} should end with '## What you can do now', its last section is {sections[-1:]}")
