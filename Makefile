# Tsunagu — the two commands: `make run` (build and serve) and `make test` (build and run
# every test). See README.md.

BUILD_DIR ?= build
HOST ?= 127.0.0.1
PORT ?= 8080
DATA ?= data
JOBS ?= $(shell nproc)
CMAKE_BUILD_TYPE ?= RelWithDebInfo

# Let ccache reuse objects across clones in other folders (CI builds a fresh clone each time).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: all deps build build-server build-web run test test-server test-web test-e2e bench bench-consult format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps build-server build-web

build-server:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) > /dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

build-web:
	@cd web && npm run --silent build

run: build
	@$(BUILD_DIR)/tsunagu serve --host $(HOST) --port $(PORT) --data $(DATA) --web web/dist --content content

# C++ unit + integration tests, web unit tests, then browser end-to-end tests.
test: build
	@$(MAKE) --no-print-directory test-server test-web test-e2e

test-server:
	@ctest --test-dir $(BUILD_DIR) -j $(JOBS) --output-on-failure

test-web:
	@cd web && npm run --silent test

# In a private network namespace when possible (root): WebRTC between Janus and Chromium on
# 127.0.0.1 needs one (scripts/netns-run.sh); elsewhere the voice tests are skipped.
test-e2e:
	@if [ "$$(id -u)" = 0 ] && scripts/netns-run.sh true 2>/dev/null; then \
	  TSUNAGU_BINARY=$(abspath $(BUILD_DIR))/tsunagu scripts/netns-run.sh sh -c 'cd web && npm run --silent e2e'; \
	else \
	  echo "note: not root, so the voice end-to-end tests are skipped (see scripts/netns-run.sh)"; \
	  cd web && TSUNAGU_BINARY=$(abspath $(BUILD_DIR))/tsunagu npm run --silent e2e; \
	fi

# The load series with the bot swarm; writes docs/benchmarks.md and docs/benchmarks.png (takes
# about ten minutes). Installs gnuplot and jq, which only this needs.
bench:
	@scripts/install-deps.sh --bench
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) > /dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target tsunagu tsunagu-swarm
	@BUILD_DIR=$(BUILD_DIR) scripts/bench.sh

# How fast a consultation request reaches the clinicians on duty (docs/benchmarks.md).
bench-consult:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) > /dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target tsunagu tsunagu-consult-bench
	@server/bench/consult_bench.sh $(BUILD_DIR)/tsunagu $(BUILD_DIR)/tsunagu-consult-bench content \
	  --clinicians 20 --patients 500 --rate 20

format:
	@clang-format -i $$(git ls-files 'server/*.cc' 'server/*.h' 'server/*.cpp')

clean:
	@rm -rf $(BUILD_DIR) web/dist
