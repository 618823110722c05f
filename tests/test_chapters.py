"""Every chapter (and the notation page) runs top to bottom with no error output and
nothing on stderr, and shows no exercise verdict the reader did not ask for (every
answer is ``...``).

The chapters are executed once per run, by the book's build (the ``book``
fixture, see notebook_runner.py); each test here reads one executed chapter.
"""
import pytest

from notebook_runner import all_chapters, all_pages, problems

pytestmark = pytest.mark.book


def test_there_are_chapters():
    assert len(all_chapters()) >= 12


@pytest.mark.parametrize("path", all_pages(), ids=lambda p: p.stem)
def test_chapter_executes_cleanly(book, path):
    assert path in book.chapters, f"{path.name} appeared after the book was built"
    assert problems(book.executed(path)) == []


VERDICT = ("PASS", "FAIL")


def verdicts(nb):
    """Every PASS/FAIL line in the outputs of an executed notebook, by cell."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            texts = [out.get("text", "")] + [str(v) for v in out.get("data", {}).values()]
            for text in texts:
                found += [f"cell {i}: {line.strip()[:120]}" for line in text.splitlines()
                          if any(f"{v}</b>:" in line or line.strip().startswith(f"{v}:")
                                 for v in VERDICT)]
    return found


@pytest.mark.parametrize("path", all_chapters(), ids=lambda p: p.stem)
def test_no_verdict_the_reader_did_not_ask_for(book, path):
    assert verdicts(book.executed(path)) == []
