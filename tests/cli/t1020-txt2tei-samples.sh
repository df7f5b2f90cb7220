#!/bin/sh
# txt2tei: the four samples against their golden TEI (byte for byte, with
# SOURCE_DATE_EPOCH), the warnings they raise, validity with jing, and
# fidelity: every word of each input is in the output's text, in order.
. "$(dirname "$0")/lib.sh"

GOLDEN="$WQ_TOP/tests/golden"
names="en-nasr-goals-and-obligations en-nasr-iraqi-american-talks ar-principles-and-values ar-meet-the-secretary-general"

# words FILE: one white-space-separated word per line
words() { tr -s ' \t\r\n' '\n\n\n\n' <"$1" | sed '/^$/d'; }
# text_words TEI: the words of the TEI's text element
text_words() {
	xmllint --xpath 'string(/*[local-name()="TEI"]/*[local-name()="text"])' "$1" >"$1.text" &&
	words "$1.text"
}
# moved_lines TEI: the line numbers the header says were not repeated in the text
moved_lines() {
	sed -n 's/.*<p>Not repeated in the text: \(.*\)<\/p>.*/\1/p' "$1" |
	grep -o 'line [0-9]*' | cut -d' ' -f2 | tr '\n' ' '
}

for n in $names; do
	test_expect_success "sample $n converts to its golden TEI" '
		txt2tei "$SAMPLES/'$n'.txt" >'$n'.xml 2>'$n'.err &&
		cmp "$GOLDEN/'$n'.xml" '$n'.xml
	'
done

test_expect_success 'sample warnings: the ordinal gap' '
	cat >want <<-EOT &&
	txt2tei: $SAMPLES/en-nasr-goals-and-obligations.txt:37:1: warning: list numbering goes from '"'"'Third'"'"' to '"'"'Fifth'"'"' (kept as written)
	EOT
	diff -u want en-nasr-goals-and-obligations.err
'

test_expect_success 'sample warnings: glued Loading label and a repeated line' '
	cat >want <<-EOT &&
	txt2tei: $SAMPLES/ar-meet-the-secretary-general.txt:3:45: warning: possible scraping debris: interface label '"'"'Loading'"'"' glued to the preceding word (kept)
	txt2tei: $SAMPLES/ar-meet-the-secretary-general.txt:9:1: warning: possible scraping debris: line repeats line 2 verbatim (kept)
	EOT
	diff -u want ar-meet-the-secretary-general.err
'

test_expect_success 'no warnings for the two other samples' '
	is_empty en-nasr-iraqi-american-talks.err &&
	is_empty ar-principles-and-values.err
'

test_expect_success 'the samples keep their quirks: no-break space, tatweel, debris' '
	grep_q "<item n=\"Third\">$(printf "\302\240") <label>Third:</label>" en-nasr-goals-and-obligations.xml &&
	grep_q "<head>أهـداف التحالف</head>" ar-principles-and-values.xml &&
	grep_q "<head>تعرف على الأمين العام و الأمانة العامة للحزبLoading</head>" ar-meet-the-secretary-general.xml &&
	test "$(grep -c "تقود الأمانة العامة العمل التنظيمي" ar-meet-the-secretary-general.xml)" -eq 2
'

test_expect_success 'sample headers: categories, languages, date in the text' '
	grep_q "<term>Our Visions and Commitments</term>" en-nasr-goals-and-obligations.xml &&
	grep_q "<term>Statements and Initiatives</term>" en-nasr-iraqi-american-talks.xml &&
	grep_q "^<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"ar\">$" ar-principles-and-values.xml &&
	grep_q "<language ident=\"ar\" usage=\"100\">Arabic</language>" ar-meet-the-secretary-general.xml &&
	grep_q "launched on <date when=\"2024-01-24\">January 24, 2024</date>, as" en-nasr-iraqi-american-talks.xml
'

for n in $names; do
	test_expect_success "fidelity: every word of $n in order" '
		skip=$(moved_lines '$n'.xml) &&
		awk -v skip="$skip" "BEGIN { k = split(skip, a, \" \"); for (i = 1; i <= k; i++) s[a[i]] = 1 }
		    !(FNR in s)" "$SAMPLES/'$n'.txt" >'$n'.kept &&
		words '$n'.kept >'$n'.in.words &&
		text_words '$n'.xml >'$n'.out.words &&
		test -s '$n'.in.words &&
		diff -u '$n'.in.words '$n'.out.words
	'
done

test_expect_success 'fidelity check can fail: a dropped word is seen' '
	sed "s/<p>The commitment to the unity/<p>The to the unity/" en-nasr-goals-and-obligations.xml >broken.xml &&
	text_words broken.xml >broken.words &&
	! diff en-nasr-goals-and-obligations.in.words broken.words >/dev/null
'

test_expect_success 'sample outputs and goldens are valid TEI (jing, tei_all)' '
	if test_have SLOW; then
		jing_tei "$GOLDEN"/*.xml ./*-*.xml >jing.out 2>&1 || { cat jing.out; false; }
	fi
'

test_done
