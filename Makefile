# The two commands: `make demo` and `make test`. Both set up the machine first.
SWIFT ?= swift
SWIFT_FLAGS ?=
# scripts/setup builds libpg_query for the Postgres 17 grammar into .build-deps/ and writes its pkg-config file
# there; without it SwiftPM finds no gate-pg-query.pc and links Debian's libpg_query 15.
export PKG_CONFIG_PATH := $(CURDIR)/.build-deps/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))

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
