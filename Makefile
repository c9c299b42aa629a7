# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` installs the runtime dependencies only; `make test` adds the test tools
# (pytest, playwright, ruff…), so that the first start does not wait for them.
RUNTIME_STAMP := $(VENV)/.gongkai-runtime
STAMP := $(VENV)/.gongkai-installed
NPM_STAMP := node_modules/.gongkai-installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/gongkai_test
PG_REPLICA_URL ?= postgres://postgres@127.0.0.1:5433/postgres

.PHONY: lock audit run test install install-runtime frontend lint imports types pytest pytest-pg demo bench clean system-packages bench-packages

# Dependencies come from the lock files, pinned with hashes (requirements.lock: runtime;
# requirements-test.lock: runtime + test tools, same versions). `make lock` regenerates both from pyproject.toml.
$(RUNTIME_STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP) requirements-test.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

LOCK_FLAGS := --quiet --generate-hashes --strip-extras --allow-unsafe --index-url https://pypi.org/simple \
	--no-emit-index-url --no-emit-find-links
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile $(LOCK_FLAGS) --upgrade --output-file requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra test --constraint requirements.lock --output-file requirements-test.lock pyproject.toml

# Known vulnerabilities in the pinned runtime dependencies (PyPA advisory database).
audit: install
	$(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/pip-audit --require-hashes --disable-pip -r requirements.lock

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

gongkai/static/dist/.built: $(NPM_STAMP) scripts/build-frontend.mjs
	node scripts/build-frontend.mjs
	touch gongkai/static/dist/.built

install-runtime: $(RUNTIME_STAMP) gongkai/static/dist/.built

install: $(STAMP) gongkai/static/dist/.built

frontend: gongkai/static/dist/.built

demo: install-runtime
	@mkdir -p var
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo

run: demo
	@$(BIN)/gongkai demo --accounts
	@echo
	@echo "公开门户：  http://$(HOST):$(PORT)/"
	@echo "管理后台：  http://$(HOST):$(PORT)/admin/  （用上表中的账号和密码登录，例如 dx.office；按 Ctrl+C 停止）"
	@echo
	@# the background worker (OCR of scanned attachments, inspections) beside the server, stopped with it
	$(BIN)/gongkai worker --verbosity 0 & trap 'kill $$! 2>/dev/null' EXIT; $(BIN)/gongkai runserver $(HOST):$(PORT)

# Debian packages the tests use, when missing and apt is usable (root, as on CI): Chromium for the browser
# tests, Noto CJK fonts for screenshots and PDFs, tesseract with simplified Chinese for OCR of scanned files,
# nginx in front of two app nodes in the multi-node test (tests/deploy/test_cluster.py).
DEB_PACKAGES := chromium fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim nginx
system-packages:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "安装测试所需的 Debian 软件包:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "缺少 Debian 软件包:$$missing（相关测试将跳过）"; fi; \
	fi

# Those of `make bench`'s load section: wrk, and redis-server (the shared cache of production).
BENCH_PACKAGES := wrk redis-server
bench-packages:
	@$(MAKE) --no-print-directory system-packages DEB_PACKAGES="$(BENCH_PACKAGES)"

lint: install
	$(BIN)/ruff check .

imports: install
	$(BIN)/lint-imports

types: install
	$(BIN)/mypy

pytest: install system-packages
	$(BIN)/pytest

# PostgreSQL when GONGKAI_TEST_DATABASE_URL is set or a server answers on 127.0.0.1:5432. With the local
# server, a streaming replica of it on 127.0.0.1:5433 for the router's tests (scripts/pg_replica.py: built
# once with pg_basebackup, then reused; skipped with a message where it cannot be had).
pytest-pg: install system-packages
	@url="$${GONGKAI_TEST_DATABASE_URL:-}"; replica="$${GONGKAI_TEST_REPLICA_URL:-}"; \
	if [ -z "$$url" ] && $(BIN)/python scripts/pg_available.py "$(PG_URL)"; then url="$(PG_URL)"; fi; \
	case "$$url" in *@127.0.0.1:5432/*) if [ -z "$$replica" ] && \
	  $(BIN)/python scripts/pg_replica.py start --allow-replication; then replica="$(PG_REPLICA_URL)"; fi;; esac; \
	if [ -n "$$url" ]; then echo "== PostgreSQL: $$url$${replica:+（只读副本 $$replica）}"; \
	  GONGKAI_TEST_DATABASE_URL="$$url" GONGKAI_TEST_REPLICA_URL="$$replica" $(BIN)/pytest; \
	else echo "== 未发现 PostgreSQL，跳过 PostgreSQL 测试"; fi

test: lint imports types pytest pytest-pg

# Speed at a generated province's scale (N counties, default 2), the heavy paths, then 10 minutes of load on the
# production server; var/bench.json (README, "性能 / Performance"). E.g. make bench BENCH_ARGS="--scale 100 --only scale"
BENCH_ARGS ?=
bench: install-runtime bench-packages
	$(BIN)/python -m gongkai.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules gongkai/static/dist var
