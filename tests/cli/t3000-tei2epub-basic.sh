#!/bin/sh
# tei2epub: options, exit codes, bad input, the zip's shape, reproducible bytes.
. "$(dirname "$0")/lib.sh"
FIX=$WQ_TOP/tests/tei2epub

test_expect_success '--help prints the usage on stdout, exit 0' '
	tei2epub --help >out 2>err &&
	grep_q "^usage: tei2epub" out &&
	grep_q "\-d DIR" out &&
	is_empty err
'

test_expect_success '--version prints the name and version' '
	tei2epub --version >out 2>err &&
	grep_q "^tei2epub [0-9]" out &&
	is_empty err
'

test_expect_success 'unknown option: usage on stderr, exit 2' '
	expect_code 2 tei2epub --no-such-option >out 2>err &&
	is_empty out &&
	grep_q "usage: tei2epub" err
'

test_expect_success '-d and -o together: exit 2' '
	expect_code 2 tei2epub -d dir -o x.epub "$FIX/ckb.xml" >out 2>err &&
	grep_q "tei2epub: -d and -o cannot be used together" err &&
	test ! -e x.epub && test ! -e dir
'

test_expect_success '-d with no input files: exit 2' '
	expect_code 2 tei2epub -d dir 2>err &&
	grep_q "tei2epub: -d needs input files" err
'

test_expect_success 'a missing input file: exit 2, no output file' '
	expect_code 2 tei2epub -o x.epub no-such.xml >out 2>err &&
	grep_q "^tei2epub: no-such.xml: No such file" err &&
	test ! -e x.epub
'

test_expect_success 'not well-formed: FILE:LINE:COL message, exit 1, no output' '
	expect_code 1 tei2epub -o x.epub "$FIX/bad-notwf.xml" >out 2>err &&
	grep_q "^tei2epub: .*bad-notwf.xml:6:[0-9]*: Opening and ending tag mismatch" err &&
	is_empty out &&
	test ! -e x.epub
'

test_expect_success 'not TEI (an XHTML file): exit 1 naming the root' '
	expect_code 1 tei2epub -o x.epub "$FIX/bad-nottei.xml" 2>err &&
	grep_q "bad-nottei.xml:2: not a TEI document: the root element is .html." err &&
	test ! -e x.epub
'

test_expect_success 'TEI outside the TEI namespace: exit 1' '
	expect_code 1 tei2epub -o x.epub "$FIX/bad-nons.xml" 2>err &&
	grep_q "bad-nons.xml:2: not a TEI document: the root element is .TEI. outside the TEI namespace" err
'

test_expect_success 'TEI without a text element: exit 1' '
	expect_code 1 tei2epub -o x.epub "$FIX/bad-notext.xml" 2>err &&
	grep_q "bad-notext.xml:[0-9]*: TEI document without a text element" err &&
	test ! -e x.epub
'

test_expect_success 'empty standard input: exit 1, nothing on stdout' '
	expect_code 1 tei2epub </dev/null >out 2>err &&
	is_empty out &&
	grep_q "^tei2epub: stdin: empty input" err
'

test_expect_success 'one bad input among good ones: no anthology at all' '
	expect_code 1 tei2epub -o x.epub "$FIX/ckb.xml" "$FIX/bad-notwf.xml" "$FIX/mixed.xml" 2>err &&
	grep_q "bad-notwf.xml:6" err &&
	test ! -e x.epub
'

test_expect_success 'an existing output is left alone when the input is bad' '
	echo keep >x.epub &&
	expect_code 1 tei2epub -o x.epub "$FIX/bad-nottei.xml" 2>err &&
	test "$(cat x.epub)" = keep &&
	test "$(ls | grep -c "x.epub")" = 1
'

test_expect_success 'stdin to stdout and file to -o give the same bytes' '
	tei2epub <"$FIX/ckb.xml" >a.epub 2>err &&
	is_empty err &&
	tei2epub -o b.epub "$FIX/ckb.xml" 2>err &&
	is_empty err &&
	tei2epub "$FIX/ckb.xml" >c.epub &&
	cmp a.epub b.epub &&
	cmp b.epub c.epub
'

test_expect_success 'two runs, a second apart, give identical bytes' '
	tei2epub --cover -o 1.epub "$FIX/statement-ar.xml" "$FIX/lite.xml" 2>/dev/null &&
	sleep 1 &&
	tei2epub --cover -o 2.epub "$FIX/statement-ar.xml" "$FIX/lite.xml" 2>/dev/null &&
	cmp 1.epub 2.epub
'

test_expect_success 'reproducible without SOURCE_DATE_EPOCH too (the TEI dates)' '
	env -u SOURCE_DATE_EPOCH tei2epub -o 1.epub "$FIX/ckb.xml" &&
	sleep 1 &&
	env -u SOURCE_DATE_EPOCH tei2epub -o 2.epub "$FIX/ckb.xml" &&
	cmp 1.epub 2.epub &&
	unzip -p 1.epub EPUB/package.opf >opf &&
	grep_q "dcterms:modified\">2024-01-24T00:00:00Z<" opf
'

