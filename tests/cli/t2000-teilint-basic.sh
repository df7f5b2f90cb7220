#!/bin/sh
# t2000: teilint's command line: options, exit codes, many files, stdin, -q.
. "$(dirname "$0")/lib.sh"

FIX=$WQ_TOP/tests/teilint

test_expect_success '--help prints the usage on stdout' '
	teilint --help >out 2>err &&
	grep_q "^usage: teilint \[--schema FILE.rng\] \[-q\] \[FILE ...\]$" out &&
	is_empty err
'

test_expect_success '--version prints the version' '
	teilint --version >out 2>err &&
	echo "teilint 0.1.0" >want && cmp want out && is_empty err
'

test_expect_success 'an unknown option is a usage error (exit 2)' '
	expect_code 2 teilint --frobnicate x.xml >out 2>err &&
	is_empty out && grep_q "^usage: teilint" err
'

test_expect_success 'a valid document: exit 0, nothing printed' '
	teilint "$FIX/valid/minimal.xml" >out 2>err &&
	is_empty out && is_empty err
'

test_expect_success 'the two example statements of the shared folder are valid' '
	teilint "$WQ_SHARED"/schemas/tei/examples/statement-en.xml \
	        "$WQ_SHARED"/schemas/tei/examples/statement-ar.xml >out 2>err &&
	is_empty out && is_empty err
'

test_expect_success 'an invalid document: exit 1, teilint: FILE:LINE: message' '
	cp "$FIX/invalid/unknown-element.xml" u.xml &&
	expect_code 1 teilint u.xml >out 2>err &&
	is_empty out &&
	echo "teilint: u.xml:19: TL-RNG: Did not expect element blink there" >want &&
	cmp want err
'

test_expect_success 'standard input when there is no FILE, and for "-"' '
	teilint <"$FIX/valid/minimal.xml" >out 2>err && is_empty err &&
	expect_code 1 teilint - <"$FIX/invalid/unknown-element.xml" 2>err &&
	grep_q "^teilint: stdin:19: TL-RNG: Did not expect element blink there$" err
'

test_expect_success 'many files in one call: the bad ones reported, the run goes on' '
	expect_code 1 teilint "$FIX/valid/minimal.xml" "$FIX/invalid/bad-bcp47.xml" \
		"$FIX/valid/full-profile.xml" "$FIX/invalid/duplicate-id.xml" >out 2>err &&
	is_empty out &&
	test "$(grep -c "bad-bcp47.xml:19: TL-LANG-BCP47" err)" = 1 &&
	test "$(grep -c "duplicate-id.xml:20: TL-ID-UNIQUE" err)" = 1 &&
	! grep -q "minimal.xml\|full-profile.xml" err
'

test_expect_success 'an unreadable file is trouble (exit 2), the others are still checked' '
	expect_code 2 teilint no-such-file.xml "$FIX/invalid/bad-bcp47.xml" >out 2>err &&
	grep_q "^teilint: no-such-file.xml: No such file or directory$" err &&
	grep_q "TL-LANG-BCP47" err
'

test_expect_success 'a directory is trouble (exit 2)' '
	mkdir d && expect_code 2 teilint d 2>err &&
	grep_q "^teilint: d: Is a directory$" err
'

test_expect_success '-q: exit status only' '
	expect_code 1 teilint -q "$FIX/invalid/duplicate-id.xml" >out 2>err &&
	is_empty out && is_empty err &&
	teilint -q "$FIX/valid/minimal.xml" >out 2>err &&
	is_empty out && is_empty err &&
	expect_code 2 teilint -q no-such-file.xml 2>err &&
	grep_q "No such file" err
'

test_expect_success 'the schema is compiled in: teilint works from any folder, with no files around' '
	mkdir empty && cd empty &&
	cp "$FIX/valid/minimal.xml" m.xml &&
	HOME=/nonexistent teilint m.xml 2>err && is_empty err
'

test_expect_success 'a document of 70,000 paragraphs is checked, with true line numbers past 65535' '
	{
		sed -n "1,/<div type=\"statement\">/p" "$FIX/valid/minimal.xml"
		awk "BEGIN { for (i = 0; i < 70000; i++) print \"        <p>Paragraph \" i \".</p>\" }"
		echo "        <p>Bad <blink>tag</blink>.</p>"
		sed -n "/<\/div>/,\$p" "$FIX/valid/minimal.xml"
	} >big.xml &&
	line=$(grep -n blink big.xml | cut -d: -f1) && test "$line" -gt 65535 &&
	expect_code 1 teilint big.xml 2>err &&
	echo "teilint: big.xml:$line: TL-RNG: Did not expect element blink there" >want &&
	cmp want err
'

test_done
