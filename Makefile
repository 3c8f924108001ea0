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

.PHONY: install demo serve serve-prod require-secret-key test check pytest lint \
	format fixtures browser clean postgres-replication reliability

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(DEMO_ENV) $(MANAGE) migrate --noinput
	$(DEMO_ENV) $(MANAGE) load_demo
	$(DEMO_ENV) $(MANAGE) rebuild_index --noinput
	$(DEMO_ENV) $(MANAGE) create_demo_admin
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

# Serve what the data folder holds, as it is (no fixtures loaded, no rebuild).
serve: install
	$(DEMO_ENV) $(MANAGE) migrate --noinput
	@echo "Serving on http://$(HOST):$(PORT)/"
	$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

# Production: debug off, every other setting from the environment (README,
# Configuration); static files collected and served by WhiteNoise.
WORKERS ?= 4
PROD_ENV := DJANGO_DEBUG=0
serve-prod: require-secret-key install
	$(PROD_ENV) $(MANAGE) migrate --noinput
	$(PROD_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ with $(WORKERS) gunicorn workers"
	$(PROD_ENV) exec $(VENV)/bin/gunicorn newsarchive.wsgi \
	  --bind $(HOST):$(PORT) --workers $(WORKERS)

require-secret-key:
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then \
	  echo "make serve-prod: DJANGO_SECRET_KEY is not set. Set it to a random value" \
	    "of 50+ characters, e.g." >&2; \
	  echo "  export DJANGO_SECRET_KEY=\"\$$(python3 -c 'import secrets;" \
	    "print(secrets.token_urlsafe(50))')\"" >&2; \
	  exit 2; \
	fi

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

# The full reliability suite (README, "Reliability"): a throwaway archive served
# by gunicorn on loopback; one JSON report on stdout, exit 1 when a section fails.
# QUICK=1 runs the CI variant; BACKEND=postgres the PostgreSQL search backend.
reliability: install browser
	DJANGO_DEBUG=1 $(MANAGE) reliability_check $(if $(QUICK),--quick) \
	  $(if $(BACKEND),--backend $(BACKEND))

# Let the PostgreSQL on 127.0.0.1:5432 feed a streaming standby on this machine
# (tests/search/test_replica.py): add a replication line for 127.0.0.1 to its
# pg_hba.conf when none is there, and reload. Idempotent, never restarts the
# server; wal_level and max_wal_senders (Debian's defaults suffice) need a
# restart to change, so they are only checked. Needs write access to the file.
PGSQL := psql -h 127.0.0.1 -p 5432 -U postgres -AtX -v ON_ERROR_STOP=1
postgres-replication:
	@hba=$$($(PGSQL) -c 'SHOW hba_file') || exit 1; \
	if $(PGSQL) -c "SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = \
	    ANY(database) AND type LIKE 'host%' AND error IS NULL AND auth_method \
	    <> 'reject' AND (address IS NULL OR address IN ('127.0.0.1', 'all', \
	    'samehost'))" | grep -qx 1; then \
	  echo "$$hba already allows replication connections from 127.0.0.1"; \
	else \
	  printf '%s\n' '' '# newsarchive: streaming standby tests (make postgres-replication)' \
	    'host replication postgres 127.0.0.1/32 trust' >> "$$hba" && \
	  $(PGSQL) -c 'SELECT pg_reload_conf()' >/dev/null && \
	  echo "$$hba: replication from 127.0.0.1 allowed, configuration reloaded"; \
	fi; \
	$(PGSQL) -c "SELECT current_setting('wal_level') <> 'minimal' AND \
	    current_setting('max_wal_senders')::int > 1" | grep -qx t || \
	  echo "warning: wal_level=minimal or max_wal_senders<2: the standby test will skip"

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
