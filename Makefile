# Two commands: `make demo` (set up .venv, ingest the demo corpus, print what it found)
# and `make test` (the whole suite). Both are safe to run again: set-up is skipped
# while pyproject.toml is unchanged, and re-ingesting unchanged files only hashes them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "actorgraph needs Python 3.11+"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/actorgraph demo

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check actorgraph tests bench

clean:
	rm -rf $(VENV) actorgraph-data test-artifacts
