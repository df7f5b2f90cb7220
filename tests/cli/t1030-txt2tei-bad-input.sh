#!/bin/sh
# txt2tei: bad input is refused with "txt2tei: FILE:LINE:COL: what", exit 1,
# nothing on stdout, no output file with -o or -d; other inputs still converted.
. "$(dirname "$0")/lib.sh"

# bad NAME 'PRINTF-FORMAT' 'EXPECTED STDERR'
bad() {
	printf "$2" >"$1" &&
	expect_code 1 txt2tei "$1" >"$1.out" 2>"$1.err" &&
	is_empty "$1.out" &&
	printf '%s\n' "$3" >"$1.want" &&
	diff -u "$1.want" "$1.err"
}

test_expect_success 'invalid UTF-8' '
	bad inv.txt "Title\n\nab\377cd\n" "txt2tei: inv.txt:3:3: invalid UTF-8 (byte 0xFF)"
'
test_expect_success 'a truncated sequence at the end' '
	bad trunc.txt "Title\n\nab\303" "txt2tei: trunc.txt:3:3: invalid UTF-8 (byte 0xC3)"
'
test_expect_success 'an overlong sequence and a surrogate' '
	bad over.txt "Title\n\n\300\257\n" "txt2tei: over.txt:3:1: invalid UTF-8 (byte 0xC0)" &&
	bad sur.txt "Title\n\nx\355\240\200\n" "txt2tei: sur.txt:3:2: invalid UTF-8 (byte 0xED)"
'
test_expect_success 'a NUL byte' '
	bad nul.txt "Title\n\nab\000cd\n" "txt2tei: nul.txt:3:3: NUL byte in text"
'
test_expect_success 'control characters XML 1.0 forbids' '
	bad ctl.txt "Title\n\nab\001cd\n" "txt2tei: ctl.txt:3:3: character U+0001 is not allowed in XML 1.0" &&
	bad vt.txt "Title\r\n\r\nab\013cd" "txt2tei: vt.txt:3:3: character U+000B is not allowed in XML 1.0" &&
	bad fffe.txt "Title\n\nab\357\277\276cd\n" "txt2tei: fffe.txt:3:3: character U+FFFE is not allowed in XML 1.0"
'
test_expect_success 'positions count characters, not bytes, after CR line ends' '
	bad col.txt "T\r\rعربي\377\n" "txt2tei: col.txt:3:5: invalid UTF-8 (byte 0xFF)"
'
test_expect_success 'an error deep in a long input is still found first' '
	awk "BEGIN { for (i = 0; i < 20000; i++) print \"Line \" i \" of a long enough input.\" }" >deep.txt &&
	printf "bad \377\n" >>deep.txt &&
	expect_code 1 txt2tei deep.txt >deep.out 2>deep.err &&
	is_empty deep.out &&
	test "$(cat deep.err)" = "txt2tei: deep.txt:20001:5: invalid UTF-8 (byte 0xFF)"
'
test_expect_success 'an empty input' '
	bad empty.txt "" "txt2tei: empty.txt:1:1: empty input"
'
test_expect_success 'blank lines only (a BOM alone counts as nothing)' '
	bad blank.txt " \n\t\n\r\n\302\240\n" "txt2tei: blank.txt:1:1: no text: the input holds only white space" &&
	bad bom.txt "\357\273\277" "txt2tei: bom.txt:1:1: no text: the input holds only white space"
'
test_expect_success 'bad input on stdin' '
	printf "ab\000" | expect_code 1 txt2tei >out 2>err &&
	is_empty out &&
	test "$(cat err)" = "txt2tei: <stdin>:1:3: NUL byte in text"
'
test_expect_success 'a missing file and a folder are unreadable (exit 1)' '
	expect_code 1 txt2tei nonexistent.txt >out 2>err &&
	is_empty out &&
	test "$(cat err)" = "txt2tei: nonexistent.txt: cannot open: No such file or directory" &&
	mkdir adir &&
	expect_code 1 txt2tei adir >out 2>err &&
	is_empty out &&
	test "$(cat err)" = "txt2tei: adir: cannot read: Is a directory"
'
test_expect_success 'an unreadable file (not as root)' '
	printf "Title\n" >secret.txt && chmod 000 secret.txt &&
	if cat secret.txt >/dev/null 2>&1; then
		echo "# skipped: files are readable anyway (root)"
	else
		expect_code 1 txt2tei secret.txt >out 2>err &&
		is_empty out &&
		test "$(cat err)" = "txt2tei: secret.txt: cannot open: Permission denied"
	fi
'
test_expect_success 'with -o a bad input leaves no file, not even a temporary one' '
	expect_code 1 txt2tei -o o.xml inv.txt >out 2>err &&
	is_empty out &&
	test ! -e o.xml &&
	test -z "$(ls | grep "\.tmp\.")" &&
	echo keep >k.xml &&
	expect_code 1 txt2tei -o k.xml nul.txt 2>err &&
	test "$(cat k.xml)" = keep
'
test_expect_success 'with -d bad inputs get no file, the others are converted, exit 1' '
	printf "Good one\n\nText.\n" >good1.txt &&
	printf "Good two\n\nText.\n" >good2.txt &&
	expect_code 1 txt2tei -d outd good1.txt inv.txt nonexistent.txt empty.txt good2.txt >o 2>err &&
	is_empty o &&
	test "$(ls outd)" = "$(printf "good1.xml\ngood2.xml")" &&
	grep_q "^txt2tei: inv.txt:3:3: invalid UTF-8 (byte 0xFF)$" err &&
	grep_q "^txt2tei: nonexistent.txt: cannot open: No such file or directory$" err &&
	grep_q "^txt2tei: empty.txt:1:1: empty input$" err &&
	test "$(wc -l <err)" -eq 3
'
test_expect_success 'an output folder that cannot be made is a system error (exit 2)' '
	echo file >notadir &&
	expect_code 2 txt2tei -d notadir/sub good1.txt >out 2>err &&
	is_empty out &&
	grep_q "^txt2tei: notadir/sub: " err
'
test_expect_success 'a write error on stdout is reported (exit 2)' '
	if test -w /dev/full; then
		expect_code 2 txt2tei good1.txt >/dev/full 2>err &&
		grep_q "^txt2tei: " err
	fi
'
test_expect_success 'the good outputs are valid TEI (jing, tei_all)' '
	if test_have SLOW; then
		jing_tei outd/*.xml >jing.out 2>&1 || { cat jing.out; false; }
	fi
'

test_done
