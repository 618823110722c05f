"""The memory one reader's kernel needs, chapter by chapter (for a class hub).

Each chapter is executed in its own fresh kernel, the way the tests execute
it (``tests/notebook_runner.py``: nbclient, the kernel's working directory
``chapters/``); then one more cell, added here, reads the kernel's peak
resident memory, ``VmHWM`` in ``/proc/self/status`` (Linux).  That is the
high-water mark of the kernel process over the whole chapter: numpy,
matplotlib, the widgets and every figure the chapter builds.  A row
``(a bare kernel)`` is a kernel that ran only that cell.

It prints a table (chapter, peak MiB) and the largest.  docs/instructors.md
gives a student's server's memory from it.

usage: .venv/bin/python bench/kernel_memory.py [NN_x.md ...]
"""
import argparse
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from notebook_runner import CHAPTERS, all_pages, problems  # noqa: E402

PEAK = """\
import re as _re
print("VmHWM", _re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))"""


def peak_kib(nb):
    """Execute ``nb`` with the PEAK cell appended; return (peak KiB, problems)."""
    nb.cells.append(nbformat.v4.new_code_cell(PEAK))
    NotebookClient(nb, timeout=900, kernel_name="python3", shutdown_kernel="immediate",
                   resources={"metadata": {"path": str(CHAPTERS)}}).execute()
    text = "".join(out.get("text", "") for out in nb.cells[-1].get("outputs", [])
                   if out.get("output_type") == "stream")
    return int(text.split()[1]), problems(nb)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapter files (default: every page the book executes)")
    args = parser.parse_args()
    pages = [CHAPTERS / name for name in args.chapters] or all_pages()
    rows = [("(a bare kernel)", peak_kib(nbformat.v4.new_notebook())[0], 0.0, [])]
    for path in pages:
        start = time.monotonic()
        kib, found = peak_kib(jupytext.read(path))
        rows.append((path.name, kib, time.monotonic() - start, found))
    print(f"| chapter | peak RSS of the kernel (MiB) | run (s) |")
    print("|---|---|---|")
    for name, kib, seconds, found in rows:
        note = f" ({len(found)} problems: {found[0][:80]})" if found else ""
        print(f"| {name} | {kib / 1024:.0f} | {seconds:.0f}{note} |")
    chapters = rows[1:]
    name, kib, *_ = max(chapters, key=lambda row: row[1])
    print(f"\nlargest: {name}, {kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
