"""Every chapter (and the notation page) runs top to bottom with no error output and nothing on stderr.

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
