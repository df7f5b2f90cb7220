# archive/bagit.mk - BagIt: unit tests and the fuzz target.
# (bagit.c, bagit_verify.c, export.c, cmd_export.c and cmd_bag.c are compiled
# into bin/wathiqa by wathiqa.mk.)
UNIT_TESTS += test_bagit test_bagit_export
test_bagit_SRCS        = tests/unit/test_bagit.c archive/bagit.c archive/bagit_verify.c archive/libarchive_load.c
test_bagit_export_SRCS = tests/unit/test_bagit_export.c archive/bagit.c \
                         archive/bagit_verify.c archive/libarchive_load.c archive/export.c
FUZZERS += fuzz_bag_manifest
fuzz_bag_manifest_SRCS = tests/fuzz/fuzz_bag_manifest.c archive/bagit.c archive/bagit_verify.c archive/libarchive_load.c
