#!/bin/sh
# t5520: wathiqa verify on storage roots (declaration, ocfl_layout.json,
# the 0004 layout, the hierarchy rules E069-E090), objects named by id,
# the output options and the exit codes.
. "$(dirname "$0")/lib.sh"

# mkobj DIR ID FILE...: a valid OCFL 1.1 object, one version, by hand.
mkobj() {
	dir=$1 id=$2
	shift 2
	mkdir -p "$dir/v1/content"
	printf 'ocfl_object_1.1\n' >"$dir/0=ocfl_object_1.1"
	man= st=
	for f in "$@"; do
		cp "$f" "$dir/v1/content/$f"
		d=$(sha512sum <"$f" | cut -d" " -f1)
		man="$man${man:+,}\"$d\":[\"v1/content/$f\"]"
		st="$st${st:+,}\"$d\":[\"$f\"]"
	done
	printf '{"id":"%s","type":"https://ocfl.io/1.1/spec/#inventory","digestAlgorithm":"sha512","head":"v1","manifest":{%s},"versions":{"v1":{"created":"2024-01-24T00:00:00Z","message":"first","user":{"name":"Tester","address":"mailto:t@example.org"},"state":{%s}}}}\n' \
		"$id" "$man" "$st" >"$dir/inventory.json"
	cp "$dir/inventory.json" "$dir/v1/inventory.json"
	(cd "$dir" && sha512sum inventory.json >inventory.json.sha512 &&
		cd v1 && sha512sum inventory.json >inventory.json.sha512)
}

# path0004 ID: where the 0004 layout (3 tuples of 3) puts ID.
path0004() {
	h=$(printf %s "$1" | sha256sum | cut -d" " -f1)
	echo "$(echo "$h" | cut -c1-3)/$(echo "$h" | cut -c4-6)/$(echo "$h" | cut -c7-9)/$h"
}

# mkroot DIR: an empty storage root declaring the 0004 layout.
mkroot() {
	mkdir -p "$1/extensions/0004-hashed-n-tuple-storage-layout"
	printf 'ocfl_1.1\n' >"$1/0=ocfl_1.1"
	printf '{"extension":"0004-hashed-n-tuple-storage-layout","description":"hashed n-tuple"}\n' \
		>"$1/ocfl_layout.json"
	printf '{"extensionName":"0004-hashed-n-tuple-storage-layout","digestAlgorithm":"sha256","tupleSize":3,"numberOfTuples":3,"shortObjectRoot":false}\n' \
		>"$1/extensions/0004-hashed-n-tuple-storage-layout/config.json"
}

test_expect_success 'setup: a storage root with two objects at their 0004 paths' '
	echo one >one.txt && echo two >two.txt &&
	test "$(path0004 object-01)" = 3c0/ff4/240/3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4 &&
	mkroot S &&
	mkobj "S/$(path0004 urn:x:1)" urn:x:1 one.txt &&
	mkobj "S/$(path0004 urn:x:2)" urn:x:2 two.txt &&
	wathiqa --store S verify >out 2>err &&
	is_empty err &&
	grep_q "^S: valid storage root$" out
'

test_expect_success 'the store may also be named as a PATH or with verify --store' '
	wathiqa verify S >out 2>err && is_empty err && grep_q "^S: valid storage root$" out &&
	wathiqa verify --store S >out 2>err && grep_q "^S: valid storage root$" out
'

test_expect_success 'objects by id: each verified where the layout puts it' '
	wathiqa --store S verify urn:x:1 urn:x:2 >out 2>err &&
	is_empty err &&
	grep_q "^S/$(path0004 urn:x:1): valid object$" out &&
	grep_q "^S/$(path0004 urn:x:2): valid object$" out &&
	test "$(wc -l <out)" -eq 2
'

test_expect_success 'an unknown id: exit 2, named' '
	expect_code 2 wathiqa --store S verify no-such-id >out 2>err &&
	grep_q "^wathiqa: no-such-id: no such object in .S." err && is_empty out
'

test_expect_success 'no store at all: exit 2' '
	expect_code 2 wathiqa --store nowhere verify >out 2>err &&
	grep_q "^wathiqa: nowhere: no store here" err
'

test_expect_success 'a corrupt file inside a store: named, exit 1' '
	cp -R S S1 &&
	echo "changed" >"S1/$(path0004 urn:x:2)/v1/content/two.txt" &&
	expect_code 1 wathiqa --store S1 verify >out 2>err &&
	grep_q "^wathiqa: S1/$(path0004 urn:x:2)/v1/content/two.txt: E092: " err &&
	grep_q "^S1: invalid storage root (1 error, 0 warnings)$" out &&
	expect_code 1 wathiqa --store S1 verify urn:x:2 2>err &&
	grep_q "E092" err &&
	wathiqa --store S1 verify urn:x:1 2>err && is_empty err
'

test_expect_success 'an object at the wrong path for its id: E083' '
	cp -R S S2 && mkdir -p S2/aaa/bbb/ccc &&
	mv "S2/$(path0004 urn:x:2)" S2/aaa/bbb/ccc/obj &&
	rmdir -p "S2/$(dirname "$(path0004 urn:x:2)")" 2>/dev/null || : &&
	expect_code 1 wathiqa verify S2 2>err &&
	grep_q "^wathiqa: S2/aaa/bbb/ccc/obj: E083: object .urn:x:2. belongs at .$(path0004 urn:x:2)." err
