#!/bin/sh
# t6010: wathiqa bag verify: usage and exit codes, messages, tampering (each bad
# file reported by name, all in one run), hostile folders and archives
# (escaping entries, symlinks, hard links, bombs): clear errors, nothing
# written, exit 1.
. "$(dirname "$0")/lib.sh"

# mkbag DIR: a BagIt 1.0 bag made with coreutils only (sha512sum, sha256sum)
mkbag() {
	mkdir -p "$1/data/sub" &&
	printf 'hello\n' >"$1/data/a.txt" &&
	printf 'second file\n' >"$1/data/sub/b.txt" &&
	printf 'third\n' >"$1/data/c.txt" &&
	printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$1/bagit.txt" &&
	printf 'Bagging-Date: 2024-01-24\nPayload-Oxum: 24.3\n' >"$1/bag-info.txt" &&
	(cd "$1" && sha512sum data/a.txt data/c.txt data/sub/b.txt >manifest-sha512.txt &&
	 sha256sum data/a.txt data/c.txt data/sub/b.txt >manifest-sha256.txt &&
	 sha512sum bag-info.txt bagit.txt manifest-sha256.txt manifest-sha512.txt >tagmanifest-sha512.txt)
}

test_expect_success '--help: usage on stdout, exit 0' '
	wathiqa bag --help >out 2>err &&
	grep_q "^usage: wathiqa bag verify" out && is_empty err &&
	wathiqa bag verify --help >out 2>err &&
	grep_q "^usage: wathiqa bag verify" out && is_empty err
'

test_expect_success 'usage errors exit 2' '
	expect_code 2 wathiqa bag >out 2>err &&
	grep_q "usage:" err && is_empty out &&
	expect_code 2 wathiqa bag frobnicate x 2>err &&
	grep_q "unknown subcommand" err &&
	expect_code 2 wathiqa bag verify 2>err &&
	grep_q "usage:" err &&
	expect_code 2 wathiqa bag verify --bogus x 2>err &&
	expect_code 2 wathiqa bag verify --max-ratio 0 x 2>err &&
	grep_q "max-ratio" err
'

test_expect_success 'a missing path is a system error (exit 2)' '
	expect_code 2 wathiqa bag verify nonexistent >out 2>err &&
	grep_q "^wathiqa: nonexistent: No such file or directory" err &&
	grep_q "^nonexistent: not checked" out
'

test_expect_success 'a good bag: valid, exit 0, nothing on stderr; -q: nothing at all' '
	mkbag good &&
	wathiqa bag verify good >out 2>err &&
	echo "good: valid" >expect && cmp expect out && is_empty err &&
	wathiqa bag verify -q good >out 2>err &&
	is_empty out && is_empty err
'

test_expect_success 'tampering: every bad file is reported by name, in one run' '
	mkbag bad &&
	printf "hellO\n" >bad/data/a.txt &&
	rm bad/data/c.txt &&
	printf "stray file\n" >bad/data/stray.txt &&
	expect_code 1 wathiqa bag verify bad >out 2>err &&
	grep_q "^bad: invalid" out &&
	grep_q "^wathiqa: bad: data/a.txt: sha512 checksum mismatch" err &&
	grep_q "^wathiqa: bad: data/a.txt: sha256 checksum mismatch" err &&
	grep_q "^wathiqa: bad: data/c.txt: missing: listed in manifest-sha256.txt" err &&
	grep_q "^wathiqa: bad: data/c.txt: missing: listed in manifest-sha512.txt" err &&
	grep_q "^wathiqa: bad: data/stray.txt: not listed in manifest-sha512.txt" err &&
	grep_q "^wathiqa: bad: bag-info.txt: Payload-Oxum 24.3 does not match" err &&
	! grep -q "data/sub/b.txt" err
'

