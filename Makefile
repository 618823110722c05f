# Two commands for a reader:  make lab  (open the book)  and  make test  (run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Settings that live inside the venv, so the user's own Jupyter settings are untouched.
OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test book

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The project and its notebook stack; redone only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/jupytext-config --settings-file $(OVERRIDES) set-default-viewer markdown myst
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.installed-book: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[book]'
	touch $@

lab: $(VENV)/.installed
	$(BIN)/jupyter lab chapters/00_start_here.md --ServerApp.ip=127.0.0.1 $(ROOT_FLAG)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

# The static HTML book: every chapter executed, offline (see docs/conf.py).
BOOK_OUT ?= _build/html
book: $(VENV)/.installed-book
	mkdir -p $(BOOK_OUT)
	$(BIN)/python -m sphinx -b html -E -c docs . $(BOOK_OUT) -d $(BOOK_OUT)/../doctrees -w $(BOOK_OUT)/../warnings.txt
	@echo "The book: $(BOOK_OUT)/index.html"
