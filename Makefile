# The two commands: `make demo` and `make test`. Both set up the machine first.
SWIFT ?= swift
SWIFT_FLAGS ?=

.PHONY: setup build test demo bench dist dist-test clean

setup:
	./scripts/setup

build: setup
	$(SWIFT) build $(SWIFT_FLAGS)

# Every test is XCTest; without Swift Testing its empty "0 tests" line cannot end the log. The relocatable
# tarball is built and proven first, so the XCTest summary stays the last thing the log says.
test: setup dist-test
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	./scripts/with-postgres $(SWIFT) test --skip-build --disable-swift-testing $(SWIFT_FLAGS)

demo: setup
	$(SWIFT) build $(SWIFT_FLAGS)
	./scripts/demo "$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/gate"

bench: setup
	$(SWIFT) build -c release $(SWIFT_FLAGS)
	./bench/run "$$($(SWIFT) build -c release $(SWIFT_FLAGS) --show-bin-path)/gate"

# A relocatable Linux tarball (static Swift runtime, C libraries beside the binary) and its SHA-256.
dist: setup
	./scripts/dist dist

dist-test: dist
	./scripts/dist-test "$$(ls dist/gate-*-linux-$$(uname -m).tar.gz | head -n 1)"

clean:
	rm -rf .build .build-dist dist
