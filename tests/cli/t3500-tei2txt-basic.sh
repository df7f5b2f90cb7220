#!/bin/sh
# t3500: tei2txt: the text of TEI documents, block by block.
. "$(dirname "$0")/lib.sh"

FIX=$WQ_TOP/tests/teilint
EXAMPLES=$WQ_SHARED/schemas/tei/examples

cat >forms.xml <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="sub">Sub title</title><title type="main">Forms of lists</title></titleStmt>
      <publicationStmt><publisher>x</publisher></publicationStmt>
      <sourceDesc><p>Header text never shows.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="statement">
        <p>Intro with a <hi>word</hi> and a <date when="2024-01-24">date</date>,
second line.</p>
        <list type="ordered">
          <item n="1"><label>1-</label> With a label.</item>
          <item n="2">Without a label.</item>
          <item n="(c)">Number with brackets.</item>
          <item n="iv.">Number with a full stop.</item>
          <item n="٥">Arabic-Indic number.</item>
          <item>No number at all.</item>
        </list>
        <list type="bulleted">
          <item><label>•</label> Bullet with a label.</item>
          <item>Bullet without one.</item>
        </list>
        <list type="ordered">
          <item n="1"><label>1.</label> Outer item
            <list type="bulleted"><item><label>-</label> inner</item></list>
          tail of the outer item</item>
        </list>
        <p>A line<lb/>break, and another<lb/>
then a newline.</p>
        <closer>
          <signed>The Office</signed>
          <dateline>Baghdad, <date when="2024-01-24">24 January 2024</date></dateline>
        </closer>
      </div>
    </body>
  </text>
</TEI>
EOF

cat >forms.want <<\EOF
Forms of lists

Intro with a word and a date,
second line.

1- With a label.

2. Without a label.

(c) Number with brackets.

iv. Number with a full stop.

٥. Arabic-Indic number.

No number at all.

• Bullet with a label.

- Bullet without one.

1. Outer item

- inner

tail of the outer item

A line
break, and another
then a newline.

The Office
Baghdad, 24 January 2024
EOF

cat >en.want <<\EOF
Statement on Regional Rail Fares

On 24 January 2024 the Civic Renewal Party
          called on the regional council to freeze rail fares for the coming year.

Commuters have seen three increases in two years while services have grown
          less reliable. We propose the following steps:

1. Freeze all regional rail fares until the end of 2025.

2. Publish monthly punctuality figures for every line.

3. Fund two new night services from the existing transport budget.

Our spokesperson said: A fair fare is a question of dignity, not of
          luxury.

Ce communiqué est également disponible en français sur demande.

Civic Renewal Party, Press Office
EOF

test_expect_success '--help prints the usage on stdout' '
	tei2txt --help >out 2>err &&
	grep_q "^usage: tei2txt \[-o FILE\] \[FILE ...\]$" out && is_empty err
'

test_expect_success '--version prints the version' '
	tei2txt --version >out 2>err && echo "tei2txt 0.1.0" >want && cmp want out && is_empty err
'

test_expect_success 'an unknown option is a usage error (exit 2)' '
	expect_code 2 tei2txt -x forms.xml >out 2>err && is_empty out && grep_q "^usage: tei2txt" err
'

test_expect_success 'title first, then each block; item numbers as written; closer lines' '
	tei2txt forms.xml >out 2>err && is_empty err && cmp forms.want out
'

test_expect_success 'the English example statement (header title repeated by head: once)' '
	tei2txt "$EXAMPLES/statement-en.xml" >out 2>err && is_empty err && cmp en.want out &&
	test "$(grep -c "Statement on Regional Rail Fares" out)" = 1
'

test_expect_success 'the Arabic example: every word of its text, in order' '
	tei2txt "$EXAMPLES/statement-ar.xml" >out 2>err && is_empty err &&
	head -n 1 out >first && echo "بيان بشأن أسعار الخبز" >want && cmp want first &&
	grep_q "^1\. تثبيت سعر رغيف الخبز المدعوم حتى نهاية عام ٢٠٢٥\.$" out &&
	grep_q "^المكتب الإعلامي، حزب النهضة المدنية$" out &&
	! grep -q "Civic Renaissance Party\|Conversion from plain text" out
