# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export DAGSTER_HOME := $(CURDIR)/.dagster

.PHONY: setup run report ui test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

## run: materialize every asset and check from the command line, then print a summary
## (the data directory is ./data; DISCLOSURE_DATA_DIR sets another, see pipelines/config.py)
run: setup
	$(BIN)/dg launch --assets '*'
	$(BIN)/python -m pipelines.summary

## report: run everything (as `make run`), the static site included, and say where it is
report: setup
	$(BIN)/dg launch --assets '*'
	@echo "site: $${DISCLOSURE_SITE_DIR:-$${DISCLOSURE_DATA_DIR:-data}/site}/index.html (open it in a browser; it works offline)"

## ui: the Dagster UI (http://127.0.0.1:3000), to click Materialize and see checks
ui: setup
	$(BIN)/dagster dev -w workspace.yaml

## test: the test suite, then the linter and the type check of the parser
test: setup
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory lint

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf data/warehouse data/site .dagster/storage .dagster/history .dagster/schedules .dagster/logs
