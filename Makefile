# veille: the two set-up commands are `make demo` and `make test` (see README).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= veille-demo.db

.PHONY: demo test install install-test system-deps lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

## demo: install veille and its French model, ingest examples/ into SQLite, print a summary
demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/veille ingest examples/ --db $(DB)
	$(BIN)/veille summary --db $(DB)

## system-deps: Debian packages the tests use (PostgreSQL for the store, Chromium for the web UI)
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && { ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; }; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql postgresql-contrib chromium >/dev/null; \
	fi

## test: install everything the tests need, then lint, type-check and run the whole suite
test: system-deps install-test
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	VEILLE_REQUIRE_POSTGRES=$${VEILLE_REQUIRE_POSTGRES:-1} VEILLE_REQUIRE_BROWSER=$${VEILLE_REQUIRE_BROWSER:-1} $(BIN)/pytest -q -ra

lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info $(DB) $(DB)-wal $(DB)-shm
