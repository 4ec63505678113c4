# Bangkom: `make run` starts the app with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SIZE ?= 7000

.PHONY: run setup test lint typecheck migrations-check pytest browser office messages clean

# LibreOffice (the one DOCX→PDF renderer, and Calc, which the tests open exported workbooks with) and
# the fonts agencies' templates use, from Debian's packages.
OFFICE_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui python3-uno fonts-liberation2 \
	fonts-crosextra-carlito fonts-crosextra-caladea fonts-dejavu

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(VENV)/.base $@

$(VENV)/.typing: requirements/typing.txt requirements/dev.txt requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/typing.txt
	touch $(VENV)/.base $(VENV)/.dev $@

## mypy with django-stubs over bangkom/ and config/ (configured in pyproject.toml).
typecheck: $(VENV)/.typing
	$(VENV)/bin/mypy bangkom config

## LibreOffice and its converter (unoserver under LibreOffice's own Python, in $(VENV)/office).
office: $(VENV)/office/.ready

$(VENV)/office/.ready: requirements/office.txt Makefile | $(PY)
	@command -v soffice >/dev/null 2>&1 && [ -e /usr/lib/libreoffice/program/libsclo.so ] && [ -x /usr/bin/python3 ] \
	  && /usr/bin/python3 -c 'import uno' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Memasang LibreOffice dan huruf dari paket Debian ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(OFFICE_PACKAGES) >/dev/null; \
	  else echo "LibreOffice belum terpasang. Jalankan sebagai root: apt-get install --no-install-recommends $(OFFICE_PACKAGES)"; exit 1; fi; }
	/usr/bin/python3 -m venv --system-site-packages --without-pip $(VENV)/office
	$(PY) -m pip --python $(VENV)/office/bin/python install --quiet --disable-pip-version-check -r requirements/office.txt
	touch $@

## Set up the database with reference data, roles, a demo workforce and demo users.
setup: $(VENV)/.base office
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

## The suite runs on every core (pytest-xdist; PYTEST_WORKERS=0 runs it in one process): each worker has
## its own test database, converter and browser. `--dist load` hands each worker its tests in the
## suite's order, so pytest-django's rule holds in each: tests that flush the database run last.
PYTEST_WORKERS ?= auto
pytest: $(VENV)/.dev
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist load --cov --cov-report=
	$(PY) scripts/coverage_floor.py
	TASKS_BACKEND=database $(VENV)/bin/pytest -m jobs -q
	@if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 6379), 1).close()" 2>/dev/null; then \
	  TASKS_BACKEND=rq $(VENV)/bin/pytest -m jobs -q; \
	else echo "Redis tidak berjalan di 127.0.0.1:6379: uji pekerjaan latar dengan RQ dilewati (CI menjalankannya)."; fi

## ruff, mypy, the migration check, the whole pytest suite (browser tests included) under coverage
## and each app's coverage floor.
test: $(VENV)/.typing browser office lint typecheck migrations-check pytest

## Refresh locale/en (then translate the new entries) and compile it.
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=bench --ignore=tests --ignore="*/tests/*"
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
