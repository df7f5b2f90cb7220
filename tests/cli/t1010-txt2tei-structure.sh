#!/bin/sh
# txt2tei: structure inferred from small texts written here (one case per step);
# the body of each output is compared exactly, then all outputs go through jing.
. "$(dirname "$0")/lib.sh"

# body FILE: the <body> element of a TEI output, as written
body() { sed -n '/^    <body>$/,/^    <\/body>$/p' "$1"; }
# check NAME: convert NAME.txt, compare its body with NAME.want and its
# stderr with NAME.err (empty when there is no NAME.err)
check() {
	txt2tei "$1.txt" >"$1.xml" 2>"$1.stderr" || { cat "$1.stderr" >&2; return 1; }
	body "$1.xml" >"$1.body"
	diff -u "$1.want" "$1.body" || return 1
	if test -f "$1.err"; then diff -u "$1.err" "$1.stderr"; else is_empty "$1.stderr"; fi
}

test_expect_success 'title, category and repeated title go to the header' '
	printf "The Title\nNews and Statements\n\nThe Title\n\nFirst paragraph.\n\nSecond paragraph.\n" >cat.txt &&
	cat >cat.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>The Title</head>
	        <p>First paragraph.</p>
	        <p>Second paragraph.</p>
	      </div>
	    </body>
	EOT
	check cat &&
	grep_q "^          <term>News and Statements</term>$" cat.xml &&
	grep_q "^        <title type=\"main\">The Title</title>$" cat.xml &&
	grep_q "<p>Not repeated in the text: line 2 (category line, see textClass); line 4 (repeats the title).</p>" cat.xml
'

test_expect_success 'a repeated title without a category' '
	printf "\n\nTitle\n\nTitle\nText.\n" >rep.txt &&
	cat >rep.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>Text.</p>
	      </div>
	    </body>
	EOT
	check rep &&
	grep_q "<p>Not repeated in the text: line 5 (repeats the title).</p>" rep.xml &&
	! grep -q textClass rep.xml
'

test_expect_success 'blank lines separate paragraphs; lines inside one are kept' '
	printf "Title\n\nOne line\nand its continuation.\n\n\n   \nAnother paragraph.\n" >para.txt &&
	cat >para.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>One line
	and its continuation.</p>
	        <p>Another paragraph.</p>
	      </div>
	    </body>
	EOT
	check para
'

test_expect_success 'without blank lines every line is a paragraph' '
	printf "Title\nFirst line of text.\nSecond line of text.\nThird line of text.\n" >lines.txt &&
	cat >lines.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>First line of text.</p>
	        <p>Second line of text.</p>
	        <p>Third line of text.</p>
	      </div>
	    </body>
	EOT
	check lines
'

test_expect_success 'headings open sections; a heading over headings opens a group' '
	printf "Principles\n\nPeace\n\nText of peace.\n\nGoals\n\nCities\n\nText of cities.\n\nVillages\n\nText of villages.\n\nMeans\n\nWork\n\nText of work.\n" >head.txt &&
	cat >head.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Principles</head>
	        <div type="section">
	          <head>Peace</head>
	          <p>Text of peace.</p>
	        </div>
	        <div type="section">
	          <head>Goals</head>
	          <div type="subsection">
	            <head>Cities</head>
	            <p>Text of cities.</p>
	          </div>
	          <div type="subsection">
	            <head>Villages</head>
	            <p>Text of villages.</p>
	          </div>
	        </div>
	        <div type="section">
	          <head>Means</head>
	          <div type="subsection">
	            <head>Work</head>
	            <p>Text of work.</p>
	          </div>
	        </div>
	      </div>
	    </body>
	EOT
	check head
'

test_expect_success 'not headings: closing punctuation, too long, last block' '
	printf "Title\n\nWe call for:\n\nText.\n\nThis short line has far too many words to be taken as a heading here\n\nText.\n\nA last short line\n" >nohead.txt &&
	cat >nohead.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>We call for:</p>
	        <p>Text.</p>
	        <p>This short line has far too many words to be taken as a heading here</p>
	        <p>Text.</p>
	        <p>A last short line</p>
	      </div>
	    </body>
	EOT
	check nohead
'

