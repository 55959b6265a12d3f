# Two commands matter: `make demo` runs Noddfa, `make test` proves it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := src/noddfa/static/noddfa/build/noddfa.css
export DJANGO_SETTINGS_MODULE ?= noddfa.config.settings.dev

.PHONY: setup assets demo test lint typecheck unit browser bench messages check-deploy clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3 setuptools==80.9.0
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.package-lock.json

$(ASSETS): node_modules/.package-lock.json $(wildcard src/noddfa/static/scss/*.scss)
	npm run --silent build

assets: $(ASSETS)

demo: setup assets
	NODDFA_DEMO_MODE=1 $(BIN)/noddfa migrate --no-input
	NODDFA_DEMO_MODE=1 $(BIN)/noddfa demo-data
	@echo "Noddfa demo: http://127.0.0.1:8000/  (Ctrl+C stops it)"
	NODDFA_DEMO_MODE=1 $(BIN)/noddfa runserver --insecure 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: setup
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: setup assets
	$(BIN)/pytest -m "not browser" -q

browser: setup assets
	$(BIN)/pytest -m browser -q

test: lint typecheck setup assets
	$(BIN)/python -m django check --settings=noddfa.config.settings.test
	$(BIN)/noddfa makemigrations --check --dry-run
	$(BIN)/pytest -q

check-deploy: setup
	NODDFA_SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))") \
	NODDFA_ALLOWED_HOSTS=noddfa.example \
	$(BIN)/noddfa check --deploy --fail-level WARNING --settings=noddfa.config.settings.production

bench: setup assets
	$(BIN)/python benchmarks/pathway_bench.py
	$(BIN)/python benchmarks/febrl4_bench.py
	$(BIN)/python benchmarks/febrl4_ceiling.py
	$(BIN)/python benchmarks/multilingual_bench.py 10000 100000
	$(BIN)/python benchmarks/online_bench.py
	$(BIN)/python benchmarks/batch_bench.py 1000000
	NODDFA_TIMING_REPORT=var/time-to-record.json $(BIN)/pytest -q tests/browser/test_time_to_record_a_concern.py
	cat var/time-to-record.json

messages: setup
	$(BIN)/noddfa makemessages --locale cy --no-obsolete --add-location file \
	  --ignore node_modules --ignore .venv --ignore var --ignore tests --ignore benchmarks
	$(BIN)/noddfa compilemessages --locale cy --ignore node_modules --ignore .venv

clean:
	rm -rf $(VENV) node_modules var src/noddfa/static/noddfa/build
