# Two commands matter: `make demo` runs Noddfa, `make test` proves it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := src/noddfa/static/noddfa/build/noddfa.css
export DJANGO_SETTINGS_MODULE ?= noddfa.config.settings.dev

# `make test` runs these stages in order and prints how long each took:
#   checks   ruff lint and format, mypy, the import contracts, Django's checks, missing migrations
#   once     the tests that use no database (the pure packages, the commands, the Spark test):
#            they give the same answer on any database, so CI runs them once
#   db       the tests that use the database: DATABASE_URL's, or embedded SQLite without it
#   browser  Playwright drives Debian's Chromium through a real server on that database
# STAGES picks some of them, e.g. `make test STAGES=db`: `.ci/run` runs `db` on SQLite and on
# PostgreSQL and every other stage once.
STAGES ?= checks once db browser
ALL_STAGES := checks once db browser
# Test processes per stage (pytest-xdist); 0 runs the tests in the pytest process itself.
TEST_WORKERS ?= 2
# How pytest-xdist shares out the tests. `db` hands them out in pytest-django's order, which
# keeps the tests that commit (`transaction=True`) after all the others in each process: their
# flush empties the tables, rows the data migrations loaded included. The other stages hand
# out whole files, so a module's expensive fixture is built once per process.
DIST_once := loadfile
DIST_db := load
DIST_browser := loadfile
# A folder for each stage's JUnit XML and the stage times (CI sets it); empty writes none.
TEST_REPORTS ?=
PYTEST_ARGS ?=
DATABASE := $(if $(filter postgres%,$(DATABASE_URL)),postgresql,sqlite)

# The Debian packages `make test` needs besides Python 3.11 with venv, Node.js with npm, and
# make (`.ci/run` installs the missing ones; `make missing-packages` names them):
#   gettext               xgettext: the Welsh test extracts every string afresh (`once`)
#   default-jre-headless  java: the Spark test runs Apache Spark in local mode (`once`)
#   fonts-dejavu-core     DejaVu Sans, for Welsh letters (ŵ, ŷ) in PDF exports (`db`)
#   postgresql-client     pg_dump and pg_restore: the backup test on PostgreSQL (`db`)
#   chromium              /usr/bin/chromium, which Playwright drives (`browser`)
HAS_gettext := command -v xgettext
HAS_default-jre-headless := command -v java
HAS_fonts-dejavu-core := test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
HAS_postgresql-client := command -v pg_dump && command -v pg_restore
HAS_chromium := test -x /usr/bin/chromium
NEEDS_checks :=
NEEDS_once := gettext default-jre-headless
NEEDS_db := fonts-dejavu-core $(if $(filter postgresql,$(DATABASE)),postgresql-client)
NEEDS_browser := chromium
missing = $(strip $(foreach p,$(1),$$({ $(HAS_$(p)); } >/dev/null 2>&1 || echo $(p))))
define require
	@missing=$$(echo $(call missing,$(1))); if [ -n "$$missing" ]; then \
	  echo "make: this stage needs the Debian packages: $$missing" >&2; \
	  echo "make: install them with: apt-get install $$missing" >&2; exit 1; fi
endef

# One pytest run for stage $(1); $(2) names its JUnit report. The tests' own settings, always:
# the DJANGO_SETTINGS_MODULE exported above for the commands would otherwise win over
# pyproject.toml's (pytest-django prefers the environment), and the tests ran on the
# development settings, Argon2 passwords and all, several times slower.
pytest = DJANGO_SETTINGS_MODULE=noddfa.config.settings.test $(BIN)/pytest -q $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist $(DIST_$(1))) \
  $(if $(TEST_REPORTS),--junitxml=$(TEST_REPORTS)/$(2).xml) $(PYTEST_ARGS)

.PHONY: setup runtime-packages assets demo test lint typecheck test-checks test-once test-db test-browser unit \
  browser missing-packages bench messages check-deploy clean

# Debian packages the commands themselves need, beyond Python (`make setup` installs them
# when it runs as root or may use sudo without a password, and otherwise names them):
#   default-jre-headless  java: `noddfa dedupe --engine splink --backend spark` starts Spark
RUNTIME_PACKAGES := default-jre-headless

setup: $(STAMP) runtime-packages

