# Lượt — build, run and test. `make` alone lists the targets; CI runs `make test` (.ci/run).
# A target's description is its `## ` comment.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# Go from PATH, else the standard install location (a fresh Debian machine with Go in
# /usr/local/go but not on PATH).
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
ifneq ($(findstring /,$(GO)),)
export PATH := $(patsubst %/,%,$(dir $(GO))):$(PATH)
endif

# GOFLAGS: keep what the environment or `go env -w` set (e.g. -buildvcs=false) and add
# -trimpath so that binaries and test output do not carry this machine's paths. -mod=readonly
# is Go's default: the build never edits go.mod; `go mod tidy` is a deliberate act.
GOFLAGS_BASE := $(shell $(GO) env GOFLAGS 2>/dev/null)
export GOFLAGS := $(strip $(GOFLAGS_BASE) $(if $(findstring -trimpath,$(GOFLAGS_BASE)),,-trimpath))

BIN       := bin/luot
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   ?= -X main.version=$(VERSION)
# The binary is pure Go: build it static so it runs on any Linux host (deploy/luot.service).
BUILD_ENV ?= CGO_ENABLED=0

TEST_TIMEOUT ?= 30m
TEST_FLAGS   ?= -race -count=1 -timeout $(TEST_TIMEOUT)
BENCH_FLAGS  ?= -run '^$$' -bench . -benchmem

# What the tests need from Debian (installed by scripts/deps.sh when missing).
TEST_DEPS ?= redis chromium poppler jq curl

.PHONY: help build run test bench bench-load bench-national lint check clean

help: ## List the targets (this text)
	@echo "Lượt — make targets:"
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "Variables: GO=$(GO) GOFLAGS='$(GOFLAGS)' TEST_TIMEOUT=$(TEST_TIMEOUT)"

build: ## Build the server binary bin/luot
	@mkdir -p $(dir $(BIN))
	$(BUILD_ENV) $(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./server

run: ## Build, start a local Redis (unless REDIS_URL) and the server with demo accounts; Ctrl-C stops
	scripts/run.sh

test: ## Install test deps if missing, go vet, all tests with -race, then the `make run` smoke test
	scripts/deps.sh $(TEST_DEPS)
	$(GO) vet ./...
	$(GO) test $(TEST_FLAGS) ./...
	scripts/smoke-run.sh

bench: ## Go benchmarks (-benchmem) of every package, then the load-generator steps (bench-load, bench-national)
	scripts/deps.sh redis
	$(GO) test $(BENCH_FLAGS) -skip '^BenchmarkNational$$' ./...
	@$(MAKE) bench-load
	scripts/bench-fanout.sh
	@$(MAKE) bench-national

# The HTTP load generator (`luot loadgen`) against the full server and the baselines (a bare
# fiber handler running the same Lua script, and redis-benchmark on it), side by side on
# loopback; prints the figures for the README. BENCH_N, BENCH_C, BENCH_FSYNC: see the script.
bench-load: ## Issue/next throughput and latency over HTTP on loopback, full server vs baselines (scripts/bench.sh)
	scripts/deps.sh redis jq curl
	scripts/bench.sh

# The national day of README's "Running at scale": a generated organisation of 3,300 sites
# (~15,000 counters, an officer each), 1,000,000 tickets issued, called and finished over HTTP
# by `luot loadgen -national` on one server and one Redis node, issuing stopped after 10 min,
# every invariant verified; beside it the single-site figures of the same run. Settings:
# BENCH_NATIONAL_TICKETS, BENCH_NATIONAL_SITES, BENCH_NATIONAL_MAX (10m), BENCH_NATIONAL_C,
# BENCH_NATIONAL_BASELINE, BENCH_NATIONAL_OUT (see server/national_bench_test.go).
bench-national: ## The national day: 3,300 sites, 1,000,000 tickets over HTTP, verified, vs single-site
	scripts/deps.sh redis
	$(GO) test -run '^$$' -bench '^BenchmarkNational$$' -benchtime 1x -timeout 60m ./server/

lint: ## gofmt (must list nothing), go vet, and staticcheck when it is installed
	@files=$$(find . -name '*.go' -not -path './.git/*' -not -path './data/*' -not -path './bin/*' \
		-not -path '*/node_modules/*' -not -path './test-output/*'); \
	unformatted=$$(gofmt -l $$files); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt: these files need formatting (run gofmt -w):"; echo "$$unformatted" | sed 's/^/  /'; \
		exit 1; \
	fi
	$(GO) vet ./...
	@if command -v staticcheck >/dev/null 2>&1; then \
		echo "staticcheck ./..."; staticcheck ./...; \
	else \
		echo "lint: staticcheck not installed; skipped (go install honnef.co/go/tools/cmd/staticcheck@latest)"; \
	fi

check: lint test ## lint, then test (what to run before pushing)

clean: ## Remove bin/, test-output/ and the Go test cache (keeps data/: the local Redis data)
	rm -rf bin test-output
	$(GO) clean -testcache
	@echo "clean: data/ kept (local Redis AOF and logs of make run); remove it by hand to start afresh"
