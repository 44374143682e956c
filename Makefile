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
CORE_SRCS  := $(wildcard src/*.c)
CORE_LIBS  := -lxxhash -ljansson -lm
UNIT_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))

# --- the CPython build: ci/build/cpython.sh writes its prefix into build/cpython.mk ------------
CPYTHON_MK := $(BUILD)/cpython.mk
-include $(CPYTHON_MK)

.PHONY: help all deps test-deps nightly seeds cpython cpython-key ftfuzz fixtures test unit layout e2e fuzz bench clean distclean doctor

# --- bin/ftfuzz: harness/ (CPython, TSan) + src/ + fuzz/, linked with static libpython ---
LLVM_BIN    := /usr/lib/llvm-19/bin
CLANG_RT    := $(shell $(CC) -print-resource-dir 2>/dev/null)/lib/linux
TSAN_FLAGS  := -fsanitize=thread
EXT_SUFFIX  := $(if $(PY_EXE),$(shell $(PY_EXE) -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))" 2>/dev/null))
BIN_CFLAGS  := $(CSTD) $(WARN) $(CFLAGS) $(TSAN_FLAGS) $(DEPFLAGS) -Isrc -Iharness \
               -isystem $(PY_INCLUDE) \
               -DFTF_PY_PREFIX='"$(PY_PREFIX)"' \
               -DFTF_PY_VERSION='"$(PY_VERSION)"' \
               -DFTF_PY_EXE='"$(PY_EXE)"' \
               -DFTF_SUPPRESSIONS='"$(PY_PREFIX)/tsan-suppressions.txt"' \
               -DFTF_SYMBOLIZER='"$(LLVM_BIN)/llvm-symbolizer"' \
               -DFTF_LLVM_BIN='"$(LLVM_BIN)"' \
               -DFTF_EXT_DIR='"$(abspath $(BUILD)/ext)"' \
               -DFTF_PY_INCLUDE='"$(PY_INCLUDE)"' \
               -DFTF_EXT_SUFFIX='"$(EXT_SUFFIX)"'
HARNESS_SRCS := $(wildcard harness/*/*.c) $(wildcard fuzz/*.c)
HARNESS_SRCS := $(filter-out harness/runtime/gil_probe.c,$(HARNESS_SRCS))
BIN_OBJS    := $(patsubst %.c,$(BUILD)/tsan/%.o,$(CORE_SRCS) $(HARNESS_SRCS)) \
               $(BUILD)/tsan/gen/runner_py.o
# The whole of libpython: lib-dynload modules need symbols that nothing in ftfuzz calls
# (_interpreters: _PyInterpreterConfig_UpdateFromDict), which a plain archive link drops.
BIN_LIBS    := -Wl,--whole-archive $(PY_LIBPYTHON) -Wl,--no-whole-archive $(CLANG_RT)/libclang_rt.fuzzer_no_main-x86_64.a -lstdc++ \
               $(CORE_LIBS) -ldl -lpthread -lutil -lz
GIL_PROBE    = $(BUILD)/ext/_ftfuzz_gil_probe$(EXT_SUFFIX)

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' Makefile | sed 's/:.*## /\t/' | expand -t 12

all: ftfuzz ## build bin/ftfuzz (installs deps and CPython when missing)

deps: ## install clang-19, TSan/libFuzzer runtimes, xxhash, cmocka, jansson, CPython build deps
	@ci/build/deps.sh

test-deps: ## deps, plus what the end-to-end tests use (python3, headless chromium)
	@ci/build/deps.sh --test

$(BUILD)/ftfuzz-cachekey: src/cache_key.c ci/build/cache_key_main.c src/cache_key.h | deps
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Isrc src/cache_key.c ci/build/cache_key_main.c -lxxhash -o $@

# The containers target's seed corpus, generated from the op table (container_seeds.c);
# tests/unit/test_container_seeds.c fails when the checked-in files fall behind the table.
SEED_DIRS := corpus/containers corpus/decoder
$(BUILD)/ftfuzz-write-seeds: ci/build/write_seeds_main.c $(CORE_SRCS) $(wildcard src/*.h src/*.def) | deps
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -Isrc ci/build/write_seeds_main.c $(CORE_SRCS) $(CORE_LIBS) -o $@

seeds: $(BUILD)/ftfuzz-write-seeds ## regenerate corpus/containers and corpus/decoder from the op table
	@mkdir -p $(SEED_DIRS) && $(BUILD)/ftfuzz-write-seeds $(SEED_DIRS)

cpython: $(BUILD)/ftfuzz-cachekey ## build (or reuse from the cache) the TSan free-threaded CPython
	@ci/build/cpython.sh $(CPYTHON_MK) $(BUILD)/ftfuzz-cachekey

cpython-key: $(BUILD)/ftfuzz-cachekey ## print the CPython build's cache name (cpython-VERSION-KEY), e.g. for a CI cache key
	@CPYTHON_KEY_ONLY=1 ci/build/cpython.sh $(CPYTHON_MK) $(BUILD)/ftfuzz-cachekey

ftfuzz: cpython ## build bin/ftfuzz against the cached CPython
	@$(MAKE) --no-print-directory bin/ftfuzz $(GIL_PROBE_TARGET)

# Targets below need build/cpython.mk (written by `make cpython`).
ifneq ($(PY_PREFIX),)
GIL_PROBE_TARGET = $(GIL_PROBE)
bin/ftfuzz: $(BIN_OBJS) $(GIL_PROBE) Makefile  # Makefile: a changed link line relinks
	@mkdir -p $(@D)
	$(CC) $(TSAN_FLAGS) -fsanitize=fuzzer-no-link -Wl,--export-dynamic $(BIN_OBJS) $(BIN_LIBS) -o $@

$(BUILD)/tsan/%.o: %.c $(CPYTHON_MK)
	@mkdir -p $(@D)
	$(CC) $(BIN_CFLAGS) -c $< -o $@

# The core gets libFuzzer coverage too: the report-parser and decoder targets need it, and
# for programs it turns "a new op or object kind rendered" into a feature.
$(BUILD)/tsan/src/%.o: src/%.c $(CPYTHON_MK)
	@mkdir -p $(@D)
	$(CC) $(BIN_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

# The interpreter-side runner travels inside the binary as one C string: the files below,
# concatenated in this order, are one Python module (run.py first: it holds the imports).
RUNNER_PY := $(addprefix harness/runtime/runner/,run.py introspect.py isolation.py bench.py)
$(BUILD)/gen/runner_py.c: $(RUNNER_PY)
	@mkdir -p $(@D)
	{ echo '/* generated from $(RUNNER_PY) */'; \
	  echo 'extern const char ftf_runner_py[]; const char ftf_runner_py[] = {'; \
	  cat $^ | od -An -v -tx1 | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0x00};'; } > $@

$(BUILD)/tsan/gen/runner_py.o: $(BUILD)/gen/runner_py.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(TSAN_FLAGS) -c $< -o $@

# Fixture extension modules for the end-to-end tests: planted races and locked twins,
# built by `ftfuzz build-ext`, as a user's module would be.
FIXTURE_NAMES := $(basename $(notdir $(wildcard tests/fixtures/*.c)))
FIXTURES       = $(patsubst %,$(BUILD)/fixtures/%$(EXT_SUFFIX),$(FIXTURE_NAMES))
$(BUILD)/fixtures/%$(EXT_SUFFIX): tests/fixtures/%.c $(wildcard tests/fixtures/*.h) bin/ftfuzz
	@bin/ftfuzz build-ext $< -D FTF_FIXTURE -o $(BUILD)/fixtures > /dev/null

fixtures: $(FIXTURES)

# A module without Py_mod_gil, built like a user's extension (doctor imports it).
$(GIL_PROBE): harness/runtime/gil_probe.c $(CPYTHON_MK)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O1 -g $(TSAN_FLAGS) -fPIC -shared -isystem $(PY_INCLUDE) $< -o $@
endif

doctor: ftfuzz ## run `ftfuzz doctor`
	bin/ftfuzz doctor

FUZZ_TIME ?= 600
fuzz: deps ftfuzz ## install, build, check, then a FUZZ_TIME (600 s) campaign; prints the findings
	@bin/ftfuzz doctor
	@bin/ftfuzz fuzz --time $(FUZZ_TIME) --out ftfuzz-out; rc=$$?; \
	  echo "findings: ftfuzz-out/findings (ftfuzz triage ftfuzz-out)"; [ $$rc -le 1 ]

# ci/nightly.sh reads its settings from the environment; make passes command-line variables
# (make nightly NIGHTLY_TIME=600 CORPUS_DIR=... BASELINE=...) to it as such.
nightly: ftfuzz ## one night of CI fuzzing (ci/nightly.sh: NIGHTLY_TIME, JOBS, CORPUS_DIR, BASELINE, OUT, MODULE...)
	@ci/nightly.sh

BENCH_BIN := $(BUILD)/bench/throughput
ifneq ($(PY_PREFIX),)
$(BENCH_BIN): bench/throughput.c $(filter-out $(BUILD)/tsan/harness/cli/main.o,$(BIN_OBJS))
	@mkdir -p $(@D)
	$(CC) $(BIN_CFLAGS) -Wno-missing-prototypes -c bench/throughput.c -o $(BUILD)/bench/throughput.o
	$(CC) $(TSAN_FLAGS) -fsanitize=fuzzer-no-link -Wl,--export-dynamic $(BUILD)/bench/throughput.o \
	    $(filter-out $(BUILD)/tsan/harness/cli/main.o,$(BIN_OBJS)) $(BIN_LIBS) -o $@
endif

bench: ftfuzz fixtures ## benchmarks: throughput vs limit, corpus growth, time to first finding, schedule points, replay rate, bugs, RSS, exploration, stdlib sweep
	@$(MAKE) --no-print-directory $(BENCH_BIN)
	@echo "== throughput: $(BENCH_BIN) 200"; $(BENCH_BIN) 200
	@echo "== corpus growth: bench/corpus_growth.sh 120"; bench/corpus_growth.sh 120
	@echo "== time to first finding: bench/first_finding.sh"; bench/first_finding.sh
	@echo "== cost of fresh-state runs: bench/fresh_cost.sh"; bench/fresh_cost.sh
	@echo "== schedule points, with vs without: bench/sched_effect.sh"; bench/sched_effect.sh
	@echo "== minimised findings' replay rate: bench/minimise_rate.sh"; bench/minimise_rate.sh
	@echo "== bugs of a default campaign: bench/bugs_campaign.sh $(BENCH_BUGS_SECONDS)"; \
	  bench/bugs_campaign.sh $(BENCH_BUGS_SECONDS)
	@echo "== RSS over a campaign: bench/rss_campaign.sh $(BENCH_RSS_SECONDS)"; \
	  bench/rss_campaign.sh $(BENCH_RSS_SECONDS)
	@echo "== does the campaign explore: bench/campaign.sh $(BENCH_CAMPAIGN_SECONDS)"; \
	  bench/campaign.sh $(BENCH_CAMPAIGN_SECONDS)
	@echo "== the standard-library sweep: bench/stdlib_sweep.sh $(BENCH_SWEEP_SECONDS)"; \
	  bench/stdlib_sweep.sh $(BENCH_SWEEP_SECONDS)
BENCH_SWEEP_SECONDS ?= 600
BENCH_CAMPAIGN_SECONDS ?= 600
BENCH_RSS_SECONDS ?= 1800
BENCH_BUGS_SECONDS ?= 600

# --- unit tests -----------------------------------------------------------------------------
$(BUILD)/unit/core/%.o: src/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(UNIT_SAN) $(DEPFLAGS) -Isrc -c $< -o $@

$(BUILD)/unit/%: tests/unit/%.c $(patsubst src/%.c,$(BUILD)/unit/core/%.o,$(CORE_SRCS))
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes $(CFLAGS) $(UNIT_SAN) $(DEPFLAGS) -Isrc -Itests/unit \
	    -Iharness $(filter %.c %.o,$^) -lcmocka $(CORE_LIBS) -o $@

# The one unit test of a harness module that uses only src/.
$(BUILD)/unit/test_restart_corpus: harness/campaign/restart_corpus.c

unit: $(UNIT_TESTS) ## run the unit tests (cmocka)
	@fail=0; for t in $(UNIT_TESTS); do ASAN_OPTIONS=detect_leaks=1 $$t || fail=1; done; exit $$fail

E2E_TESTS := $(patsubst tests/e2e/%.c,$(BUILD)/e2e/%,$(wildcard tests/e2e/test_*.c))
$(BUILD)/e2e/%: tests/e2e/%.c tests/e2e/e2e.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes $(CFLAGS) -Itests/e2e $< -lcmocka -o $@

e2e: test-deps ftfuzz $(E2E_TESTS) ## run the end-to-end tests (fixture modules, real campaigns)
	@$(MAKE) --no-print-directory fixtures
	@fail=0; for t in $(E2E_TESTS); do FTFUZZ_REPO=$(CURDIR) $$t || fail=1; done; exit $$fail

layout: ## check the layout: includes follow the pipeline, no include cycle, no file over 800 lines
	@tests/layout/check_layers.sh

test: test-deps ## everything: unit tests, the layout check, then end-to-end tests (ends with cmocka's summary)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory layout
	@$(MAKE) --no-print-directory e2e

clean: ## remove build outputs (keeps the CPython cache)
	rm -rf $(BUILD) bin

distclean: clean ## also remove the CPython builds in $(FTFUZZ_CACHE)
	rm -rf $(FTFUZZ_CACHE)/cpython-* $(FTFUZZ_CACHE)/logs

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
