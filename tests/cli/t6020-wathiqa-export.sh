#!/bin/sh
# t6020: wathiqa export: BagIt 1.0 bags of a version, in every format; checked
# by our verifier and independently (tar/unzip + sha512sum/sha256sum over the
# extracted bag); names with %, CR, LF and non-ASCII round-trip; the same
# version gives the same bytes; tampered content fails with no output.
. "$(dirname "$0")/lib.sh"

if ! wathiqa commit --help >/dev/null 2>&1; then
	test_skip 'wathiqa export' 'wathiqa commit is not available yet'
	test_done
	exit 0
fi

ID=urn:example:statement-1

test_expect_success 'setup: a store with an object of two versions' '
	wathiqa init >/dev/null &&
	mkdir -p src/sub &&
	printf "hello\n" >src/a.txt &&
	printf "percent\n" >"src/100% of %25" &&
	printf "carriage\n" >"src/cr$(printf "\r")name" &&
	printf "line feed\n" >"src/lf
name" &&
	printf "مرحبا\n" >"src/sub/وثيقة.txt" &&
	printf "café\n" >"src/sub/café" &&
	: >src/sub/empty &&
	wathiqa commit --id "$ID" -m "first version
with a second line: and a colon" --user "A. Archivist" --address mailto:a@example.org src >out &&
	cp -R src src.v1 &&
	printf "hello again\n" >src/a.txt &&
	wathiqa commit --id "$ID" -m "second" src >>out &&
	wathiqa log "$ID" >log && grep_q "^v2" log
'

test_expect_success 'usage: --help exits 0; errors exit 2' '
	wathiqa export --help >out 2>err && grep_q "^usage: wathiqa export ID" out && is_empty err &&
	expect_code 2 wathiqa export "$ID" --format tar 2>err && grep_q "usage:" err &&
	expect_code 2 wathiqa export "$ID" -o x.tar 2>err && grep_q "usage:" err &&
	expect_code 2 wathiqa export -o x.tar --format tar 2>err && grep_q "no object ID" err &&
	expect_code 2 wathiqa export "$ID" --format rar -o x.rar 2>err && grep_q "unknown format" err &&
	expect_code 2 wathiqa export no-such-object --format tar -o x.tar 2>err &&
	grep_q "no-such-object: no such object" err &&
	expect_code 2 wathiqa export "$ID" --version v9 --format tar -o x.tar 2>err &&
	grep_q "no version v9" err &&
	test ! -e x.tar && test ! -e x.rar
'

test_expect_success 'export a folder bag of v1: valid, bag-info.txt from the version' '
	wathiqa export "$ID" --version v1 --format dir -o bag1 >out 2>err &&
	is_empty out && is_empty err &&
	wathiqa bag verify bag1 >out 2>err &&
	echo "bag1: valid" >expect && cmp expect out && is_empty err &&
	printf "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n" >expect &&
	cmp expect bag1/bagit.txt &&
	grep_q "^Bag-Software-Agent: wathiqa 0.1.0$" bag1/bag-info.txt &&
	grep_q "^Bagging-Date: 2024-01-24$" bag1/bag-info.txt &&
	grep_q "^Payload-Oxum: 50.7$" bag1/bag-info.txt &&
	grep_q "^External-Identifier: $ID$" bag1/bag-info.txt &&
	grep_q "^Version: v1$" bag1/bag-info.txt &&
	grep_q "^Version-Created: 2024-01-24T00:00:00Z$" bag1/bag-info.txt &&
	grep_q "^Version-Message: first version$" bag1/bag-info.txt &&
	grep_q "^  with a second line: and a colon$" bag1/bag-info.txt &&
	grep_q "^Version-User: A. Archivist <mailto:a@example.org>$" bag1/bag-info.txt &&
	ls bag1 >list && printf "%s\n" bag-info.txt bagit.txt data manifest-sha256.txt \
		manifest-sha512.txt tagmanifest-sha256.txt tagmanifest-sha512.txt >expect &&
	cmp expect list
'

