# Mitra Bekasi — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app matchmaker

.DEFAULT_GOAL := help
.PHONY: help run test bench quality tune bench-import e2e lighthouse gallery fuzz load faults servers security lint architecture format translations extract-messages clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt $(BIN)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

translations: $(BIN)/.installed ## Compile the message catalogs (.po -> .mo)
	$(BIN)/pybabel compile --use-fuzzy -d matchmaker/translations

run: $(BIN)/.installed translations ## Migrate the SQLite database, load reference and demo data, serve on $PORT with a job worker beside it
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) train --if-missing
	@echo "Serving Mitra Bekasi on http://127.0.0.1:$(PORT), job worker in the background"
	@# The worker (e-mail, imports, the daily schedule) lives and dies with the server.
	$(FLASK) jobs worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker; trap - EXIT; exit' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: $(BIN)/.installed-dev translations ## Run the whole test suite on JOBS=2 workers (TEST_DATABASE_URL for PostgreSQL; PYTEST_ARGS for more)
	$(BIN)/pytest -n $(or $(JOBS),2) $(PYTEST_ARGS)

bench: $(BIN)/.installed-dev ## Matching benchmark, 1M businesses, median of RUNS=3 (PRESET=small: 50k, one run <1 min; PostgreSQL FTS if DATABASE_URL)
	$(BIN)/python -m bench.matching --preset $(or $(PRESET),full) --runs $(or $(RUNS),$(if $(filter small tiny,$(PRESET)),1,3))

quality: $(BIN)/.installed-dev ## Suggestion quality on the judged sets through the CLI contract (own and blind; SETS="path ..." for others): nDCG@10, P@5, MRR vs sublinear TF-IDF, band calibration
	$(BIN)/python -m bench.quality $(SETS)

tune: $(BIN)/.installed-dev ## Choose the model's settings by company-grouped CV on the tuning sets (own, dev) and refit ml/data/calibration.json (never reads the blind set)
	$(BIN)/python -m bench.tune

bench-import: $(BIN)/.installed-dev ## Programme import benchmark: 10,000 messy participant rows (XLSX and CSV), median of RUNS=3, PASS under 30 s
	$(BIN)/python -m bench.programme_import --runs $(or $(RUNS),3)

NODE_QA := qa/node/node_modules/.installed

$(NODE_QA): qa/node/package.json qa/node/package-lock.json
	cd qa/node && npm ci --no-fund --no-audit --loglevel=error
	touch $@

e2e: $(BIN)/.installed-dev translations $(NODE_QA) ## Browser journeys in Debian's Chromium (/usr/bin/chromium), phone and desktop, axe-core on every page; screenshots in qa/artifacts/e2e/
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/pytest -c qa/e2e/pytest.ini qa/e2e

lighthouse: $(BIN)/.installed-dev translations $(NODE_QA) ## Lighthouse 12 (mobile) on home, login, suggestions, introductions, dashboard and desk as their users, median of RUNS=3; targets of README "Phones"
	$(BIN)/python -m qa.lighthouse.run --runs $(or $(RUNS),3)

gallery: $(BIN)/.installed-dev translations ## Phone screenshots (360x740) of the main pages for README's gallery, in docs/gallery/
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m qa.gallery

fuzz: $(BIN)/.installed-dev translations ## API fuzzing: schemathesis per role against gunicorn (FUZZ_EXAMPLES=10, FUZZ_SEED); summary in qa/artifacts/fuzz/
	$(BIN)/python -m qa.fuzz.run

load: $(BIN)/.installed-dev translations ## Load: locust, 50 users for LOAD_SECONDS=120 on gunicorn (2 workers; LOAD_SERVERS=2: two servers, own instance folders, one model version) + PostgreSQL qa_load (100k businesses); p95 <= 300 ms, no errors
	$(BIN)/python -m qa.load.run

faults: $(BIN)/.installed-dev translations ## Faults under load: PostgreSQL restart and crash (private cluster), deleted model file; summary in qa/artifacts/faults/
	$(BIN)/python -m qa.faults.run

servers: $(BIN)/.installed-dev translations ## Two gunicorn servers, one published model: flask train on one, the other downloads (never trains), re-downloads a deleted file; PostgreSQL qa_servers; summary in qa/artifacts/servers/
	$(BIN)/python -m qa.servers.run

security: $(BIN)/.installed-dev translations ## bandit, then sqlmap + wapiti (Debian) as every role against gunicorn, ~2 min (SECURITY_FULL=1: all URLs, level 2); reports in qa/artifacts/security/
	$(BIN)/bandit -q -r matchmaker ml qa/security
	$(BIN)/python -m qa.security.run

lint: $(BIN)/.installed-dev ## ruff check and format check; import-linter's architecture contracts (pyproject.toml)
	$(BIN)/ruff check matchmaker ml tests qa
	$(BIN)/ruff format --check matchmaker ml tests qa
	$(BIN)/lint-imports --config pyproject.toml

architecture: $(BIN)/.installed-dev ## Import cycles among matchmaker's parts (deferred imports counted), deferred imports, folders over 15 modules
	$(BIN)/python -m qa.architecture

format: $(BIN)/.installed-dev ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix matchmaker ml tests
	$(BIN)/ruff format matchmaker ml tests

extract-messages: $(BIN)/.installed-dev ## Extract UI strings and update the English catalog
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs '.* __pycache__ .venv' -o matchmaker/translations/messages.pot .
	$(BIN)/pybabel update -i matchmaker/translations/messages.pot -d matchmaker/translations

clean: ## Remove the virtualenv and compiled catalogs (keeps instance/)
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find matchmaker/translations -name '*.mo' -delete
