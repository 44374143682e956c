# Makefile - build, test and run ftfuzz. `make help` lists the targets.

CC       := clang-19
FTFUZZ_CACHE ?= $(HOME)/.cache/ftfuzz
PY       ?= 3.13
export FTFUZZ_CACHE PY CPYTHON_SRC

BUILD    := build
WARN     := -Wall -Wextra -Werror -Wconversion -Wshadow -Wstrict-prototypes -Wformat=2 \
            -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wundef -Wvla \
            -Wimplicit-fallthrough -Wno-unused-parameter
CFLAGS   ?= -O2 -g
CSTD     := -std=c11 -D_GNU_SOURCE
DEPFLAGS := -MMD -MP

# --- core library: src/, no CPython, unit-tested natively with ASan+UBSan --------------
CORE_SRCS  := $(filter-out %_main.c,$(wildcard src/*.c))
CORE_LIBS  := -lxxhash -ljansson -lm
UNIT_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))

# --- the CPython build: ci/cpython.sh writes its prefix into build/cpython.mk ------------
CPYTHON_MK := $(BUILD)/cpython.mk
-include $(CPYTHON_MK)

.PHONY: help all deps cpython test unit e2e fuzz bench clean distclean doctor

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

all: bin/ftfuzz ## build bin/ftfuzz (installs deps and CPython when missing)

deps: ## install clang-19, TSan/libFuzzer runtimes, xxhash, cmocka, jansson, CPython build deps
	@ci/deps.sh

$(BUILD)/ftfuzz-cachekey: src/cache_key.c src/cache_key_main.c src/cache_key.h | deps
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) src/cache_key.c src/cache_key_main.c -lxxhash -o $@

cpython: $(BUILD)/ftfuzz-cachekey ## build (or reuse from the cache) the TSan free-threaded CPython
	@ci/cpython.sh $(CPYTHON_MK) $(BUILD)/ftfuzz-cachekey

# --- unit tests -----------------------------------------------------------------------------
$(BUILD)/unit/core/%.o: src/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(UNIT_SAN) $(DEPFLAGS) -Isrc -c $< -o $@

$(BUILD)/unit/%: tests/unit/%.c $(patsubst src/%.c,$(BUILD)/unit/core/%.o,$(CORE_SRCS))
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes $(CFLAGS) $(UNIT_SAN) $(DEPFLAGS) -Isrc -Itests/unit \
	    $^ -lcmocka $(CORE_LIBS) -o $@

unit: $(UNIT_TESTS) ## run the unit tests (cmocka)
	@fail=0; for t in $(UNIT_TESTS); do ASAN_OPTIONS=detect_leaks=1 $$t || fail=1; done; exit $$fail

test: unit ## everything: unit and end-to-end tests

clean: ## remove build outputs (keeps the CPython cache)
	rm -rf $(BUILD) bin

distclean: clean ## also remove the CPython builds in $(FTFUZZ_CACHE)
	rm -rf $(FTFUZZ_CACHE)/cpython-* $(FTFUZZ_CACHE)/logs

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