test_expect_success 'numbered lists: 1- 1. 1) (1) and Arabic-Indic digits' '
	printf "Title\n\nWe propose:\n\n1-Ending the mission.\n\n2-Preventing any presence.\n\n1. one\n2. two\n\n1) a\n\n(1) b\n(2) c\n\n\331\241- \330\243\331\210\331\204\n\331\242- \330\253\330\247\331\206\n" >num.txt &&
	cat >num.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>We propose:</p>
	        <list type="ordered">
	          <item n="1"><label>1-</label>Ending the mission.</item>
	          <item n="2"><label>2-</label>Preventing any presence.</item>
	        </list>
	        <list type="ordered">
	          <item n="1"><label>1.</label> one</item>
	          <item n="2"><label>2.</label> two</item>
	        </list>
	        <list type="ordered">
	          <item n="1"><label>1)</label> a</item>
	        </list>
	        <list type="ordered">
	          <item n="1"><label>(1)</label> b</item>
	          <item n="2"><label>(2)</label> c</item>
	        </list>
	        <list type="ordered">
	          <item n="١" xml:lang="ar"><label>١-</label> أول</item>
	          <item n="٢" xml:lang="ar"><label>٢-</label> ثان</item>
	        </list>
	      </div>
	    </body>
	EOT
	check num
'

test_expect_success 'not list markers: 3-year, 1.5, 2024. and 10-20' '
	printf "Title\n\n3-year plan.\n\n1.5 million.\n\n10-20 people.\n" >nolist.txt &&
	txt2tei nolist.txt >nolist.xml &&
	! grep -q "<list" nolist.xml &&
	grep_q "<p>3-year plan.</p>" nolist.xml &&
	grep_q "<p>1.5 million.</p>" nolist.xml
'

test_expect_success 'ordinal labels in English and Arabic; a gap is kept and reported' '
	printf "Title\n\nFirst: one.\n\nSecond: two.\n\n\302\240 Third: three.\n\nFifth: five.\n\n\330\243\331\210\331\204\330\247\331\213: \330\243.\n\330\253\330\247\331\206\331\212\330\247\331\213: \330\250.\n" >ord.txt &&
	cat >ord.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <list type="ordered">
	          <item n="First"><label>First:</label> one.</item>
	          <item n="Second"><label>Second:</label> two.</item>
	          <item n="Third">  <label>Third:</label> three.</item>
	          <item n="Fifth"><label>Fifth:</label> five.</item>
	        </list>
	        <list type="ordered">
	          <item n="أولاً" xml:lang="ar"><label>أولاً:</label> أ.</item>
	          <item n="ثانياً" xml:lang="ar"><label>ثانياً:</label> ب.</item>
	        </list>
	      </div>
	    </body>
	EOT
	printf "txt2tei: ord.txt:9:1: warning: list numbering goes from %s to %s (kept as written)\n" "'"'"'Third'"'"'" "'"'"'Fifth'"'"'" >ord.err &&
	check ord
'

test_expect_success 'bullet lists: - * and the bullet sign' '
	printf "Title\n\n- one\n- two\n\n* star\n\n\342\200\242 dot\n\342\200\242second dot\n" >bul.txt &&
	cat >bul.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <list type="bulleted">
	          <item><label>-</label> one</item>
	          <item><label>-</label> two</item>
	        </list>
	        <list type="bulleted">
	          <item><label>*</label> star</item>
	        </list>
	        <list type="bulleted">
	          <item><label>•</label> dot</item>
	          <item><label>•</label>second dot</item>
	        </list>
	      </div>
	    </body>
	EOT
	check bul
'

test_expect_success 'a list item goes on over lines without a marker' '
	printf "Title\n\n1. first item\nwhich goes on\n2. second\n\nEnd.\n" >cont.txt &&
	cat >cont.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <list type="ordered">
	          <item n="1"><label>1.</label> first item
	which goes on</item>
	          <item n="2"><label>2.</label> second</item>
	        </list>
	        <p>End.</p>
	      </div>
	    </body>
	EOT
	check cont
'

test_expect_success 'dates: ISO, English forms, Arabic month names, Arabic-Indic digits' '
	printf "Title\n\nOn 2024-01-24, on January 24, 2024, on 24 January 2024, on Jan. 5, 2023 and March 3rd, 2020.\n\nNot dates: 2024-02-30, 31 April 2024, 2024, January 2024.\n\n\331\201\331\212 \331\242\331\244 \331\203\330\247\331\206\331\210\331\206 \330\247\331\204\330\253\330\247\331\206\331\212 \331\242\331\240\331\242\331\244 \331\210\331\201\331\212 3 \331\212\331\206\330\247\331\212\330\261 2023 \331\210\331\201\331\212 1 \330\252\330\264\330\261\331\212\331\206 \330\247\331\204\330\243\331\210\331\204\330\214 2022 \331\210\331\201\331\212 15 \330\242\330\260\330\247\330\261 2021.\n" >date.txt &&
	cat >date.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>On <date when="2024-01-24">2024-01-24</date>, on <date when="2024-01-24">January 24, 2024</date>, on <date when="2024-01-24">24 January 2024</date>, on <date when="2023-01-05">Jan. 5, 2023</date> and <date when="2020-03-03">March 3rd, 2020</date>.</p>
	        <p>Not dates: 2024-02-30, 31 April 2024, 2024, January 2024.</p>
	        <p xml:lang="ar">في <date when="2024-01-24">٢٤ كانون الثاني ٢٠٢٤</date> وفي <date when="2023-01-03">3 يناير 2023</date> وفي <date when="2022-10-01">1 تشرين الأول، 2022</date> وفي <date when="2021-03-15">15 آذار 2021</date>.</p>
	      </div>
	    </body>
	EOT
	check date
