#!/bin/sh
# txt2tei: bounded memory on a 50 MB line with no newline (read from a file
# and from a pipe), long Arabic lines without spaces, many files with -d.
. "$(dirname "$0")/lib.sh"

# peak RSS limit in KiB for the plain build (the sanitizer build uses much more)
RSS_MAX=16384
if test_have SLOW; then BIG=50000000; else BIG=5000000; fi

test_expect_success 'make a long one-line input (no newline at all)' '
	yes "Lorem ipsum dolor sit amet, 24 January 2024 & more" | head -c $BIG | tr "\n" " " >big.txt &&
	test "$(wc -c <big.txt)" -eq $BIG &&
	test "$(wc -l <big.txt)" -eq 0
'

test_expect_success 'the one-line input converts in bounded memory' '
	/usr/bin/time -f %M -o rss txt2tei -q big.txt >big.xml 2>err &&
	is_empty err &&
	echo "# peak RSS $(cat rss) KiB for $BIG bytes" &&
	if test_have SLOW; then test "$(cat rss)" -le $RSS_MAX; fi
'

test_expect_success 'the long line is one paragraph holding every word and date' '
	test "$(grep -c "^        <p>" big.xml)" -eq 1 &&
	test "$(grep -o "<date when=\"2024-01-24\">24 January 2024</date>" big.xml | wc -l)" -eq \
	     "$(grep -o "24 January 2024" big.txt | wc -l)" &&
	test "$(grep -o "&amp; more" big.xml | wc -l)" -eq "$(grep -o "& more" big.txt | wc -l)" &&
	tail -c 100 big.xml | tr -d " \n" | grep -q "</p></div></body></text></TEI>$" &&
	xmllint --noout --stream big.xml
'

test_expect_success 'the same from a pipe (spooled to a temporary file)' '
	cat big.txt | /usr/bin/time -f %M -o rss2 txt2tei -q >pipe.xml 2>err &&
	is_empty err &&
	echo "# peak RSS $(cat rss2) KiB from a pipe" &&
	if test_have SLOW; then test "$(cat rss2)" -le $RSS_MAX; fi &&
	grep -v "type=\"filename\"" big.xml >a && grep -v "type=\"filename\"" pipe.xml >b &&
	cmp a b
'

test_expect_success 'a long Arabic line without spaces is cut safely' '
	yes "عربيّ" | head -n 300000 | tr -d "\n" >ar.txt &&
	txt2tei -q ar.txt >ar.xml &&
	test "$(grep -c "^        <p>" ar.xml)" -eq 1 &&
	sed -n "s/^        <p>\(.*\)<\/p>$/\1/p" ar.xml | tr -d "\n" >ar.text &&
	cmp ar.txt ar.text
'

test_expect_success 'many lines and paragraphs in bounded memory' '
	awk "BEGIN { for (i = 0; i < 200000; i++) { print \"Paragraph \" i \" of a long text, with some words.\"; if (i % 3 == 0) print \"\" } }" >lines.txt &&
	/usr/bin/time -f %M -o rss3 txt2tei -q lines.txt >lines.xml &&
	echo "# peak RSS $(cat rss3) KiB for $(wc -c <lines.txt) bytes in $(wc -l <lines.txt) lines" &&
	if test_have SLOW; then test "$(cat rss3)" -le $RSS_MAX; fi &&
	test "$(grep -c "^        <p>" lines.xml)" -eq 66667
'

test_expect_success '-d converts many files in one process' '
	mkdir in &&
	awk "BEGIN { for (i = 0; i < 300; i++) { f = sprintf(\"in/s%03d.txt\", i); print \"Statement \" i > f; print \"\" > f; print \"Text of statement \" i \".\" > f; close(f) } }" &&
	txt2tei -d out in/*.txt >o 2>err &&
	is_empty o && is_empty err &&
	test "$(ls out | wc -l)" -eq 300 &&
	grep_q "<head>Statement 299</head>" out/s299.xml &&
	test -z "$(ls out | grep -v "^s[0-9]*\.xml$")" &&
	txt2tei in/s123.txt | cmp - out/s123.xml
'

test_expect_success 'outputs are valid TEI (jing, tei_all; small ones only)' '
	if test_have SLOW; then
		jing_tei out/*.xml ar.xml >jing.out 2>&1 || { cat jing.out; false; }
	fi
'

test_done
