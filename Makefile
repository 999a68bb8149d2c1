# ecsnet: build, test, demo. See README.md.
#
# `make` builds the C module ecsnet.core once per Lua (5.4, 5.3, 5.1, LuaJIT)
# under gcc and under clang, plus the core as a static library and the C
# tests, which link it without Lua. Outputs go to build/<compiler>/<lua>/.

# --- what to build with: every variable here can be overridden ------------
#
#   make CC=clang CFLAGS=-O1 module            one module, with $(CC), for $(LUA)
#   make lib | module | ctests                 the same single build: the core
#                                              library, the module, the C tests
#   make CPPFLAGS=-I... LDFLAGS=-L...          extra flags for every build
#   make LUA=luajit LUA_INCDIR=/opt/lj/include module
#   make CJSON_INCDIR=/opt/include CJSON_LIBDIR=/opt/lib  (as luarocks: CJSON_INCDIR
#        is the folder holding cjson/cJSON.h) LIBCIDR_INCDIR=... LIBCIDR_LIBDIR=...
#
# Include and library flags come from pkg-config where Debian ships a .pc file
# (lua5.4, lua5.3, lua5.1, luajit, libcjson, yaml-0.1), else from the Debian
# paths below; libcidr has no .pc file. `make config` prints what was chosen.

LUAS      := lua5.4 lua5.3 lua5.1 luajit
COMPILERS := gcc clang

ifeq ($(origin CC),default)
CC := gcc
endif
OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
CPPFLAGS ?=
LDFLAGS  ?=
LUA      ?= lua5.4
# The folder under build/ of the single build with $(CC): build/gcc for gcc.
CCNAME   ?= $(notdir $(firstword $(CC)))
PKG_CONFIG ?= pkg-config

HAVE_PKG_CONFIG := $(shell command -v $(PKG_CONFIG) >/dev/null 2>&1 && echo yes)
# $(call pc,--cflags|--libs,PACKAGE,FALLBACK): pkg-config's answer, else FALLBACK.
pc = $(or $(if $(HAVE_PKG_CONFIG),$(shell $(PKG_CONFIG) --exists $(2) 2>/dev/null && $(PKG_CONFIG) $(1) $(2))),$(3))
# $(call default,VAR,VALUE): VAR := VALUE unless VAR was given (command line, environment).
default = $(if $(filter undefined,$(origin $(1))),$(eval $(1) := $(2)))

# Lua: each Lua's pkg-config name, Debian include folder and library.
LUA_PC_luajit  := luajit
LUA_DIR_luajit := /usr/include/luajit-2.1
LUA_LIB_luajit := -lluajit-5.1
ALL_LUAS := $(sort $(LUAS) $(LUA))
$(foreach l,$(ALL_LUAS),$(eval LUA_PC_$(l) ?= $(l)))
$(foreach l,$(ALL_LUAS),$(eval LUA_DIR_$(l) ?= /usr/include/$(l)))
$(foreach l,$(ALL_LUAS),$(eval LUA_LIB_$(l) ?= -l$(l)))
# LUA_CFLAGS_<lua> and LUA_LIBS_<lua>, unless given: LUA_INCDIR and
# LUA_LIBDIR name the folders of $(LUA); pkg-config or Debian's otherwise.
mine     = $(and $(1),$(filter $(2),$(LUA)))
lua_inc  = $(if $(call mine,$(LUA_INCDIR),$(1)),-I$(LUA_INCDIR),$(call pc,--cflags,$(LUA_PC_$(1)),-I$(LUA_DIR_$(1))))
lua_libs = $(if $(call mine,$(LUA_LIBDIR),$(1)),-L$(LUA_LIBDIR)) $(call pc,--libs,$(LUA_PC_$(1)),$(LUA_LIB_$(1)))
$(foreach l,$(ALL_LUAS),$(call default,LUA_CFLAGS_$(l),$(call lua_inc,$(l))))
$(foreach l,$(ALL_LUAS),$(call default,LUA_LIBS_$(l),$(call lua_libs,$(l))))

