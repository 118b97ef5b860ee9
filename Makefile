# emrex-gateway — the two README commands (`make run`, `make test`) and their pieces.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
GW := $(VENV)/bin/gateway
CONFIG ?= config/gateway.toml
# The demo contact point abroad that `make run` serves beside CONFIG (empty: none).
DEMO_PEER ?= config/demo-no.toml
SPEC_SOURCE ?= ../shared/spec
DEBIAN_TEST_PACKAGES := xmlsec1 poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export GATEWAY_CONFIG := $(CONFIG)

.PHONY: help install install-dev system-deps schemas certs db registry prepare run serve test lint typecheck pytest bench bench-flows bench-degrees bench-badges clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.runtime: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

install: $(VENV)/.runtime ## Create .venv and install the gateway

install-dev: $(VENV)/.dev ## Install the gateway with test and lint tools

system-deps: ## Install the Debian packages the tests use (xmlsec1, pdftotext) when missing
	@missing=""; \
	command -v xmlsec1 >/dev/null || missing="$$missing xmlsec1"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

schemas: install ## Fill the schema directory from ../shared/spec (or download the pinned originals)
	@if [ -d "$(SPEC_SOURCE)" ]; then $(GW) schemas --source "$(SPEC_SOURCE)"; else $(GW) schemas; fi

certs: install ## Generate the development CA and signing certificates (kept if present), the demo peer's too
	$(GW) certs
	$(if $(DEMO_PEER),$(GW) --config $(DEMO_PEER) certs)

db: install ## Migrate the database and load the demo data (dataset se; the demo peer's: no)
	$(GW) db upgrade
	$(GW) seed --demo
	$(if $(DEMO_PEER),$(GW) --config $(DEMO_PEER) db upgrade)
	$(if $(DEMO_PEER),$(GW) --config $(DEMO_PEER) seed --demo --dataset no)

registry: install schemas certs db ## Write the development EMREX registry (var/registry.json): this gateway and the demo peer
	$(GW) registry build $(CONFIG) $(DEMO_PEER) --out var/registry.json

prepare: install schemas certs db registry ## Everything `make run` does before serving (CI runs the tests on it)

run: prepare ## Serve on :8080 and the demo contact point NO-GW on :8081 (http://localhost:8081); Ctrl-C stops both
	$(PY) scripts/demo.py --config $(CONFIG) $(if $(DEMO_PEER),--peer $(DEMO_PEER))

serve: install ## Serve with the current database and certificates
	$(GW) serve

lint: install-dev
	$(VENV)/bin/ruff check gateway tests bench scripts
	$(VENV)/bin/ruff format --check gateway tests bench scripts

typecheck: install-dev
	$(VENV)/bin/mypy --strict gateway tests
	$(VENV)/bin/mypy --strict scripts/*.py

# Two workers: the CI machine has two cores; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2

pytest: install-dev system-deps schemas
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

test: install-dev system-deps schemas lint typecheck pytest ## Lint, type-check and run the test suite

bench: install-dev schemas ## Print benchmark figures (ELMO export, verify, the PDF transcript and an OpenID4VP presentation against their floors)
	$(PY) bench/elmo.py
	$(PY) bench/verifier.py

bench-flows: install-dev schemas ## Print what one learner's EMREX transfer, wallet issuance, OOTS answer and status list cost
	$(PY) bench/flows.py

bench-degrees: install-dev schemas ## Print what a degree export (three PDFs, ELMO) and its ELM credential cost
	$(PY) bench/degrees.py

bench-badges: install-dev schemas ## Print what one Open Badge costs, part by part, against its signatures
	$(PY) bench/badges.py

# -- PostgreSQL and several workers (README "PostgreSQL and several workers"): a throwaway
# server on loopback with its own data directory under var/, stopped at the end even on failure.
.PHONY: test-pg load
LOAD_ARGS ?=

test-pg: install-dev system-deps schemas ## Run the test suite on PostgreSQL (a throwaway server, var/postgres)
	bash scripts/with-postgres.sh var/postgres $(VENV)/bin/pytest -n $(PYTEST_WORKERS)

load: install schemas ## Print load figures: 100 learners' EMREX flows against 1 and 2 workers (PostgreSQL)
	bash scripts/with-postgres.sh var/postgres-load \
	  sh -c '$(PY) bench/load.py --postgres "$$GATEWAY_TEST_DATABASE_URL" $(LOAD_ARGS)'

clean: ## Remove the virtual environment, databases, schemas and generated keys
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
	find certs -type f ! -name README.md -delete

# -- the local federation (README "Local federation"): se, no, the registry, an OOTS requester and
# a rogue contact point, each its own process on loopback; scripts/federation.py does the work.
FEDERATION := $(PY) scripts/federation.py

.PHONY: federation-up federation-down federation-status federation-test federation-clean browser-deps

federation-up: install schemas ## Start the local federation on loopback (logs, data: var/federation/)
	$(FEDERATION) up

federation-down: ## Stop everything federation-up started (by pid file; safe to run twice)
	$(PYTHON) scripts/federation.py down

federation-status: ## Show what runs where (name, pid, alive, ready, URL, log)
	@$(PYTHON) scripts/federation.py status

federation-test: install-dev system-deps browser-deps schemas ## Fresh federation, run tests/federation (HTTP + Chromium), always stop it
	$(FEDERATION) test

federation-clean: ## Stop the federation and remove var/federation (databases, keys, logs)
	$(PYTHON) scripts/federation.py clean

browser-deps: ## Install Debian's Chromium and certutil (the browser test trusts the dev CA) when missing
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v certutil >/dev/null || missing="$$missing libnss3-tools"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