'

test_expect_success 'a closing block becomes closer/signed/dateline and gives the author' '
	printf "Title\n\nWe welcome the talks.\n\nAl Nasr Coalition\nMedia Office\nBaghdad, 24 January 2024\n" >closer.txt &&
	cat >closer.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>We welcome the talks.</p>
	        <closer>
	          <signed>Al Nasr Coalition</signed>
	          <signed>Media Office</signed>
	          <dateline>Baghdad, <date when="2024-01-24">24 January 2024</date></dateline>
	        </closer>
	      </div>
	    </body>
	EOT
	check closer &&
	grep_q "^        <author>Al Nasr Coalition</author>$" closer.xml &&
	txt2tei --author "Someone Else" closer.txt | grep -q "<author>Someone Else</author>"
'

test_expect_success 'signature lines with no text before them stay in the body, not a closer' '
	# TEI allows closer only after some text: a title plus a signature block
	# must still give valid TEI, with every line kept
	printf "Title\n\nMedia Office\nBaghdad, 24 January 2024\n" >onlysig.txt &&
	txt2tei onlysig.txt >onlysig.xml 2>onlysig.stderr &&
	is_empty onlysig.stderr &&
	! grep -q "<closer>" onlysig.xml &&
	grep_q "Media Office<" onlysig.xml &&
	grep_q "Baghdad, <date when=\"2024-01-24\">24 January 2024</date>" onlysig.xml &&
	teilint onlysig.xml
'

test_expect_success 'a closer after sections, in Arabic, on a page without blank lines' '
	printf "\330\250\331\212\330\247\331\206\nمقدمة\nنص البيان هنا.\nالمكتب الإعلامي\nبغداد ٢٤ كانون الثاني ٢٠٢٤\n" >closer-ar.txt &&
	cat >closer-ar.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>بيان</head>
	        <div type="section">
	          <head>مقدمة</head>
	          <p>نص البيان هنا.</p>
	        </div>
	        <closer>
	          <signed>المكتب الإعلامي</signed>
	          <dateline>بغداد <date when="2024-01-24">٢٤ كانون الثاني ٢٠٢٤</date></dateline>
	        </closer>
	      </div>
	    </body>
	EOT
	check closer-ar &&
	grep_q "<author xml:lang=\"ar\">المكتب الإعلامي</author>" closer-ar.xml
'

test_expect_success 'no closer: a final sentence, or no date' '
	printf "Title\n\nText.\n\nThank you all.\nBaghdad, 24 January 2024\n" >nocl1.txt &&
	txt2tei nocl1.txt >nocl1.xml && ! grep -q "<closer>" nocl1.xml &&
	printf "Title\n\nText.\n\nAl Nasr Coalition\nMedia Office\n" >nocl2.txt &&
	txt2tei nocl2.txt >nocl2.xml && ! grep -q "<closer>" nocl2.xml
'

test_expect_success 'languages: per paragraph xml:lang, root language, shares' '
	printf "سەرۆکایەتی هەرێمی کوردستان\n\nئەمە دەقێکی کوردییە بۆ تاقیکردنەوە و نووسین.\n\nهذا نص عربي.\n\nEnglish text.\n\nЭто текст.\n\n12345 678\n" >lang.txt &&
	cat >lang.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>سەرۆکایەتی هەرێمی کوردستان</head>
	        <p>ئەمە دەقێکی کوردییە بۆ تاقیکردنەوە و نووسین.</p>
	        <p xml:lang="ar">هذا نص عربي.</p>
	        <p xml:lang="en">English text.</p>
	        <p xml:lang="und">Это текст.</p>
	        <p>12345 678</p>
	      </div>
	    </body>
	EOT
	check lang &&
	grep_q "^<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"ckb\">$" lang.xml &&
	grep_q "<title type=\"main\" xml:lang=\"ckb\">" lang.xml &&
	grep_q "<language ident=\"ckb\" usage=\"[0-9]*\">Central Kurdish</language>" lang.xml &&
	grep_q "<language ident=\"ar\" usage=\"[0-9]*\">Arabic</language>" lang.xml &&
	grep_q "<language ident=\"en\" usage=\"[0-9]*\">English</language>" lang.xml &&
	grep_q "<language ident=\"und\" usage=\"[0-9]*\">Undetermined</language>" lang.xml &&
	test "$(sed -n "s/.*usage=\"\([0-9]*\)\".*/\1/p" lang.xml | paste -sd+ | bc)" -eq 100
