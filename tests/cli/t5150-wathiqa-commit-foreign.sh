#!/bin/sh
# wathiqa commit, ls, restore on objects other implementations made (the
# official OCFL fixtures): contentDirectory, fixity, uppercase digests, many versions.
. "$(dirname "$0")/lib.sh"

FIX=$WQ_SHARED/conformance/ocfl/1.1/good-objects
have_verify() { wathiqa verify --help >/dev/null 2>&1; }
# place FIXTURE: copy a fixture object where the store's layout puts its id; prints the id
place() {
	id=$(sed -n 's/^  "id": "\(.*\)",$/\1/p' "$FIX/$1/inventory.json")
	h=$(printf %s "$id" | sha256sum | cut -c1-64)
	d=archive/$(echo $h | cut -c1-3)/$(echo $h | cut -c4-6)/$(echo $h | cut -c7-9)/$h
	mkdir -p "$(dirname "$d")" && cp -R "$FIX/$1" "$d" && echo "$id"
}

if ! test -d "$FIX"; then
	test_skip 'fixture objects' "no $FIX"
	test_done
	exit 0
fi

test_expect_success 'setup' '
	wathiqa init >/dev/null && echo "added by wathiqa" >n.txt
'

for fx in spec-ex-full minimal_content_dir_called_stuff minimal_uppercase_digests updates_all_actions; do
	test_expect_success "commit --update onto the fixture $fx keeps it valid" '
		id=$(place '$fx') && test -n "$id" &&
		wathiqa ls "$id" >before &&
		wathiqa commit --id "$id" --update n.txt >out 2>err && is_empty err &&
		grep_q "(.* files, 1 new content files, 17 bytes new)" out &&
		wathiqa ls "$id" >after &&
		{ cat before; echo n.txt; } | LC_ALL=C sort >want && cmp want after &&
		wathiqa restore "$id" r-'$fx' >/dev/null && cmp n.txt r-'$fx'/n.txt &&
		if have_verify; then wathiqa verify "$id" >vout 2>verr; fi
	'
done

test_expect_success 'the content folder name of the object is kept (contentDirectory "stuff")' '
	h=$(printf %s "ark:123/abc" | sha256sum | cut -c1-64) &&
	test -f archive/$(echo $h | cut -c1-3)/$(echo $h | cut -c4-6)/$(echo $h | cut -c7-9)/$h/v2/stuff/n.txt
'

test_expect_success 'an OCFL 1.0 object is not changed (exit 1)' '
	src=$WQ_SHARED/conformance/ocfl/1.0/good-objects/spec-ex-full &&
	id=$(sed -n "s/^  \"id\": \"\\(.*\\)\",$/\\1/p" $src/inventory.json) &&
	rm -rf archive2 && mkdir archive2 && cp -R archive/0=ocfl_1.1 archive/ocfl_layout.json archive/extensions archive2/ &&
	rm -rf archive2/extensions/wathiqa-work &&
	h=$(printf %s "$id" | sha256sum | cut -c1-64) &&
	d=archive2/$(echo $h | cut -c1-3)/$(echo $h | cut -c4-6)/$(echo $h | cut -c7-9)/$h &&
	mkdir -p $(dirname $d) && cp -R $src $d &&
	expect_code 1 wathiqa --store archive2 commit --id "$id" --update n.txt >out 2>err &&
	grep_q "is OCFL 1.0; wathiqa adds versions to 1.1 objects only" err &&
	diff -r $src $d
'

test_done
