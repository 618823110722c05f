"""Every chapter runs top to bottom with no error output and nothing on stderr."""
import pytest

from notebook_runner import all_chapters, execute, problems


def test_there_are_chapters():
    assert len(all_chapters()) >= 12


@pytest.mark.parametrize("path", all_chapters(), ids=lambda p: p.stem)
def test_chapter_executes_cleanly(path):
    nb = execute(path)
    assert problems(nb) == []
