#!/bin/sh
# t4000-epublint-basic: options, exit codes, the text and JSON reports.
. "$(dirname "$0")/lib.sh"

sh "$WQ_TOP/tests/epub/mkcorpus.sh" books valid mimetype-newline nav-link-broken \
    filename-space file-not-manifested >/dev/null || exit 2

test_expect_success '--help prints usage on stdout and exits 0' '
	epublint --help >out 2>err &&
	grep_q "^usage: epublint \[--json\]" out && is_empty err
'
test_expect_success '--version prints the version' '
	epublint --version >out 2>err &&
	grep_q "^epublint 0\.1\.0$" out && is_empty err
'
test_expect_success 'no file is a usage error (exit 2)' '
	expect_code 2 epublint >out 2>err &&
	is_empty out && grep_q "^usage: epublint" err
'
test_expect_success 'an unknown option is a usage error (exit 2)' '
	expect_code 2 epublint --frobnicate books/valid.epub >out 2>err &&
	is_empty out && grep_q "^usage:" err
'
test_expect_success 'a bad --max-expanded value is a usage error' '
	expect_code 2 epublint --max-expanded=lots books/valid.epub >out 2>err &&
	grep_q "bad size for --max-expanded" err
'
test_expect_success 'a missing file is a system error (exit 2), the run goes on' '
	expect_code 2 epublint nosuch.epub books/valid.epub >out 2>err &&
	grep_q "^epublint: nosuch.epub: No such file or directory$" err &&
	grep_q "^books/valid.epub: valid (0 fatal, 0 errors, 0 warnings)$" out
'
test_expect_success 'the valid book: exit 0, a summary, nothing on stderr' '
	epublint books/valid.epub >out 2>err &&
	is_empty err &&
	test "$(cat out)" = "books/valid.epub: valid (0 fatal, 0 errors, 0 warnings)"
'
test_expect_success '-q: no summary for a valid book' '
	epublint -q books/valid.epub >out 2>err && is_empty out && is_empty err
'
test_expect_success 'an invalid book: exit 1, EPUBCheck-style message' '
	expect_code 1 epublint books/nav-link-broken.epub >out 2>err &&
	grep_q "^epublint: books/nav-link-broken.epub: ERROR(RSC-007): OEBPS/nav.xhtml(18): Referenced resource \"OEBPS/text/ch3.xhtml\" could not be found in the EPUB$" err &&
	grep_q "^books/nav-link-broken.epub: invalid (0 fatal, 1 errors, 0 warnings)$" out
'
test_expect_success 'warnings only: exit 0 (as EPUBCheck), shown unless -q' '
	epublint books/filename-space.epub books/file-not-manifested.epub >out 2>err &&
	grep_q "WARNING(PKG-010): OEBPS/css/my style.css: Filename contains spaces" err &&
	grep_q "WARNING(OPF-003): Item \"OEBPS/notes.txt\" exists in the EPUB, but is not declared" err &&
	grep_q "^books/filename-space.epub: valid (0 fatal, 0 errors, 1 warnings)$" out &&
	epublint -q books/filename-space.epub >out 2>err && is_empty out && is_empty err
'
test_expect_success 'usage messages only with -u' '
	sh "$WQ_TOP/tests/epub/mkcorpus.sh" books duplicate-nfc >/dev/null &&
	expect_code 1 epublint books/duplicate-nfc.epub 2>err >/dev/null &&
	! grep -q "USAGE(PKG-012)" err &&
	expect_code 1 epublint -u books/duplicate-nfc.epub 2>err >/dev/null &&
	grep_q "USAGE(PKG-012)" err
'
test_expect_success 'many files: one verdict each, exit 1 if any is invalid' '
	expect_code 1 epublint books/valid.epub books/mimetype-newline.epub books/valid.epub >out 2>err &&
	test "$(wc -l <out)" -eq 3 &&
	grep_q "^books/mimetype-newline.epub: invalid" out &&
	test "$(grep -c "ERROR(PKG-007)" err)" -eq 1
'
test_expect_success '--json: one report on stdout, nothing on stderr' '
	expect_code 1 epublint --json books/valid.epub books/nav-link-broken.epub >out 2>err &&
	is_empty err &&
	node -e "
		const r = JSON.parse(require(\"fs\").readFileSync(\"out\", \"utf8\"));
		const [a, b] = r.publications;
		if (r.checker.name !== \"epublint\" || r.publications.length !== 2) process.exit(1);
		if (!a.valid || a.errors !== 0 || a.messages.length !== 0) process.exit(1);
		if (b.valid || b.errors !== 1) process.exit(1);
		const m = b.messages[0];
		if (m.ID !== \"RSC-007\" || m.severity !== \"ERROR\" || m.rule !== \"ref-missing\") process.exit(1);
		if (m.locations[0].path !== \"OEBPS/nav.xhtml\" || m.locations[0].line !== 18) process.exit(1);
	"
'
test_expect_success '--json with a missing file: an error entry, exit 2' '
	expect_code 2 epublint --json nosuch.epub >out 2>err &&
	grep_q "\"error\": \"No such file or directory\"" out &&
	grep_q "nosuch.epub: No such file or directory" err
'
test_expect_success 'a failed write to stdout is an error (exit 2)' '
	if test -w /dev/full; then
		expect_code 2 epublint books/valid.epub >/dev/full 2>err
	fi
'
test_done