# cJSON (the sources include "cJSON.h"), libcidr, and libyaml (the YAML front
# end).
$(call default,CJSON_CFLAGS,$(if $(CJSON_INCDIR),-I$(CJSON_INCDIR) -I$(CJSON_INCDIR)/cjson,$(call pc,--cflags,libcjson,-I/usr/include/cjson)))
$(call default,CJSON_LIBS,$(if $(CJSON_LIBDIR),-L$(CJSON_LIBDIR)) $(call pc,--libs,libcjson,-lcjson))
$(call default,LIBCIDR_CFLAGS,$(if $(LIBCIDR_INCDIR),-I$(LIBCIDR_INCDIR)))
$(call default,LIBCIDR_LIBS,$(if $(LIBCIDR_LIBDIR),-L$(LIBCIDR_LIBDIR)) -lcidr)
$(call default,YAML_CFLAGS,$(call pc,--cflags,yaml-0.1,))
$(call default,YAML_LIBS,$(call pc,--libs,yaml-0.1,-lyaml))

WARN   := -std=c99 -Wall -Wextra -Werror -pedantic -Wshadow \
          -Wmissing-prototypes -Wstrict-prototypes
ALL_CPPFLAGS := -D_POSIX_C_SOURCE=200809L -Isrc $(CPPFLAGS) $(CJSON_CFLAGS) $(LIBCIDR_CFLAGS) $(YAML_CFLAGS)
LIBS   := $(CJSON_LIBS) $(LIBCIDR_LIBS) $(YAML_LIBS)

