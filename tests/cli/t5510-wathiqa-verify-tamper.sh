#!/bin/sh
# t5510: wathiqa verify on tampered objects: each fault is reported by the
# file's name with the spec's code, every bad file (not just the first),
# exit 1; an intact object is valid (exit 0, nothing on stderr).
. "$(dirname "$0")/lib.sh"

# mkobj DIR ID FILE...: a valid OCFL 1.1 object with one version holding
# the named files (relative paths, distinct contents), built by hand.
mkobj() {
	dir=$1 id=$2
	shift 2
	mkdir -p "$dir/v1/content"
	printf 'ocfl_object_1.1\n' >"$dir/0=ocfl_object_1.1"
	man= st=
	for f in "$@"; do
		mkdir -p "$dir/v1/content/$(dirname "$f")"
		cp "$f" "$dir/v1/content/$f"
		d=$(sha512sum <"$f" | cut -d" " -f1)
		man="$man${man:+,}\"$d\":[\"v1/content/$f\"]"
		st="$st${st:+,}\"$d\":[\"$f\"]"
	done
	printf '{"id":"%s","type":"https://ocfl.io/1.1/spec/#inventory","digestAlgorithm":"sha512","head":"v1","contentDirectory":"content","manifest":{%s},"versions":{"v1":{"created":"2024-01-24T00:00:00Z","message":"first","user":{"name":"Tester","address":"mailto:t@example.org"},"state":{%s}}}}\n' \
		"$id" "$man" "$st" >"$dir/inventory.json"
	cp "$dir/inventory.json" "$dir/v1/inventory.json"
	(cd "$dir" && sha512sum inventory.json >inventory.json.sha512 &&
		cd v1 && sha512sum inventory.json >inventory.json.sha512)
}

# resign DIR: recompute both sidecars after editing the inventory on purpose.
resign() {
	cp "$1/inventory.json" "$1/v1/inventory.json"
	(cd "$1" && sha512sum inventory.json >inventory.json.sha512 &&
		cd v1 && sha512sum inventory.json >inventory.json.sha512)
}

# flip FILE OFFSET: change one byte (xor 1) in place.
flip() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d " ")
	printf "$(printf '\\%03o' $((b ^ 1)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

test_expect_success 'setup: a valid object' '
	mkdir -p src/sub &&
	echo "first file" >src/a.txt &&
	echo "second file" >src/sub/b.txt &&
	printf "third file, %%, name with space\n" >"src/c d.txt" &&
	(cd src && mkobj ../good urn:example:tamper a.txt sub/b.txt "c d.txt") &&
	wathiqa verify good >out 2>err &&
	is_empty err &&
	grep_q "^good: valid object$" out
'

test_expect_success 'one byte flipped in a content file: E092 names it' '
	cp -R good t1 && flip t1/v1/content/sub/b.txt 3 &&
	expect_code 1 wathiqa verify t1 >out 2>err &&
	grep_q "^wathiqa: t1/v1/content/sub/b.txt: E092: content differs from the manifest" err &&
	test "$(wc -l <err)" -eq 1 &&
	grep_q "^t1: invalid object (1 error, 0 warnings)$" out
'

test_expect_success 'every corrupt file is reported, not just the first' '
	cp -R good t2 && flip t2/v1/content/a.txt 0 && flip t2/v1/content/sub/b.txt 1 &&
	flip "t2/v1/content/c d.txt" 2 &&
	expect_code 1 wathiqa verify t2 2>err &&
	grep_q "t2/v1/content/a.txt: E092" err &&
	grep_q "t2/v1/content/sub/b.txt: E092" err &&
	grep_q "t2/v1/content/c d.txt: E092" err &&
	test "$(grep -c E092 err)" -eq 3
'

test_expect_success 'one byte flipped in the inventory: E060 on its sidecar, E064' '
	cp -R good t3 &&
	off=$(grep -bo "\"first\"" t3/inventory.json | cut -d: -f1) &&
	flip t3/inventory.json $((off + 1)) &&
	expect_code 1 wathiqa verify t3 2>err &&
	grep_q "^wathiqa: t3/inventory.json.sha512: E060: " err &&
	grep_q "^wathiqa: t3/v1/inventory.json: E064: " err
'

test_expect_success 'inventory no longer JSON: E033 with the position' '
	cp -R good t4 && printf "{\"id\": " >t4/inventory.json &&
	expect_code 1 wathiqa verify t4 2>err &&
	grep_q "^wathiqa: t4/inventory.json: E033: not valid JSON: .*line 1" err