test_expect_success 'tampering with a tag file is caught by the tag manifest' '
	mkbag tag &&
	printf "Contact-Name: someone\n" >>tag/bag-info.txt &&
	expect_code 1 wathiqa bag verify tag 2>err &&
	grep_q "^wathiqa: tag: bag-info.txt: sha512 checksum mismatch (tagmanifest-sha512.txt" err
'

test_expect_success 'manifest lines pointing outside data/ are errors, and nothing is read there' '
	mkbag esc &&
	h=$(sha512sum <"$SCRATCH/esc/bagit.txt" | cut -d" " -f1) &&
	printf "%s  ../../etc/passwd\n%s  /etc/passwd\n%s  ~root/x\n%s  data/../../x\n" \
		"$h" "$h" "$h" "$h" >>esc/manifest-sha512.txt &&
	expect_code 1 wathiqa bag verify esc 2>err &&
	grep_q "manifest-sha512.txt:4: ../../etc/passwd: .\.\.. in path" err &&
	grep_q "manifest-sha512.txt:5: /etc/passwd: absolute path" err &&
	grep_q "manifest-sha512.txt:6: ~root/x: home-folder shortcut" err &&
	grep_q "manifest-sha512.txt:7: data/../../x: .\.\.. in path" err
'

test_expect_success 'a symbolic link in a bag folder is an error, not followed' '
	mkbag link &&
	ln -s /etc/passwd link/data/passwd &&
	expect_code 1 wathiqa bag verify link 2>err &&
	grep_q "^wathiqa: link: data/passwd: symbolic link in the bag" err
'

test_expect_success 'serialized bags: tar, tar.gz and zip are read in place' '
	mkbag sbag &&
	bsdtar -cf sbag.tar sbag &&
	bsdtar -czf sbag.tar.gz sbag &&
	bsdtar --format zip -cf sbag.zip sbag &&
	wathiqa bag verify sbag.tar sbag.tar.gz sbag.zip >out 2>err &&
	is_empty err &&
	test "$(grep -c ": valid$" out)" -eq 3
'

test_expect_success 'hostile archives: escaping and absolute entries, links: errors, nothing written' '
	mkdir h && cd h &&
	mkbag evil &&
	ln -s /etc/passwd evil/data/link &&
	ln evil/data/a.txt evil/data/hard &&
	bsdtar -cf ../evil-links.tar evil &&
	mkdir -p x/y && printf pwned >x/escape &&
	(cd x/y && bsdtar -cf ../../../evil-dotdot.tar -P ../escape) &&
	bsdtar -cPf ../evil-abs.tar "$SCRATCH/h/x/escape" &&
	cd .. && rm -rf h &&
	mkdir w && cd w &&
	expect_code 1 wathiqa bag verify ../evil-links.tar >../out 2>../err &&
	grep_q "evil/data/link: symbolic link entry refused" ../err &&
	grep_q "hard link entry refused" ../err &&
	expect_code 1 wathiqa bag verify ../evil-dotdot.tar 2>../err &&
	grep_q "archive entry refused: .\.\.. in path" ../err &&
	expect_code 1 wathiqa bag verify ../evil-abs.tar 2>../err &&
	grep_q "archive entry refused: absolute path" ../err &&
	cd .. && test -z "$(ls -A w)" &&
	test ! -e "$SCRATCH/../escape"
'

test_expect_success 'an archive with two top-level folders, or files at the top, is not a bag' '
	mkbag one && mkbag two &&
	bsdtar -cf two.tar one two &&
	expect_code 1 wathiqa bag verify two.tar 2>err &&
	grep_q "exactly one top-level folder" err &&
	(cd one && bsdtar -cf ../flat.tar .) &&
	expect_code 1 wathiqa bag verify flat.tar 2>err &&
	grep_q "exactly one top-level folder" err
'

