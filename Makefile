# Two commands on a fresh clone:  make run  |  make test
# Everything installs into .venv; nothing outside the project is touched.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
REQ_HASH := $(shell cat requirements.txt | cksum | cut -d' ' -f1)
STAMP  := $(VENV)/.installed-$(REQ_HASH)
ADDR   ?= 127.0.0.1:8000
QUEUES ?= default,ai,email_urgent,email_high,email_normal,email_low
PYTEST_ARGS ?=

.PHONY: install run test worker beat web migrate seed check-deploy bench clean

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_periodic_tasks

seed: migrate
	$(PY) manage.py seed_demo --if-empty

# Embedded default: SQLite, kombu filesystem broker, worker + beat + web in one terminal.
run: export DEBUG ?= true
run: seed
	$(PY) manage.py run_embedded --addr $(ADDR)

# Whole suite. Uses the local PostgreSQL and Redis when they answer (scripts/test_env.py).
test: install
	@eval "$$($(PY) scripts/test_env.py)" && $(PY) -m pytest $(PYTEST_ARGS)

# Production-style processes (see Procfile and README "Production").
web: install
	$(VENV)/bin/gunicorn crm.wsgi --bind $(ADDR) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

worker: install
	$(PY) -m celery -A crm worker -Q $(QUEUES) --loglevel INFO

beat: install
	$(PY) -m celery -A crm beat --loglevel INFO

check-deploy: install
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf var staticfiles .pytest_cache test-artifacts
