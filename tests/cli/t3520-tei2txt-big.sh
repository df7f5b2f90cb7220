#!/bin/sh
# t3520: tei2txt streams: memory stays small whatever the document's size.
. "$(dirname "$0")/lib.sh"

# big N: a TEI document of N paragraphs of about 200 bytes, on stdout
big() {
	awk -v n="$1" 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title>Big</title></titleStmt>"
		print "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>"
		print "<text><body><div type=\"statement\">"
		for (i = 0; i < n; i++)
			printf "<p>Paragraph %d of the big statement, with <hi>some</hi> markup and a <date when=\"2024-01-24\">date</date>; الفقرة رقم %d من البيان الكبير.</p>\n", i, i
		print "</div></body></text></TEI>"
	}'
}

if test_have SLOW && test -x /usr/bin/time; then
	test_expect_success 'a 30 MB document: every paragraph out, peak memory under 16 MB' '
		big 200000 >big.xml && test "$(wc -c <big.xml)" -gt 30000000 &&
		/usr/bin/time -f "%M" -o rss.txt tei2txt big.xml >big.txt &&
		kb=$(tail -n 1 rss.txt) && echo "peak $kb KB" && test "$kb" -lt 16384 &&
		test "$(grep -c "^Paragraph [0-9]* of the big statement" big.txt)" = 200000 &&
		test "$(head -n 1 big.txt)" = Big &&
		grep_q "^Paragraph 199999 of the big statement, with some markup and a date; الفقرة رقم 199999 من البيان الكبير\.$" big.txt
	'
	test_expect_success 'memory does not grow with size: 10 times smaller, about the same peak' '
		big 20000 >small.xml &&
		/usr/bin/time -f "%M" -o rss2.txt tei2txt small.xml >/dev/null &&
		small=$(tail -n 1 rss2.txt) && large=$(tail -n 1 rss.txt) &&
		echo "small $small KB, large $large KB" && test "$large" -lt $((small + 4096))
	'
else
	test_expect_success 'a 2 MB document: every paragraph out (sanitizer build)' '
		big 10000 >big.xml && tei2txt big.xml >big.txt &&
		test "$(grep -c "^Paragraph [0-9]* of the big statement" big.txt)" = 10000
	'
fi

test_done
