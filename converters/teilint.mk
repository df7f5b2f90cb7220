# teilint: TEI well-formedness, validity against schema/wathiqa.rng (compiled in) and extra rules.
TOOLS += teilint
teilint_SRCS = converters/teilint.c converters/tl_lint.c converters/tl_bcp47.c \
               converters/tl_isodate.c build/gen/wathiqa_rng.c
MANPAGES += converters/teilint.1
UNIT_TESTS += test_tl_bcp47 test_tl_isodate test_tl_lint
test_tl_bcp47_SRCS = tests/unit/test_tl_bcp47.c converters/tl_bcp47.c
test_tl_isodate_SRCS = tests/unit/test_tl_isodate.c converters/tl_isodate.c
test_tl_lint_SRCS = tests/unit/test_tl_lint.c converters/tl_lint.c converters/tl_bcp47.c \
                    converters/tl_isodate.c build/gen/wathiqa_rng.c
FUZZERS += fuzz_teilint
fuzz_teilint_SRCS = tests/fuzz/fuzz_teilint.c converters/tl_lint.c converters/tl_bcp47.c \
                    converters/tl_isodate.c build/gen/wathiqa_rng.c
