# The two commands: `make demo` and `make test`. Both set up the machine first.
SWIFT ?= swift
SWIFT_FLAGS ?=
# scripts/setup builds libpg_query for the Postgres 17 grammar into .build-deps/ and writes its pkg-config file
# there; without it SwiftPM finds no gate-pg-query.pc and links Debian's libpg_query 15.
export PKG_CONFIG_PATH := $(CURDIR)/.build-deps/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))

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

# What is measured is the binary `make dist` ships (Swift runtime linked statically): a dynamically linked build
# spends about 7 ms of every run resolving the toolchain's libraries.
bench: setup
	./bench/run "$$(./scripts/dist --binary)"

# A relocatable Linux tarball (static Swift runtime, C libraries beside the binary) and its SHA-256.
dist: setup
	./scripts/dist dist

dist-test: dist
	./scripts/dist-test "$$(ls dist/gate-*-linux-$$(uname -m).tar.gz | head -n 1)"

clean:
	rm -rf .build .build-dist dist
