#!/bin/sh
# wathiqa commit and the inventory snapshot in the work area (cache/KEY.inventory):
# made by a commit, used by the next, ignored when damaged or stale; the
# inventories are the same bytes whichever way the previous one was read.
. "$(dirname "$0")/lib.sh"

ID=urn:t:snap
KEY=$(printf %s "$ID" | sha256sum | cut -c1-64)
# objroot STORE: the object's folder in STORE
objroot() { echo "$1/$(echo $KEY | cut -c1-3)/$(echo $KEY | cut -c4-6)/$(echo $KEY | cut -c7-9)/$KEY"; }
snap() { echo "$1/extensions/wathiqa-work/cache/$KEY.inventory"; }
# flip STORE OFFSET: change one byte of STORE's snapshot
flip() {
	b=$(od -An -tu1 -j"$2" -N1 "$(snap "$1")" | tr -d ' ') &&
	printf "\\$(printf %03o $((b ^ 1)))" | dd of="$(snap "$1")" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# commit_all MSG: the same commit in the stores A (snapshot as left), B (snapshot
# changed by the step) and C (no snapshot): the same inventory bytes in all three
commit_all() {
	rm -f "$(snap C)" &&
	for s in A B C; do
		wathiqa --store $s commit --id $ID -m "$1" d >out.$s 2>err.$s && is_empty err.$s || return 1
	done
	cmp "$(objroot A)/inventory.json" "$(objroot B)/inventory.json" &&
	cmp "$(objroot A)/inventory.json" "$(objroot C)/inventory.json" &&
	cmp "$(objroot A)/inventory.json.sha512" "$(objroot B)/inventory.json.sha512" &&
	wathiqa --store B verify $ID >vout 2>verr
}

test_expect_success 'setup: a v1 in three stores' '
	mkdir -p d/sub && for i in 1 2 3 4 5 6 7 8 9; do echo $i >d/f$i; done && echo s >d/sub/s &&
	# (the same content under three names: a state key with several paths)
	echo 1 >d/g1 && echo 1 >d/sub/g1 &&
	for s in A B C; do wathiqa --store $s init >/dev/null || exit 1; done &&
	for s in A B C; do wathiqa --store $s commit --id $ID -m v1 --user Ann --address mailto:a@b d >/dev/null || exit 1; done
'

test_expect_success 'a commit leaves a snapshot of the new inventory in the work area' '
	test -s "$(snap A)" && test -s "$(snap B)" &&
	head -c 29 "$(snap A)" | grep_q "^wathiqa-inventory-snapshot 4" - &&
	! test -e "$(snap A).tmp"
'

test_expect_success 'a snapshot with one byte changed is ignored' '
	echo two >d/f1 &&
	size=$(wc -c <"$(snap B)") && flip B $((size / 2)) &&
	! cmp -s "$(snap A)" "$(snap B)" &&
	commit_all v2 &&
	grep_q "v2" out.B
'

test_expect_success 'a cut-short or empty snapshot is ignored' '
	echo three >d/f2 && head -c 300 "$(snap B)" >t && mv t "$(snap B)" &&
	commit_all v3 &&
	echo four >d/f3 && : >"$(snap B)" &&
	commit_all v4
'

test_expect_success 'a stale snapshot (of an earlier inventory) is ignored' '
	cp "$(snap B)" old-snapshot &&
	echo five >d/f4 && commit_all v5 &&
	cp old-snapshot "$(snap B)" &&
	echo six >d/f5 && commit_all v6 &&
	grep_q "\"head\": \"v6\"" "$(objroot B)/inventory.json"
'

# (the root inventory no longer matches its sidecar: read as JSON, the commit
# takes v6/inventory.json as the root's, as for an interrupted commit, and says so)
test_expect_success 'a snapshot whose inventory.json was changed behind its back is ignored' '
	f=$(objroot B)/inventory.json &&
	sed "s/\"message\": \"v6\"/\"message\": \"V6\"/" "$f" >t && ! cmp -s t "$f" && cp t "$f" &&
	wathiqa --store B commit --id $ID -m v7 d >out 2>err &&
	grep_q "completed an interrupted earlier commit first" err &&
	grep_q "\"message\": \"v6\"" "$f" && wathiqa --store B verify $ID >vout 2>verr
'

test_expect_success 'an unchanged commit after a stale snapshot writes a good one again' '
	rm -f "$(snap C)" &&
	wathiqa --store C commit --id $ID -m same d >out 2>err && grep_q "unchanged" out &&
	test -s "$(snap C)" &&
	echo seven >d/f6 && commit_all v8
'

# (a snapshot is rewritten in place, never cut shorter: a shorter one leaves old bytes after it)
test_expect_success 'bytes after the end a snapshot records do not spoil it: it is still used' '
	printf "left over" >>"$(snap A)" && echo eight >d/f7 &&
	if test_have strace && test_have SLOW; then
		strace -f -e trace=openat -o trace wathiqa --store A commit --id $ID -m v9 d >out.A 2>err.A &&
		grep_q "$KEY.inventory\", O_RDONLY" trace &&
		! grep "$(objroot A)/inventory.json\"" trace | grep -q O_RDONLY # (the JSON was not read)
	else
		wathiqa --store A commit --id $ID -m v9 d >out.A 2>err.A
	fi &&
	is_empty err.A && grep_q "1 new content file" out.A &&
	rm -f "$(snap C)" && wathiqa --store C commit --id $ID -m v9 d >out.C 2>err.C && is_empty err.C &&
	cmp "$(objroot A)/inventory.json" "$(objroot C)/inventory.json" &&
	wathiqa --store A verify $ID >vout 2>verr
'

# (the snapshot is made while the inventory is written: a commit that fails then must leave it)
test_expect_success 'a commit that fails writing its inventory leaves the snapshot, which the next one uses' '
	cp "$(snap A)" before && echo nine >d/f8 &&
	expect_code 1 wathiqa --store A commit --id $ID -m "$(printf "bad\377")" d >out 2>err &&
	grep_q "not UTF-8" err && cmp before "$(snap A)" &&
	wathiqa --store A verify $ID >vout 2>verr &&
	if test_have strace && test_have SLOW; then
		strace -f -e trace=openat -o trace wathiqa --store A commit --id $ID -m v10 d >out.A 2>err.A &&
		! grep "$(objroot A)/inventory.json\"" trace | grep -q O_RDONLY
	else
		wathiqa --store A commit --id $ID -m v10 d >out.A 2>err.A
	fi &&
	is_empty err.A && grep_q "1 new content file" out.A &&
	rm -f "$(snap C)" && wathiqa --store C commit --id $ID -m v10 d >out.C 2>err.C &&
	cmp "$(objroot A)/inventory.json" "$(objroot C)/inventory.json"
'

test_done
