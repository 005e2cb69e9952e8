# Sojourn build and test entry points (GNU make). `make test` is what CI runs.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# `test` runs its steps in the listed order and stops at the first failure,
# even under `make -j`.
.NOTPARALLEL:

PORT ?= 8000
# pytest-xdist workers: 2 matches the 2-core machines; `make test WORKERS=0` runs serially.
WORKERS ?= 2
# Extra pytest arguments, e.g. `make test-sqlite PYTEST_ARGS='-k trips -x'`.
PYTEST_ARGS ?=
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# Benchmark size: quick (the default, a few minutes) or full; see bench/README.md.
BENCH_SCALE ?= quick

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help venv messages run check lint ensure-chromium ensure-node-tools ensure-gettext test-sqlite test-postgres test bench clean clean-db distclean

help:
	@echo "make venv             create .venv and install the project with its dev extras"
	@echo "make run [PORT=8000]  serve Sojourn on 127.0.0.1 (migrates and loads the demo on an empty DB)"
	@echo "make check            sojourn check, and check --deploy with the production settings"
	@echo "make lint             ruff check, ruff format --check, mypy, lint-imports"
	@echo "make test-sqlite      pytest on SQLite"
	@echo "make test-postgres    pytest on a throwaway PostgreSQL cluster (scripts/with-postgres)"
	@echo "make test             check, lint, ensure-chromium, ensure-node-tools, test-sqlite, test-postgres"
	@echo "                      (what CI runs)"
	@echo "make bench            run every bench/*.py benchmark, on SQLite and PostgreSQL where it uses a"
	@echo "                      database [BENCH_SCALE=quick|full]; results in bench/results/"
	@echo "make clean            drop build/cache files and the install stamp (keeps .venv and var/)"
	@echo "make clean-db         delete the local database var/sojourn.sqlite3*"
	@echo "make distclean        clean, and delete .venv too"

venv: $(STAMP)

# One venv for running and testing. Re-installs only when pyproject.toml is
# newer than the stamp, so repeated `make test` does not touch pip.
$(STAMP): pyproject.toml
	@[[ -n "$(PYTHON)" ]] || { echo "no python3.11 or python3 found" >&2; exit 1; }
	[[ -x $(BIN)/python ]] || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -e '.[dev]'
	touch $@

# The translation catalogues are compiled from their .po sources (no binary .mo in git).
messages: venv
	$(BIN)/python -m sojourn.conf.messages

run: venv messages
	$(BIN)/sojourn serve --host 127.0.0.1 --port $(PORT)

check: venv messages
	$(BIN)/sojourn check
	@# The production settings pass Django's deployment checklist with no warning at all.
	SOJOURN_ENV=production SOJOURN_ALLOWED_HOSTS=travel.example.org \
	  SOJOURN_BASE_URL=https://travel.example.org \
	  SOJOURN_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  SOJOURN_AUDIT_KEYS="k1:$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
	  SOJOURN_ENCRYPTION_KEYS="k1:$$($(BIN)/python -c 'from sojourn.vault.keys import new_key; print(new_key())')" \
	  SOJOURN_VAR_DIR="$$(mktemp -d)" $(BIN)/sojourn check --deploy --fail-level WARNING

lint: venv
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy
	$(BIN)/lint-imports

ensure-chromium:
	scripts/ensure-chromium

# The W3C Nu HTML validator and Spectral, pinned in package.json (npm ci).
ensure-node-tools:
	scripts/ensure-node-tools

# GNU gettext: the translation test extracts every string afresh with xgettext.
ensure-gettext:
	@command -v xgettext >/dev/null || [[ $$(id -u) -ne 0 ]] || { apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 \
	  --no-install-recommends gettext; } >&2
	@command -v xgettext >/dev/null || [[ "$${CI:-}" != true ]] || \
	  { echo "ERROR: xgettext (GNU gettext) is missing; the translation test cannot run (CI=true)" >&2; exit 1; }

# SQLite is the default database when SOJOURN_DATABASE_URL is unset: unset it
# so a URL left in the caller's shell cannot redirect this run.
# Each runs the `alone` tests after the others, with nothing beside them (scripts/pytest-passes).
test-sqlite: venv messages
	env -u SOJOURN_DATABASE_URL scripts/pytest-passes $(WORKERS) $(PYTEST_ARGS)

test-postgres: venv messages
	scripts/with-postgres scripts/pytest-passes $(WORKERS) $(PYTEST_ARGS)

# The PostgreSQL pass follows the SQLite pass and leaves out what the database cannot change
# (tests that touch no database, page presentation): src/sojourn/testing/second_pass.py.
test: check lint ensure-chromium ensure-node-tools ensure-gettext test-sqlite
	$(MAKE) --no-print-directory test-postgres PYTEST_ARGS='--after-sqlite $(PYTEST_ARGS)'

# Each benchmark prints its table and writes bench/results/NAME*.json; the first failure stops.
# A script with the line `# bench: database` runs twice, each time on a fresh, empty database:
# a SQLite file in a temporary directory, then a throwaway PostgreSQL cluster
# (scripts/with-postgres). The others need no database and run once. SOJOURN_VAR_DIR points
# into the temporary directory, so no run touches var/. At the end, one table of every figure
# of this run (bench/benchkit/combined.py), also saved as bench/results/combined.txt.
bench: venv
	@scratch=$$(mktemp -d /tmp/sojourn-bench.XXXXXX); trap 'rm -rf "$$scratch"' EXIT; \
	since=$$(date +%s); \
	for script in bench/*.py; do \
	  if ! grep -qx '# bench: database' "$$script"; then \
	    echo "== $$script (BENCH_SCALE=$(BENCH_SCALE))"; \
	    BENCH_SCALE=$(BENCH_SCALE) $(BIN)/python "$$script"; \
	    continue; \
	  fi; \
	  run="$$scratch/$$(basename "$$script" .py)"; \
	  echo "== $$script on SQLite (BENCH_SCALE=$(BENCH_SCALE))"; \
	  mkdir "$$run"; \
	  env BENCH_SCALE=$(BENCH_SCALE) SOJOURN_VAR_DIR="$$run" \
	    SOJOURN_DATABASE_URL="sqlite:///$$run/bench.sqlite3" $(BIN)/python "$$script"; \
	  rm -rf "$$run"; \
	  echo "== $$script on PostgreSQL (BENCH_SCALE=$(BENCH_SCALE))"; \
	  mkdir "$$run"; \
	  env BENCH_SCALE=$(BENCH_SCALE) SOJOURN_VAR_DIR="$$run" \
	    scripts/with-postgres $(BIN)/python "$$script"; \
	  rm -rf "$$run"; \
	done; \
	echo "== every figure of this run (BENCH_SCALE=$(BENCH_SCALE))"; \
	cd bench && ../$(BIN)/python -m benchkit.combined --since "$$since"

clean:
	rm -f $(STAMP)
	rm -rf build dist test-results .mypy_cache .ruff_cache .pytest_cache .import_linter_cache src/*.egg-info
	find src -name __pycache__ -type d -prune -exec rm -rf {} +

clean-db:
	rm -f var/sojourn.sqlite3*

distclean: clean
	rm -rf $(VENV) node_modules
