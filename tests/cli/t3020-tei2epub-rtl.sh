#!/bin/sh
# tei2epub: right to left, languages and the package metadata.
. "$(dirname "$0")/lib.sh"
FIX=$WQ_TOP/tests/tei2epub

part() { unzip -p "$1" "EPUB/$2"; }

test_expect_success 'Arabic: rtl spine, html dir="rtl", dc:language ar then en' '
	tei2epub -o ar.epub "$FIX/statement-ar.xml" &&
	part ar.epub package.opf >opf &&
	grep_q "<spine toc=\"ncx\" page-progression-direction=\"rtl\">" opf &&
	grep_q "<package [^>]*xml:lang=\"ar\" dir=\"rtl\"" opf &&
	grep -o "<dc:language>[^<]*</dc:language>" opf >langs &&
	printf "<dc:language>ar</dc:language>\n<dc:language>en</dc:language>\n" >want &&
	diff want langs &&
	part ar.epub c0001.xhtml >c1 &&
	grep_q "<html [^>]*xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\">" c1 &&
	grep_q "<p xml:lang=\"en\" lang=\"en\" dir=\"ltr\">An English summary" c1
'

test_expect_success 'Sorani Kurdish: rtl spine, dir="rtl", Arabic-Indic labels as written' '
	tei2epub -o ckb.epub "$FIX/ckb.xml" &&
	part ckb.epub package.opf >opf &&
	grep_q "page-progression-direction=\"rtl\"" opf &&
	grep_q "<dc:language>ckb</dc:language>" opf &&
	part ckb.epub c0001.xhtml >c1 &&
	grep_q "<html [^>]*xml:lang=\"ckb\" lang=\"ckb\" dir=\"rtl\">" c1 &&
	grep_q "<li value=\"1\" class=\"lbl\"><span class=\"label\">١-</span> جێگیرکردنی" c1 &&
	grep_q "<li value=\"3\" class=\"lbl\"> <span class=\"label\">٣-</span>" c1 &&
	grep_q "<ul><li class=\"lbl\"><span class=\"label\">•</span>" c1 &&
	part ckb.epub style.css >css &&
	grep_q "li.lbl { list-style-type: none; }" css
'

test_expect_success 'the stylesheet uses logical properties only' '
	part ckb.epub style.css >css &&
	grep_q "margin-inline-start" css &&
	grep_q "text-align: start" css &&
	! grep -E "(margin|padding)-(left|right)|text-align: (left|right)|float" css
'

test_expect_success 'numbers in Arabic-Indic digits without a label: CSS numbering' '
	tei2epub -o lite.epub "$FIX/lite.xml" 2>/dev/null &&
	part lite.epub c0001.xhtml >c1 &&
	grep_q "<li value=\"1\" class=\"num-arab\">Arabic-Indic numbered item" c1 &&
	grep_q "<li class=\"lbl\"><span class=\"label\">i</span> roman numbered item" c1 &&
	grep_q "li.num-arab { list-style-type: arabic-indic; }" css
'

test_expect_success 'mixed: ltr book, lang and dir wherever the language changes' '
	tei2epub -o mixed.epub "$FIX/mixed.xml" &&
	part mixed.epub package.opf >opf &&
	! grep_q "page-progression-direction" opf 2>/dev/null &&
	grep -o "<dc:language>[^<]*</dc:language>" opf >langs &&
	printf "<dc:language>en</dc:language>\n<dc:language>ar</dc:language>\n<dc:language>ckb</dc:language>\n" >want &&
	diff want langs &&
	part mixed.epub c0001.xhtml >c1 &&
	grep_q "<html [^>]*lang=\"en\" dir=\"ltr\">" c1 &&
	grep_q "<p xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\">اتفق" c1 &&
	grep_q "<p xml:lang=\"ckb\" lang=\"ckb\" dir=\"rtl\">هەردوو" c1 &&
	grep_q "<h2 xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\" id=\"h2\">البنود</h2>" c1 &&
	grep_q "<li xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\" value=\"2\" class=\"lbl\">" c1 &&
	grep_q "<span class=\"foreign\" xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\">اللجنة المشتركة</span>" c1 &&
	grep_q "<q xml:lang=\"ckb\" lang=\"ckb\" dir=\"rtl\">ئاو بۆ هەمووان</q>" c1 &&
	grep_q "<p class=\"dateline\" xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\">بغداد، <time datetime=\"2024-02-28\">" c1 &&
	part mixed.epub nav.xhtml >nav &&
	grep_q "<a href=\"c0001.xhtml#h2\" xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\">البنود</a>" nav
