# The two commands of the README: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install browser lint bench clean hub-deps binder-pins

TEMPLATE := $(wildcard share/jupyter/voila/templates/guidelib/*)

# pip install -e also copies the Voilà template into $(VENV)/share/jupyter (see setup.py),
# where plain `voila` and `jupyter lab` find it; a changed template is copied again.
$(STAMP): pyproject.toml setup.py $(TEMPLATE)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP) hub-deps

## configurable-http-proxy, JupyterHub's proxy (from npm), for `guidelib hub` and its tests.
hub-deps:
	@command -v configurable-http-proxy >/dev/null 2>&1 || { \
	  command -v npm >/dev/null 2>&1 && npm install -g --silent configurable-http-proxy \
	  || echo "Could not install configurable-http-proxy (needs npm); hub tests will be skipped (or fail under CI=true)."; }

## Launch JupyterLab + Voilà on notebooks/00_start_here.ipynb with the worked example.
run: $(STAMP)
	$(BIN)/guidelib run

## Debian's Chromium for the browser tests (Playwright cannot download one here).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null \
	  || echo "Could not install chromium; browser tests will be skipped (or fail under CI=true)."; \
	fi

## The whole suite: lint, unit tests, notebooks (nbval), real servers + Chromium.
test: $(STAMP) browser hub-deps
	$(BIN)/ruff check src tests bench conftest.py
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadfile

## binder/requirements.txt and runtime.txt: the runtime packages as this environment has them.
binder-pins: $(STAMP)
	$(BIN)/python -m guidelib.binder_pins -o binder/requirements.txt

## ruff, and the layer contracts of pyproject.toml (import-linter; docs/ARCHITECTURE.md).
lint: $(STAMP)
	$(BIN)/ruff check src tests bench conftest.py
	$(BIN)/lint-imports

## Benchmarks print figures; they are not part of the pass/fail suite.
bench: $(STAMP)
	$(BIN)/python bench/import_time.py
	$(BIN)/python bench/store_speed.py
	$(BIN)/python bench/datacheck_kanon.py
	$(BIN)/python bench/datacheck_memory.py
	$(BIN)/python bench/datacheck_suppress.py
	$(BIN)/python bench/survey_submit.py
	$(BIN)/python bench/survey_results.py
	$(BIN)/python bench/voila_tti.py

clean:
	rm -rf $(VENV) .pytest_cache build src/*.egg-info
