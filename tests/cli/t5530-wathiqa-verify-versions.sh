#!/bin/sh
# t5530: wathiqa verify on objects with several versions. The inventory of
# the latest version is only taken as checked when its bytes are the root
# inventory's: one that differs, even in white space and with a sidecar to
# match, is E064. Problems of prior inventories (checked on a helper
# thread) come out in the same order every time.
. "$(dirname "$0")/lib.sh"

# sign DIR: write DIR/inventory.json.sha512 for DIR/inventory.json.
sign() {
	(cd "$1" && sha512sum inventory.json >inventory.json.sha512)
}

# inv HEAD MANIFEST VERSIONS: an OCFL 1.1 inventory on one line.
inv() {
	printf '{"id":"urn:example:versions","type":"https://ocfl.io/1.1/spec/#inventory","digestAlgorithm":"sha512","head":"%s","manifest":{%s},"versions":{%s}}\n' \
		"$1" "$2" "$3"
}

# ver NAME MESSAGE STATE: one version block.
ver() {
	printf '"%s":{"created":"2024-01-24T00:00:00Z","message":"%s","user":{"name":"Tester","address":"mailto:t@example.org"},"state":{%s}}' \
		"$1" "$2" "$3"
}

test_expect_success 'setup: a valid object with two versions' '
	mkdir -p two/v1/content two/v2/content &&
	printf "ocfl_object_1.1\n" >two/0=ocfl_object_1.1 &&
	echo "first file" >two/v1/content/a.txt &&
	echo "second file" >two/v2/content/b.txt &&
	a=$(sha512sum <two/v1/content/a.txt | cut -d" " -f1) &&
	b=$(sha512sum <two/v2/content/b.txt | cut -d" " -f1) &&
	v1=$(ver v1 first "\"$a\":[\"a.txt\"]") &&
	v2=$(ver v2 second "\"$a\":[\"a.txt\"],\"$b\":[\"b.txt\"]") &&
	inv v1 "\"$a\":[\"v1/content/a.txt\"]" "$v1" >two/v1/inventory.json &&
	inv v2 "\"$a\":[\"v1/content/a.txt\"],\"$b\":[\"v2/content/b.txt\"]" "$v1,$v2" \
		>two/inventory.json &&
	cp two/inventory.json two/v2/inventory.json &&
	sign two && sign two/v1 && sign two/v2 &&
	wathiqa verify two >out 2>err &&
	is_empty err &&
	grep_q "^two: valid object$" out
'

test_expect_success 'latest inventory one byte longer than the root one (white space), sidecar matching: E064 alone' '
	cp -R two t1 &&
	printf " " >>t1/v2/inventory.json && sign t1/v2 &&
	expect_code 1 wathiqa verify t1 >out 2>err &&
	test "$(cat err)" = "wathiqa: t1/v2/inventory.json: E064: differs from the root inventory of head version '"'"'v2'"'"'" &&
	grep_q "^t1: invalid object (1 error, 0 warnings)$" out
'

test_expect_success 'latest inventory with one byte changed, sidecar matching: E064 and W011 on it' '
	cp -R two t2 &&
	sed "s/\"message\":\"second\"/\"message\":\"secone\"/" two/v2/inventory.json >t2/v2/inventory.json &&
	! cmp -s two/v2/inventory.json t2/v2/inventory.json &&
	sign t2/v2 &&
	expect_code 1 wathiqa verify t2 2>err &&
	grep_q "^wathiqa: t2/v2/inventory.json: E064: " err &&
	grep_q "^wathiqa: t2/v2/inventory.json: W011: version '"'"'v2'"'"': '"'"'message'"'"' differs" err &&
	test "$(wc -l <err)" -eq 2 &&
	! grep -q E060 err
'

test_expect_success 'a root inventory that differs from the latest one is checked in full' '
	cp -R two t3 &&
	sed "s/\"head\":\"v2\"/\"head\":\"v2\",\"extra\":1/" two/inventory.json >t3/inventory.json &&
	sign t3 &&
	expect_code 1 wathiqa verify t3 2>err &&
	grep_q "^wathiqa: t3/inventory.json: E102: unknown key '"'"'extra'"'"'" err &&
	grep_q "^wathiqa: t3/v2/inventory.json: E064: " err
'

