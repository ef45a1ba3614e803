# ZPD Assess — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
LOCK := requirements.lock

.DEFAULT_GOAL := help
.PHONY: help venv lock run workshop test check lint format bench templates screenshots clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Every package, transitive ones included, comes from the hashed lock; then the project itself,
# built with the locked setuptools (no unpinned download at build time).
$(STAMP): $(LOCK) pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

# SurveyJS (the browser test runs the surveys we write in the real library), pinned, from npm.
SURVEYJS_VERSION := 2.5.38
SURVEYJS := build/surveyjs/node_modules/survey-js-ui/package.json
$(SURVEYJS):
	@command -v npm >/dev/null || { echo "npm is needed to fetch SurveyJS for the tests: apt-get install -y npm" >&2; exit 1; }
	npm install --prefix build/surveyjs --no-save --no-package-lock --no-audit --no-fund \
	  survey-core@$(SURVEYJS_VERSION) survey-js-ui@$(SURVEYJS_VERSION)

# The published types the Formbricks and Typeform surveys are checked against (tsc --noEmit), pinned.
SURVEY_TOOLS := build/survey-tools/node_modules/.zpd-survey-tools-1
$(SURVEY_TOOLS):
	@command -v npm >/dev/null || { echo "npm is needed to fetch the survey tools' types for the tests: apt-get install -y npm" >&2; exit 1; }
	npm install --prefix build/survey-tools --no-save --no-package-lock --no-audit --no-fund \
	  --legacy-peer-deps typescript@5.9.3 @typeform/api-client@2.10.4 @formbricks/react-native@3.2.0
	@touch $(SURVEY_TOOLS)

lock: ## Regenerate requirements.lock (hashes, every package) from pyproject.toml
	@test -x $(VENV)/bin/uv || $(MAKE) --no-print-directory venv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.11 --quiet --output-file $(LOCK)

run: $(STAMP) ## Set up .venv if needed and open the app on this machine only (127.0.0.1)
	$(VENV)/bin/streamlit run asgi.py --server.address 127.0.0.1

workshop: $(STAMP) ## Serve the app to the room over HTTPS (needs ZPD_FACILITATOR_PASSCODE)
	$(VENV)/bin/zpd-assess serve --network

test: $(STAMP) $(SURVEYJS) $(SURVEY_TOOLS) ## Set up .venv (and SurveyJS and the survey tools' types for the tests) if needed; run every test (two workers: the browser tests on one, the rest on both)
	$(PY) -m pytest -n 2

check: $(STAMP) ## The everyday loop: lint, types and the fast tests (not slow, not browser)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -n 2 -m "not slow and not browser"

lint: $(STAMP) ## Check style with ruff and types with mypy (config in pyproject.toml)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

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
