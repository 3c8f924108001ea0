# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make demo   install, migrate, load the demo fixtures, build the index, serve
#   make test   install and run lint, migration check and the whole test suite

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs the development server with debug on; see README for production.
DEMO_ENV := DJANGO_DEBUG=1

.PHONY: install demo serve test check pytest lint format fixtures browser clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(DEMO_ENV) $(MANAGE) migrate --noinput
	$(DEMO_ENV) $(MANAGE) loaddata demo
	$(DEMO_ENV) $(MANAGE) rebuild_index --noinput
	$(DEMO_ENV) $(MANAGE) create_demo_admin
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: lint
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run

# Browser tests drive Debian's Chromium; install it when missing (needs root).
# A failure is tolerated: those tests then skip and say why.
browser:
	@test -x /usr/bin/chromium || \
	  (apt-get update && apt-get install -y chromium) || \
	  echo "chromium not installed: browser tests will be skipped"

pytest: install browser
	$(PY) -m pytest

test: check pytest

# Regenerate fixtures/demo.json from fixtures/raw/ in a throwaway database.
fixtures: install
	@tmp=$$(mktemp -d) && \
	export DJANGO_DEBUG=1 NEWSARCHIVE_DATA_DIR=$$tmp DATABASE_URL= && \
	$(MANAGE) migrate --noinput --verbosity 0 && \
	$(MANAGE) import_articles fixtures/raw && \
	$(MANAGE) export_demo_fixture fixtures/demo.json; \
	status=$$?; rm -rf $$tmp; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
