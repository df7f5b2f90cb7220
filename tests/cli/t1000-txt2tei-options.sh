#!/bin/sh
# txt2tei: options, usage errors, output destinations, header from options.
. "$(dirname "$0")/lib.sh"


printf 'A short title\n\nThe first paragraph of the text.\n' >in.txt

test_expect_success '--help prints the usage on stdout and exits 0' '
	txt2tei --help >out 2>err &&
	grep_q "^usage: txt2tei \[-q\]" out &&
	grep_q "txt2tei --help | --version" out &&
	is_empty err
'

test_expect_success '--version prints the name and version' '
	txt2tei --version >out 2>err &&
	test "$(cat out)" = "txt2tei 0.1.0" &&
	is_empty err
'

test_expect_success 'an unknown option is a usage error (exit 2)' '
	expect_code 2 txt2tei -x in.txt >out 2>err &&
	is_empty out &&
	grep_q "^txt2tei: unknown option .-x.$" err &&
	grep_q "^usage: txt2tei" err &&
	expect_code 2 txt2tei --bogus in.txt 2>err &&
	grep_q "^txt2tei: unknown option .--bogus.$" err
'

test_expect_success 'a missing option argument is a usage error' '
	expect_code 2 txt2tei in.txt -o >out 2>err &&
	is_empty out &&
	grep_q "^txt2tei: option .-o. needs an argument$" err
'

test_expect_success '-o and -d together are refused' '
	expect_code 2 txt2tei -o x.xml -d dir in.txt >out 2>err &&
	is_empty out &&
	test "$(cat err)" = "txt2tei: -o and -d cannot be used together" &&
	test ! -e x.xml && test ! -e dir
'

test_expect_success 'several inputs need -d' '
	expect_code 2 txt2tei in.txt in.txt >out 2>err &&
	is_empty out &&
	test "$(cat err)" = "txt2tei: several inputs need -d DIR"
'

test_expect_success 'a bad --retrieved date is refused' '
	expect_code 2 txt2tei --retrieved 2024-02-30 in.txt >out 2>err &&
	is_empty out &&
	grep_q "^txt2tei: --retrieved: .2024-02-30. is not an ISO 8601 date" err &&
	expect_code 2 txt2tei --retrieved yesterday in.txt 2>err &&
	expect_code 2 txt2tei --retrieved 2024-1-5 in.txt 2>err
'

test_expect_success 'a bad --source-url is refused' '
	expect_code 2 txt2tei --source-url "http://a b" in.txt >out 2>err &&
	is_empty out &&
	grep_q "^txt2tei: --source-url: .http://a b. is not a URL$" err
'

test_expect_success 'a bad SOURCE_DATE_EPOCH is refused' '
	SOURCE_DATE_EPOCH=soon expect_code 2 txt2tei in.txt >out 2>err &&
	is_empty out &&
	grep_q "SOURCE_DATE_EPOCH" err
'

test_expect_success 'stdin to stdout, and "-" is stdin' '
	txt2tei <in.txt >a.xml 2>err &&
	is_empty err &&
	txt2tei - <in.txt >b.xml &&
	cmp a.xml b.xml &&
	grep_q "<p>The first paragraph of the text.</p>" a.xml &&
	! grep -q "type=\"filename\"" a.xml
'

test_expect_success 'a file to stdout names the file in the header' '
	txt2tei in.txt >c.xml 2>err &&
	is_empty err &&
	grep_q "<idno type=\"filename\">in.txt</idno>" c.xml &&
	grep_q "<measure unit=\"bytes\" quantity=\"48\">48 bytes</measure>" c.xml &&
	grep_q "<idno type=\"sha256\">$(sha256sum <in.txt | cut -c1-64)</idno>" c.xml
'

test_expect_success 'the same input gives the same bytes (SOURCE_DATE_EPOCH)' '
	txt2tei in.txt >d1.xml && txt2tei in.txt >d2.xml &&
	cmp d1.xml d2.xml &&
	grep_q "<date when=\"2024-01-24\">2024-01-24</date>" d1.xml &&
	grep_q "<change when=\"2024-01-24\" who=\"#app.txt2tei\">Converted from plain text by txt2tei 0.1.0.</change>" d1.xml &&
	grep_q "version=\"0.1.0\" when=\"2024-01-24\"" d1.xml
'

