# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-app

## run: install, build or upgrade the SQLite database, load the content, create demo accounts, serve
run: $(VENV)/.installed-app
	$(BIN)/servicedojo db upgrade
	$(BIN)/servicedojo content sync
	$(BIN)/servicedojo demo-accounts
	@echo "Service Dojo is starting on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(BIN)/servicedojo run --host $(HOST) --port $(PORT)

## test: install dev tools and chromium, then lint and run the whole suite (SQLite, then PostgreSQL)
test: $(VENV)/.installed-dev
	bash scripts/ensure-chromium.sh
	bash scripts/test.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check platform tests bench
	$(BIN)/ruff format --check platform tests bench

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
