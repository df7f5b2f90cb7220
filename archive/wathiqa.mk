# archive/wathiqa.mk - the archive tool: OCFL 1.1 store, verify, BagIt export.
TOOLS += wathiqa
wathiqa_SRCS = $(sort $(wildcard archive/*.c))
MANPAGES += archive/wathiqa.1

UNIT_TESTS += test_ocfl_inventory test_ocfl_layout test_ocfl_snapshot
test_ocfl_inventory_SRCS = tests/unit/test_ocfl_inventory.c archive/ocfl_inventory.c archive/ocfl_layout.c \
                           archive/ocfl_inventory_out.c
test_ocfl_layout_SRCS = tests/unit/test_ocfl_layout.c archive/ocfl_layout.c archive/ocfl_inventory.c archive/ocfl_object.c archive/ocfl_snapshot.c archive/ocfl_inventory_out.c
test_ocfl_snapshot_SRCS = tests/unit/test_ocfl_snapshot.c archive/ocfl_snapshot.c archive/ocfl_inventory.c archive/ocfl_layout.c

FUZZERS += fuzz_ocfl_inventory_parse fuzz_ocfl_snapshot
fuzz_ocfl_inventory_parse_SRCS = tests/fuzz/fuzz_ocfl_inventory_parse.c archive/ocfl_inventory.c archive/ocfl_layout.c
fuzz_ocfl_snapshot_SRCS = tests/fuzz/fuzz_ocfl_snapshot.c archive/ocfl_snapshot.c archive/ocfl_inventory.c archive/ocfl_layout.c
