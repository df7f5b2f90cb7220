# tei2txt: the text of TEI documents as plain text (streaming, xmlReader).
TOOLS += tei2txt
tei2txt_SRCS = converters/tei2txt.c
MANPAGES += converters/tei2txt.1
