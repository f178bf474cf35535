# psgnews: `make build ISSUE=119` and `make test` work from a fresh Debian clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ISSUE ?= 119
# make test's workers (pytest-xdist): each test module whole on one worker, so a module's
# shared fixtures (built PDFs, a server, chromium) are made once. PARALLEL= runs in one process.
PARALLEL ?= -n 2 --dist loadscope

.PHONY: build test lint format golden docs docs-images system-deps clean

build: $(VENV)/.runtime system-deps
	$(BIN)/psgnews build $(ISSUE)

test: system-deps $(VENV)/.test $(VENV)/.axe
	$(MAKE) lint
	$(MAKE) docs
	$(BIN)/pytest $(PARALLEL)

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy docs/hooks/references.py docs/images/make.py
	$(BIN)/lint-imports --no-logo --no-cache

format: $(VENV)/.test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The documentation site into site/, strictly: a broken link or reference fails.
docs: $(VENV)/.docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# Remake the screenshots and page images in docs/images/ from the sample (needs chromium).
docs-images: $(VENV)/.test system-deps
	$(BIN)/python docs/images/make.py

# Regenerate tests/golden/sample/ (the sample build but its PDFs) after an intended change.
golden: $(VENV)/.test
	PSGNEWS_REGENERATE_GOLDEN=1 $(BIN)/pytest tests/test_golden.py -q

system-deps:
	@sh .ci/system-deps.sh $(if $(filter test lint,$(MAKECMDGOALS)),test,runtime)

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "psgnews needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --constraint constraints.txt --editable .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

# axe-core (npm, installed by system-deps) checks the accessibility of psgnews's own pages
# in headless chromium.
$(VENV)/.axe: $(BIN)/python
	npm install --silent --no-save --no-package-lock --no-audit --no-fund \
		--prefix $(VENV)/axe axe-core@4.14.1
$(VENV)/.docs: $(VENV)/.runtime
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[docs]'
	touch $@

clean:
	rm -rf build site .pytest_cache .mypy_cache .ruff_cache
