# The two set-up commands of the README:
#   make run    the five-minute tour on the embedded Afghanistan example
#   make test   runs every check CI runs (.ci/run calls it)

GO ?= go
FUZZTIME ?= 10s

.PHONY: run test vet unit fuzz bench build

run:
	./scripts/tour.sh

build:
	$(GO) build -o bin/jirga ./cmd/jirga

test: vet unit fuzz

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

# Each fuzz target runs for a short time; a crash fails the build.
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
