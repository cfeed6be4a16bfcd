# One command each: `make run` (install + start on demo data), `make test` (install + all tests).
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

$(VENV)/.installed-run: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

.PHONY: run test lint format
run: $(VENV)/.installed-run
	MINSHENG_DEMO=$${MINSHENG_DEMO:-1} $(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: $(VENV)/.installed-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