test_expect_success 'a gzip bomb is refused past --max-ratio' '
	mkbag bomb &&
	dd if=/dev/zero of=bomb/data/zeros bs=1024 count=4096 2>/dev/null &&
	(cd bomb && sha512sum data/a.txt data/c.txt data/sub/b.txt data/zeros >manifest-sha512.txt &&
	 sha256sum data/a.txt data/c.txt data/sub/b.txt data/zeros >manifest-sha256.txt &&
	 printf "Bagging-Date: 2024-01-24\nPayload-Oxum: 4194328.4\n" >bag-info.txt &&
	 sha512sum bag-info.txt bagit.txt manifest-sha256.txt manifest-sha512.txt >tagmanifest-sha512.txt) &&
	bsdtar -czf bomb.tar.gz bomb &&
	wathiqa bag verify bomb.tar.gz >out 2>err &&
	is_empty err &&
	expect_code 1 wathiqa bag verify --max-ratio 50 bomb.tar.gz 2>err &&
	grep_q "expands to more than 50 times its size" err
'

test_expect_success 'not an archive and not a folder: invalid (exit 1)' '
	printf "just text\n" >plain.txt &&
	expect_code 1 wathiqa bag verify plain.txt >out 2>err &&
	grep_q "^wathiqa: plain.txt: not a bag folder nor a readable archive" err
'

test_expect_success 'bagit.txt problems: missing, BOM, bad version, whitespace (1.0)' '
	mkbag nb && rm nb/bagit.txt &&
	expect_code 1 wathiqa bag verify nb 2>err &&
	grep_q "^wathiqa: nb: bagit.txt: missing" err &&
	mkbag bom && printf "\357\273\277BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n" >bom/bagit.txt &&
	expect_code 1 wathiqa bag verify bom 2>err &&
	grep_q "byte-order mark" err &&
	mkbag ver && printf "BagIt-Version: 1\nTag-File-Character-Encoding: UTF-8\n" >ver/bagit.txt &&
	expect_code 1 wathiqa bag verify ver 2>err &&
	grep_q "invalid BagIt-Version .1." err
'

test_expect_success 'fetch.txt: files are not fetched; bad URLs, lengths and paths are errors' '
	mkbag holey &&
	rm holey/data/c.txt &&
	printf "https://example.org/c.txt 6 data/c.txt\nc.txt x data/a.txt\nhttps://example.org/x - ../x\n" \
		>holey/fetch.txt &&
	printf "Bagging-Date: 2024-01-24\nPayload-Oxum: 18.2\n" >holey/bag-info.txt &&
	expect_code 1 wathiqa bag verify -q holey >out 2>err &&
	is_empty out &&
	grep_q "^wathiqa: holey: data/c.txt: missing: listed in fetch.txt but not fetched" err &&
	grep_q "^wathiqa: holey: fetch.txt:2: URL is not absolute" err &&
	grep_q "^wathiqa: holey: fetch.txt:2: LENGTH is neither a number nor" err &&
	grep_q "^wathiqa: holey: fetch.txt:3: ../x: .\.\.. in path" err &&
	! grep -q "warning" err
'

test_expect_success 'percent-encoded names (1.0): %0A, %0D and %25 decode, others warn' '
	mkdir -p pct/data &&
	printf "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n" >pct/bagit.txt &&
	printf a >"pct/data/100%" &&
	printf b >"pct/data/line
feed" &&
	printf c >"pct/data/%7E" &&
	ha=$(printf a | sha256sum | cut -d" " -f1) &&
	hb=$(printf b | sha256sum | cut -d" " -f1) &&
	hc=$(printf c | sha256sum | cut -d" " -f1) &&
	printf "%s  data/100%%25\n%s  data/line%%0Afeed\n%s  data/%%7E\n" "$ha" "$hb" "$hc" \
		>pct/manifest-sha256.txt &&
	wathiqa bag verify pct >out 2>err &&
	grep_q "^pct: valid, 1 warning$" out &&
	grep_q "manifest-sha256.txt:3: warning: .%. not followed by 0D, 0A or 25" err
'

test_done