test_expect_success 'problems of a prior inventory: reported where its version is, the same every time' '
	cp -R two t4 &&
	sed "s/\"head\":\"v1\"/\"head\":\"v1\",\"odd\":true/; s/\"message\":\"first\"/\"message\":5/" \
		two/v1/inventory.json >t4/v1/inventory.json &&
	sign t4/v1 &&
	echo "stray" >t4/v1/stray.txt &&
	echo "stray" >t4/v2/stray.txt &&
	expect_code 1 wathiqa verify t4 2>err &&
	sed "s/^wathiqa: t4\///; s/: .*//" err >order &&
	printf "%s\n" v1/inventory.json v1/inventory.json v1/stray.txt v2/stray.txt \
		v1/inventory.json >want &&
	cmp want order &&
	grep_q "^wathiqa: t4/v1/inventory.json: E102: unknown key '"'"'odd'"'"'" err &&
	grep_q "^wathiqa: t4/v1/inventory.json: E094: " err &&
	grep_q "^wathiqa: t4/v1/inventory.json: W011: version '"'"'v1'"'"': '"'"'message'"'"' differs" err &&
	for i in 1 2 3 4 5; do
		expect_code 1 wathiqa verify t4 2>err2 && cmp err err2 || exit 1
	done
'

test_expect_success 'a big prior inventory (checked on the helper thread): same report, same order' '
	mkdir -p big/v1/content/a/rather/long/folder/name big/v2/content &&
	printf "ocfl_object_1.1\n" >big/0=ocfl_object_1.1 &&
	(cd big/v1/content/a/rather/long/folder/name && seq -f "file-%05g.txt" 1 2000 | xargs touch) &&
	echo "second file" >big/v2/content/b.txt &&
	e=$(sha512sum </dev/null | cut -d" " -f1) &&
	b=$(sha512sum <big/v2/content/b.txt | cut -d" " -f1) &&
	seq -f "a/rather/long/folder/name/file-%05g.txt" 1 2000 >paths &&
	cps=$(sed "s|.*|\"v1/content/&\"|" paths | paste -sd, -) &&
	lps=$(sed "s|.*|\"&\"|" paths | paste -sd, -) &&
	v1=$(ver v1 first "\"$e\":[$lps]") &&
	v2=$(ver v2 second "\"$e\":[$lps],\"$b\":[\"b.txt\"]") &&
	inv v1 "\"$e\":[$cps]" "$v1" |
		sed "s/\"head\":\"v1\"/\"head\":\"v1\",\"odd\":true/; s/\"message\":\"first\"/\"message\":5/" \
		>big/v1/inventory.json &&
	test "$(wc -c <big/v1/inventory.json)" -gt 131072 &&
	inv v2 "\"$e\":[$cps],\"$b\":[\"v2/content/b.txt\"]" "$v1,$v2" >big/inventory.json &&
	cp big/inventory.json big/v2/inventory.json &&
	sign big && sign big/v1 && sign big/v2 &&
	echo "stray" >big/v1/stray.txt &&
	echo "stray" >big/v2/stray.txt &&
	expect_code 1 wathiqa verify big 2>err &&
	sed "s/^wathiqa: big\///; s/: .*//" err >order &&
	printf "%s\n" v1/inventory.json v1/inventory.json v1/stray.txt v2/stray.txt \
		v1/inventory.json >want &&
	cmp want order &&
	grep_q "^wathiqa: big/v1/inventory.json: E102: unknown key '"'"'odd'"'"'" err &&
	grep_q "^wathiqa: big/v1/inventory.json: E094: " err &&
	for i in 1 2 3 4 5; do
		expect_code 1 wathiqa verify big 2>err2 && cmp err err2 || exit 1
	done
'

test_expect_success 'many versions: every prior inventory checked, in order' '
	mkdir -p many && printf "ocfl_object_1.1\n" >many/0=ocfl_object_1.1 &&
	man= vers= st= i=1 &&
	while [ $i -le 12 ]; do
		mkdir -p many/v$i/content &&
		echo "file $i" >many/v$i/content/f$i.txt &&
		d=$(sha512sum <many/v$i/content/f$i.txt | cut -d" " -f1) &&
		man="$man${man:+,}\"$d\":[\"v$i/content/f$i.txt\"]" &&
		st="$st${st:+,}\"$d\":[\"f$i.txt\"]" &&
		vers="$vers${vers:+,}$(ver v$i "m$i" "$st")" &&
		inv v$i "$man" "$vers" | sed "s/\"id\":\"[^\"]*\"/\"id\":\"urn:example:v$i\"/" \
			>many/v$i/inventory.json &&
		sign many/v$i &&
		i=$((i + 1)) || exit 1
	done &&
	inv v12 "$man" "$vers" | sed "s/\"id\":\"[^\"]*\"/\"id\":\"urn:example:v12\"/" \
		>many/inventory.json && sign many &&
	expect_code 1 wathiqa verify many 2>err &&
	grep -o "many/v[0-9]*/inventory.json: E037" err >ids &&
	test "$(wc -l <ids)" -eq 11 &&
	sed "s/: E037//; s/many\/v//; s/\/.*//" ids >nums &&
	seq 1 11 | cmp - nums &&
	! grep -q "many/v12/inventory.json" err
'

test_done
