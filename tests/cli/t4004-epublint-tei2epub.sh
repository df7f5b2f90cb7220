#!/bin/sh
# t4004-epublint-tei2epub: books made by txt2tei | tei2epub pass epublint
# with no error and no warning (skipped until both tools exist).
. "$(dirname "$0")/lib.sh"

if ! test -x "$WQ_BIN/tei2epub" || ! test -x "$WQ_BIN/txt2tei"; then
	test_skip 'tei2epub books pass epublint' 'tei2epub or txt2tei not built'
	test_done; exit
fi
for s in "$SAMPLES"/*.txt; do
	b=$(basename "$s" .txt)
	test_expect_success "$b: txt2tei | tei2epub passes epublint cleanly" '
		txt2tei "$s" >$b.xml && tei2epub -o $b.epub $b.xml &&
		epublint $b.epub >out 2>err &&
		is_empty err && grep_q ": valid (0 fatal, 0 errors, 0 warnings)$" out
	'
done
test_done
