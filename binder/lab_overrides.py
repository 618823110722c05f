"""JupyterLab settings the book opens with, merged into a settings overrides file.

Used by ``make lab`` (the Makefile) and by ``binder/postBuild``, after
``jupytext-config`` has made the chapters (MyST Markdown) open as notebooks:
JupyterLab does not ask readers whether it may fetch Jupyter news, nor check
for updates.  usage: python binder/lab_overrides.py <overrides.json>
"""
import json
import sys
from pathlib import Path

SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def main(path):
    path = Path(path)
    overrides = json.loads(path.read_text()) if path.exists() else {}
    for plugin, values in SETTINGS.items():
        overrides.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(overrides, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
