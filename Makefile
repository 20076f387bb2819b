# The two set-up commands of the README:
#   make run    serves the embedded Afghanistan example at http://localhost:8080
#   make test   runs every check CI runs (.ci/run calls it)

GO ?= go
FUZZTIME ?= 10s

.PHONY: run tour test chromium vet unit peers fuzz bench build

run:
	$(GO) run ./cmd/jirga serve

# The README's five-minute tour of the CLI.
tour:
	./scripts/tour.sh

build:
	$(GO) build -o bin/jirga ./cmd/jirga

test: chromium vet unit peers fuzz

# The browser tests drive Debian's chromium; this installs it when missing.
chromium:
	./scripts/install-chromium.sh

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

# The differential test against cedar-go and OPA lives in bench/, a module
# of its own so that the peers stay out of jirga's go.mod.
peers:
	cd bench && $(GO) vet ./... && $(GO) test -count=1 ./...

# Each fuzz target runs for a short time; a crash fails the build.
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