test_expect_success 'names with %, CR, LF and non-ASCII round-trip (percent-encoded in manifests)' '
	diff -r src.v1 bag1/data/src &&
	grep_q "  data/src/100%25 of %2525$" bag1/manifest-sha512.txt &&
	grep_q "  data/src/cr%0Dname$" bag1/manifest-sha512.txt &&
	grep_q "  data/src/lf%0Aname$" bag1/manifest-sha256.txt &&
	grep_q "  data/src/sub/وثيقة.txt$" bag1/manifest-sha256.txt &&
	test "$(wc -l <bag1/manifest-sha512.txt)" -eq 7
'

# check_manifest DIR ALG: every line of DIR/manifest-ALG.txt, decoded by hand,
# checked with coreutils; every file under DIR/data listed.
check_manifest() {
	(cd "$1" &&
	n=0 &&
	while IFS= read -r line; do
		hex=${line%%  *} && enc=${line#*  } &&
		path=$(printf "%s" "$enc" | sed "s/%0D/$(printf "\r")/g; s/%0A/\\
/g; s/%25/%/g") &&
		got=$("${2}sum" <"$path" | cut -d" " -f1) &&
		if [ "$got" != "$hex" ]; then echo "mismatch: $enc" >&2; return 1; fi &&
		n=$((n + 1))
	done <"manifest-$2.txt" &&
	test "$n" -eq "$(find data -type f -exec printf x ";" | wc -c)")
}

test_expect_success 'independent check: sha512sum and sha256sum over an extracted tar.gz' '
	wathiqa export "$ID" --format tar.gz -o head.tar.gz &&
	mkdir x && tar -xzf head.tar.gz -C x &&
	ls x >top && echo head >expect && cmp expect top &&
	check_manifest x/head sha512 &&
	check_manifest x/head sha256 &&
	(cd x/head && sha512sum -c --quiet tagmanifest-sha512.txt && sha256sum -c --quiet tagmanifest-sha256.txt) &&
	diff -r src x/head/data/src
'

test_expect_success 'independent check of a zip (unzip -t) and a tar (GNU tar)' '
	wathiqa export "$ID" --format zip -o head.zip &&
	wathiqa export "$ID" --format tar -o head.tar &&
	unzip -tq head.zip >out && grep_q "No errors detected" out &&
	unzip -Z1 head.zip >names && grep_q "^head/data/src/sub/وثيقة.txt$" names &&
	mkdir t && tar -xf head.tar -C t &&
	diff -r x/head t/head &&
	mkdir z && bsdtar -xf head.zip -C z &&
	diff -r x/head z/head
'

test_expect_success 'every format verifies; archives hold one folder named after the file' '
	wathiqa bag verify head.tar.gz head.zip head.tar >out 2>err &&
	is_empty err && test "$(grep -c ": valid$" out)" -eq 3 &&
	tar -tf head.tar >list && ! grep -v "^head/" list
'

test_expect_success 'fixed entries: sorted, uid/gid 0 with no names, modes 0644/0755, one time' '
	tar --quoting-style=escape -tf head.tar >list &&
	LC_ALL=C sort -c list &&
	tar --numeric-owner -tvf head.tar >long &&
	! grep -v " 0/0 " long &&
	! grep -v -e "^-rw-r--r-- " -e "^drwxr-xr-x " long &&
	! grep -v " 2024-01-24 00:00 " long &&
	tar -tvf head.tar | grep -v " 0/0 " >named || true &&
	is_empty named
'

test_expect_success 'gzip header: no time, no name' '
	od -A n -t u1 -N 10 head.tar.gz | tr -s " " >hdr &&
	echo " 31 139 8 0 0 0 0 0 0 3" >expect && cmp expect hdr
'

test_expect_success 'the same version always gives the same bytes (any time, any SOURCE_DATE_EPOCH)' '
	mkdir again && sleep 1 &&
	for f in head.tar.gz head.zip head.tar; do
		SOURCE_DATE_EPOCH=1800000000 wathiqa export "$ID" --format "${f#head.}" -o "again/$f" &&
		cmp "$f" "again/$f" || return 1
	done &&
	wathiqa export "$ID" --format dir -o again/head &&
	diff -r x/head again/head
'

test_expect_success '--version picks the version; head is the default' '
	wathiqa export "$ID" --version v1 --format tar -o v1.tar &&
	wathiqa export "$ID" --version v2 --format tar -o v2.tar &&
	mkdir v2d && wathiqa export "$ID" --version v2 --format tar -o v2d/head.tar &&
	cmp head.tar v2d/head.tar && ! cmp -s v1.tar v2.tar &&
	mkdir v1x && tar -xf v1.tar -C v1x && diff -r src.v1 v1x/v1/data/src
'

test_expect_success 'OUT exists: refused (exit 2) and left alone; --force replaces it' '
	cp head.zip keep.zip &&
	expect_code 2 wathiqa export "$ID" --version v1 --format zip -o head.zip 2>err &&
	grep_q "head.zip: exists (use --force to replace it)" err &&
	cmp keep.zip head.zip &&
	wathiqa export "$ID" --version v1 --format zip -o head.zip --force &&
	! cmp -s keep.zip head.zip &&
	expect_code 2 wathiqa export "$ID" --format dir -o bag1 2>err &&
	grep_q "bag1: exists" err &&
	wathiqa export "$ID" --format dir -o bag1 --force &&
	grep_q "^Version: v2$" bag1/bag-info.txt &&
	wathiqa bag verify -q bag1
'

test_expect_success 'names differing only in case: a warning; only in normalization: refused (exit 1)' '
	mkdir -p case && printf a >case/A && printf b >case/a &&
	printf c >"case/$(printf "Nu\314\201n\314\203ez")" &&
	wathiqa commit --id urn:example:case case >/dev/null &&
	wathiqa export urn:example:case --format tar -o case.tar 2>err &&
	grep_q "^wathiqa: urn:example:case: warning: data/case/a: name differs from data/case/A only in case$" err &&
	wathiqa bag verify case.tar >out 2>err &&
	grep_q "^case.tar: valid, 1 warning$" out &&
	mkdir -p nf && printf c >"nf/$(printf "e\314\201")" && printf d >"nf/$(printf "\303\251")" &&
	wathiqa commit --id urn:example:nf nf >/dev/null &&
	expect_code 1 wathiqa export urn:example:nf --format zip -o nf.zip 2>err &&
	grep_q "only in Unicode normalization (BagIt writers refuse such names)" err &&
	test ! -e nf.zip
'

test_expect_success 'corrupt content in the store: exit 1, the file named, no output, no leftovers' '
	obj=$(dirname "$(grep -l "\"$ID\"" archive/*/*/*/*/inventory.json)") &&
	test -d "$obj" &&
	f=$(find "$obj"/v*/content -type f -name "a.txt" | head -n 1) &&
	chmod u+w "$f" && printf "HELLO\n" >"$f" &&
	mkdir outdir &&
	for fmt in dir tar tar.gz zip; do
		expect_code 1 wathiqa export "$ID" --version v1 --format "$fmt" -o "outdir/bag.$fmt" 2>err &&
		grep_q "^wathiqa: $ID: v1: data/src/a.txt: sha512 mismatch" err || return 1
	done &&
	test -z "$(ls -A outdir)"
'

# libarchive is loaded when an archive is first written or read: a library
# of that name without its functions (here, an empty one) is a clear error,
# and what needs no archive still works.
if command -v "${CC:-cc}" >/dev/null 2>&1; then
	test_expect_success 'libarchive missing its functions: archives refused (exit 2), folders work' '
		mkdir fakelib && : >fakelib/empty.c &&
		"${CC:-cc}" -shared -fPIC -o fakelib/libarchive.so.13 fakelib/empty.c &&
		LD_LIBRARY_PATH=$PWD/fakelib expect_code 2 wathiqa export "$ID" --format tar -o nolib.tar 2>err &&
		grep_q "libarchive.so.13: no function archive_" err && test ! -e nolib.tar &&
		LD_LIBRARY_PATH=$PWD/fakelib expect_code 2 wathiqa bag verify v1.tar 2>err &&
		grep_q "cannot read archives: libarchive.so.13: no function" err &&
		LD_LIBRARY_PATH=$PWD/fakelib wathiqa export "$ID" --format dir -o nolib-dir >/dev/null &&
		LD_LIBRARY_PATH=$PWD/fakelib wathiqa bag verify nolib-dir >/dev/null
	'
else
	test_skip 'libarchive missing its functions' 'no C compiler'
fi

test_done