'

test_expect_success 'no lang attribute where the language does not change' '
	part mixed.epub c0001.xhtml >c1 &&
	! grep -E "<(p|li|span)[^>]* lang=\"en\"" c1
'

test_expect_success 'package metadata from the TEI header' '
	part ckb.epub package.opf >opf &&
	grep_q "<dc:identifier id=\"uid\">urn:uuid:0f6c2a52-8e1b-5c3d-9a4e-2b7c1d3e4f50</dc:identifier>" opf &&
	grep_q "<dc:title id=\"title\">ڕاگەیەندراو دەربارەی نرخی نان</dc:title>" opf &&
	grep_q "<dc:creator>نووسینگەی ڕاگەیاندن</dc:creator>" opf &&
	grep_q "<dc:date>2024-01-24</dc:date>" opf &&
	grep_q "<dc:source>https://party.example.org/ckb/2024/01/24</dc:source>" opf &&
	grep_q "<meta property=\"dcterms:modified\">2024-01-24T00:00:00Z</meta>" opf &&
	grep_q "<meta property=\"schema:accessMode\">textual</meta>" opf &&
	grep_q "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>" opf &&
	grep_q "<meta property=\"schema:accessibilityHazard\">none</meta>" opf &&
	part ckb.epub toc.ncx >ncx &&
	grep_q "<meta name=\"dtb:uid\" content=\"urn:uuid:0f6c2a52-8e1b-5c3d-9a4e-2b7c1d3e4f50\"/>" ncx
'

test_expect_success 'no TEI UUID: the identifier is a name-based UUID of the input bytes' '
	tei2epub -o en.epub "$FIX/statement-en.xml" &&
	part en.epub package.opf >opf &&
	sum=$(sha256sum "$FIX/statement-en.xml" | cut -c1-32) &&
	grep -o "urn:uuid:[0-9a-f-]*" opf >id &&
	test "$(tr -d "-" <id | cut -c10-21)" = "$(echo "$sum" | cut -c1-12)" &&
	grep_q "urn:uuid:........-....-5...-[89ab]...-............" id
'

test_expect_success 'the metadata line ends the statement: organisation, date, source' '
	part ckb.epub c0001.xhtml >c1 &&
	grep_q "^<p class=\"meta\"><span class=\"org\">نووسینگەی ڕاگەیاندن</span> · <time datetime=\"2024-01-24\">2024-01-24</time> · <a href=\"https://party.example.org/ckb/2024/01/24\" dir=\"ltr\">" c1 &&
	test "$(grep -A3 "class=\"meta\"" c1 | tr -d "\n")" = "$(grep "class=\"meta\"" c1)</body></html>" &&
	tei2epub -o l.epub "$FIX/statement-ar.xml" &&
	part l.epub c0001.xhtml >c1 &&
	grep_q "<span class=\"org\">حزب النهضة المدنية</span> · <time datetime=\"2024-01-24\">" c1
'

test_expect_success 'dcterms:modified follows SOURCE_DATE_EPOCH' '
	SOURCE_DATE_EPOCH=1000000000 tei2epub -o m.epub "$FIX/ckb.xml" &&
	part m.epub package.opf >opf &&
	grep_q "dcterms:modified\">2001-09-09T01:46:40Z<" opf &&
	zipinfo -v m.epub | grep_q "2001 Sep 9 01:46:40" -
