#!/bin/sh
# t3510: txt2tei | tei2txt keeps every word of every input, in order.
# The words compared are the input's, less the lines txt2tei moved to the
# header (named in its normalization note: a category line, a repeated
# title); the output must hold exactly those words in that order.
. "$(dirname "$0")/lib.sh"

if ! [ -x "$WQ_BIN/txt2tei" ]; then
	test_skip 'round trips through txt2tei' 'no txt2tei yet'
	test_done
	exit $?
fi

# words TEXTFILE: one word per line
words() { tr -s " \t\r\n" "\n\n\n\n" <"$1" | grep -v "^$" || :; }

# expect_words INPUT.txt TEI.xml: tei2txt's words of TEI.xml are INPUT's words
expect_words() {
	moved=$(grep -o "Not repeated in the text: [^<]*" "$2" | grep -o "line [0-9]*" | cut -d" " -f2 | tr "\n" " ")
	awk -v skip="$moved" 'BEGIN { n = split(skip, a, " "); for (i = 1; i <= n; i++) s[a[i]] = 1 }
		NR == 1 { sub(/^\357\273\277/, "") } !(NR in s) { print }' "$1" >src.kept
	words src.kept >want.words
	tei2txt "$2" >back.txt
	words back.txt >got.words
	test -s want.words
	if ! cmp -s want.words got.words; then
		echo "words differ for $1 (moved lines: $moved):"; diff want.words got.words | head -n 20
		return 1
	fi
}

for f in "$SAMPLES"/*.txt; do
	name=$(basename "$f" .txt)
	test_expect_success "sample $name: txt2tei | tei2txt keeps every word, in order" '
		txt2tei "$f" >"$name.xml" 2>/dev/null &&
		teilint "$name.xml" &&
		expect_words "$f" "$name.xml" &&
		test "$(head -n 1 back.txt)" = "$(head -n 1 "$f" | sed "s/^\xef\xbb\xbf//; s/[[:space:]]*\$//")"
	'
done

test_expect_success 'a pipe: txt2tei < input | tei2txt' '
	f=$(ls "$SAMPLES"/*.txt | head -n 1) &&
	txt2tei <"$f" 2>/dev/null | tei2txt >piped.txt &&
	txt2tei "$f" 2>/dev/null >one.xml && tei2txt one.xml >file.txt &&
	cmp piped.txt file.txt
'

test_expect_success 'made-up inputs: lists of every kind, headings, a closer, CRLF, a BOM, no blank lines' '
	printf "\357\273\277Statement on testing\r\nStatements and Initiatives\r\n\r\nStatement on testing\r\n\r\nWe say:\r\n\r\n1- one\r\n2- two\r\n\r\nFirst: the first\r\n\r\nSecond: the second\r\n\r\n* a bullet\r\n* another\r\n\r\nBaghdad Office\r\n24 January 2024\r\n" >made1.txt &&
	printf "عنوان البيان\nأولاً: نص أول\nثانياً: نص ثان\n١- بند\n٢- بند آخر\nفقرة أخيرة طويلة بما يكفي لتكون فقرة وليست عنواناً.\n" >made2.txt &&
	printf "A title\n\nA heading\n\nText under the heading, with a date: January 24, 2024.\n\nAnother heading\n\nSub heading\n\nText.\n\n(1) bracketed\n(2) numbers\n\n- dash\n- items\n" >made3.txt &&
	for f in made1 made2 made3; do
		txt2tei "$f.txt" >"$f.xml" 2>/dev/null && teilint "$f.xml" && expect_words "$f.txt" "$f.xml" || exit 1
	done
'

if test_have SLOW && test_have jing; then
	test_expect_success 'jing: every TEI made here is valid against tei_all.rng' '
		jing_tei ./*.xml
	'
fi

test_done
