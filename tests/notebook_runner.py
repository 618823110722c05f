"""Run a chapter (a MyST Markdown notebook) headless and collect what went wrong."""
from pathlib import Path

import jupytext
from nbclient import NotebookClient

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"


def all_chapters():
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.md"))


def execute(path, timeout=900):
    """Execute every cell of the chapter at ``path``; return the executed notebook."""
    nb = jupytext.read(path)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(CHAPTERS)}}).execute()
    return nb


def problems(nb):
    """Error outputs and anything written to stderr (warnings included), by cell."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append(f"cell {i}: stderr: {out.get('text', '')[:500]}")
    return found