runtime-packages:
	@missing=$$(echo $(call missing,$(RUNTIME_PACKAGES))); [ -z "$$missing" ] && exit 0; \
	  if [ "$$(id -u)" = 0 ]; then as=; elif sudo -n true 2>/dev/null; then as="sudo -n"; \
	  else echo "make: Spark (noddfa dedupe --backend spark, its test) needs: apt-get install $$missing" >&2; exit 0; fi; \
	  echo "make: installing $$missing"; \
	  $$as env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing >/dev/null 2>&1 \
	    || { $$as apt-get update >/dev/null && $$as env DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y --no-install-recommends $$missing >/dev/null; }

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) \
	  || { echo "make: $(PYTHON) could not make .venv (on Debian: apt-get install python3-venv)" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3 setuptools==80.9.0
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make: npm not found: install Node.js with npm (apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch node_modules/.package-lock.json

$(ASSETS): node_modules/.package-lock.json $(wildcard src/noddfa/static/scss/*.scss)
	npm run --silent build

assets: $(ASSETS)

demo: setup assets
	NODDFA_DEMO_MODE=1 $(BIN)/noddfa migrate --no-input
	NODDFA_DEMO_MODE=1 $(BIN)/noddfa demo-data --region 400
	@echo "Noddfa demo: http://127.0.0.1:8000/  (Ctrl+C stops it)"
	NODDFA_DEMO_MODE=1 $(BIN)/noddfa runserver --insecure 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

typecheck: setup
	$(BIN)/mypy
	$(BIN)/lint-imports

test: setup assets
	$(if $(filter-out $(ALL_STAGES),$(STAGES)),$(error STAGES may name only: $(ALL_STAGES)))
	$(if $(TEST_REPORTS),@mkdir -p $(TEST_REPORTS))
	@for stage in $(STAGES); do \
	  case $$stage in db|browser) name="$$stage ($(DATABASE))";; *) name=$$stage;; esac; \
	  echo "make test: stage $$name"; \
	  start=$$(date +%s); \
	  if $(MAKE) --no-print-directory test-$$stage; then result=passed; else result=FAILED; fi; \
	  line="stage $$name $$result in $$(( $$(date +%s) - start )) s"; \
	  echo "make test: $$line"; \
	  $(if $(TEST_REPORTS),echo "$$line" >> $(TEST_REPORTS)/stages.txt;) \
	  [ $$result = passed ] || exit 1; \
	done

test-checks: lint typecheck
	$(BIN)/python -m django check --settings=noddfa.config.settings.test
	$(BIN)/noddfa makemigrations --check --dry-run

test-once: setup assets
	$(call require,$(NEEDS_once))
	$(call pytest,once,once) -m "not database and not browser"

test-db: setup assets
	$(call require,$(NEEDS_db))
	$(call pytest,db,db-$(DATABASE)) -m "database and not browser"

test-browser: setup assets
	$(call require,$(NEEDS_browser))
	$(call pytest,browser,browser-$(DATABASE)) -m browser

# The tests without the browser, and the browser tests alone.
unit: test-once test-db
browser: test-browser

# Names the Debian packages that the chosen STAGES need and this machine lacks.
missing-packages:
	@echo $(call missing,$(sort $(foreach s,$(STAGES),$(NEEDS_$(s)))))

check-deploy: setup
	NODDFA_SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))") \
	NODDFA_AUDIT_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(48))") \
	NODDFA_ALLOWED_HOSTS=noddfa.example \
	$(BIN)/noddfa check --deploy --fail-level WARNING --settings=noddfa.config.settings.production

bench: setup assets
	$(BIN)/python benchmarks/pathway_bench.py
	$(BIN)/python benchmarks/febrl4_bench.py
	$(BIN)/python benchmarks/febrl4_ceiling.py
	$(BIN)/python benchmarks/multilingual_bench.py 10000 100000
	$(BIN)/python benchmarks/online_bench.py
	$(BIN)/python benchmarks/batch_bench.py 1000000
	$(BIN)/python benchmarks/load_test.py  # PostgreSQL: DATABASE_URL's server, else postgres@127.0.0.1
	NODDFA_TIMING_REPORT=var/time-to-record.json $(BIN)/pytest -q tests/browser/test_time_to_record_a_concern.py
	cat var/time-to-record.json

messages: setup
	$(BIN)/noddfa makemessages --locale cy --no-obsolete --add-location file \
	  --ignore node_modules --ignore .venv --ignore var --ignore tests --ignore benchmarks
	$(BIN)/noddfa compilemessages --locale cy --ignore node_modules --ignore .venv

clean:
	rm -rf $(VENV) node_modules var src/noddfa/static/noddfa/build