'

test_expect_success 'hierarchy faults: E084 file, E073 empty dir, E085 no object, E090 link' '
	cp -R S S3 &&
	top=$(path0004 urn:x:1 | cut -c1-3) &&
	echo stray >S3/$top/stray.txt &&
	mkdir -p S3/empty/dir &&
	mkdir -p S3/noobj && echo x >S3/noobj/file &&
	ln -s $top S3/link &&
	echo ignored >S3/README.txt &&
	expect_code 1 wathiqa verify S3 2>err &&
	grep_q "^wathiqa: S3/$top/stray.txt: E084: " err &&
	grep_q "^wathiqa: S3/empty/dir: E073: " err &&
	grep_q "^wathiqa: S3/noobj/file: E084: " err &&
	grep_q "^wathiqa: S3/noobj: E085: " err &&
	grep_q "^wathiqa: S3/link: E090: " err &&
	! grep -q README err
'

test_expect_success 'root declaration: missing E069, wrong text E080; bad layout E070, E071' '
	cp -R S S4 && rm "S4/0=ocfl_1.1" &&
	expect_code 1 wathiqa --store S4 verify 2>err &&
	grep_q "^wathiqa: S4: E069: " err &&
	expect_code 1 wathiqa verify S4 2>err &&
	grep_q "^wathiqa: S4: E069: " err &&
	printf "ocfl_1.1" >"S4/0=ocfl_1.1" &&
	echo "{\"extension\":1}" >S4/ocfl_layout.json &&
	expect_code 1 wathiqa verify S4 2>err &&
	grep_q "^wathiqa: S4/0=ocfl_1.1: E080: " err &&
	grep_q "^wathiqa: S4/ocfl_layout.json: E070: " err &&
	printf "ocfl_1.1\n" >"S4/0=ocfl_1.1" &&
	echo "{\"extension\":\"9999-mine\",\"description\":\"x\"}" >S4/ocfl_layout.json &&
	expect_code 1 wathiqa verify S4 2>err &&
	grep_q "^wathiqa: S4/ocfl_layout.json: E071: " err
'

test_expect_success 'a 1.1 object in a 1.0 storage root: E081' '
	cp -R S S5 && rm "S5/0=ocfl_1.1" && printf "ocfl_1.0\n" >"S5/0=ocfl_1.0" &&
	expect_code 1 wathiqa verify S5 2>err &&
	grep_q "^wathiqa: S5/$(path0004 urn:x:1): E081: " err
'

test_expect_success 'without a declared layout, ids are found by reading inventories' '
	mkdir -p S6/a/b && printf "ocfl_1.1\n" >"S6/0=ocfl_1.1" &&
	mkobj S6/a/b/obj urn:flat:1 one.txt &&
	wathiqa --store S6 verify urn:flat:1 >out 2>err &&
	grep_q "^S6/a/b/obj: valid object$" out &&
	wathiqa verify S6 >out 2>err && is_empty err
'

test_expect_success '--json: one document on stdout, codes and descriptions' '
	expect_code 1 wathiqa --store S1 verify --json >out 2>err &&
	is_empty err &&
	grep_q "\"code\": \"E092\"" out &&
	grep_q "\"severity\": \"error\"" out &&
	grep_q "\"valid\": false" out &&
	grep_q "\"description\": \"The value for each key in the manifest must be" out &&
	if command -v python3 >/dev/null; then python3 -m json.tool out >/dev/null; fi
'

test_expect_success '-q: errors only, no verdict lines' '
	expect_code 1 wathiqa --store S1 verify -q >out 2>err &&
	is_empty out && grep_q E092 err &&
	wathiqa --store S verify -q >out 2>err && is_empty out && is_empty err
'

test_expect_success 'usage: --help on stdout exit 0; a bad option exit 2; a file is not an object' '
	wathiqa verify --help >out 2>err && grep_q "^usage: wathiqa verify" out && is_empty err &&
	expect_code 2 wathiqa verify --no-such-option >out 2>err && grep_q "usage: wathiqa verify" err &&
	expect_code 2 wathiqa verify one.txt 2>err && grep_q "one.txt: not a directory" err
'

test_expect_success 'a store made by wathiqa init and commit verifies (v1, v2)' '
	mkdir in && echo alpha >in/a.txt && mkdir in/sub && echo beta >in/sub/b.txt &&
	wathiqa --store W init >/dev/null &&
	wathiqa --store W commit --id urn:w:1 -m one --user T --address mailto:t@example.org in/a.txt in/sub >/dev/null &&
	echo gamma >in/c.txt &&
	wathiqa --store W commit --id urn:w:1 -m two --user T --address mailto:t@example.org in/a.txt in/c.txt >/dev/null &&
	wathiqa --store W verify >out 2>err &&
	! grep -q ": E[0-9]" err &&
	grep_q "^W: valid storage root" out &&
	wathiqa --store W verify urn:w:1 >out 2>err &&
	is_empty err && grep_q ": valid object$" out
'

test_done