'

test_expect_success 'a deleted content file: E092 names it' '
	cp -R good t5 && rm t5/v1/content/a.txt &&
	expect_code 1 wathiqa verify t5 2>err &&
	grep_q "^wathiqa: t5/v1/content/a.txt: E092: content file in the manifest does not exist" err
'

test_expect_success 'a stray file in the content: E023; in the root: E001; in a version: E015' '
	cp -R good t6 && echo stray >t6/v1/content/stray.txt && echo x >t6/notes.txt &&
	echo y >t6/v1/extra.txt &&
	expect_code 1 wathiqa verify t6 2>err &&
	grep_q "^wathiqa: t6/v1/content/stray.txt: E023: " err &&
	grep_q "^wathiqa: t6/notes.txt: E001: " err &&
	grep_q "^wathiqa: t6/v1/extra.txt: E015: " err
'

test_expect_success 'a bad sidecar: E061; a missing one: E058' '
	cp -R good t7 && echo "not a digest" >t7/inventory.json.sha512 &&
	rm t7/v1/inventory.json.sha512 &&
	expect_code 1 wathiqa verify t7 2>err &&
	grep_q "^wathiqa: t7/inventory.json.sha512: E061: " err &&
	grep_q "^wathiqa: t7/v1/inventory.json.sha512: E058: sidecar missing" err
'

test_expect_success 'a sidecar for another algorithm: E059' '
	cp -R good t7b && (cd t7b && sha256sum inventory.json >inventory.json.sha256) &&
	expect_code 1 wathiqa verify t7b 2>err &&
	grep_q "^wathiqa: t7b/inventory.json.sha256: E059: " err
'

test_expect_success 'a duplicate JSON key: E033' '
	cp -R good t8 &&
	sed "s/^{\"id\":/{\"id\":\"urn:example:other\",\"id\":/" good/inventory.json >t8/inventory.json &&
	resign t8 &&
	expect_code 1 wathiqa verify t8 2>err &&
	grep_q "^wathiqa: t8/inventory.json: E033: not valid JSON: duplicate object key" err
'

test_expect_success 'a content path with ..: E099; an absolute one: E100' '
	cp -R good t9 &&
	sed -e "s|\"v1/content/a.txt\"|\"v1/content/../content/a.txt\"|" \
	    -e "s|\"v1/content/sub/b.txt\"|\"/v1/content/sub/b.txt\"|" good/inventory.json >t9/inventory.json &&
	resign t9 &&
	expect_code 1 wathiqa verify t9 2>err &&
	grep_q "^wathiqa: t9/inventory.json: E099: content path .v1/content/../content/a.txt." err &&
	grep_q "^wathiqa: t9/inventory.json: E100: content path ./v1/content/sub/b.txt." err
'

test_expect_success 'a logical path with ..: E052' '
	cp -R good t10 &&
	sed "s|\\[\"a.txt\"\\]|[\"../a.txt\"]|" good/inventory.json >t10/inventory.json &&
	resign t10 &&
	expect_code 1 wathiqa verify t10 2>err &&
	grep_q "E052: version .v1.: logical path .../a.txt." err
'

test_expect_success 'a symbolic link in an object: E090 names it' '
	cp -R good t11 && ln -s a.txt t11/v1/content/link.txt &&
	expect_code 1 wathiqa verify t11 2>err &&
	grep_q "^wathiqa: t11/v1/content/link.txt: E090: symbolic link" err
'

test_expect_success 'a content file replaced by a symbolic link: E090' '
	cp -R good t12 && rm t12/v1/content/a.txt && ln -s ../../../src/a.txt t12/v1/content/a.txt &&
	expect_code 1 wathiqa verify t12 2>err &&
	grep_q "^wathiqa: t12/v1/content/a.txt: E090: " err
'

test_expect_success 'a hard link in an object: E090' '
	cp -R good t13 && ln t13/v1/content/a.txt hard.txt &&
	expect_code 1 wathiqa verify t13 2>err &&
	grep_q "^wathiqa: t13/v1/content/a.txt: E090: hard link" err
'

test_expect_success 'a named pipe in an object: E090, and verify does not block on it' '
	cp -R good t13b && mkfifo t13b/v1/content/pipe &&
	expect_code 1 wathiqa verify t13b 2>err &&
	grep_q "^wathiqa: t13b/v1/content/pipe: E090: not a regular file" err
