# Duban: two commands on a fresh machine — `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# Debian packages the product and its tests need: a CJK font for PDFs and pages,
# Chromium for the browser tests, poppler for reading PDFs back.
DEBIAN_PACKAGES := chromium fonts-noto-cjk fonts-wqy-microhei poppler-utils

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench bench-client audit backup restore system-deps office venv migrate demo clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

system-deps: ## Install missing Debian packages (as root on Debian), or say what to install
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	elif command -v dpkg >/dev/null; then \
	  echo "Please install these packages first: sudo apt-get install$$missing"; exit 1; \
	else \
	  echo "Not Debian: install Chromium (/usr/bin/chromium), a CJK font (Noto Sans CJK SC) and poppler-utils."; \
	fi

office: ## Optional: LibreOffice, so that plan uploads may also be .doc/.wps (converted to .docx)
	@command -v soffice >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; \
	else echo "Optional: install libreoffice-writer-nogui to accept .doc/.wps plan uploads"; fi

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Duban needs Python 3.11 (found %s)" % sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the pinned dependencies

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demo data (departments, accounts, the 宝山 plan)
	$(PY) manage.py load_demo

# DEBUG is off unless set, so that users see the Chinese 403/404/500 pages (DEBUG=true make run for tracebacks).
run: system-deps demo ## Set everything up and serve on http://127.0.0.1:8000 (SQLite, eager Celery)
	@echo "Serving on http://127.0.0.1:8000 — demo accounts in README.md"
	DEBUG=$${DEBUG:-false} $(PY) manage.py runserver --insecure 127.0.0.1:8000

lint: venv ## Ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: system-deps venv ## Django checks, migrations check, ruff, then the whole pytest suite (15 slowest listed)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest --durations=15 $(PYTEST_ARGS)

# Report only, time-boxed: an offline machine (a government intranet, CI without internet) gets
# a line saying so instead of a failure or a long wait.
AUDIT_TIMEOUT ?= 90
audit: venv ## pip-audit the pinned requirements against known vulnerabilities (report only)
	@ignores=$$(grep -oE '^[A-Za-z0-9-]+' .ci/pip-audit-ignore.txt | sed 's/^/--ignore-vuln /' | tr '\n' ' '); \
	timeout $(AUDIT_TIMEOUT) $(VENV)/bin/pip-audit --progress-spinner off --disable-pip --no-deps \
	  -r requirements.txt -r requirements-dev.txt $$ignores \
	  || echo "pip-audit: vulnerabilities reported above, or the index was unreachable (exit $$?): report only"

backup: venv ## Back up the database and the uploaded files into var/backups/ (BACKUP_DIR=… elsewhere)
	$(PY) manage.py backup --output $${BACKUP_DIR:-var/backups}

restore: venv ## Restore a backup into an empty database and MEDIA_ROOT: make restore FILE=var/backups/….tar.gz
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=path/to/duban-backup-….tar.gz"; exit 2; }
	$(PY) manage.py restore "$(FILE)"


BENCH_ARGS ?=
bench: venv ## City-scale benchmark through gunicorn on PostgreSQL and SQLite: writes BENCHMARKS.md and bench/results.json
	$(PY) bench/city.py $(BENCH_ARGS)

bench-client: venv ## Time a few pages and jobs through Django's test client (bench/run.py)
	$(PY) bench/run.py

clean: ## Remove the virtualenv, local database and generated files
	rm -rf $(VENV) db.sqlite3 var test-results .pytest_cache
