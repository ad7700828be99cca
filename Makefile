# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint format check browser-deps font-deps pdf-deps migrate content clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

migrate: $(BIN)/activate
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

content: migrate
	DJANGO_DEBUG=1 $(PY) manage.py load_content

## make run: set up, load the shipped content and serve http://127.0.0.1:8000/ with DEBUG on.
run: content font-deps pdf-deps
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## make test: set up, then lint, Django checks, migration check and the whole pytest suite.
test: content browser-deps font-deps pdf-deps lint check
	$(BIN)/pytest

check: $(BIN)/activate
	DJANGO_DEBUG=1 $(PY) manage.py check
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-value-for-checks \
		$(PY) manage.py check --deploy --fail-level WARNING
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

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
