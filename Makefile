# jobtrack — the two commands the README promises, and the tools around them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test install install-dev lint format migrations-check lighthouse css screenshots scan chaos bench clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python requirements.txt
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate, collect static files (hashed and compressed, as in production)
## and start web, Celery worker and beat on the embedded default.
run: install
	@mkdir -p "$${JOBTRACK_VAR_DIR:-var}"  # SQLite cannot create its folder; a fresh clone has none
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 STATIC_MANIFEST=1 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=1 STATIC_MANIFEST=1 $(PY) -m jobtrack.run_local

## test: install what the tests need and run the whole suite.
test: install-dev
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Missing migrations: run makemigrations"; exit 1; }
	$(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## screenshots: the main pages at 1280 and 390 px into screenshots/ (git-ignored).
screenshots: install-dev
	$(PY) scripts/screenshots.py $(ARGS)

# Lighthouse and PurgeCSS from npm, pinned in package-lock.json; node_modules/ is git-ignored.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm (Node.js) is needed for the developer tools"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## css: Bootstrap purged to the selectors the templates, scripts and forms use (commit the result).
css: install-dev node_modules/.installed
	@mkdir -p var/css
	node_modules/.bin/purgecss --config purgecss.config.cjs --output var/css/
	mv var/css/bootstrap.min.css static/css/bootstrap.used.css

## lighthouse: performance (goal 95), accessibility and best practices (100) of the main pages.
lighthouse: install-dev node_modules/.installed
	$(PY) scripts/lighthouse.py $(ARGS)

## scan: wapiti (Debian: apt-get install -y wapiti) against the app signed in, on loopback, ~10 min.
scan: install-dev
	PY=$(PY) SCAN_SUMMARY=$(or $(SCAN_SUMMARY),var/scan/summary.txt) ./scripts/scan.sh

## chaos: 1,000 due reminders through worker kills, a Redis restart and a mail outage (10-20 min).
chaos: install-dev
	timeout 1500 $(PY) scripts/chaos.py

## bench: pages vs reference views, query counts, reminder sweep, exports; one table (~8 min).
## Needs PostgreSQL, Redis and wrk (apt-get install -y wrk). ARGS="--quick" for a short run.
bench: install-dev
	$(PY) -m bench.run $(ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
