"""``make test`` runs the tests over several processes with ``--dist loadgroup``
and relies on it to keep a group on one process (conftest.py: the book's build
and the Binder environment are each made once).  If a new pytest or
pytest-xdist stops honouring the groups, the run still passes but builds those
twice and takes minutes longer: this test turns that into a failure."""
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path


def test_a_group_runs_on_one_worker(tmp_path):
    """Six tests marked ``book`` (grouped by the project's own conftest.py) and two
    others, over two processes: the six run on one."""
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_grouped.py").write_text(textwrap.dedent("""
        import os
        import pytest

        pytestmark = pytest.mark.book

        @pytest.mark.parametrize("i", range(6))
        def test_grouped(i):
            print("WORKER", os.environ["PYTEST_XDIST_WORKER"])
        """))
    (tmp_path / "test_free.py").write_text("def test_free_1(): pass\ndef test_free_2(): pass\n")
    done = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-rA",
                           "-p", "no:cacheprovider", "-o", "markers=book: grouped"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    workers = {line.split()[-1] for line in done.stdout.splitlines() if line.startswith("WORKER")}
    assert len(workers) == 1, f"the 6 tests of one group ran on workers {sorted(workers)}"
