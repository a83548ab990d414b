# The single task runner. Every target creates .venv when it is missing and is idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
DEMO_REPO ?= build/pakistan-kazakhstan.json
BENCH_STAMP := $(VENV)/.installed-bench
BENCH_ARGS ?=

.PHONY: demo docs charts generated test lint typecheck pytest bench reliability clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p build
	$(BIN)/python examples/pakistan_kazakhstan_2025.py $(DEMO_REPO) --replace
	@echo "Open the seed dashboard: file://$(abspath $(DEMO_REPO:.json=.html))"

# Rewrite the outputs of the documented commands (README.md, docs/*.md) from what they print
# now, after a change of behaviour; review the diff. make test fails while they are stale.
docs: $(STAMP)
	$(BIN)/python tests/docs_commands.py --update

# Draw the pictures of docs/charts.md again (docs/charts/*.svg: the seed case as of 2025-12-15);
# make test fails while they are stale.
charts: $(STAMP)
	$(BIN)/python tests/docs_charts.py --update

# Write mou_tracker/storage/_prechecked_generated.py again (the functions that structure records
# on open) after a change to the domain classes; make test fails while it is stale.
generated: $(STAMP)
	$(BIN)/python -m tools.gen_prechecked

# One table of every figure with its target and PASS/FAIL, also written to build/bench/results.md
# (no tracked file changes). The baselines (orjson, TinyDB) come from the bench extra, the
# PostgreSQL figures need the postgres extra and a server it starts itself (installed like make
# test's), the dashboard's the charts extra. See docs/performance.md.
# Options: make bench BENCH_ARGS="--sizes 1000,10000 --repeat 3"
$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench,postgres,charts]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	bash .ci/ensure-postgres
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict mou_tracker examples tools

# The browser tests (tests/e2e/test_dashboard_browser.py) drive Debian's chromium, never a
# downloaded browser. Installed here when missing and we are root; where it cannot be, those
# tests are skipped with the reason (under CI=true they fail instead).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq chromium) \
			|| echo "make: could not install chromium: the browser tests will not run"; \
		else \
			echo "make: $(CHROMIUM) is missing (apt-get install chromium, as root): the browser tests will not run"; \
		fi; \
	fi

# The whole suite (including the reliability harnesses' fast profile) under branch coverage;
# the storage modules must stay at 100%. The suite starts its own PostgreSQL server (and
# .ci/ensure-postgres installs one first where it is missing and we are root).
pytest: $(STAMP) browser
	bash .ci/ensure-postgres
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report
	$(BIN)/coverage report --include='mou_tracker/storage/*' --fail-under=100

# The reliability harnesses' full profile (crash, I/O faults, concurrency, fuzzing, security,
# PostgreSQL against a server it starts itself): one table of figures against their targets;
# fails if any target is missed. See docs/reliability.md.
reliability: $(STAMP)
	bash .ci/ensure-postgres
	PYTHONPATH=tests $(BIN)/python -m reliability --profile full

test: lint typecheck pytest

clean:
	rm -rf $(VENV) build .coverage .mypy_cache .pytest_cache .ruff_cache .hypothesis
