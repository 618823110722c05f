"""The README and chapter 0 list every chapter, with links that resolve."""
import re
from pathlib import Path

from notebook_runner import all_chapters

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
START = (ROOT / "chapters" / "00_start_here.md").read_text()


def _github_repo():
    return re.search(r'^GITHUB_REPO = "([^"]+)"', (ROOT / "docs" / "conf.py").read_text(), re.M).group(1)


def test_readme_links_every_chapter_and_only_real_ones():
    linked = set(re.findall(r"\]\((chapters/\d\d_[a-z_]+\.md)\)", README))
    files = {f"chapters/{p.name}" for p in all_chapters()}
    assert linked == files


def test_start_here_lists_every_chapter_and_only_real_ones():
    linked = set(re.findall(r"\]\((\d\d_[a-z_]+\.md)\)", START))
    assert linked == {p.name for p in all_chapters()}


def test_binder_links_use_the_repository_named_in_the_book_config():
    links = re.findall(r"https://mybinder\.org/v2/gh/([^/]+/[^/]+)/HEAD\?urlpath=lab/tree/(chapters/[^)\s]+)", README)
    assert {repo for repo, _ in links} == {_github_repo()}
    targets = {path for _, path in links}
    assert "chapters/00_start_here.md" in targets
    assert targets == {f"chapters/{p.name}" for p in all_chapters()}


def test_the_two_commands_are_the_makefile_targets_and_ci_runs_the_test_one():
    assert "make lab" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_readme_images_exist():
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", README):
        assert (ROOT / image).is_file(), image
