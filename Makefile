# Two commands for a reader:  make lab  (open the book)  and  make test  (run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Settings that live inside the venv, so the user's own Jupyter settings are untouched.
OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-fast book

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The project and its notebook stack; redone when pyproject.toml or the lab settings change.
$(VENV)/.installed: pyproject.toml binder/lab_overrides.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/jupytext-config --settings-file $(OVERRIDES) set-default-viewer markdown myst
	$(BIN)/python binder/lab_overrides.py $(OVERRIDES)
	touch $@

# The test tools, and the tests' JavaScript (tests/package.json, pinned in its lock
# file): axe-core, the accessibility checker of tests/test_book.py, and the proxy of
# the JupyterHub test (tests/browser/test_hub.py); without npm those tests are skipped.
$(VENV)/.installed-dev: $(VENV)/.installed tests/package-lock.json
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	if command -v npm >/dev/null; then cd tests && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the axe and JupyterHub tests will be skipped (Debian: apt-get install npm)"; fi
	touch $@

$(VENV)/.installed-book: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[book]'
	touch $@

lab: $(VENV)/.installed
	$(BIN)/jupyter lab chapters/00_start_here.md --ServerApp.ip=127.0.0.1 $(ROOT_FLAG)

# Every test, spread over 4 processes (pytest-xdist; see tests/README.md): the
# tests that share the book's build or the Binder environment stay together.
XDIST := -n 4 --dist loadgroup
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(XDIST)

# The inner loop: unit, property and widget tests; no browser, book or Binder. They
# only compute, so one process per CPU (-n auto): on 2 cores 4 processes took 145 s
# and 283 s of CPU, 2 processes 104 s and 200 s.
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not browser and not book and not binder"

# The static HTML book: every chapter executed, offline (see docs/conf.py).
BOOK_OUT ?= _build/html
book: $(VENV)/.installed-book
	mkdir -p $(BOOK_OUT)
	$(BIN)/python -m sphinx -b html -E -j auto -c docs . $(BOOK_OUT) -d $(BOOK_OUT)/../doctrees -w $(BOOK_OUT)/../warnings.txt
	@echo "The book: $(BOOK_OUT)/index.html"
