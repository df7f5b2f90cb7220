#!/bin/sh
# tei2epub: the books pass both reference validators with no error and no
# warning (Java EPUBCheck and the npm EPUBCheck-5 port). Java takes 3 s or
# more per book, so it sees three representative books (an RTL statement,
# the odd TEI Lite one, an anthology holding everything else); the faster
# npm port sees every book.
. "$(dirname "$0")/lib.sh"
FIX=$WQ_TOP/tests/tei2epub

check_both() {
	epubcheck_java "$1" &&
	sh "$FIX/epubcheck-ts.sh" "$1"
}
check_ts() {
	sh "$FIX/epubcheck-ts.sh" "$1"
}

if ! test_have SLOW; then
	test_skip 'reference validators' 'slow under sanitizers'
	test_done
	exit
fi
if ! test_have node || ! test -f "$WQ_TOP/.deps/node_modules/@likecoin/epubcheck-ts/bin/epubcheck.js"; then
	test_skip 'reference validators' 'npm epubcheck-ts not installed (make deps)'
	test_done
	exit
fi
if ! test_have java || ! test -f /usr/share/java/epubcheck.jar; then
	test_skip 'reference validators' 'java epubcheck not installed'
	test_done
	exit
fi

test_expect_success 'the npm validator wrapper can fail (a broken book)' '
	tei2epub -o good.epub "$FIX/statement-en.xml" &&
	check_ts good.epub &&
	mkdir x && (cd x && unzip -q ../good.epub) &&
	sed "s/c0001.xhtml#h1/nowhere.xhtml/" x/EPUB/nav.xhtml >nav && mv nav x/EPUB/nav.xhtml &&
	(cd x && zip -q -X0 ../bad.epub mimetype && zip -q -X -r ../bad.epub META-INF EPUB) &&
	! check_ts bad.epub 2>err &&
	grep_q "nowhere.xhtml" err
'

test_expect_success 'Arabic statement (the shared example): both validators' '
	tei2epub -o ar.epub "$FIX/statement-ar.xml" &&
	check_both ar.epub
'

test_expect_success 'TEI Lite from elsewhere (odd nesting, unknown elements): both' '
	tei2epub -o lite.epub "$FIX/lite.xml" 2>/dev/null &&
	check_both lite.epub
'

test_expect_success 'Sorani Kurdish statement with lists and a closer' '
	tei2epub -o ckb.epub "$FIX/ckb.xml" &&
	check_ts ckb.epub
'

test_expect_success 'mixed-direction statement' '
	tei2epub -o mixed.epub "$FIX/mixed.xml" &&
	check_ts mixed.epub
'

samples=
if [ -x "$WQ_BIN/txt2tei" ]; then
	for f in "$SAMPLES"/*.txt; do
		txt2tei "$f" >"$(basename "$f" .txt).xml" 2>/dev/null || exit 1
	done
	samples=$(ls ./*.xml)
	test_expect_success 'txt2tei sample: an Arabic statement alone' '
		tei2epub -o one.epub ar-principles-and-values.xml &&
		check_ts one.epub
	'
else
	test_skip 'txt2tei samples' 'no txt2tei'
fi

test_expect_success 'anthology of everything, with cover and title page: both' '
	tei2epub --cover --title "Statements, 2024" -o anth.epub \
	    "$FIX/statement-en.xml" "$FIX/ckb.xml" "$FIX/mixed.xml" $samples &&
	check_both anth.epub
'

test_done
