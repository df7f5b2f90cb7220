#!/bin/sh
# t4003-epublint-reference: re-run the reference validators live to confirm
# the verdicts recorded in tests/epub/expected.tsv: the npm EPUBCheck port
# over the whole corpus (one node process, a few seconds), the Java
# epubcheck on two cases only (about 3 s each). Skipped under sanitizers.
. "$(dirname "$0")/lib.sh"

exp=$WQ_TOP/tests/epub/expected.tsv
npm_pkg=$WQ_TOP/.deps/node_modules/@likecoin/epubcheck-ts

if ! test_have SLOW; then
	test_skip 'reference validators' 'WQ_SANITIZE=1'
	test_done; exit
fi
sh "$WQ_TOP/tests/epub/mkcorpus.sh" books >/dev/null || exit 2

if test -d "$npm_pkg" && test_have node; then
test_expect_success 'npm epubcheck-ts: the recorded verdicts and IDs, live' '
	node "$WQ_TOP/tests/epub/ref-npm.mjs" books/*.epub >npm.tsv &&
	grep -v "^#" "$exp" | cut -f1,6,7 | LC_ALL=C sort >want.tsv &&
	LC_ALL=C sort npm.tsv >got.tsv &&
	diff want.tsv got.tsv
'
test_expect_success 'epublint agrees with npm epubcheck-ts except where EPUB 3.3 says otherwise' '
	for f in books/*.epub; do
		c=$(basename $f .epub)
		set +e; epublint -q $f >/dev/null 2>&1; rc=$?; set -e
		if test $rc -eq 0; then v=valid; else v=invalid; fi
		printf "%s\t%s\n" $c $v
	done >el.tsv &&
	cut -f1,2 npm.tsv | LC_ALL=C sort | join -t "	" - el.tsv | awk -F"\t" "\$2 != \$3 { print \$1 }" >differ &&
	grep -v "^#" "$exp" | awk -F"\t" "\$2 != \$6 { print \$1 }" | LC_ALL=C sort >noted &&
	diff noted differ
'
else
	test_skip 'npm epubcheck-ts' 'not installed'
fi

if test -f /usr/share/java/epubcheck.jar && test_have java; then
test_expect_success 'Java epubcheck: two recorded verdicts (the valid book with no warning), live' '
	sh "$WQ_TOP/tests/epub/ref-java.sh" books/valid.epub \
	    books/nav-link-broken.epub >java.tsv &&
	grep -v "^#" "$exp" | cut -f1,4,5 | grep -E "^(valid|nav-link-broken)	" |
	    LC_ALL=C sort >want.tsv &&
	LC_ALL=C sort java.tsv >got.tsv &&
	diff want.tsv got.tsv
'
else
	test_skip 'Java epubcheck' 'not installed'
fi
test_done
