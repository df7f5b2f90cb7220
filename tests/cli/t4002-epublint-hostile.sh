#!/bin/sh
# t4002-epublint-hostile: zip bombs, lying sizes, too many entries, unsafe
# entry names, symlinks, broken zip directories, deep and recursive XML:
# a message and exit 0 or 1, never a crash, never a file written.
. "$(dirname "$0")/lib.sh"

sh "$WQ_TOP/tests/epub/mkcorpus.sh" books valid zip-bomb-small path-traversal \
    absolute-path symlink >/dev/null || exit 2

# mkbook NAME PERL-EXPR FILE: the fixture book with FILE edited, packed
mkbook() {
	rm -rf "b-$1" && cp -R "$WQ_TOP/tests/epub/book" "b-$1" &&
	perl -0777 -pi -e "$2" "b-$1/$3" &&
	(cd "b-$1" && zip -X0 -q "../books/$1.epub" mimetype &&
	 zip -X -r -q "../books/$1.epub" META-INF OEBPS)
}

test_expect_success 'a zip bomb over the expanded-size limit: FATAL(ELT-001), bounded memory' '
	expect_code 1 epublint --max-expanded=16M books/zip-bomb-small.epub >out 2>err &&
	grep_q "FATAL(ELT-001): OEBPS/zeros.bin: The expanded size of this entry exceeds the limit of 16777216" err &&
	grep_q "invalid (1 fatal" out
'
test_expect_success 'the same book under the default limits: a ratio warning only' '
	epublint books/zip-bomb-small.epub >out 2>err &&
	grep_q "WARNING(ELT-002): Entry \"OEBPS/zeros.bin\" expands [0-9]* times" err
'
if test_have SLOW; then
test_expect_success 'peak memory stays small while reading a 32 MiB entry' '
	/usr/bin/time -f %M -o rss epublint books/zip-bomb-small.epub >/dev/null 2>&1 &&
	test "$(cat rss)" -lt 32768
'
fi
test_expect_success 'an entry that lies about its size: PKG-008, not a crash' '
	cp books/zip-bomb-small.epub liar.epub &&
	perl -0777 -pi -e "
		my \$n = q{OEBPS/zeros.bin};
		s{(PK\x01\x02.{20})(....)(\x0f\x00.{16}\Q\$n\E)}{\$1 . pack(q{V}, 1000) . \$3}se;
		s{(PK\x03\x04.{18})(....)(\x0f\x00..\Q\$n\E)}{\$1 . pack(q{V}, 1000) . \$3}se;
	" liar.epub &&
	expect_code 1 epublint liar.epub >out 2>err &&
	grep_q "FATAL(PKG-008): OEBPS/zeros.bin: Unable to read file \"OEBPS/zeros.bin\"" err
'
test_expect_success 'too many entries: FATAL(ELT-001), nothing more checked' '
	expect_code 1 epublint --max-entries=5 books/valid.epub >out 2>err &&
	grep_q "FATAL(ELT-001): The number of zip entries (7) exceeds the limit of 5" err &&
	test "$(wc -l <err)" -eq 1
'
test_expect_success 'unsafe entry names and symlinks: a warning, and nothing is written' '
	mkdir -p run/a/b && cp books/path-traversal.epub books/absolute-path.epub books/symlink.epub run/a/b/ &&
	existed=no; if test -e /tmp/evil.txt; then existed=yes; fi &&
	(cd run/a/b && epublint path-traversal.epub absolute-path.epub symlink.epub >../../../out 2>../../../err) &&
	grep_q "WARNING(ELT-003): Entry name \"../../evil.txt\" is absolute or leaves the container root" err &&
	grep_q "WARNING(ELT-003): Entry name \"/tmp/evil.txt\"" err &&
	grep_q "WARNING(ELT-004): Entry \"OEBPS/passwd\" is a symbolic link; it is not followed" err &&
	test "$(find run | LC_ALL=C sort | tr "\n" " ")" = "run run/a run/a/b run/a/b/absolute-path.epub run/a/b/path-traversal.epub run/a/b/symlink.epub " &&
	if test $existed = no; then test ! -e /tmp/evil.txt; fi
'
test_expect_success 'control characters in entry names are shown escaped' '
	rm -rf b-esc && cp -R "$WQ_TOP/tests/epub/book" b-esc &&
	printf x >"b-esc/OEBPS/a$(printf "\033")[31mb.txt" &&
	(cd b-esc && zip -X0 -q ../esc.epub mimetype && zip -X -r -q ../esc.epub META-INF OEBPS) &&
	expect_code 1 epublint esc.epub >out 2>err &&
	grep_q "ERROR(PKG-009): OEBPS/a\\\\x1B\\[31mb.txt: File name contains characters that are not allowed in OCF file names: \"U+001B\"" err &&
	! grep -q "$(printf "\033")" err
'
test_expect_success 'truncated and corrupted zip directories: exit 0 or 1, never a crash' '
	size=$(wc -c <books/valid.epub) && i=0 &&
	while test $i -lt 60; do
		off=$(( (i * 7919) % size )) &&
		cp books/valid.epub m.epub &&
		perl -e "open(F, q{+<}, q{m.epub}) or die; seek(F, $off, 0); print F pack(q{C}, ($i * 37 + 1) % 256);" &&
		head -c $(( size - i * 41 )) books/valid.epub >t.epub &&
		for f in m.epub t.epub; do
			set +e; epublint -q $f >/dev/null 2>err; rc=$?; set -e
			if test $rc -gt 1; then echo "offset $off: exit $rc" >&2; cat err >&2; exit 1; fi
		done
		i=$((i + 1))
	done
'
test_expect_success 'a central directory claiming a huge entry count: a message' '
	cp books/valid.epub cd.epub &&
	perl -0777 -pi -e "s{(PK\x05\x06....)(....)}{\$1 . pack(q{vv}, 65535, 65535)}se" cd.epub &&
	expect_code 1 epublint cd.epub >out 2>err &&
	grep_q "FATAL(PKG-004): Corrupted EPUB ZIP header" err
'
test_expect_success 'deeply nested XHTML: a parse error, not a stack overflow' '
	mkbook deep "my \$d = q{<div>} x 100000; s{<body>}{<body>\$d}" OEBPS/text/ch1.xhtml &&
	expect_code 1 epublint books/deep.epub >out 2>err &&
	grep_q "FATAL(RSC-016): OEBPS/text/ch1.xhtml" err
'
test_expect_success 'recursive entities (billion laughs): a parse error, quickly' '
	mkbook laughs "s{\\n}{\\n<!DOCTYPE package [<!ENTITY a \"aaaaaaaaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>\\n}; s{Two Statements}{&h;}" OEBPS/content.opf &&
	expect_code 1 epublint books/laughs.epub >out 2>err &&
	grep_q "FATAL(RSC-016): OEBPS/content.opf" err
'
test_expect_success 'an external entity is never loaded' '
	mkbook xxe "s{\\n}{\\n<!DOCTYPE package [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\\n}; s{Two Statements}{&x;}" OEBPS/content.opf &&
	set +e; epublint books/xxe.epub >out 2>err; set -e &&
	! grep -q "root:" err out
'
test_done