'

test_expect_success 'nav: toc with nested headings and landmarks' '
	part ckb.epub nav.xhtml >nav &&
	grep_q "<nav epub:type=\"toc\" id=\"toc\">" nav &&
	grep_q "<li><a href=\"c0001.xhtml#h1\">ڕاگەیەندراو دەربارەی نرخی نان</a>" nav &&
	grep_q "<li><a href=\"c0001.xhtml#h2\">داواکارییەکانمان</a></li>" nav &&
	grep_q "<nav epub:type=\"landmarks\"" nav &&
	grep_q "epub:type=\"bodymatter\" href=\"c0001.xhtml\"" nav
'

test_expect_success 'anthology: title page, contents in the spine, one chapter per statement' '
	tei2epub --title "Two statements" -o anth.epub "$FIX/statement-en.xml" "$FIX/ckb.xml" &&
	part anth.epub package.opf >opf &&
	grep -o "<itemref idref=\"[^\"]*\"/>" opf >spine &&
	printf "<itemref idref=\"%s\"/>\n" titlepage nav c0001 c0002 >want &&
	diff want spine &&
	grep_q "<dc:title id=\"title\">Two statements</dc:title>" opf &&
	part anth.epub title.xhtml >title &&
	grep_q "<h1>Two statements</h1>" title &&
	part anth.epub c0002.xhtml >c2 &&
	grep_q "<html [^>]*lang=\"ckb\" dir=\"rtl\">" c2 &&
	grep_q "<p class=\"meta\">" c2 &&
	part anth.epub nav.xhtml >nav &&
	grep_q "<li><a href=\"c0001.xhtml\">Statement on Regional Rail Fares</a>" nav &&
	grep_q "<li><a href=\"c0002.xhtml\" xml:lang=\"ckb\" lang=\"ckb\" dir=\"rtl\">ڕاگەیەندراو" nav
'

test_expect_success 'an anthology of RTL statements is RTL' '
	tei2epub -o anth2.epub "$FIX/statement-ar.xml" "$FIX/ckb.xml" "$FIX/statement-en.xml" &&
	part anth2.epub package.opf >opf &&
	grep_q "page-progression-direction=\"rtl\"" opf
'

test_expect_success '--cover: an SVG cover image and a cover page' '
	tei2epub --cover -o c.epub "$FIX/statement-ar.xml" &&
	part c.epub package.opf >opf &&
	grep_q "properties=\"cover-image\"" opf &&
	grep_q "<itemref idref=\"cover\"/>" opf &&
	part c.epub cover.svg >svg &&
	grep_q "<title>بيان بشأن أسعار الخبز</title>" svg &&
	grep_q "direction=\"rtl\"" svg
'

if [ -x "$WQ_BIN/txt2tei" ]; then
	test_expect_success 'txt2tei samples: Arabic ones are rtl, English ones are not' '
		for f in "$SAMPLES"/*.txt; do
			b=$(basename "$f" .txt)
			txt2tei "$f" 2>/dev/null | tei2epub >"$b.epub" || exit 1
			unzip -p "$b.epub" EPUB/package.opf >"$b.opf"
			unzip -p "$b.epub" EPUB/c0001.xhtml >"$b.c1"
			case $b in
			ar-*)
				grep_q "page-progression-direction=\"rtl\"" "$b.opf" &&
				grep_q "<html [^>]*lang=\"ar\" dir=\"rtl\">" "$b.c1" || exit 1 ;;
			*)
				! grep -q "page-progression-direction" "$b.opf" &&
				grep_q "<html [^>]*lang=\"en\" dir=\"ltr\">" "$b.c1" || exit 1 ;;
			esac
		done
	'
else
	test_skip 'txt2tei samples' 'no txt2tei'
fi

test_done