'

test_expect_success 'txt2tei labels kept as written, sections and closers (full-profile fixture)' '
	tei2txt "$FIX/valid/full-profile.xml" >out 2>err && is_empty err &&
	grep_q "^أولاً: دعم المدارس الحكومية\.$" out &&
	grep_q "^١- بناء مدارس جديدة\.$" out &&
	grep_q "^3) Free textbooks\.$" out &&
	grep_q "^• نقطة أولى$" out &&
	test "$(tail -n 3 out | tr "\n" "|")" = "المكتب الإعلامي|بغداد|24 January 2024|"
'

test_expect_success 'blocks are separated by exactly one blank line, and the output ends with a newline' '
	tei2txt forms.xml >out &&
	! grep -q "^[[:space:]][[:space:]]*$" out &&
	awk "/^\$/ { if (prev == \"\") exit 1 } { prev = \$0 }" out &&
	test "$(tail -c 1 out | od -An -c | tr -d " ")" = "\n"
'

test_expect_success 'standard input, and many files in one call (in order)' '
	tei2txt <forms.xml >out && cmp forms.want out &&
	tei2txt - <forms.xml >out && cmp forms.want out &&
	tei2txt forms.xml "$EXAMPLES/statement-en.xml" >out &&
	{ cat forms.want; echo; cat en.want; } >want && cmp want out
'

test_expect_success '-o FILE: the same text, written whole' '
	tei2txt -o result.txt forms.xml >out 2>err && is_empty out && is_empty err &&
	cmp forms.want result.txt
'

test_expect_success '-o FILE and a bad input: exit 1 and no output file (an old one is kept)' '
	printf "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><p>cut" >cut.xml &&
	expect_code 1 tei2txt -o new.txt forms.xml cut.xml 2>err &&
	test ! -e new.txt && grep_q "^tei2txt: cut.xml:1:[0-9]*: " err &&
	echo old >old.txt &&
	expect_code 1 tei2txt -o old.txt cut.xml 2>err &&
	echo old >want && cmp want old.txt &&
	test -z "$(ls | grep "\.tmp\.")"
'

test_expect_success 'not well-formed: exit 1, tei2txt: FILE:LINE:COL: libxml2 message' '
	cp "$FIX/invalid/not-well-formed.xml" nwf.xml &&
	expect_code 1 tei2txt nwf.xml >out 2>err &&
	echo "tei2txt: nwf.xml:19:34: Opening and ending tag mismatch: hi line 19 and p" >want &&
	cmp want err
'

test_expect_success 'not TEI: exit 1' '
	echo "<html><body><p>x</p></body></html>" >h.xml &&
	expect_code 1 tei2txt h.xml >out 2>err &&
	grep_q "^tei2txt: h.xml:1: not a TEI document: the root element is <html>$" err
'

test_expect_success 'a missing file is trouble (exit 2); the other files are still converted' '
	expect_code 2 tei2txt nofile.xml forms.xml >out 2>err &&
	grep_q "^tei2txt: nofile.xml: No such file or directory$" err &&
	cmp forms.want out
'

test_expect_success 'entities are not expanded: an external one never shows its file' '
	cp "$FIX/invalid/external-entity.xml" "$FIX/invalid/secret.txt" . &&
	expect_code 1 tei2txt external-entity.xml >out 2>err &&
	! grep -q "$(cat secret.txt)" out err &&
	grep_q "entity reference &xxe; not expanded" err
'

test_expect_success 'billion laughs: refused, quickly' '
	expect_code 1 tei2txt "$FIX/invalid/billion-laughs.xml" >out 2>err &&
	grep_q "Detected an entity reference loop" err
'

if test -w /dev/full; then
	test_expect_success 'a write error on standard output is trouble (exit 2)' '
		expect_code 2 tei2txt forms.xml >/dev/full 2>err &&
		grep_q "^tei2txt: write error on standard output" err
	'
fi

test_done
