# The two commands: `make run` and `make test`. Both set up .venv first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# `make run` is for a person at a laptop: DEBUG on unless the environment says otherwise.
RUN_ENV := DEBUG=$${DEBUG:-true}

.PHONY: run test lint bench messages clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12 or newer is needed (see .python-version)"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	@echo
	@echo "The portal is at http://$(HOST)/ (stop it with Ctrl-C)."
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

# The whole-site sweeps run beside the rest of the suite (tests/run.py); PYTEST_ARGS makes it one plain run.
test: lint
	$(BIN)/python -m tests.run $(PYTEST_ARGS)

# The benchmark (bench/README.md): needs PostgreSQL, Redis and Debian's wrk. BENCH_ARGS=--quick for CI.
bench: $(VENV)/.runtime
	@$(BIN)/python -m bench.run $(BENCH_ARGS)

# Extract the strings to translate into locale/km and compile the catalogue.
messages: $(VENV)/.dev
	DEBUG=true $(BIN)/python manage.py makemessages --locale km --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*'
	DEBUG=true $(BIN)/python manage.py compilemessages --locale km

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
