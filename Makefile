# `make run` (install + start on demo data), `make check` (the fast loop while working),
# `make test` (install + every test, as CI runs it), `make constraints` (re-pin what is installed),
# `make layout` (rewrite the README's layout block from the tree).
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Every package, transitive ones too, at the version in constraints.txt.
PIP_INSTALL := $(PY) -m pip install -q -c constraints.txt
# make check: pytest-xdist workers (auto: one per core).
WORKERS ?= auto

$(VENV)/.installed-run: requirements.txt constraints.txt
	python3 -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt constraints.txt
	python3 -m venv $(VENV)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

.PHONY: run check test lint format constraints layout
run: $(VENV)/.installed-run
	MINSHENG_DEMO=$${MINSHENG_DEMO:-1} $(VENV)/bin/streamlit run app.py --server.port $(PORT)

# Lint, types, and the unit, SQLite and page tests in parallel: no browser, no PostgreSQL.
check: lint
	$(PY) -m pytest -n $(WORKERS) -m "not e2e and not postgres" tests/unit tests/db tests/pages $(PYTEST_ARGS)

# Everything: the tests without a browser on xdist workers, then the browser tests one module at a time.
test: lint
	$(PY) -m pytest -n $(WORKERS) -m "not e2e" $(PYTEST_ARGS)
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: $(VENV)/.installed-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# After changing a pin in requirements*.txt (or `pip install -U` of a package in the venv):
# install what the requirements ask without the old constraints, then pin what is installed.
# Run `make test` before committing the new constraints.txt.
constraints:
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) .ci/constraints.py > constraints.txt
	touch $(VENV)/.installed-dev $(VENV)/.installed-run

layout: $(VENV)/.installed-dev
	$(PY) .ci/layout.py --write
