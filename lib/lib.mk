# lib/: the shared library (every lib/*.c is in libwathiqa.a) and its unit tests.
UNIT_TESTS += test_utf8 test_buf test_digest test_atomicfile test_path test_timefmt
test_utf8_SRCS       = tests/unit/test_utf8.c
test_buf_SRCS        = tests/unit/test_buf.c
test_digest_SRCS     = tests/unit/test_digest.c
test_atomicfile_SRCS = tests/unit/test_atomicfile.c
test_path_SRCS       = tests/unit/test_path.c
test_timefmt_SRCS    = tests/unit/test_timefmt.c
UNIT_TESTS += test_xmlsafe
test_xmlsafe_SRCS    = tests/unit/test_xmlsafe.c
UNIT_TESTS += test_unorm
test_unorm_SRCS      = tests/unit/test_unorm.c
UNIT_TESTS += test_batchfile
test_batchfile_SRCS  = tests/unit/test_batchfile.c
UNIT_TESTS += test_fileio
test_fileio_SRCS     = tests/unit/test_fileio.c