test_expect_success 'the UUID comes from the SHA-256 of the input' '
	grep_q "<idno type=\"UUID\">urn:uuid:[0-9a-f]\{8\}-[0-9a-f]\{4\}-5[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}</idno>" d1.xml &&
	printf "Other title\n" | txt2tei >e.xml &&
	test "$(grep UUID d1.xml)" != "$(grep UUID e.xml)"
'

test_expect_success '-o writes the file and nothing to stdout' '
	txt2tei -o out.xml in.txt >out 2>err &&
	is_empty out && is_empty err &&
	cmp out.xml c.xml &&
	test -z "$(ls | grep "\.tmp\.")"
'

test_expect_success '-o replaces an existing file' '
	echo old >old.xml &&
	txt2tei -o old.xml in.txt &&
	cmp old.xml c.xml
'

test_expect_success '-d writes DIR/NAME.xml per input and creates DIR' '
	cp in.txt second.text &&
	txt2tei -d outdir/sub in.txt second.text >out 2>err &&
	is_empty out && is_empty err &&
	test -f outdir/sub/in.xml && test -f outdir/sub/second.xml &&
	cmp outdir/sub/in.xml c.xml &&
	test "$(ls outdir/sub | wc -l)" -eq 2
'

test_expect_success '-d: a second input with the same name is refused, not written over the first' '
	mkdir -p one two &&
	cp in.txt one/same.txt &&
	printf "Another title\n\nAnother text.\n" >two/same.txt &&
	expect_code 2 txt2tei -d dup one/same.txt two/same.txt in.txt >out 2>err &&
	is_empty out &&
	test "$(cat err)" = "txt2tei: two/same.txt: not converted: dup/same.xml was already written from another input with the same name" &&
	grep_q "<title type=\"main\">A short title</title>" dup/same.xml &&
	! grep_q "Another text." dup/same.xml 2>/dev/null &&
	test -f dup/in.xml &&
	test "$(ls -A dup | wc -l)" -eq 2
'

test_expect_success '-d: a later run replaces the outputs of an earlier one' '
	txt2tei -d dup two/same.txt &&
	grep_q "Another text." dup/same.xml
'

test_expect_success '-d with stdin writes DIR/stdin.xml' '
	txt2tei -d sd <in.txt &&
	cmp sd/stdin.xml a.xml
'

test_expect_success 'header options: author, publisher, source URL, retrieved' '
	txt2tei --author "Al Nasr Coalition" --publisher "Example Archive" \
	    --source-url "https://example.org/news/1?lang=en&x=1" \
	    --retrieved 2024-01-31T09:15:00Z in.txt >h.xml 2>err &&
	is_empty err &&
	grep_q "^        <author>Al Nasr Coalition</author>$" h.xml &&
	grep_q "^        <publisher>Example Archive</publisher>$" h.xml &&
	grep_q "<ref target=\"https://example.org/news/1?lang=en&amp;x=1\">https://example.org/news/1?lang=en&amp;x=1</ref>" h.xml &&
	grep_q "<idno type=\"URI\">https://example.org/news/1?lang=en&amp;x=1</idno>" h.xml &&
	grep_q "<date type=\"retrieved\" when=\"2024-01-31T09:15:00Z\">2024-01-31T09:15:00Z</date>" h.xml &&
	txt2tei --retrieved 2024-01 in.txt | grep -q "when=\"2024-01\"" &&
	txt2tei --retrieved 2024 in.txt | grep -q "when=\"2024\""
'

test_expect_success 'an Arabic author is marked as Arabic in the English header' '
	txt2tei --author "حزب النهضة" in.txt >ar.xml &&
	grep_q "<author xml:lang=\"ar\">حزب النهضة</author>" ar.xml
'

test_expect_success 'default publisher is the tool, no author without a signature' '
	grep_q "^        <publisher>txt2tei</publisher>$" c.xml &&
	! grep -q "<author" c.xml
'

test_expect_success '-q silences warnings, not errors' '
	printf "Title\n\nالحزبLoading\n" >w.txt &&
	txt2tei w.txt >/dev/null 2>err &&
	grep_q "warning" err &&
	txt2tei -q w.txt >/dev/null 2>err &&
	is_empty err &&
	: >empty.txt &&
	expect_code 1 txt2tei -q empty.txt 2>err &&
	grep_q "empty input" err
'

test_expect_success 'every TEI written here is valid (jing, tei_all)' '
	if test_have SLOW; then
		jing_tei a.xml c.xml h.xml ar.xml outdir/sub/in.xml sd/stdin.xml >jing.out 2>&1 ||
		{ cat jing.out; false; }
	fi
'

test_done
