# ZPD Assess — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench templates screenshots clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP) ## Set up .venv if needed and open the app on the sample engagement
	$(VENV)/bin/streamlit run app.py

test: $(STAMP) ## Set up .venv if needed and run every test
	$(PY) -m pytest

lint: $(STAMP) ## Check style with ruff
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: $(STAMP) ## Run the benchmarks; writes benchmarks/results/latest.json
	$(PY) -m benchmarks.run

templates: $(STAMP) ## Regenerate the client inventory template workbooks in templates/
	$(VENV)/bin/zpd-assess template inventory --lang en --out templates/inventory_template_en.xlsx
	$(VENV)/bin/zpd-assess template inventory --lang he --out templates/inventory_template_he.xlsx

screenshots: $(STAMP) ## Refresh the README's screenshots in docs/ (needs Chromium)
	$(PY) tools/screenshots.py

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
