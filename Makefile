# RIPSO - developer commands. `make` (or `make help`) lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY := .venv/bin/python
MANAGE := $(PY) manage.py
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-m 'not e2e' -x tests/rounds"
PYTEST_ARGS ?=
# The embedded default: no database, broker or production settings from the caller's shell.
NO_ENV := env -u DATABASE_URL -u REDIS_URL -u RIPSO_ENV -u EMAIL_HOST -u EMAIL_BACKEND
DEMO_PASSWORD := ripso-demo
DEMO_USERS := secretariat@example.org coordinator@example.org focal.gt@example.org \
	team.gt@example.org focal.hn@example.org expert.cl@example.org expert.uy@example.org \
	expert.mx@example.org
LANGS := -l es -l en -l pt -l fr

.PHONY: help bootstrap run test bench bench-roster bench-report bench-portal bench-questionnaire lint format messages compilemessages diagram rules-doc \
	services-start services-stop lock clean

help: ## List the targets
	@echo "RIPSO - make targets:"
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

bootstrap: ## Install Debian packages, .venv and requirements, compile translations (idempotent)
	@bash scripts/bootstrap.sh

run: bootstrap ## Demo on http://127.0.0.1:8000 (SQLite, eager Celery, console e-mail)
	$(NO_ENV) $(MANAGE) migrate --noinput
	$(NO_ENV) $(MANAGE) seed_demo
	@echo
	@echo "Demo logins (password for all: $(DEMO_PASSWORD)):"
	@for u in $(DEMO_USERS); do echo "  $$u"; done
	@echo
	$(NO_ENV) $(MANAGE) runserver 127.0.0.1:8000

test: bootstrap ## Full suite on PostgreSQL + Redis (started and stopped here), plus ruff
	@bash scripts/with-services.sh bash scripts/test.sh $(PYTEST_ARGS)

bench: bootstrap ## Performance benchmarks (tests/perf/bench.py) with the services up
	@bash scripts/with-services.sh $(PY) tests/perf/bench.py

bench-roster: bootstrap ## Expert roster search on 5,000 profiles (tests/perf/bench_roster.py)
	@bash scripts/with-services.sh $(PY) tests/perf/bench_roster.py

bench-report: bootstrap ## Render a 20-page report 5 times: median/p95 time, peak memory
	$(NO_ENV) $(PY) tests/perf/bench_report.py --runs 5

bench-portal: bootstrap ## Public portal with >= 500 published reports (tests/perf/bench_portal.py)
	@bash scripts/with-services.sh $(PY) tests/perf/bench_portal.py

bench-questionnaire: bootstrap ## A questionnaire of 150 questions with answers, per role (tests/perf/bench_questionnaire.py)
	@bash scripts/with-services.sh $(PY) tests/perf/bench_questionnaire.py

lint: bootstrap ## ruff check and ruff format --check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: bootstrap ## Reformat and apply safe lint fixes
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: bootstrap ## Update the .po files (es, en, pt, fr) from the source
	$(NO_ENV) $(MANAGE) makemessages $(LANGS) --ignore .venv --ignore staticfiles \
		--ignore var --ignore node_modules --ignore test-artifacts
	$(NO_ENV) $(MANAGE) compilemessages --ignore .venv

compilemessages: bootstrap ## Compile the .po files to .mo
	$(NO_ENV) $(MANAGE) compilemessages --ignore .venv

diagram: bootstrap ## Draw the Round lifecycle (manage.py lifecycle_diagram)
	$(NO_ENV) $(MANAGE) lifecycle_diagram

rules-doc: ## Regenerate the tests listed per rule in docs/rules.md (tests/test_rules_catalogue.py)
	$(PY) -m tests.test_rules_catalogue

services-start: ## Start PostgreSQL and Redis on loopback (scripts/services.sh start)
	@bash scripts/services.sh start

services-stop: ## Stop what services-start started
	@bash scripts/services.sh stop

lock: ## Re-pin requirements*.txt from requirements*.in (pip-tools in a temporary venv)
	@set -euo pipefail; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	python3 -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install -q pip-tools; \
	opts="--quiet --strip-extras --no-emit-index-url --no-emit-find-links"; \
	"$$tmp/venv/bin/pip-compile" $$opts --upgrade -o requirements.txt requirements.in; \
	"$$tmp/venv/bin/pip-compile" $$opts --upgrade -o requirements-dev.txt requirements-dev.in

clean: ## Remove caches, collected static files and test artefacts (keeps .venv and var/)
	find . -path ./.venv -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache staticfiles test-artifacts test-results