'

test_expect_success 'an English text is all English, 100 per cent' '
	grep_q "<language ident=\"en\" usage=\"100\">English</language>" cat.xml &&
	test "$(grep -c "<language " cat.xml)" -eq 1
'

test_expect_success 'fidelity: BOM dropped, CR LF and CR made LF, NFC, the rest kept' '
	printf "\357\273\277Title\r\n\r\nCafe\314\201 \342\204\253 \331\200\331\200tatweel\302\240nbsp \"quotes\" & <tags>\r\nnext\rlast\r\n\r\nEnd.\r\n" >fid.txt &&
	cat >fid.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>Café Å ــtatweel nbsp "quotes" &amp; &lt;tags&gt;
	next
	last</p>
	        <p>End.</p>
	      </div>
	    </body>
	EOT
	check fid &&
	n=$(wc -c <fid.txt) && test "$n" -eq 79 &&
	grep_q "<measure unit=\"bytes\" quantity=\"$n\">$n bytes</measure>" fid.xml &&
	! grep -q "$(printf "\r")" fid.xml
'

test_expect_success 'scraping debris is kept and reported with its position' '
	printf "Title\n\nA line long enough to be noticed when it comes back.\n\330\247\331\204\330\255\330\262\330\250Loading and word\330\247\331\204\330\271\330\261\330\250\331\212\n\nA line long enough to be noticed when it comes back.\n\nLoading\n" >debris.txt &&
	cat >debris.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Title</head>
	        <p>A line long enough to be noticed when it comes back.
	الحزبLoading and wordالعربي</p>
	        <p>A line long enough to be noticed when it comes back.</p>
	        <p>Loading</p>
	      </div>
	    </body>
	EOT
	cat >debris.err <<-\EOT &&
	txt2tei: debris.txt:4:6: warning: possible scraping debris: interface label '"'"'Loading'"'"' glued to the preceding word (kept)
	txt2tei: debris.txt:4:22: warning: possible scraping debris: '"'"'العربي'"'"' glued to a word in another script (kept)
	txt2tei: debris.txt:6:1: warning: possible scraping debris: line repeats line 3 verbatim (kept)
	txt2tei: debris.txt:8:1: warning: possible scraping debris: interface label '"'"'Loading'"'"' on a line of its own (kept)
	EOT
	check debris
'

test_expect_success 'debris in text that needs NFC is reported once' '
	printf "Cafe\314\201 title\n\nText e\314\201 word\330\271\330\261\330\250\331\212 then \342\204\253.\n" >nfcdebris.txt &&
	cat >nfcdebris.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Café title</head>
	        <p>Text é wordعربي then Å.</p>
	      </div>
	    </body>
	EOT
	cat >nfcdebris.err <<-\EOT &&
	txt2tei: nfcdebris.txt:3:12: warning: possible scraping debris: '"'"'عربي'"'"' glued to a word in another script (kept)
	EOT
	check nfcdebris &&
	grep_q "<title type=\"main\">Café title</title>" nfcdebris.xml
'

test_expect_success 'a first line too long for a title is a paragraph' '
	awk "BEGIN { for (i = 0; i < 80; i++) printf \"word \"; print \"end.\" }" >long.txt &&
	printf "\nNext.\n" >>long.txt &&
	txt2tei long.txt >long.xml &&
	! grep -q "<head>" long.xml &&
	grep_q "<title type=\"main\">word word word" long.xml &&
	grep_q "<title type=\"main\">.*…</title>" long.xml &&
	grep_q "^        <p>word word .* end.</p>$" long.xml
'

test_expect_success 'a title alone makes a valid document' '
	printf "Only a title\n" >alone.txt &&
	cat >alone.want <<-\EOT &&
	    <body>
	      <div type="statement">
	        <head>Only a title</head>
	      </div>
	    </body>
	EOT
	check alone
'

test_expect_success 'every TEI written here is valid (jing, tei_all)' '
	if test_have SLOW; then
		jing_tei *.xml >jing.out 2>&1 || { cat jing.out; false; }
	fi
'

test_done
