# wathiqa - plain GNU make.
#
#   make            build every tool into bin/
#   make check      every test: unit, CLI, conformance, fuzz corpora, sanitizers
#   make demo       run the pipeline on samples/ into demo/
#   make bench      benchmarks into bench/RESULTS.md
#   make fuzz       run each libFuzzer target for FUZZTIME seconds
#   make install    PREFIX, DESTDIR, MANPREFIX honoured
#
# Each tool owns a fragment (converters/NAME.mk, archive/wathiqa.mk, lib/lib.mk)
# that adds to TOOLS, UNIT_TESTS and FUZZERS; the rules below are generic.

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR   ?=
SHARED    ?= ../shared
FUZZTIME  ?= 60

CC        ?= cc
FUZZCC    ?= clang
CFLAGS    ?= -O2 -g
LDFLAGS   ?=
PKG_CONFIG ?= pkg-config
PKGS       = libxml-2.0 libzip libarchive zlib libcrypto jansson libutf8proc

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN      = -Wall -Wextra -Wpedantic -std=c11 -D_POSIX_C_SOURCE=200809L
CPPFLAGS_ALL = -Ilib -Ibuild/gen -DWQ_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
ALL_CFLAGS = $(WARN) $(CPPFLAGS_ALL) -MMD -MP $(CFLAGS)
SAN       = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_CFLAGS = $(WARN) $(CPPFLAGS_ALL) -MMD -MP -O1 -g $(SAN)
FUZZ_CFLAGS = $(WARN) $(CPPFLAGS_ALL) -MMD -MP -O1 -g -fsanitize=fuzzer-no-link,address,undefined -DWQ_FUZZING

OBJ  = build/obj
AOBJ = build/asan
FOBJ = build/fuzz

