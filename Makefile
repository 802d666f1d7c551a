# Praxis: `make demo` to run it, `make test` to test it. Both set up .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Re-install only when pyproject.toml changes.
DEPS_HASH := $(shell sha1sum pyproject.toml | cut -c1-12)
RUNTIME_STAMP := $(VENV)/.runtime-$(DEPS_HASH)
DEV_STAMP := $(VENV)/.dev-$(DEPS_HASH)
# Tests run on every core and one more (pytest-xdist): the browser journeys wait for timers (autosave,
# htmx) and some tests for other processes, and a third worker on two cores fills those waits
# (2 cores: 133-137 s with 2 workers, 125-130 s with 3, 137 s with 4). `make test JOBS=0` runs
# them in one process.
JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))
PYTEST_ARGS ?=
# Each worker imports every test module, rewriting its asserts: with bytecode written (even where
# the environment turns it off) a second run skips that, about 3.5 s of each worker's start.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

.PHONY: demo test test-cpu screenshots check lint format ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	rm -f $(VENV)/.runtime-* && touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.runtime-* $(VENV)/.dev-* && touch $@ $(RUNTIME_STAMP)

# The task worker (`praxis db_worker`) runs in the background beside the server and is stopped
# with it, however that ends.
demo: $(RUNTIME_STAMP)
	$(BIN)/praxis migrate --no-input
	$(BIN)/praxis framework load
	$(BIN)/praxis demo
	$(BIN)/praxis collectstatic --no-input --verbosity 0
	@echo
	@echo "Praxis is running at http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@echo "Background jobs (research exports and other long work) run in a worker beside it."
	@echo
	$(BIN)/praxis db_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/praxis runserver $(HOST):$(PORT)

test: $(DEV_STAMP)
	$(PYTEST) -n $(JOBS) $(PYTEST_ARGS)

# The suite again, with the CPU time of every test (browser included) and the costliest listed.
test-cpu: $(DEV_STAMP)
	mkdir -p test-results && rm -f test-results/cpu.*.tsv
	PYTHONPATH=bench CPUPROF_OUT=test-results/cpu $(PYTEST) -n $(JOBS) -p cpu_per_test $(PYTEST_ARGS)
	$(BIN)/python bench/cpu_per_test.py test-results/cpu

# The browser journeys again, saving full-page PNGs to test-results/screenshots to look at.
screenshots: $(DEV_STAMP)
	PRAXIS_SCREENSHOTS=1 $(PYTEST) -n $(JOBS) tests/e2e $(PYTEST_ARGS)

check: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/praxis makemigrations --check --dry-run
	PRAXIS_SECRET_KEY=ci-only-$(shell head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	PRAXIS_ALLOWED_HOSTS=praxis.example.org PRAXIS_SECURE=1 PRAXIS_HSTS_SECONDS=31536000 \
	$(BIN)/praxis check --deploy --fail-level WARNING

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var/static *.egg-info .test-db-cache
