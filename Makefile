# The single task runner. Every target creates .venv when it is missing and is idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
DEMO_REPO ?= build/pakistan-kazakhstan.json

.PHONY: demo test lint typecheck pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p build
	$(BIN)/python examples/pakistan_kazakhstan_2025.py $(DEMO_REPO) --replace

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict mou_tracker

pytest: $(STAMP)
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report

test: lint typecheck pytest

clean:
	rm -rf $(VENV) build .coverage .mypy_cache .pytest_cache .ruff_cache .hypothesis
