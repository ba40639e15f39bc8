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

# Debian's chromium drives the browser tests (never a browser downloaded at run time).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium missing and not root: browser tests will be skipped"; fi

demo: $(STAMP)
	$(VENV)/bin/actorgraph demo

test: $(STAMP) | $(CHROMIUM)
	$(PY) -m pytest -q

# Throughput and latency figures (not part of the test suite; takes a long while at 10,000 docs).
bench: $(STAMP)
	$(PY) bench/run.py --docs 1000 --docs 10000 --out bench/results/

lint: $(STAMP)
	$(VENV)/bin/ruff check actorgraph tests bench

clean:
	rm -rf $(VENV) actorgraph-data test-artifacts
