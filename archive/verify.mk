# archive/verify.mk - the OCFL validator's unit tests and fuzz target.
# (ocfl_verify.c and cmd_verify.c are compiled into bin/wathiqa by wathiqa.mk.)
UNIT_TESTS += test_ocfl_verify
test_ocfl_verify_SRCS = tests/unit/test_ocfl_verify.c archive/ocfl_verify.c
FUZZERS += fuzz_ocfl_inventory
fuzz_ocfl_inventory_SRCS = tests/fuzz/fuzz_ocfl_inventory.c archive/ocfl_verify.c
