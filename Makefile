# Everything a fresh machine needs, in a virtual environment of its own (.venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINT_DIR := tests/cypher_lint
LINT_STAMP := $(LINT_DIR)/node_modules/.installed
# Scripts the browser tests inject into pages (axe-core for the accessibility checks).
ASSETS_DIR := tests/browser_assets
ASSETS_STAMP := $(ASSETS_DIR)/node_modules/.installed
# The demo keeps its data in the project folder unless KAMGRAPH_DATA_DIR says otherwise.
DEMO_DATA ?= $(CURDIR)/.kamgraph-demo

.PHONY: install demo test lint typecheck unit chromium dovecot bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(LINT_STAMP): $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json
	cd $(LINT_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(LINT_STAMP)

$(ASSETS_STAMP): $(ASSETS_DIR)/package.json $(ASSETS_DIR)/package-lock.json
	cd $(ASSETS_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(ASSETS_STAMP)

demo: $(STAMP)
	KAMGRAPH_DATA_DIR=$${KAMGRAPH_DATA_DIR:-$(DEMO_DATA)} $(BIN)/kamgraph demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The browser tests drive Debian's chromium; install it when we can (root with apt), else they
# are skipped with that reason (and fail under CI=true, where .ci/run has installed it).
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && export DEBIAN_FRONTEND=noninteractive && apt-get update -qq && apt-get install -y -qq chromium >/dev/null \
	  || echo "chromium not installed: the browser tests will be skipped"; }

# The sync tests start a real IMAP server: Debian's Dovecot (installed as chromium is).
dovecot:
	@test -x /usr/sbin/dovecot || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && export DEBIAN_FRONTEND=noninteractive && apt-get update -qq && apt-get install -y -qq dovecot-imapd >/dev/null \
	  || echo "dovecot not installed: the IMAP sync tests will be skipped"; }

unit: $(STAMP) $(LINT_STAMP) $(ASSETS_STAMP) chromium dovecot
	$(BIN)/pytest

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m bench.import_throughput
	$(BIN)/python -m bench.analyses
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.maps
	$(BIN)/python -m bench.plans
	$(BIN)/python -m bench.connectors
	$(BIN)/python -m bench.pages
	$(BIN)/python -m bench.portfolio
	$(BIN)/python -m bench.workspace

clean:
	rm -rf $(VENV) $(LINT_DIR)/node_modules $(ASSETS_DIR)/node_modules .kamgraph-demo .pytest_cache .mypy_cache .ruff_cache
