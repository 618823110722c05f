"""The Binder configuration works the way repo2docker uses it.

repo2docker (what mybinder.org runs) takes the Python named in
binder/runtime.txt, installs binder/requirements.txt into a fresh environment,
then runs binder/postBuild from the repository root.  This test does the same
with a fresh virtual environment and an isolated home (HOME, Jupyter and IPython
folders all inside a temporary directory), in a copy of the repository's files,
then runs chapters in that environment with its own jupytext, nbclient and
kernel, and checks that JupyterLab there opens the .md chapters as notebooks.

Nothing is cached between runs except pip's own download/wheel cache.
"""
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
# Chapters run in the Binder environment: the start page and the demon lab.
CHAPTERS = ("00_start_here", "06_demon")
JUPYTEXT_VIEWER = "Jupytext Notebook"


def runtime_python():
    """('python', '3.11') from binder/runtime.txt."""
    text = (BINDER / "runtime.txt").read_text().strip()
    name, _, version = text.partition("-")
    return name, version


def test_runtime_names_the_python_the_tests_use():
    name, version = runtime_python()
    assert name == "python" and version == "3.11", f"runtime.txt says {name}-{version}"
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == version


def test_requirements_are_exact_pins_without_local_paths():
    lines = [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines, "binder/requirements.txt is empty"
    for line in lines:
        assert not line.startswith("-"), f"option or local path in requirements: {line}"
        name, sep, version = line.partition("==")
        assert sep and name and version and not set(name) & set("<>=!~ ;@"), line
    names = {line.split("==")[0].lower().replace("_", "-") for line in lines}
    for needed in ("numpy", "matplotlib", "ipywidgets", "ipympl", "jupyterlab", "jupytext",
                   "ipykernel", "nbclient"):
        assert needed in names, f"{needed} is not pinned"
    assert "backprop-core" not in names


def test_post_build_is_strict_bash():
    post_build = BINDER / "postBuild"
    lines = post_build.read_text().splitlines()
    assert lines[0] == "#!/bin/bash"
    assert "set -euo pipefail" in lines
    assert os.access(post_build, os.X_OK), "postBuild must be executable"


def repository_copy(dest):
    """The repository's files as a clone would have them (tracked, plus new files
    not ignored), so postBuild cannot write into the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


RUN_CHAPTERS = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, "tests")
    import nbformat
    from nbclient import NotebookClient
    from notebook_runner import execute, problems   # the chapter test's own runner

    report = {path: problems(execute(path)) for path in sys.argv[1:]}
    # Which Python ran the kernel?
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.prefix)")])
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   shutdown_kernel="immediate").execute()
    report["kernel_prefix"] = nb.cells[0].outputs[0]["text"].strip()
    print(json.dumps(report))
""")


DEFAULT_VIEWERS = textwrap.dedent("""
    import json, os
    from jupyter_core.paths import jupyter_config_dir, jupyter_path
    from jupyterlab.commands import get_app_dir
    from jupyterlab_server.settings_utils import get_settings

    app_dir = get_app_dir()
    plugin = "@jupyterlab/docmanager-extension:plugin"
    result, warnings = get_settings(
        os.path.join(app_dir, "settings"), os.path.join(app_dir, "schemas"),
        os.path.join(jupyter_config_dir(), "lab", "user-settings"), plugin,
        labextensions_path=jupyter_path("labextensions"))
    default = result["schema"]["properties"]["defaultViewers"]["default"]
    user = result.get("settings", {}).get("defaultViewers", {})
    news, _ = get_settings(
        os.path.join(app_dir, "settings"), os.path.join(app_dir, "schemas"),
        os.path.join(jupyter_config_dir(), "lab", "user-settings"),
        "@jupyterlab/apputils-extension:notification", labextensions_path=jupyter_path("labextensions"))
    news = {key: news.get("settings", {}).get(key, news["schema"]["properties"][key]["default"])
            for key in ("fetchNews", "checkForUpdates")}     # overrides change the defaults
    print(json.dumps({"effective": {**default, **user}, "news": news,
                      "warnings": [str(w) for w in warnings if w]}))
""")


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A fresh environment built as repo2docker builds it; returns (env vars, repo copy, bin)."""
    top = tmp_path_factory.mktemp("binder")
    repo = repository_copy(top / "repo")
    home = top / "home"
    home.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(top / "env")], check=True)
    bin_dir = top / "env" / "bin"
    keep = {k: v for k, v in os.environ.items()
            if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MPLBACKEND"}
            and not k.startswith(("JUPYTER", "IPYTHON"))}
    env = {**keep,
           "HOME": str(home),
           "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "VIRTUAL_ENV": str(top / "env"),
           "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
           "JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter"),
           "JUPYTER_RUNTIME_DIR": str(home / ".local" / "share" / "jupyter" / "runtime"),
           "IPYTHONDIR": str(home / ".ipython"),
           "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
           "JUPYTER_PLATFORM_DIRS": "1",
           "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))}

    def run(*args, **kwargs):
        result = subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True,
                                timeout=1200, **kwargs)
        assert result.returncode == 0, (f"{' '.join(map(str, args))} failed:\n"
                                        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    # --no-compile: repo2docker also writes each module's bytecode; Python writes it
    # here on first import instead (half of the install's time, and nothing the
    # configuration decides).
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--no-compile", "-r", "binder/requirements.txt")
    run("bash", "binder/postBuild")
    return run, repo, bin_dir


@pytest.mark.binder
def test_environment_is_consistent(binder_env):
    run, repo, bin_dir = binder_env
    run(bin_dir / "python", "-m", "pip", "check")        # every requirement of every package met
    version = run(bin_dir / "python", "-c", "import sys; print(sys.version_info[:2])").stdout
    assert version.strip() == str(tuple(int(v) for v in runtime_python()[1].split(".")))
    where = run(bin_dir / "python", "-c", "import backprop_core; print(backprop_core.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(repo), where.stdout


@pytest.mark.binder
def test_markdown_chapters_open_as_notebooks(binder_env):
    run, repo, bin_dir = binder_env
    listed = run(bin_dir / "jupytext-config", "--settings-file",
                 str(Path(run(bin_dir / "python", "-c", "import sys; print(sys.prefix)").stdout.strip())
                     / "share" / "jupyter" / "lab" / "settings" / "overrides.json"),
                 "list-default-viewer").stdout
    assert "markdown" in listed and "myst" in listed, listed
    settings = json.loads(run(bin_dir / "python", "-c", DEFAULT_VIEWERS).stdout)
    assert settings["effective"].get("markdown") == JUPYTEXT_VIEWER, settings
    assert settings["effective"].get("myst") == JUPYTEXT_VIEWER, settings
    # no "Would you like to get notified about official Jupyter news?" prompt
    assert settings["news"] == {"fetchNews": "false", "checkForUpdates": False}, settings


@pytest.mark.binder
def test_chapters_run_in_the_binder_environment(binder_env):
    """Both chapters in one process of the Binder environment (folded from one test
    per chapter); a failure names every chapter that went wrong."""
    run, repo, bin_dir = binder_env
    paths = [f"chapters/{stem}.md" for stem in CHAPTERS]
    missing = [path for path in paths if not (repo / path).is_file()]
    assert not missing, f"{missing} missing: they must exist and run on Binder"
    result = run(bin_dir / "python", "-c", RUN_CHAPTERS, *paths)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report.pop("kernel_prefix")).resolve() == (bin_dir.parent).resolve()
    assert report == {path: [] for path in paths}
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr, result.stderr
