# tei2txt: the text of TEI documents as plain text (streaming, xmlReader).
TOOLS += tei2txt
tei2txt_SRCS = converters/tei2txt.c converters/t2t_text.c
MANPAGES += converters/tei2txt.1
FUZZERS += fuzz_tei2txt
fuzz_tei2txt_SRCS = tests/fuzz/fuzz_tei2txt.c converters/t2t_text.c
