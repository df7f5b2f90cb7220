# epublint: validate EPUB 3 publications (converters/epublint.c, el_*.c).
EL_SRCS = converters/el_rules.c converters/el_path.c converters/el_zip.c \
          converters/el_xml.c converters/el_opf.c converters/el_xhtml.c
TOOLS += epublint
epublint_SRCS = converters/epublint.c $(EL_SRCS)
MANPAGES += converters/epublint.1
UNIT_TESTS += test_el_path
test_el_path_SRCS = tests/unit/test_el_path.c converters/el_path.c
FUZZERS += fuzz_epublint
fuzz_epublint_SRCS = tests/fuzz/fuzz_epublint.c $(EL_SRCS)