test_expect_success 'a bad SOURCE_DATE_EPOCH: exit 2' '
	rm -f x.epub &&
	expect_code 2 env SOURCE_DATE_EPOCH=yesterday tei2epub -o x.epub "$FIX/ckb.xml" 2>err &&
	grep_q "SOURCE_DATE_EPOCH" err &&
	test ! -e x.epub
'

test_expect_success 'mimetype first, stored, exact, no extra fields anywhere' '
	tei2epub --cover -o a.epub "$FIX/statement-en.xml" "$FIX/mixed.xml" &&
	test "$(head -c 38 a.epub | tail -c 8)" = mimetype &&
	test "$(head -c 58 a.epub | tail -c 20)" = "application/epub+zip" &&
	zipinfo -v a.epub >zi &&
	sed -n "/Central directory entry #1:/,/Central directory entry #2:/p" zi >first &&
	grep_q "compression method: *none (stored)" first &&
	! grep "length of extra field" zi | grep -v " 0 bytes" &&
	! grep "extended local header: *yes" zi &&
	test "$(grep -c "file last modified on (DOS date/time): *2024 Jan 24 00:00:00" zi)" = \
	     "$(grep -c "^Central directory entry" zi)"
'

test_expect_success 'the zip holds the files in a fixed order' '
	tei2epub --cover -o a.epub "$FIX/statement-en.xml" "$FIX/mixed.xml" &&
	zipinfo -1 a.epub >names &&
	printf "%s\n" mimetype META-INF/container.xml EPUB/package.opf EPUB/nav.xhtml \
	    EPUB/toc.ncx EPUB/style.css EPUB/cover.svg EPUB/cover.xhtml EPUB/title.xhtml \
	    EPUB/c0001.xhtml EPUB/c0002.xhtml >want &&
	diff want names
'

test_expect_success '--level 0 stores every entry, --level 1 and 9 deflate' '
	tei2epub --level 0 -o l0.epub "$FIX/mixed.xml" &&
	tei2epub --level 1 -o l1.epub "$FIX/mixed.xml" &&
	tei2epub --level 9 -o l9.epub "$FIX/mixed.xml" &&
	test "$(zipinfo -v l0.epub | grep -c "compression method: *none (stored)")" = 7 &&
	test "$(zipinfo -v l9.epub | grep -c "compression method: *none (stored)")" = 1 &&
	test "$(wc -c <l0.epub)" -gt "$(wc -c <l1.epub)" &&
	test "$(wc -c <l1.epub)" -ge "$(wc -c <l9.epub)" &&
	for l in 0 1 9; do unzip -p l$l.epub EPUB/c0001.xhtml >c$l || exit 1; done &&
	cmp c0 c1 && cmp c1 c9
'

test_expect_success '--level outside 0-9: exit 2' '
	expect_code 2 tei2epub --level 10 -o x.epub "$FIX/mixed.xml" 2>err &&
	grep_q "level wants a number from 0 to 9: 10" err &&
	expect_code 2 tei2epub --level=-1 -o x.epub "$FIX/mixed.xml" 2>err &&
	test ! -e l10.epub
'

test_expect_success 'an output in a folder that does not exist: exit 2' '
	expect_code 2 tei2epub -o no/such/dir/x.epub "$FIX/mixed.xml" 2>err &&
	grep_q "^tei2epub: no/such/dir/x.epub: No such file or directory" err
'

test_expect_success 'unknown elements keep their text and are named with FILE:LINE' '
	tei2epub -o a.epub "$FIX/lite.xml" 2>err &&
	grep_q "^tei2epub: .*lite.xml:[0-9][0-9]*: element .mystery. has no XHTML mapping: its text is kept" err &&
	grep_q "lite.xml:[0-9][0-9]*: element .x:thing. is not in the TEI namespace" err &&
	grep_q "lite.xml:[0-9][0-9]*: xml:lang .not a tag. is not a language tag" err &&
	unzip -p a.epub EPUB/c0001.xhtml >c1 &&
	grep_q "mysterious element" c1 &&
	grep_q "foreign namespace element" c1
'

test_expect_success 'many unknown elements: 64 named, then one line, all text kept' '
	awk "BEGIN { printf \"<TEI xmlns=\\\"http://www.tei-c.org/ns/1.0\\\"><text><body>\"
		for (i = 0; i < 200; i++) printf \"<u%d>t%d </u%d>\", i, i, i
		print \"</body></text></TEI>\" }" >unk.xml &&
	tei2epub -o unk.epub unk.xml 2>err &&
	test "$(wc -l <err)" = 65 &&
	grep_q "unk.xml:1: element .u63. has no XHTML mapping" err &&
	tail -n 1 err | grep_q "more elements without a mapping: not named any more" - &&
	unzip -p unk.epub EPUB/c0001.xhtml | grep_q "t199 " -
'

test_expect_success 'a txt2tei document converts with no message at all' '
	tei2epub -o a.epub "$FIX/ckb.xml" >out 2>err &&
	is_empty out && is_empty err
'

test_expect_success 'writing an EPUB to a full disk fails with exit 2' '
	test -w /dev/full || exit 0
	expect_code 2 tei2epub "$FIX/ckb.xml" >/dev/full 2>err &&
	grep_q "^tei2epub: stdout" err
'

test_done
