#!/bin/sh
# wathiqa restore: every digest checked on the way out, nothing outside DIR.
. "$(dirname "$0")/lib.sh"

objdir() {
	h=$(printf %s "$1" | sha256sum | cut -c1-64)
	echo "archive/$(echo "$h" | cut -c1-3)/$(echo "$h" | cut -c4-6)/$(echo "$h" | cut -c7-9)/$h"
}

test_expect_success 'setup' '
	wathiqa init >/dev/null &&
	mkdir -p d/s && echo one >d/a && echo two >d/s/b && head -c 300000 /dev/urandom >d/big &&
	wathiqa commit --id urn:r:1 d >/dev/null &&
	cp -r d d1 && echo changed >d/a && rm -r d/s &&
	wathiqa commit --id urn:r:1 d >/dev/null
'

test_expect_success 'restore writes the head into DIR (made if missing), silent, exit 0' '
	wathiqa restore urn:r:1 r >o 2>e && is_empty o && is_empty e &&
	diff -r d r/d
'

test_expect_success 'restore --version gives an older version' '
	wathiqa restore --version v1 urn:r:1 old >o 2>e && is_empty e &&
	diff -r d1 old/d
'

test_expect_success 'existing files are not overwritten without --force (exit 1); with it they are' '
	echo mine >r/d/a &&
	expect_code 1 wathiqa restore urn:r:1 r >o 2>e &&
	is_empty o && grep_q "^wathiqa: r/d/a: exists; not overwritten (use --force)$" e &&
	test "$(cat r/d/a)" = mine &&
	wathiqa restore --force urn:r:1 r >o 2>e && is_empty e && diff -r d r/d &&
	test -z "$(find r -name ".wathiqa-restore*")"
'

test_expect_success 'a corrupt content file is reported by name and not written (exit 1)' '
	o=$(objdir urn:r:1) &&
	cp $o/v1/content/d/big saved && printf X | dd of=$o/v1/content/d/big bs=1 seek=1000 conv=notrunc 2>/dev/null &&
	expect_code 1 wathiqa restore urn:r:1 bad >out 2>err &&
	grep_q "^wathiqa: ./$o/v1/content/d/big: digest mismatch (content corrupt); d/big not restored$" err &&
	! test -e bad/d/big && test -f bad/d/a &&
	test -z "$(find bad -name ".wathiqa-restore*")" &&
	cp saved $o/v1/content/d/big
'

test_expect_success 'a missing content file is reported (exit 1)' '
	o=$(objdir urn:r:1) && mv $o/v2/content/d/a aside &&
	expect_code 1 wathiqa restore urn:r:1 miss >out 2>err &&
	grep_q "v2/content/d/a: missing from the object" err &&
	mv aside $o/v2/content/d/a
'

test_expect_success 'a symlink in DIR is never followed: nothing written outside DIR (exit 1)' '
	mkdir -p trap outside && ln -s ../outside trap/d &&
	expect_code 1 wathiqa restore urn:r:1 trap >out 2>err &&
	grep_q "a folder on the way is a symlink" err &&
	test -z "$(ls outside)"
'

test_expect_success 'a symlink inside the object is not followed either (exit 1)' '
	o=$(objdir urn:r:1) && echo secret >secret &&
	mv $o/v2/content/d/a aside && ln -s "$PWD/secret" $o/v2/content/d/a &&
	expect_code 1 wathiqa restore urn:r:1 sl >out 2>err &&
	! test -e sl/d/a && grep_q "v2/content/d/a" err &&
	rm $o/v2/content/d/a && mv aside $o/v2/content/d/a
'

test_expect_success 'an inventory with an escaping path is refused before anything is written' '
	o=$(objdir urn:r:1) && cp $o/inventory.json keep.json && cp $o/inventory.json.sha512 keep.sha &&
	sed "s|\"d/s/b\"|\"../../escaped\"|" $o/v1/inventory.json >$o/inventory.json &&
	echo "$(sha512sum <$o/inventory.json | cut -c1-128) inventory.json" >$o/inventory.json.sha512 &&
	expect_code 1 wathiqa restore --version v1 urn:r:1 esc/in >out 2>err &&
	grep_q "bad logical path" err && ! test -e escaped && ! test -e esc &&
	cp keep.json $o/inventory.json && cp keep.sha $o/inventory.json.sha512
'

test_expect_success 'restoring into the store itself is refused (exit 1)' '
	expect_code 1 wathiqa restore urn:r:1 archive/x >out 2>err &&
	grep_q "^wathiqa: archive/x: is inside the store ./archive; restore elsewhere$" err && ! test -e archive/x &&
	expect_code 1 wathiqa restore urn:r:1 archive 2>err && grep_q "is inside the store" err &&
	mkdir -p src/archive && echo x >src/archive/inner &&
	wathiqa commit --id urn:r:in src/archive >/dev/null &&
	expect_code 1 wathiqa restore urn:r:in . >out 2>err &&
	grep_q "^wathiqa: ./archive/inner: would be written into the store; not written$" err &&
	! test -e archive/inner
'

test_expect_success 'errors: no such object or version (1), usage (2)' '
	expect_code 1 wathiqa restore urn:r:none x 2>err && grep_q "no such object" err &&
	expect_code 1 wathiqa restore --version v5 urn:r:1 x 2>err && grep_q "no version v5" err &&
	expect_code 2 wathiqa restore urn:r:1 >out 2>err && grep_q "^usage: wathiqa" err &&
	expect_code 2 wathiqa --store nostore restore urn:r:1 x 2>err
'

test_done
