# txt2tei: raw statement text to TEI P5 (converters/txt2tei.c and its tt_*.c stages).
TT_STAGES = converters/tt_text.c converters/tt_classify.c converters/tt_lang.c \
            converters/tt_tei.c converters/tt_conv.c

TOOLS += txt2tei
txt2tei_SRCS = converters/txt2tei.c $(TT_STAGES)
MANPAGES += converters/txt2tei.1

UNIT_TESTS += test_tt_classify test_tt_lang
test_tt_classify_SRCS = tests/unit/test_tt_classify.c converters/tt_classify.c converters/tt_lang.c
test_tt_lang_SRCS = tests/unit/test_tt_lang.c converters/tt_lang.c converters/tt_classify.c converters/tt_text.c

FUZZERS += fuzz_txt2tei
fuzz_txt2tei_SRCS = tests/fuzz/fuzz_txt2tei.c $(TT_STAGES)
