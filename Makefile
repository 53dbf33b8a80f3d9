# Pathway — `make run` serves the demo site, `make test` runs every check. `make help` lists all.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
VNU_VERSION := $(shell sed -n 's/^vnu-jar = "\(.*\)"/\1/p' pyproject.toml)
VNU_JAR := $(VENV)/vnu/vnu-$(VNU_VERSION).jar

.DEFAULT_GOAL := help
.PHONY: help install checkers run test lint format migrate demo clean bench bench-reports backup restore

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

$(VNU_JAR):
	@command -v java >/dev/null || (echo "The Nu Html Checker needs Java: apt-get install default-jre-headless" && exit 1)
	rm -rf $(VENV)/vnu && mkdir -p $(VENV)/vnu
	cd $(VENV)/vnu && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null && tar xzf vnu-jar-$(VNU_VERSION).tgz
	mv $(VENV)/vnu/package/build/dist/vnu.jar $(VNU_JAR)
	rm -rf $(VENV)/vnu/package $(VENV)/vnu/vnu-jar-$(VNU_VERSION).tgz

checkers: $(STAMP) $(VNU_JAR) ## Fetch the Nu Html Checker for the markup audit (needs Java and npm)

migrate: $(STAMP) ## Apply database migrations (SQLite in var/ unless DATABASE_URL is set)
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the flagship course and the demo accounts (safe to repeat)
	$(BIN)/python manage.py setup_demo

run: demo ## Serve the site with the demo course at http://127.0.0.1:$(PORT), publishing scheduled pages every minute
	@( while true; do $(BIN)/python manage.py publish_scheduled; sleep 60; done ) & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	echo "Scheduled publishing runs every minute alongside the server (docs/publishing.md)."; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP) ## ruff, template indentation, Django's checks, migrations in step with models
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/python manage.py check --settings=cms.settings.test
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=cms.settings.test

format: $(STAMP) ## Format the code and templates in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

test: lint ## Run every check and the whole test suite (browser tests too, where Chromium is)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP) ## Measure page speed against the framework's floor, SQLite and PostgreSQL (about 10 minutes)
	@command -v wrk >/dev/null || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-reports: $(STAMP) ## Time the course progress report and its exports for 10,000 trainees on PostgreSQL
	$(BIN)/python -m bench.reports $(BENCH_ARGS)

backup: $(STAMP) ## Back up the database and uploads (to var/backups/, or FILE=...); safe while serving
	$(BIN)/python manage.py backup_data $(FILE) --media

restore: $(STAMP) ## Replace the database (and uploads) with FILE=...; stop the site first; FORCE=1 over data
	@test -n "$(FILE)" || (echo "Name the backup to restore: make restore FILE=var/backups/pathway-....sqlite3" && exit 1)
	$(BIN)/python manage.py restore_data "$(FILE)" $(if $(FORCE),--force) $(if $(wildcard $(FILE).media.tar.gz),--media)

clean: ## Remove the virtualenv and local data (database, uploads)
	rm -rf $(VENV) var
