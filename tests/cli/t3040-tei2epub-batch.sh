#!/bin/sh
# tei2epub: -d (one EPUB per input, one process) and long statements split into chapters.
. "$(dirname "$0")/lib.sh"
FIX=$WQ_TOP/tests/tei2epub

test_expect_success '-d: one EPUB per input, same bytes as one at a time' '
	tei2epub -d out "$FIX/ckb.xml" "$FIX/mixed.xml" "$FIX/statement-ar.xml" 2>err &&
	is_empty err &&
	ls out >names &&
	printf "%s\n" ckb.epub mixed.epub statement-ar.epub >want &&
	diff want names &&
	tei2epub -o ckb.epub "$FIX/ckb.xml" &&
	tei2epub -o mixed.epub "$FIX/mixed.xml" &&
	cmp ckb.epub out/ckb.epub &&
	cmp mixed.epub out/mixed.epub
'

test_expect_success '-d: a bad input is reported, the others are written, exit 1' '
	rm -rf out &&
	expect_code 1 tei2epub -d out "$FIX/ckb.xml" "$FIX/bad-notwf.xml" "$FIX/bad-nottei.xml" "$FIX/mixed.xml" >stdout 2>err &&
	is_empty stdout &&
	grep_q "bad-notwf.xml:6" err &&
	grep_q "bad-nottei.xml:2" err &&
	ls out >names &&
	printf "%s\n" ckb.epub mixed.epub >want &&
	diff want names
'

test_expect_success '-d: books in a batch do not leak into each other' '
	rm -rf out &&
	tei2epub -d out "$FIX/statement-ar.xml" "$FIX/statement-en.xml" &&
	unzip -p out/statement-en.epub EPUB/package.opf >opf &&
	! grep_q "<dc:language>ar</dc:language>" opf 2>/dev/null &&
	! grep_q "page-progression-direction" opf 2>/dev/null &&
	test "$(unzip -l out/statement-en.epub | grep -c "EPUB/c0")" = 1
'

test_expect_success '-d: a second input with the same name is refused, the first book kept' '
	rm -rf out twin &&
	mkdir twin && cp "$FIX/mixed.xml" twin/ckb.xml &&
	expect_code 2 tei2epub -d out "$FIX/ckb.xml" twin/ckb.xml >stdout 2>err &&
	is_empty stdout &&
	test "$(cat err)" = "tei2epub: out/ckb.epub: not written: already written from another input with the same name" &&
	tei2epub -o ckb.epub "$FIX/ckb.xml" &&
	cmp ckb.epub out/ckb.epub &&
	test "$(ls -A out | wc -l)" -eq 1
'

test_expect_success '-d: the folder is created' '
	tei2epub -d new/deeper "$FIX/ckb.xml" &&
	test -s new/deeper/ckb.epub
'

# a long statement: 40 sections of about 8 KB
awk -v ns=40 "BEGIN {
	print \"<TEI xmlns=\\\"http://www.tei-c.org/ns/1.0\\\" xml:lang=\\\"en\\\"><teiHeader><fileDesc><titleStmt><title>Long</title></titleStmt></fileDesc></teiHeader><text><body><div type=\\\"statement\\\"><head>Long</head>\"
	for (s = 1; s <= ns; s++) {
		printf \"<div type=\\\"section\\\"><head>Section %d</head>\n\", s
		for (p = 1; p <= 20; p++) {
			printf \"<p>\"
			for (w = 1; w <= 60; w++) printf \"word%d.%d.%d \", s, p, w
			print \"</p>\"
		}
		print \"</div>\"
	}
	print \"</div></body></text></TEI>\"
}" >long.xml

test_expect_success 'a long statement is split into chapters at its sections' '
	tei2epub -o long.epub long.xml 2>err &&
	is_empty err &&
	unzip -l long.epub | grep -c "EPUB/c0" >n &&
	test "$(cat n)" -ge 3 &&
	unzip -p long.epub EPUB/c0002.xhtml >c2 &&
	grep_q "^<body>" c2 &&
	grep_q "<section><section>" c2 &&
	unzip -p long.epub EPUB/nav.xhtml >nav &&
	test "$(grep -c "<li><a href=\"c0" nav)" = 41
'

test_expect_success 'the split book is valid and keeps every word' '
	if test_have python3 && test_have pandoc; then
		pandoc -f epub -t plain --wrap=none long.epub >long.txt &&
		python3 "$FIX/same-words.py" long.xml long.txt
	fi &&
	if test_have node && test -f "$WQ_TOP/.deps/node_modules/@likecoin/epubcheck-ts/bin/epubcheck.js"; then
		sh "$FIX/epubcheck-ts.sh" long.epub
	fi
'

# a body of paragraphs only, over 2 MB: split at paragraphs every megabyte
awk "BEGIN {
	print \"<TEI xmlns=\\\"http://www.tei-c.org/ns/1.0\\\"><teiHeader/><text><body>\"
	for (p = 1; p <= 4000; p++) {
		printf \"<p>\"
		for (w = 1; w <= 100; w++) printf \"w%d \", p
		print \"</p>\"
	}
	print \"</body></text></TEI>\"
}" >flat.xml

test_expect_success 'a flat body over 2 MB is split at paragraphs' '
	tei2epub -o flat.epub flat.xml 2>err &&
	is_empty err &&
	test "$(unzip -l flat.epub | grep -c "EPUB/c0")" = 3 &&
	unzip -p flat.epub EPUB/c0003.xhtml | tail -n 4 | grep_q "<p>w4000 " - &&
	unzip -p flat.epub EPUB/package.opf | grep_q "<dc:title id=\"title\">flat.xml</dc:title>" -
'

test_done
