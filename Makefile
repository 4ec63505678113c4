# Bangkom: `make run` starts the app with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SIZE ?= 7000

.PHONY: run setup test lint migrations-check pytest browser messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(VENV)/.base $@

## Set up the database with reference data, roles, a demo workforce and demo users.
setup: $(VENV)/.base
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_reference
	$(PY) manage.py setup_roles
	$(PY) manage.py load_services
	$(PY) manage.py generate_demo --if-empty --size $(DEMO_SIZE)

## Start the web server and the background worker on http://$(HOST):$(PORT)/.
run: setup
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) scripts/run.sh

## Debian's Chromium for the browser tests (never a downloaded browser). Skipped when not root.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: browser tests will be skipped (apt-get install chromium)"; fi; }

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.dev
	$(VENV)/bin/pytest

## ruff, the migration check and the whole pytest suite (browser tests included).
test: $(VENV)/.dev browser lint migrations-check pytest

## Refresh locale/en (then translate the new entries) and compile it.
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=bench --ignore=tests --ignore="*/tests/*"
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