TOOLS      =
UNIT_TESTS =
FUZZERS    =
MANPAGES   =
LIB_SRCS   = $(wildcard lib/*.c)

include $(sort $(wildcard lib/*.mk converters/*.mk archive/*.mk))

LIB_OBJS  = $(LIB_SRCS:%.c=$(OBJ)/%.o)
LIB_AOBJS = $(LIB_SRCS:%.c=$(AOBJ)/%.o)
LIB_FOBJS = $(LIB_SRCS:%.c=$(FOBJ)/%.o)
BINS      = $(TOOLS:%=bin/%)
ABINS     = $(TOOLS:%=$(AOBJ)/bin/%)

.PHONY: all check check-build check-unit check-cli check-fuzz check-asan \
        deps demo bench fuzz install uninstall clean
.DEFAULT_GOAL := all

all: $(BINS)

# ---- objects ---------------------------------------------------------------
$(OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(AOBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<
$(FOBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZ_CFLAGS) -c -o $@ $<

# Schemas and other data compiled into the binaries: build/gen/NAME_rng.c
build/gen/%_rng.c: schema/%.rng ci/bin2c
	@mkdir -p $(@D)
	sh ci/bin2c $< $(subst -,_,$*)_rng > $@.tmp && mv $@.tmp $@

$(OBJ)/libwathiqa.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^
$(AOBJ)/libwathiqa.a: $(LIB_AOBJS)
	rm -f $@ && ar rcs $@ $^
$(FOBJ)/libwathiqa.a: $(LIB_FOBJS)
	rm -f $@ && ar rcs $@ $^

# ---- tools, unit tests and fuzzers from the fragments' lists ----------------
define tool_rules
bin/$(1): $$($(1)_SRCS:%.c=$(OBJ)/%.o) $(OBJ)/libwathiqa.a
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(PKG_LIBS) -lm
$(AOBJ)/bin/$(1): $$($(1)_SRCS:%.c=$(AOBJ)/%.o) $(AOBJ)/libwathiqa.a
	@mkdir -p $$(@D)
	$$(CC) $(SAN) $$(LDFLAGS) -o $$@ $$^ $$(PKG_LIBS) -lm
endef
define unit_rules
build/unit/$(1): $$($(1)_SRCS:%.c=$(OBJ)/%.o) $(OBJ)/libwathiqa.a
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(CMOCKA_LIBS) $$(PKG_LIBS) -lm
$(AOBJ)/unit/$(1): $$($(1)_SRCS:%.c=$(AOBJ)/%.o) $(AOBJ)/libwathiqa.a
	@mkdir -p $$(@D)
	$$(CC) $(SAN) $$(LDFLAGS) -o $$@ $$^ $$(CMOCKA_LIBS) $$(PKG_LIBS) -lm
endef
define fuzz_rules
$(FOBJ)/bin/$(1): $$($(1)_SRCS:%.c=$(FOBJ)/%.o) $(FOBJ)/libwathiqa.a
	@mkdir -p $$(@D)
	$$(FUZZCC) -fsanitize=fuzzer,address,undefined -o $$@ $$^ $$(PKG_LIBS) -lm
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rules,$(t))))
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rules,$(t))))
$(foreach t,$(FUZZERS),$(eval $(call fuzz_rules,$(t))))

# Unit tests compile with cmocka's flags too.
$(OBJ)/tests/unit/%.o: ALL_CFLAGS += $(CMOCKA_CFLAGS)
$(AOBJ)/tests/unit/%.o: ASAN_CFLAGS += $(CMOCKA_CFLAGS)

# ---- dependencies: the two README commands are the whole set-up -------------
deps:
	@sh ci/check-deps || sh ci/install-deps

# ---- tests ---------------------------------------------------------------
# check-cli runs the TAP scripts tests/cli/t*.sh (bash) with the tools from WQ_BIN.
PROVE ?= prove
PROVE_J ?= -j2
check: deps
	@$(MAKE) --no-print-directory check-build
	@$(MAKE) --no-print-directory check-unit check-fuzz
	@$(MAKE) --no-print-directory check-cli
	@$(MAKE) --no-print-directory check-asan
	@echo "make check: all tests passed"

check-build: $(BINS) $(UNIT_TESTS:%=build/unit/%)

check-unit: $(UNIT_TESTS:%=build/unit/%)
	@set -e; for t in $^; do echo "# $$t"; $$t; done

check-cli: $(BINS)
	WQ_BIN=$(CURDIR)/bin WQ_TOP=$(CURDIR) WQ_SHARED=$(abspath $(SHARED)) \
	    $(PROVE) $(PROVE_J) --exec bash $(sort $(wildcard tests/cli/t*.sh))

# Sanitizer builds of the tools and unit tests, run over the same tests.
check-asan: $(ABINS) $(UNIT_TESTS:%=$(AOBJ)/unit/%)
	@set -e; for t in $(UNIT_TESTS:%=$(AOBJ)/unit/%); do echo "# asan $$t"; $$t; done
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	WQ_BIN=$(CURDIR)/$(AOBJ)/bin WQ_TOP=$(CURDIR) WQ_SHARED=$(abspath $(SHARED)) WQ_SANITIZE=1 \
	    $(PROVE) $(PROVE_J) --exec bash $(sort $(wildcard tests/cli/t*.sh))

# Replay every fuzz target over its corpus (seeds and kept crashes).
check-fuzz: $(FUZZERS:%=$(FOBJ)/bin/%)
	@set -e; for f in $(FUZZERS); do \
	    files=$$(find tests/fuzz/corpus/$$f -type f | sort); \
	    echo "# fuzz replay $$f ($$(echo "$$files" | wc -l) inputs)"; \
	    $(FOBJ)/bin/$$f -runs=0 $$files 2>build/fuzz/$$f.log || { cat build/fuzz/$$f.log; exit 1; }; \
	done

fuzz: $(FUZZERS:%=$(FOBJ)/bin/%)
	@set -e; for f in $(FUZZERS); do \
	    mkdir -p build/fuzz/new/$$f; \
	    $(FOBJ)/bin/$$f -max_total_time=$(FUZZTIME) -artifact_prefix=tests/fuzz/corpus/$$f/crash- \
	        build/fuzz/new/$$f tests/fuzz/corpus/$$f; \
	done

# ---- the main job and the benchmarks ----------------------------------------
demo: deps
	@$(MAKE) --no-print-directory all
	@sh ci/demo

bench: deps
	@$(MAKE) --no-print-directory all
	@sh bench/run $(abspath $(SHARED))

# ---- install -----------------------------------------------------------------
install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	for t in $(TOOLS); do cp -f bin/$$t $(DESTDIR)$(BINDIR)/$$t; chmod 755 $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(MANPAGES); do cp -f $$m $(DESTDIR)$(MANPREFIX)/man1/; chmod 644 $(DESTDIR)$(MANPREFIX)/man1/$$(basename $$m); done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(MANPAGES); do rm -f $(DESTDIR)$(MANPREFIX)/man1/$$(basename $$m); done

clean:
	rm -rf bin build demo

-include $(shell find build -name '*.d' 2>/dev/null)