'

test_expect_success 'an empty folder in the content: E024' '
	cp -R good t14 && mkdir t14/v1/content/empty &&
	expect_code 1 wathiqa verify t14 2>err &&
	grep_q "^wathiqa: t14/v1/content/empty: E024: " err
'

test_expect_success 'a bad declaration: E007; none: E003' '
	cp -R good t15 && printf "ocfl_object_1.1" >"t15/0=ocfl_object_1.1" &&
	expect_code 1 wathiqa verify t15 2>err &&
	grep_q "^wathiqa: t15/0=ocfl_object_1.1: E007: " err &&
	rm "t15/0=ocfl_object_1.1" &&
	expect_code 1 wathiqa verify t15 2>err &&
	grep_q "^wathiqa: t15: E003: " err
'

test_expect_success 'a missing version inventory is only a warning (W010)' '
	cp -R good t16 && rm t16/v1/inventory.json t16/v1/inventory.json.sha512 &&
	wathiqa verify t16 >out 2>err &&
	grep_q "^wathiqa: t16/v1: W010: " err &&
	grep_q "^t16: valid object (1 warning)$" out &&
	wathiqa verify -q t16 >out 2>err &&
	is_empty out && is_empty err
'

test_expect_success 'sha256 objects are valid with W004' '
	cp -R good t17 &&
	for f in a.txt sub/b.txt "c d.txt"; do
		o=$(sha512sum <"src/$f" | cut -d" " -f1); n=$(sha256sum <"src/$f" | cut -d" " -f1)
		sed -i "s/$o/$n/g" t17/inventory.json
	done &&
	sed -i "s/\"sha512\"/\"sha256\"/" t17/inventory.json &&
	cp t17/inventory.json t17/v1/inventory.json && rm t17/inventory.json.sha512 t17/v1/inventory.json.sha512 &&
	(cd t17 && sha256sum inventory.json >inventory.json.sha256 && cd v1 && sha256sum inventory.json >inventory.json.sha256) &&
	wathiqa verify t17 >out 2>err &&
	grep_q "^wathiqa: t17/inventory.json: W004: " err &&
	flip t17/v1/content/a.txt 0 &&
	expect_code 1 wathiqa verify t17 2>err &&
	grep_q "^wathiqa: t17/v1/content/a.txt: E092: content differs from the manifest: sha256" err
'

test_expect_success 'a wrong fixity value: E093 names the file' '
	cp -R good t18 &&
	m=$(md5sum <src/a.txt | cut -d" " -f1) &&
	sed "s|}}}}\$|}}},\"fixity\":{\"md5\":{\"00000000000000000000000000000000\":[\"v1/content/a.txt\"]}}}|" good/inventory.json >t18/inventory.json &&
	resign t18 &&
	expect_code 1 wathiqa verify t18 2>err &&
	grep_q "^wathiqa: t18/v1/content/a.txt: E093: content differs from the fixity block: md5 is $m" err &&
	sed -i "s/00000000000000000000000000000000/$m/" t18/inventory.json && resign t18 &&
	wathiqa verify t18 2>err && is_empty err
'

test_expect_success 'a bigger object (hashed on several threads): every bad file named, in order' '
	mkdir -p big/d &&
	i=0 && files= &&
	while [ $i -lt 40 ]; do
		yes "line of file $i" | head -c 40000 >big/d/f$i.txt
		files="$files d/f$i.txt"
		i=$((i + 1))
	done &&
	(cd big && mkobj ../tbig urn:example:big $files) &&
	wathiqa verify tbig >out 2>err && is_empty err &&
	flip tbig/v1/content/d/f3.txt 100 && flip tbig/v1/content/d/f27.txt 39999 &&
	rm tbig/v1/content/d/f12.txt &&
	expect_code 1 wathiqa verify tbig 2>err &&
	test "$(grep -c ": E092: " err)" -eq 3 &&
	grep_q "tbig/v1/content/d/f12.txt: E092: content file in the manifest does not exist" err &&
	grep_q "tbig/v1/content/d/f3.txt: E092: content differs" err &&
	grep_q "tbig/v1/content/d/f27.txt: E092: content differs" err &&
	wathiqa verify tbig 2>err2 || : &&
	cmp err err2
'

test_done
