# tei2epub: TEI P5 to EPUB 3 (converters/tei2epub.c and its te_*.c helpers).
TOOLS += tei2epub
tei2epub_SRCS = converters/tei2epub.c converters/te_walk.c converters/te_book.c \
                converters/te_zip.c converters/te_map.c converters/te_util.c
MANPAGES += converters/tei2epub.1
UNIT_TESTS += test_te_map test_te_util test_te_book
test_te_map_SRCS = tests/unit/test_te_map.c converters/te_map.c
test_te_util_SRCS = tests/unit/test_te_util.c converters/te_util.c
test_te_book_SRCS = tests/unit/test_te_book.c converters/te_book.c converters/te_util.c
FUZZERS += fuzz_tei2epub
fuzz_tei2epub_SRCS = tests/fuzz/fuzz_tei2epub.c converters/te_walk.c converters/te_book.c \
                     converters/te_zip.c converters/te_map.c converters/te_util.c
