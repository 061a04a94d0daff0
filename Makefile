# The two commands: `make demo` and `make test`. Both set up the machine first.
SWIFT ?= swift
SWIFT_FLAGS ?=

.PHONY: setup build test demo bench clean

setup:
	./scripts/setup

build: setup
	$(SWIFT) build $(SWIFT_FLAGS)

# Every test is XCTest; without Swift Testing its empty "0 tests" line cannot end the log.
test: setup
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	./scripts/with-postgres $(SWIFT) test --skip-build --disable-swift-testing $(SWIFT_FLAGS)

demo: setup
	$(SWIFT) build $(SWIFT_FLAGS)
	./scripts/demo "$$($(SWIFT) build $(SWIFT_FLAGS) --show-bin-path)/gate"

bench: setup
	$(SWIFT) build -c release $(SWIFT_FLAGS)
	./bench/run "$$($(SWIFT) build -c release $(SWIFT_FLAGS) --show-bin-path)/gate"

clean:
	rm -rf .build
