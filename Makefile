# The two commands of the README are `make run` and `make test`; both install what they need.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
DEV_ENV := DEBUG=true

.PHONY: run test lint fmt stack messages install system-packages-RUN system-packages-TEST clean-db bench faults badinput

$(INSTALLED): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.package-lock.json

install: $(INSTALLED) node_modules/.package-lock.json

# System packages, installed when missing (as root with apt; otherwise named): WeasyPrint's
# libraries (HarfBuzz's subsetter keeps PDFs byte-stable), poppler and gettext for the tests, and
# Debian's Chromium for the browser tests (never a downloaded browser).
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils gettext chromium
system-packages-RUN system-packages-TEST: system-packages-%:
	@need=$$(for pkg in $($*_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || echo $$pkg; done); \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	  else echo "Missing system packages: sudo apt-get install $$need"; exit 1; fi; fi

## The portal on the embedded default (SQLite, jobs in-process), with reference and demo data.
run: install system-packages-RUN
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py load_reference_data
	$(DEV_ENV) $(PY) manage.py seed_demo
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

## The whole suite. Uses DATABASE_URL / REDIS_URL when set (CI sets PostgreSQL and Redis).
test: install system-packages-TEST
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 --dist loadgroup --create-db $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## The real processes natively: gunicorn, a Celery worker and Celery beat, on PostgreSQL and Redis.
stack: install
	bin/stack

## Fault tests against the real stack (PostgreSQL and Redis on loopback; see bin/faults).
## `make faults SCENARIOS="pool worker"` runs some of them.
faults: install
	bin/faults $(SCENARIOS)

## Benchmarks on this machine's PostgreSQL and Redis (see README "Benchmarks"):
## `make bench BENCH_ARGS="--municipalities 98"`, `BENCH_DURATION=3 make bench` for a smoke run.
bench: install
	$(if $(BENCH_DURATION),BENCH_DURATION=$(BENCH_DURATION)) bin/bench $(BENCH_ARGS)

## Hypothesis drives every form with 200 generated submissions and every page's GET parameters
## with generated values (slow: several minutes). BADINPUT_SEED=<n> runs the GET part on another seed.
badinput: install
	$(PY) -m pytest -n 2 -m badinput tests/test_bad_input.py tests/test_bad_input_get.py $(PYTEST_ARGS)

## Extract and compile the English catalogue (needs GNU gettext).
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages --locale en --ignore ".venv/*" --ignore "node_modules/*" --no-obsolete
	$(DEV_ENV) $(PY) manage.py compilemessages --locale en --ignore ".venv/*" --ignore "node_modules/*"

clean-db:
	rm -f db.sqlite3
