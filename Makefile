# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export DAGSTER_HOME := $(CURDIR)/.dagster

.PHONY: setup run ui test lint clean uncompile

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

# The parsing library compiled to C by Cython: the same .py files, parsed about a quarter faster
# (see README, "Throughput"). Each x.py gains an x.<abi>.so beside it, rebuilt when x.py changes;
# pipelines/_compiled.py falls back to a source edited since. Without a C compiler the step warns
# and everything runs as plain Python.
COMPILED := $(wildcard pipelines/parsing/*.py pipelines/parsing/layouts/*.py) pipelines/parsing/formats/__init__.py \
	pipelines/invariants.py
COMPILED_STAMP := $(VENV)/.compiled

$(COMPILED_STAMP): $(STAMP) $(COMPILED)
	$(BIN)/cythonize -i -3 -q -j 2 $(COMPILED) > $(VENV)/compile.log 2>&1 \
		|| echo "warning: compiling the parser failed (see $(VENV)/compile.log): running it as plain Python"
	touch $@

setup: $(STAMP) $(COMPILED_STAMP)

## run: materialize every asset and check from the command line, then print a summary
run: setup
	$(BIN)/dg launch --assets '*'
	$(BIN)/python -m pipelines.summary

## ui: the Dagster UI (http://127.0.0.1:3000), to click Materialize and see checks
ui: setup
	$(BIN)/dagster dev -w workspace.yaml

## test: the test suite, then the linter
test: setup
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check .

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf data/warehouse .dagster/storage .dagster/history .dagster/schedules .dagster/logs

## uncompile: remove the compiled parser (plain Python again until the next `make`)
uncompile:
	find pipelines -name '*.so' -delete -o -name '*.c' -delete
	rm -f $(COMPILED_STAMP)
