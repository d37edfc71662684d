# lscb-analysis: the two commands are `make report` and `make test` (see README.md).
# Nothing is assumed but Python 3.11+, make and the package registry.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AREA   ?= exampleshire
YEAR   ?= 2024-25
JOBS   ?= 2
FUZZ_EXAMPLES ?= 2000

.DEFAULT_GOAL := help
.PHONY: help setup report reports test lab data bench fuzz lint browser clean lock

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'
	@echo "  (AREA=$(AREA) YEAR=$(YEAR) can be overridden: make report AREA=bexley YEAR=2016-17)"

# The environment: a .venv built from the lock file, rebuilt when the lock or pyproject changes.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s); set PYTHON=python3.11" % sys.version.split()[0])'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name lscb-analysis --display-name "Python (lscb-analysis)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)  ## build the environment (.venv) from requirements.lock

report: $(STAMP)  ## the board report for AREA and YEAR (default: Exampleshire 2024-25, synthetic)
	$(BIN)/lscb run --area $(AREA) --year $(YEAR) --jobs $(JOBS)

reports: $(STAMP)  ## every year with data for AREA
	$(BIN)/lscb run --area $(AREA) --all-years --jobs $(JOBS)

browser:  ## install headless Chromium from Debian packages (for the HTML tests), if missing and possible
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "note: could not install chromium; browser tests will be skipped"; \
	  else echo "note: chromium not installed; browser tests will be skipped"; fi; }

test: $(STAMP) browser  ## run the test suite
	$(BIN)/python -m pytest

lab: $(STAMP)  ## JupyterLab with the project kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

data: $(STAMP)  ## regenerate the synthetic Exampleshire sample in data/raw/exampleshire
	$(BIN)/lscb synth

bench: $(STAMP)  ## run the benchmarks and print their figures
	$(BIN)/python benchmarks/run_all.py

fuzz: $(STAMP)  ## the property-based tests with many more examples
	LSCB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests -k fuzz

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check .

lock:  ## refresh requirements.lock from pyproject.toml (needs the network)
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^lscb-analysis' > requirements.lock
	rm -rf .venv-lock

clean:  ## remove generated outputs (data/processed, reports), the cache of cleaned tables (data/interim/cache) and the environment
	rm -rf data/processed/* reports/* data/interim/cache $(VENV) .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
