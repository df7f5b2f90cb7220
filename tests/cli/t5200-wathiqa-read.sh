#!/bin/sh
# wathiqa log, ls, diff: reading the store.
. "$(dirname "$0")/lib.sh"

T='2024-01-24T00:00:00Z'
TAB=$(printf '\t')

test_expect_success 'setup: two objects, three versions' '
	wathiqa init >/dev/null &&
	mkdir d && echo a >d/a && echo b >d/b && echo c >d/c &&
	wathiqa commit --id urn:x:one -m "first" --user Ann --address mailto:ann@example.org d >/dev/null &&
	echo A >d/a && mv d/b d/b2 && rm d/c && echo n >d/new &&
	wathiqa commit --id urn:x:one -m "$(printf "second\nline")" d >/dev/null &&
	echo a >d/a &&
	wathiqa commit --id urn:x:one d >/dev/null &&
	echo z >z && wathiqa commit --id urn:x:two -m zed z >/dev/null
'

test_expect_success 'log ID: newest first, tab-separated, escapes control characters' '
	wathiqa log urn:x:one >out 2>err &&
	is_empty err &&
	cat >want <<-EOT &&
	object urn:x:one
	v3${TAB}$T${TAB}3 files${TAB}${TAB}
	v2${TAB}$T${TAB}3 files${TAB}${TAB}second\\nline
	v1${TAB}$T${TAB}3 files${TAB}Ann <mailto:ann@example.org>${TAB}first
	EOT
	cmp want out
'

test_expect_success 'log with no ID shows every object, sorted by id' '
	wathiqa log >out 2>err && is_empty err &&
	grep_q "^object urn:x:one$" out && grep_q "^object urn:x:two$" out &&
	test "$(grep "^object" out | tr "\n" " ")" = "object urn:x:one object urn:x:two " &&
	grep_q "^v1${TAB}$T${TAB}1 files${TAB}${TAB}zed$" out
'

test_expect_success 'ls lists the head, --version an older one, -l with digest and size' '
	wathiqa ls urn:x:one >out 2>err && is_empty err &&
	printf "d/a\nd/b2\nd/new\n" >want && cmp want out &&
	wathiqa ls --version v1 urn:x:one >out && printf "d/a\nd/b\nd/c\n" >want && cmp want out &&
	wathiqa ls -l urn:x:one >out &&
	d=$(sha512sum d/a | cut -c1-128) && grep_q "^$d${TAB}2${TAB}d/a$" out
'

test_expect_success 'diff: added, removed, changed, renamed by digest' '
	wathiqa diff urn:x:one v1 v2 >out 2>err && is_empty err &&
	printf "M\td/a\nR\td/b\td/b2\nD\td/c\nA\td/new\n" >want && cmp want out &&
	wathiqa diff urn:x:one v2 v3 >out && printf "M\td/a\n" >want && cmp want out &&
	wathiqa diff urn:x:one v1 >out && printf "R\td/b\td/b2\nD\td/c\nA\td/new\n" >want && cmp want out &&
	wathiqa diff urn:x:one v3 v3 >out && is_empty out
'

test_expect_success 'a missing object or version is invalid input (exit 1)' '
	expect_code 1 wathiqa log urn:x:none >out 2>err && is_empty out &&
	grep_q "^wathiqa: urn:x:none: no such object in ./archive$" err &&
	expect_code 1 wathiqa ls --version v9 urn:x:one >out 2>err && is_empty out &&
	grep_q "^wathiqa: urn:x:one: no version v9 (head is v3)$" err &&
	expect_code 1 wathiqa diff urn:x:one v1 v7 >out 2>err &&
	grep_q "no version v7" err &&
	expect_code 1 wathiqa ls --version 2 urn:x:one 2>err
'

test_expect_success 'usage errors (exit 2)' '
	expect_code 2 wathiqa ls >out 2>err && is_empty out && grep_q "^usage: wathiqa" err &&
	expect_code 2 wathiqa diff urn:x:one >out 2>err && grep_q "^usage: wathiqa" err &&
	expect_code 2 wathiqa log a b 2>err && expect_code 2 wathiqa ls --bogus a 2>err
'

test_expect_success 'a damaged inventory is reported (exit 1), log goes on with the others' '
	h=$(printf %s urn:x:two | sha256sum | cut -c1-64) &&
	o=archive/$(echo $h | cut -c1-3)/$(echo $h | cut -c4-6)/$(echo $h | cut -c7-9)/$h &&
	sed -i "s/zed/zzz/" $o/inventory.json &&
	expect_code 1 wathiqa ls urn:x:two >out 2>err && is_empty out &&
	grep_q "inventory.json: digest does not match" err &&
	expect_code 1 wathiqa log >out 2>err &&
	grep_q "^object urn:x:one$" out && grep_q "digest does not match" err
'

test_expect_success 'hostile inventories (bad JSON, duplicate keys, .. paths) are refused' '
	h=$(printf %s urn:x:two | sha256sum | cut -c1-64) &&
	o=archive/$(echo $h | cut -c1-3)/$(echo $h | cut -c4-6)/$(echo $h | cut -c7-9)/$h &&
	fix() { echo "$(sha512sum <$o/inventory.json | cut -c1-128) inventory.json" >$o/inventory.json.sha512; } &&
	cp $o/v1/inventory.json good.json &&
	printf "{\"id\": " >$o/inventory.json && fix &&
	expect_code 1 wathiqa ls urn:x:two 2>err && grep_q "inventory.json: " err &&
	sed "s/\"head\": \"v1\",/\"head\": \"v1\", \"head\": \"v1\",/" good.json >$o/inventory.json && fix &&
	expect_code 1 wathiqa ls urn:x:two 2>err && grep_q "duplicate" err &&
	sed "s|\"z\"|\"../../z\"|" good.json >$o/inventory.json && fix &&
	expect_code 1 wathiqa ls urn:x:two 2>err && grep_q "bad logical path" err &&
	sed "s|\"v1/content/z\"|\"/etc/passwd\"|" good.json >$o/inventory.json && fix &&
	expect_code 1 wathiqa ls urn:x:two 2>err && grep_q "bad content path" err
'

test_done
