# Sabha: `make run` serves the demo at http://127.0.0.1:5000, `make test` runs the whole suite.
# Everything runs from .venv/bin; nothing needs an activated virtualenv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
PYTEST_ARGS ?=
DEMO_PASSWORD := sabha-demo-2024

.DEFAULT_GOAL := help
.PHONY: help venv translations db demo run test lint clean

help:
	@echo "make run    install, migrate, load the demo data and serve at http://127.0.0.1:5000"
	@echo "make test   run the whole suite (PYTEST_ARGS=... passes options to pytest)"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make clean  remove caches, compiled catalogs and test artifacts (keeps .venv)"

venv: $(STAMP)

# Reinstall only when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Compiles the .po catalogs when there are any; none yet is not an error.
translations: venv
	@if ls app/translations/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d app/translations; \
	else \
		echo "No .po catalogs in app/translations yet; nothing to compile."; \
	fi

db: venv
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo

# The session cookie must not be Secure-only when served over plain HTTP on localhost.
run: export SESSION_COOKIE_SECURE = 0
run: venv translations db demo
	@echo
	@echo "Sabha: http://127.0.0.1:5000 - sign in with a demo account listed above (password $(DEMO_PASSWORD))."
	@echo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: venv translations
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis test-artifacts
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find app/translations -name '*.mo' -delete
