# ecsnet: build, test, demo. See README.md.
#
# `make` builds the C module ecsnet.core once per Lua (5.4, 5.3, 5.1, LuaJIT)
# under gcc and under clang, plus the core as a static library and the C
# tests, which link it without Lua. Outputs go to build/<compiler>/<lua>/.

LUAS      := lua5.4 lua5.3 lua5.1 luajit
COMPILERS := gcc clang

INC_lua5.4 := /usr/include/lua5.4
INC_lua5.3 := /usr/include/lua5.3
INC_lua5.1 := /usr/include/lua5.1
INC_luajit := /usr/include/luajit-2.1

WARN   := -std=c99 -Wall -Wextra -Werror -pedantic -Wshadow \
          -Wmissing-prototypes -Wstrict-prototypes
OPT    ?= -O2 -g
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isrc -I/usr/include/cjson
LIBS   := -lcjson -lcidr

CORE_SRC := $(sort $(wildcard src/ecsnet_*.c))
BIND_SRC := $(sort $(wildcard src/lecsnet*.c))
HDRS     := $(wildcard src/*.h)
CTEST_SRC := $(sort $(wildcard test/test_*.c))

.PHONY: all deps build asan test demo bench fuzz fuzz-build docs clean lint instance-data

all: build

deps:
	@sh tools/deps.sh

# --- per-compiler, per-Lua rules -------------------------------------------

define core_rules
build/$(1)/core/%.o: src/%.c $(HDRS)
	@mkdir -p $$(@D)
	$(1) $(WARN) $(OPT) -fPIC $(CPPFLAGS) -c $$< -o $$@

build/$(1)/libecsnet.a: $(patsubst src/%.c,build/$(1)/core/%.o,$(CORE_SRC))
	@rm -f $$@
	ar rcs $$@ $$^

build/$(1)/test/%: test/%.c build/$(1)/libecsnet.a test/check.h
	@mkdir -p $$(@D)
	$(1) $(WARN) $(OPT) $(CPPFLAGS) -Itest $$< build/$(1)/libecsnet.a $(LIBS) -lpthread -o $$@
endef

define lua_rules
build/$(1)/$(2)/bind/%.o: src/%.c $(HDRS)
	@mkdir -p $$(@D)
	$(1) $(WARN) $(OPT) -fPIC $(CPPFLAGS) -I$(INC_$(2)) -c $$< -o $$@

build/$(1)/$(2)/ecsnet/core.so: $(patsubst src/%.c,build/$(1)/$(2)/bind/%.o,$(BIND_SRC)) build/$(1)/libecsnet.a
	@mkdir -p $$(@D)
	$(1) -shared -o $$@ $$(filter %.o,$$^) build/$(1)/libecsnet.a $(LIBS)
endef

$(foreach c,$(COMPILERS),$(eval $(call core_rules,$(c))))
$(foreach c,$(COMPILERS),$(foreach l,$(LUAS),$(eval $(call lua_rules,$(c),$(l)))))

MODULES := $(foreach c,$(COMPILERS),$(foreach l,$(LUAS),build/$(c)/$(l)/ecsnet/core.so))
CTESTS  := $(foreach c,$(COMPILERS),$(patsubst test/%.c,build/$(c)/test/%,$(CTEST_SRC)))

build: $(MODULES) $(CTESTS)

# --- sanitizer build (Lua 5.4): ASan + UBSan ---------------------------------

SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
build/asan/core/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g $(SAN) -fPIC $(CPPFLAGS) -c $< -o $@
build/asan/lua5.4/bind/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g $(SAN) -fPIC $(CPPFLAGS) -I$(INC_lua5.4) -c $< -o $@
build/asan/lua5.4/ecsnet/core.so: $(patsubst src/%.c,build/asan/lua5.4/bind/%.o,$(BIND_SRC)) $(patsubst src/%.c,build/asan/core/%.o,$(CORE_SRC))
	@mkdir -p $(@D)
	gcc -shared $(SAN) -o $@ $^ $(LIBS)
build/asan/test/%: test/%.c $(patsubst src/%.c,build/asan/core/%.o,$(CORE_SRC)) test/check.h
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -Itest $< $(patsubst src/%.c,build/asan/core/%.o,$(CORE_SRC)) $(LIBS) -lpthread -o $@

# Lua hosts for robustness runs: a failing allocator (ASan) and many
# lua_States on threads (TSan, with a TSan build of the module).
build/asan/allocfail: test/lua/allocfail.c test/lua/host.h
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g $(SAN) -I$(INC_lua5.4) $< -llua5.4 -o $@

TSAN := -fsanitize=thread
build/tsan/core/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g $(TSAN) -fPIC $(CPPFLAGS) -c $< -o $@
build/tsan/lua5.4/bind/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g $(TSAN) -fPIC $(CPPFLAGS) -I$(INC_lua5.4) -c $< -o $@
build/tsan/lua5.4/ecsnet/core.so: $(patsubst src/%.c,build/tsan/lua5.4/bind/%.o,$(BIND_SRC)) $(patsubst src/%.c,build/tsan/core/%.o,$(CORE_SRC))
	@mkdir -p $(@D)
	gcc -shared $(TSAN) -o $@ $^ $(LIBS)
build/tsan/test/%: test/tsan_%.c $(patsubst src/%.c,build/tsan/core/%.o,$(CORE_SRC))
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g $(TSAN) $(CPPFLAGS) $< $(patsubst src/%.c,build/tsan/core/%.o,$(CORE_SRC)) $(LIBS) -lpthread -o $@

build/tsan/states: test/lua/states.c test/lua/host.h
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g $(TSAN) -I$(INC_lua5.4) $< -llua5.4 -lpthread -o $@

asan: build/asan/lua5.4/ecsnet/core.so $(patsubst test/%.c,build/asan/test/%,$(CTEST_SRC)) \
      build/asan/allocfail build/tsan/states build/tsan/lua5.4/ecsnet/core.so \
      $(patsubst test/tsan_%.c,build/tsan/test/%,$(wildcard test/tsan_*.c))

# --- the jobs -----------------------------------------------------------------

test: deps
	@$(MAKE) --no-print-directory build asan fuzz-build
	@sh tools/run-tests.sh

demo: deps
	@$(MAKE) --no-print-directory build/gcc/lua5.4/ecsnet/core.so
	@LUA_PATH="lua/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" lua5.4 examples/demo.lua

# Benchmarks: every bench/*.sh, run from the top folder, after the build.
bench: deps
	@$(MAKE) --no-print-directory build
	@set -e; for b in bench/*.sh; do [ -f "$$b" ] || continue; echo "== $$b"; sh "$$b"; done

# Fuzzing: every fuzz/fuzz_*.c is a libFuzzer harness over the core, built
# with clang -fsanitize=fuzzer,address,undefined. FUZZ_SECONDS each, or
# until FUZZ_RUNS executions (e.g. make fuzz FUZZ_SECONDS=3600 FUZZ_RUNS=10000000).
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= -1
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
build/fuzz/core/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	clang $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(CPPFLAGS) -c $< -o $@
build/fuzz/%: fuzz/%.c $(patsubst src/%.c,build/fuzz/core/%.o,$(CORE_SRC))
	@mkdir -p $(@D)
	clang -std=c99 -Wall -Wextra -Werror -O1 -g $(FUZZ_SAN) $(CPPFLAGS) $< $(patsubst src/%.c,build/fuzz/core/%.o,$(CORE_SRC)) $(LIBS) -o $@
fuzz-build: $(FUZZ_BIN)
.SECONDARY: $(patsubst src/%.c,build/fuzz/core/%.o,$(CORE_SRC))
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh tools/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_RUNS)

lint:
	luacheck lua spec bin examples

# Instance data (issue 6): regenerate the compiled table from the JSON.
instance-data:
	python3 tools/gen-instance-data.py c data/instance-types.json src/ecsnet_instdata.c

# API reference (LDoc, Debian's lua-ldoc) from lua/*.lua and src/lecsnet*.c
# into docs/api/ (config.ld); the C API is documented in src/ecsnet.h. The
# binding files are read from copies in build/docs/src: a file whose LDoc
# comments name no module joins module ecsnet, and "-- " line prefixes and
# several tags on one line (which LDoc's C reader ignores) are undone.
LDOC_C_AWK := /^\/\*\*\*/ { inb = 1 } inb { sub(/^-- ?/, ""); gsub(/ @(function|tparam|treturn|return|param|raise|usage|see)[[ ]/, "\n&"); gsub(/\n /, "\n") } /\*\// { inb = 0 } { print }
docs: deps
	@rm -rf docs/api build/docs && mkdir -p build/docs/src
	@for f in src/lecsnet*.c; do \
	  grep -q '^/\*\*\*' "$$f" || continue; \
	  { grep -q '@module' "$$f" || printf '/*** The functions of %s.\n@module ecsnet\n*/\n' "$$f"; \
	    awk '$(LDOC_C_AWK)' "$$f"; } > "build/docs/src/$${f#src/}"; \
	done
	@ldoc . && echo "API reference: docs/api/index.html"

clean:
	rm -rf build
