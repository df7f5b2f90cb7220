#!/bin/sh
# wathiqa: global options, the subcommand table, and init.
. "$(dirname "$0")/lib.sh"

test_expect_success '--help lists every subcommand on stdout, exit 0' '
	wathiqa --help >out 2>err &&
	is_empty err &&
	for c in init commit log ls diff restore verify export "bag verify"; do
		grep_q "^  wathiqa $c" out || exit 1
	done
'

test_expect_success '--version prints the version' '
	wathiqa --version >out 2>err &&
	is_empty err &&
	grep_q "^wathiqa [0-9][0-9.]*" out
'

test_expect_success 'no command and an unknown command are usage errors (exit 2)' '
	expect_code 2 wathiqa >out 2>err &&
	is_empty out && grep_q "^usage: wathiqa" err &&
	expect_code 2 wathiqa frobnicate >out 2>err &&
	is_empty out && grep_q "^wathiqa: unknown command .frobnicate." err &&
	expect_code 2 wathiqa --bogus >out 2>err && is_empty out
'

test_expect_success 'every subcommand answers --help on stdout with exit 0' '
	for c in init commit log ls diff restore; do
		wathiqa $c --help >out 2>err && is_empty err &&
		grep_q "^usage: wathiqa \\[--store DIR\\] $c" out || exit 1
	done
'

test_expect_success 'init makes an OCFL 1.1 storage root in ./archive' '
	mkdir d1 && cd d1 &&
	wathiqa init >out 2>err &&
	is_empty err && grep_q "initialized OCFL 1.1 store ./archive" out &&
	printf "ocfl_1.1\n" >want && cmp want archive/0=ocfl_1.1 &&
	grep_q "\"extension\": \"0004-hashed-n-tuple-storage-layout\"" archive/ocfl_layout.json &&
	grep_q "\"description\"" archive/ocfl_layout.json &&
	c=archive/extensions/0004-hashed-n-tuple-storage-layout/config.json &&
	grep_q "\"extensionName\": \"0004-hashed-n-tuple-storage-layout\"" $c &&
	grep_q "\"digestAlgorithm\": \"sha256\"" $c &&
	grep_q "\"tupleSize\": 3" $c && grep_q "\"numberOfTuples\": 3" $c &&
	grep_q "\"shortObjectRoot\": false" $c &&
	test "$(find archive | sort | tr "\n" " ")" = "archive archive/0=ocfl_1.1 archive/extensions archive/extensions/0004-hashed-n-tuple-storage-layout archive/extensions/0004-hashed-n-tuple-storage-layout/config.json archive/ocfl_layout.json "
'

test_expect_success 'init honours --store and WATHIQA_STORE (--store wins)' '
	wathiqa --store s2 init >out 2>err && test -f s2/0=ocfl_1.1 &&
	WATHIQA_STORE=s3 wathiqa init >out 2>err && test -f s3/0=ocfl_1.1 &&
	WATHIQA_STORE=s4 wathiqa --store s5 init >out 2>err &&
	test -f s5/0=ocfl_1.1 && ! test -e s4
'

test_expect_success 'init fills an empty folder, leaves no temporary folder behind' '
	mkdir empty && wathiqa --store empty init >out 2>err &&
	test -f empty/ocfl_layout.json &&
	test -z "$(ls -d empty.init-* 2>/dev/null)"
'

test_expect_success 'init refuses an existing store or non-empty folder (exit 1), changes nothing' '
	expect_code 1 wathiqa --store s2 init >out 2>err &&
	is_empty out && grep_q "^wathiqa: s2: folder exists and is not empty" err &&
	mkdir busy && echo x >busy/file &&
	expect_code 1 wathiqa --store busy init >out 2>err &&
	test "$(ls busy)" = file &&
	echo x >afile && expect_code 1 wathiqa --store afile init 2>err &&
	grep_q "not a folder" err
'

test_expect_success 'init with an argument is a usage error' '
	expect_code 2 wathiqa init extra >out 2>err &&
	is_empty out && grep_q "unexpected argument" err
'

test_expect_success 'the 0004 layout maps object-01 to the spec test vector' '
	wathiqa --store s6 init >/dev/null && echo hi >f &&
	wathiqa --store s6 commit --id object-01 f >out 2>err &&
	test -f s6/3c0/ff4/240/3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4/0=ocfl_object_1.1
'

test_expect_success 'commands on a missing store fail with exit 2 and say so' '
	expect_code 2 wathiqa --store nowhere log >out 2>err &&
	is_empty out && grep_q "^wathiqa: nowhere: .*wathiqa init" err &&
	echo x >f2 &&
	expect_code 2 wathiqa --store nowhere commit --id a f2 >out 2>err &&
	is_empty out && grep_q "^wathiqa: nowhere" err &&
	expect_code 2 wathiqa --store busy ls a >out 2>err && grep_q "not an OCFL 1.1 storage root" err
'

test_expect_success 'a store made by init passes wathiqa verify (when verify is there)' '
	if wathiqa verify --help >/dev/null 2>&1; then
		wathiqa --store s5 verify >out 2>err
	fi
'

test_done