CORE_SRC := $(sort $(wildcard src/ecsnet_*.c))
BIND_SRC := $(sort $(wildcard src/lecsnet*.c))
HDRS     := $(wildcard src/*.h)
CTEST_SRC := $(sort $(wildcard test/test_*.c))

.PHONY: all deps build asan check test demo bench fuzz fuzz-build fuzz-long docs clean lint instance-data \
        lib module ctests config FORCE

all: build

deps:
	@sh tools/deps.sh

# --- the builds ---------------------------------------------------------------
#
# Every build is a variant V in build/V/: the compiler V_CC, the compile flags
# V_CFLAGS, the link flags V_LDFLAGS; its programs build/V/V_PROG from
# V_PROGSRC (default test/% from test/%.c) with warnings V_WARN (default WARN).
# gcc and clang are the `make build` matrix; $(CCNAME) is the single build with
# $(CC) (the same folder as the matrix's when CC is gcc or clang).

gcc_CC   := gcc
clang_CC := clang
$(CCNAME)_CC := $(CC)
$(foreach v,$(sort $(COMPILERS) $(CCNAME)),$(eval $(v)_CFLAGS := $(CFLAGS)))

# Sanitizers (Lua 5.4 module, C tests, Lua hosts): ASan+UBSan and TSan, gcc.
SAN_CC ?= gcc
SAN    := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TSAN   := -fsanitize=thread
asan_CC      := $(SAN_CC)
asan_CFLAGS  := -O1 -g $(SAN)
asan_LDFLAGS := $(SAN)
tsan_CC      := $(SAN_CC)
tsan_CFLAGS  := -O1 -g $(TSAN)
tsan_LDFLAGS := $(TSAN)
tsan_PROGSRC := test/tsan_%.c

# Fuzzing: every fuzz/fuzz_*.c is a libFuzzer harness over the core, built
# with clang -fsanitize=fuzzer,address,undefined into build/fuzz/.
FUZZ_CC  ?= clang
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
fuzz_CC      := $(FUZZ_CC)
fuzz_CFLAGS  := -O1 -g -fsanitize=fuzzer-no-link,address,undefined
fuzz_LDFLAGS := $(FUZZ_SAN)
fuzz_PROG    := %
fuzz_PROGSRC := fuzz/%.c
fuzz_WARN    := -std=c99 -Wall -Wextra -Werror

VARIANTS := $(sort $(COMPILERS) $(CCNAME) asan tsan fuzz)

# build/V/.flags holds V's command lines; it changes (and V is rebuilt) only
# when they do, e.g. after `make CFLAGS=-O0 module`.
variant_flags = $($(1)_CC) $(WARN) $($(1)_CFLAGS) $(ALL_CPPFLAGS) \
  $(foreach l,$(ALL_LUAS),$(LUA_CFLAGS_$(l))) | $($(1)_LDFLAGS) $(LDFLAGS) $(LIBS)

define variant_rules
build/$(1)/.flags: FORCE
	@mkdir -p $$(@D)
	@printf '%s\n' '$$(subst ','\'',$$(call variant_flags,$(1)))' > $$@.new
	@if cmp -s $$@.new $$@; then rm -f $$@.new; else mv -f $$@.new $$@; fi

build/$(1)/core/%.o: src/%.c $(HDRS) build/$(1)/.flags
	@mkdir -p $$(@D)
	$$($(1)_CC) $(WARN) $$($(1)_CFLAGS) -fPIC $$(ALL_CPPFLAGS) -c $$< -o $$@

build/$(1)/libecsnet.a: $(patsubst src/%.c,build/$(1)/core/%.o,$(CORE_SRC))
	@rm -f $$@
	ar rcs $$@ $$^

build/$(1)/$(or $($(1)_PROG),test/%): $(or $($(1)_PROGSRC),test/%.c) build/$(1)/libecsnet.a test/check.h
	@mkdir -p $$(@D)
	$$($(1)_CC) $(or $($(1)_WARN),$(WARN)) $$($(1)_CFLAGS) $$(ALL_CPPFLAGS) -Itest $$< build/$(1)/libecsnet.a \
	  $$($(1)_LDFLAGS) $$(LDFLAGS) $$(LIBS) -lpthread -o $$@
endef

# The module ecsnet.core of variant $(1) for Lua $(2).
define lua_rules
build/$(1)/$(2)/bind/%.o: src/%.c $(HDRS) build/$(1)/.flags
	@mkdir -p $$(@D)
	$$($(1)_CC) $(WARN) $$($(1)_CFLAGS) -fPIC $$(ALL_CPPFLAGS) $$(LUA_CFLAGS_$(2)) -c $$< -o $$@

build/$(1)/$(2)/ecsnet/core.so: $(patsubst src/%.c,build/$(1)/$(2)/bind/%.o,$(BIND_SRC)) build/$(1)/libecsnet.a
	@mkdir -p $$(@D)
	$$($(1)_CC) -shared $$($(1)_LDFLAGS) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) build/$(1)/libecsnet.a $$(LIBS)
endef

$(foreach v,$(VARIANTS),$(eval $(call variant_rules,$(v))))
$(foreach v,$(VARIANTS),$(foreach l,$(ALL_LUAS),$(eval $(call lua_rules,$(v),$(l)))))

FORCE:

ctests_of = $(patsubst test/%.c,build/$(1)/test/%,$(CTEST_SRC))
MODULES := $(foreach c,$(COMPILERS),$(foreach l,$(LUAS),build/$(c)/$(l)/ecsnet/core.so))
CTESTS  := $(foreach c,$(COMPILERS),$(call ctests_of,$(c)))

build: $(MODULES) $(CTESTS)

# The single build with $(CC) and $(CFLAGS), for $(LUA).
lib: build/$(CCNAME)/libecsnet.a
module: build/$(CCNAME)/$(LUA)/ecsnet/core.so
ctests: $(call ctests_of,$(CCNAME))

# Lua hosts for robustness runs: a failing allocator (ASan) and many
# lua_States on threads (TSan, with a TSan build of the module).
build/asan/allocfail: test/lua/allocfail.c test/lua/host.h build/asan/.flags
	$(asan_CC) $(WARN) $(asan_CFLAGS) $(CPPFLAGS) $(LUA_CFLAGS_lua5.4) $< $(LDFLAGS) $(LUA_LIBS_lua5.4) -o $@
build/tsan/states: test/lua/states.c test/lua/host.h build/tsan/.flags
	$(tsan_CC) $(WARN) $(tsan_CFLAGS) $(CPPFLAGS) $(LUA_CFLAGS_lua5.4) $< $(LDFLAGS) $(LUA_LIBS_lua5.4) -lpthread -o $@

asan: build/asan/lua5.4/ecsnet/core.so $(call ctests_of,asan) \
      build/asan/allocfail build/tsan/states build/tsan/lua5.4/ecsnet/core.so \
      $(patsubst test/tsan_%.c,build/tsan/test/%,$(wildcard test/tsan_*.c))

config:
	@echo "CC=$(CC) (build/$(CCNAME))  CFLAGS=$(CFLAGS)  CPPFLAGS=$(CPPFLAGS)  LDFLAGS=$(LDFLAGS)"
	@echo "pkg-config: $(if $(HAVE_PKG_CONFIG),$(PKG_CONFIG),none)"
	@$(foreach l,$(ALL_LUAS),echo "$(l): $(LUA_CFLAGS_$(l)) | $(LUA_LIBS_$(l))";)
	@echo "cjson: $(CJSON_CFLAGS) | $(CJSON_LIBS)"
	@echo "libcidr: $(LIBCIDR_CFLAGS) | $(LIBCIDR_LIBS)"
	@echo "libyaml: $(YAML_CFLAGS) | $(YAML_LIBS)"
	@$(foreach v,$(VARIANTS),echo "build/$(v): $(call variant_flags,$(v))";)

# --- the jobs -----------------------------------------------------------------

# The whole suite (CI runs it), and the developer's quick loop: the gcc C
# tests, busted on Lua 5.4 and luacheck, with the suite's "N passed, N failed".
test: deps
	@$(MAKE) --no-print-directory build asan fuzz-build
	@sh tools/run-tests.sh

check: build/gcc/lua5.4/ecsnet/core.so $(call ctests_of,gcc)
	@sh tools/run-tests.sh quick

demo: deps
	@$(MAKE) --no-print-directory build/gcc/lua5.4/ecsnet/core.so
	@LUA_PATH="lua/?.lua;;" LUA_CPATH="build/gcc/lua5.4/?.so;;" lua5.4 examples/demo.lua

# Benchmarks: every bench/*.sh, run from the top folder, after the build.
bench: deps
	@$(MAKE) --no-print-directory build
	@set -e; for b in bench/*.sh; do [ -f "$$b" ] || continue; echo "== $$b"; sh "$$b"; done

# Fuzzing (the fuzz variant above): FUZZ_SECONDS each, or until FUZZ_RUNS
# executions (e.g. make fuzz FUZZ_SECONDS=3600 FUZZ_RUNS=10000000).
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= -1
FUZZ_BIN := $(patsubst fuzz/%.c,build/fuzz/%,$(sort $(wildcard fuzz/fuzz_*.c)))
fuzz-build: $(FUZZ_BIN)
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh tools/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_RUNS)

# Fuzzing at scale (not part of `make test`): every harness until
# FUZZ_LONG_RUNS executions (10 million), without a time limit. Hours on this
# machine; docs/robustness.md records what ran.
FUZZ_LONG_RUNS ?= 10000000
fuzz-long: deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh tools/run-fuzz.sh 0 $(FUZZ_LONG_RUNS)

# The command line's argument parser (lua/ecsnet/cli.lua) in an embedded
# Lua 5.4: no libecsnet, the Lua files read from this tree.
build/fuzz/fuzz_cli: fuzz/fuzz_cli.c lua/ecsnet/cli.lua build/fuzz/.flags
	@mkdir -p $(@D)
	$(fuzz_CC) $(fuzz_WARN) $(fuzz_CFLAGS) -DECSNET_ROOT='"$(CURDIR)"' $< $(fuzz_LDFLAGS) -llua5.4 -o $@

lint:
	luacheck lua spec bin examples

# Instance data: regenerate the compiled table from the JSON.
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
