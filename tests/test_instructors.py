"""docs/instructors.md: its nbgitpuller link is this repository's, in the form
tests/browser/test_hub.py follows, and opens a chapter that exists; the README
links the page; its memory table names real chapters."""
import re
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "instructors.md").read_text()


def _github_repo():
    return re.search(r'^GITHUB_REPO = "([^"]+)"', (ROOT / "docs" / "conf.py").read_text(), re.M).group(1)


def test_the_link_is_this_repositorys_and_opens_a_real_chapter():
    links = re.findall(r"https://<your hub>(/hub/user-redirect/git-pull\?\S+)", PAGE)
    assert len(links) == 1, links
    path, query = links[0].split("?", 1)
    params = urllib.parse.parse_qs(query)
    assert sorted(params) == ["branch", "repo", "urlpath"]
    repo = _github_repo()
    assert params["repo"] == [f"https://github.com/{repo}"]
    # nbgitpuller clones into the folder named after the repository's last path part.
    prefix = f"lab/tree/{repo.split('/')[-1]}/"
    (urlpath,) = params["urlpath"]
    assert urlpath.startswith(prefix), urlpath
    assert (ROOT / urlpath[len(prefix):]).is_file(), urlpath
    # The hub test follows a link of the same form.
    hub_test = (ROOT / "tests" / "browser" / "test_hub.py").read_text()
    assert f'{path}?' in hub_test and '"urlpath"' in hub_test


def test_the_readme_links_the_page():
    assert "](docs/instructors.md)" in (ROOT / "README.md").read_text()


def test_the_memory_table_names_real_chapters():
    rows = re.findall(r"^\| (\S+\.md) \| (\d+) \|", PAGE, re.M)
    assert len(rows) >= 10, "the memory table from bench/kernel_memory.py is missing"
    for name, mib in rows:
        assert (ROOT / "chapters" / name).is_file(), name
        assert 50 < int(mib) < 1024, (name, mib)
