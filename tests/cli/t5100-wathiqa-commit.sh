#!/bin/sh
# wathiqa commit: versions, forward delta, --update, refusals.
. "$(dirname "$0")/lib.sh"

# objdir ID: the object root of ID in ./archive (0004 layout, checked by t5000)
objdir() {
	h=$(printf %s "$1" | sha256sum | cut -c1-64)
	echo "archive/$(echo "$h" | cut -c1-3)/$(echo "$h" | cut -c4-6)/$(echo "$h" | cut -c7-9)/$h"
}
have_verify() { wathiqa verify --help >/dev/null 2>&1; }
ID=urn:example:doc-1

test_expect_success 'setup' '
	wathiqa init >/dev/null &&
	mkdir -p docs/sub && echo hello >docs/a.txt && echo world >docs/sub/b.txt &&
	echo single >one.txt
'

test_expect_success 'first commit makes v1 of a new object, content under v1/content' '
	wathiqa commit --id $ID -m "first" --user "Ann Archivist" --address mailto:ann@example.org \
		docs one.txt >out 2>err &&
	is_empty err &&
	grep_q "^urn:example:doc-1: v1, new object (3 files, 3 new content files, 19 bytes new)$" out &&
	o=$(objdir $ID) &&
	printf "ocfl_object_1.1\n" >want && cmp want $o/0=ocfl_object_1.1 &&
	cmp $o/inventory.json $o/v1/inventory.json &&
	cmp $o/inventory.json.sha512 $o/v1/inventory.json.sha512 &&
	cmp docs/a.txt $o/v1/content/docs/a.txt && cmp docs/sub/b.txt $o/v1/content/docs/sub/b.txt &&
	cmp one.txt $o/v1/content/one.txt &&
	test "$(ls $o | tr "\n" " ")" = "0=ocfl_object_1.1 inventory.json inventory.json.sha512 v1 "
'

test_expect_success 'the inventory is canonical OCFL 1.1 JSON with sha512 and its sidecar' '
	o=$(objdir $ID) && i=$o/inventory.json &&
	grep_q "^  \"digestAlgorithm\": \"sha512\",$" $i &&
	grep_q "^  \"head\": \"v1\",$" $i &&
	grep_q "^  \"id\": \"urn:example:doc-1\",$" $i &&
	grep_q "^  \"type\": \"https://ocfl.io/1.1/spec/#inventory\",$" $i &&
	grep_q "\"created\": \"2024-01-24T00:00:00Z\"" $i &&
	grep_q "\"message\": \"first\"" $i &&
	grep_q "\"address\": \"mailto:ann@example.org\"" $i &&
	grep_q "\"name\": \"Ann Archivist\"" $i &&
	d=$(sha512sum docs/a.txt | cut -c1-128) && grep_q "\"$d\": \\[" $i &&
	echo "$(sha512sum <$i | cut -c1-128) inventory.json" >want && cmp want $o/inventory.json.sha512 &&
	python3 -c "import json,sys; json.load(open(sys.argv[1]))" $i
'

test_expect_success 'committing the same state again makes no version and says so (exit 0)' '
	wathiqa commit --id $ID docs one.txt >out 2>err &&
	is_empty err &&
	grep_q "^urn:example:doc-1: unchanged (3 files, same as v1); no new version$" out &&
	! test -e $(objdir $ID)/v2
'

test_expect_success 'v2 stores only new content (forward delta); state is exactly the paths given' '
	echo changed >docs/a.txt && cp docs/sub/b.txt docs/copy.txt &&
	wathiqa commit --id $ID -m second docs >out 2>err &&
	grep_q "^urn:example:doc-1: v2 (3 files, 1 new content files, 8 bytes new)$" out &&
	o=$(objdir $ID) &&
	test "$(cd $o/v2/content && find . -type f)" = "./docs/a.txt" &&
	wathiqa ls $ID >ls 2>err &&
	printf "docs/a.txt\ndocs/copy.txt\ndocs/sub/b.txt\n" >want && cmp want ls &&
	cmp $o/inventory.json $o/v2/inventory.json &&
	grep_q "^  \"head\": \"v2\",$" $o/inventory.json
'

test_expect_success 'identical new files in one commit are stored once, no empty folders left' '
	mkdir -p dup/x dup/y && echo same-bytes >dup/x/f && echo same-bytes >dup/y/f &&
	wathiqa commit --id urn:example:dup dup >out 2>err &&
	grep_q "(2 files, 1 new content files, 11 bytes new)" out &&
	o=$(objdir urn:example:dup) &&
	test "$(find $o/v1/content -type f | wc -l)" = 1 &&
	test -z "$(find $o/v1/content -type d -empty)"
'

test_expect_success 'many files with duplicates (worker threads): the same store bytes every time' '
	mkdir -p many && i=0 &&
	while [ $i -lt 400 ]; do
		mkdir -p many/d$((i % 9)) && echo "content $((i % 60))" >many/d$((i % 9))/f$i
		i=$((i + 1))
	done &&
	for s in s1 s2 s3; do
		wathiqa --store $s init >/dev/null &&
		wathiqa --store $s commit --id urn:example:many many >$s.out 2>$s.err || exit 1
	done &&
	grep_q "(400 files, 60 new content files, " s1.out &&
	o=$(objdir urn:example:many) && o=${o#archive/} &&
	cmp s1/$o/inventory.json s2/$o/inventory.json && cmp s1/$o/inventory.json s3/$o/inventory.json &&
	(cd s1/$o && find . | sort) >l1 && (cd s2/$o && find . | sort) >l2 && cmp l1 l2 &&
	test "$(find s1/$o/v1/content -type f | wc -l)" = 60 &&
	test -z "$(find s1/$o/v1/content -type d -empty)" &&
	wathiqa --store s1 restore urn:example:many back-many >/dev/null && diff -r many back-many/many
'

test_expect_success 'a version with only known content has no content folder' '
	cp -r docs docs2 &&
	wathiqa commit --id $ID docs docs2 >out 2>err &&
	grep_q "v3 (6 files, 0 new content files, 0 bytes new)" out &&
	! test -e $(objdir $ID)/v3/content &&
	test "$(ls $(objdir $ID)/v3 | tr "\n" " ")" = "inventory.json inventory.json.sha512 "
'

test_expect_success '--update changes only the named paths and keeps the rest' '
	rm -rf docs2 && echo new >extra.txt &&
	wathiqa commit --id $ID --update extra.txt >out 2>err &&
	grep_q "v4 (7 files" out &&
	wathiqa ls $ID >ls && grep_q "^extra.txt$" ls && grep_q "^docs2/a.txt$" ls &&
	echo newer >extra.txt &&
	wathiqa commit --id $ID --update extra.txt >out 2>err && grep_q "v5 (7 files, 1 new" out &&
	mkdir docs2 && echo only >docs2/only.txt &&
	wathiqa commit --id $ID --update docs2 >out 2>err &&
	wathiqa ls $ID >ls &&
	grep_q "^docs2/only.txt$" ls && ! grep -q "^docs2/a.txt$" ls && grep_q "^docs/a.txt$" ls &&
	wathiqa commit --id $ID --update docs2 >out 2>err && grep_q "unchanged" out
'

test_expect_success 'a folder given as . is named after the folder' '
	mkdir named && echo n >named/n.txt &&
	(cd named && wathiqa --store ../archive commit --id urn:example:dot . >../out 2>../err) &&
	wathiqa ls urn:example:dot >ls && printf "named/n.txt\n" >want && cmp want ls
'

test_expect_success 'file names with %, CR, LF, tab and non-ASCII round-trip' '
	mkdir weird &&
	printf a >"weird/100%25 sure" && printf b >"$(printf "weird/line\nbreak")" &&
	printf c >"$(printf "weird/cr\rname")" && printf d >"weird/ñandú ليبيا.txt" &&
	printf e >"$(printf "weird/tab\there")" && printf f >"weird/back\\slash" &&
	wathiqa commit --id urn:example:weird weird >out 2>err &&
	grep_q "(6 files, 6 new" out &&
	wathiqa ls urn:example:weird >ls &&
	grep_q "^weird/100%25 sure$" ls && grep_q "^weird/line\\\\nbreak$" ls &&
	grep_q "^weird/cr\\\\rname$" ls && grep_q "^weird/ñandú ليبيا.txt$" ls &&
	grep_q "^weird/tab\\\\there$" ls && grep_q "^weird/back\\\\\\\\slash$" ls &&
	wathiqa restore urn:example:weird back >out 2>err &&
	diff -r weird back/weird
'

test_expect_success 'a symlink among the inputs is refused (exit 1), nothing written' '
	mkdir withlink && echo t >withlink/t && ln -s t withlink/l &&
	before=$(find archive -path "*/wathiqa-work" -prune -o -print | wc -l) &&
	expect_code 1 wathiqa commit --id urn:example:link withlink >out 2>err &&
	is_empty out &&
	grep_q "^wathiqa: withlink/l: is a symbolic link" err &&
	ln -s withlink/t toplink &&
	expect_code 1 wathiqa commit --id urn:example:link toplink >out 2>err &&
	grep_q "^wathiqa: toplink: is a symbolic link" err &&
	test "$(find archive -path "*/wathiqa-work" -prune -o -print | wc -l)" = "$before" &&
	! test -e $(objdir urn:example:link)
'

# 512 entries and more: the folder is lstat()ed by two threads, the files hashed 16 at a time
test_expect_success 'a large folder: every file committed; a symlink in it refused by name' '
	mkdir big && i=0 &&
	while [ $i -lt 600 ]; do echo "file $i" >big/f$i; i=$((i + 1)); done &&
	echo same >big/dup1 && echo same >big/dup2 &&
	wathiqa commit --id urn:example:big big >out 2>err &&
	grep_q "^urn:example:big: v1, new object (602 files, 601 new content files, " out &&
	wathiqa ls urn:example:big >ls.out &&
	test "$(wc -l <ls.out)" = 602 &&
	grep_q "big/f599" ls.out &&
	i=0 && while [ $i -lt 600 ]; do [ $((i % 50)) -eq 7 ] && echo more >>big/f$i; i=$((i + 1)); done &&
	wathiqa commit --id urn:example:big big >out 2>err &&
	grep_q "^urn:example:big: v2 (602 files, 12 new content files, " out &&
	ln -s f1 big/zlink &&
	expect_code 1 wathiqa commit --id urn:example:big big >out 2>err &&
	grep_q "^wathiqa: big/zlink: is a symbolic link" err &&
	rm big/zlink &&
	if have_verify; then wathiqa verify urn:example:big >out 2>err; fi
'

test_expect_success 'missing inputs, special files and clashing names are refused (exit 1)' '
	expect_code 1 wathiqa commit --id urn:example:x nothere >out 2>err &&
	is_empty out && grep_q "^wathiqa: nothere: No such file or directory" err &&
	mkfifo fifo && expect_code 1 wathiqa commit --id urn:example:x fifo 2>err &&
	grep_q "fifo: not a regular file or folder" err &&
	mkdir -p c1/same c2 && echo 1 >c1/same/x && echo 2 >c2/same &&
	expect_code 1 wathiqa commit --id urn:example:x c1/same c2/same 2>err &&
	grep_q "^wathiqa: same: two inputs give this path" err &&
	! test -e $(objdir urn:example:x)
'

test_expect_success 'a file name that is not UTF-8 is refused (exit 1)' '
	mkdir bad8 && printf x >"$(printf "bad8/\377name")" &&
	expect_code 1 wathiqa commit --id urn:example:x bad8 2>err &&
	grep_q "file name is not UTF-8" err
'

test_expect_success 'hostile ids are refused (exit 1); odd but printable ids work' '
	expect_code 1 wathiqa commit --id "$(printf "a\nb")" one.txt 2>err &&
	grep_q "bad object id" err &&
	expect_code 1 wathiqa commit --id "" one.txt 2>err &&
	wathiqa commit --id "../../etc/passwd" one.txt >out 2>err &&
	test -d $(objdir "../../etc/passwd") && ! test -e ../etc
'

test_expect_success 'usage errors: no --id, no path, --address without --user (exit 2)' '
	expect_code 2 wathiqa commit one.txt >out 2>err && is_empty out &&
	grep_q "^wathiqa: commit: --id ID is required" err && grep_q "^usage: wathiqa" err &&
	expect_code 2 wathiqa commit --id a 2>err && grep_q "no files or folders" err &&
	expect_code 2 wathiqa commit --id a --address mailto:x@y one.txt 2>err &&
	grep_q "needs --user" err &&
	expect_code 2 wathiqa commit --id a --frob one.txt 2>err
'

test_expect_success 'unchanged files are not read again (signatures in the snapshot); --rehash reads them all' '
	# count the opens of the inputs with strace when it is there (not under
	# the sanitizers: LeakSanitizer does not run under ptrace)
	st() { test_have strace && test_have SLOW; } &&
	trace() { if st; then strace -f -e trace=openat -o trace "$@"; else "$@"; fi; } &&
	opened() { st || return 0; test "$(grep -c "\"old/f[0-9]\"" trace)" = "$1"; } &&
	mkdir old && for i in 1 2 3 4 5; do echo "file $i" >old/f$i; done &&
	touch -d "2020-01-01" old/* && sleep 0.3 &&
	k=$(printf %s urn:example:cache | sha256sum | cut -c1-64) &&
	c=archive/extensions/wathiqa-work/cache/$k &&
	# (a hash cache left by an earlier version of wathiqa goes)
	mkdir -p archive/extensions/wathiqa-work/cache && echo old >$c &&
	wathiqa commit --id urn:example:cache old >out 2>err &&
	! test -e $c && test -f $c.inventory &&
	# the snapshot ends with the 5 signatures (7 numbers of 8 bytes), then its sum:
	# the last one is old/f5 (its inode, size and mtime are there)
	python3 -c "
import os, struct, sys
b = open(sys.argv[1], \"rb\").read()
sig = b[-64 - 5 * 56 - 1:-64]
assert sig[0] == 1, sig[0]
dev, ino, size, ms, mns, cs, cns = struct.unpack(\"<QQQqqqq\", sig[1 + 4 * 56:])
s = os.lstat(\"old/f5\")
assert (dev, ino, size, ms, mns) == (s.st_dev, s.st_ino, s.st_size, int(s.st_mtime), s.st_mtime_ns % 10**9)
assert (cs, cns) == (s.st_ctime_ns // 10**9, s.st_ctime_ns % 10**9)
" $c.inventory &&
	echo changed >old/f1 &&
	trace wathiqa commit --id urn:example:cache old >out 2>err &&
	grep_q "v2 (5 files, 1 new" out && opened 1 &&
	trace wathiqa commit --rehash --id urn:example:cache old >out &&
	grep_q unchanged out && opened 5
'

test_expect_success 'a file touched but not changed is read once, then not again' '
	st() { test_have strace && test_have SLOW; } &&
	trace() { if st; then strace -f -e trace=openat -o trace "$@"; else "$@"; fi; } &&
	opened() { st || return 0; test "$(grep -c "\"old/f[0-9]\"" trace)" = "$1"; } &&
	# (old/f1 changed just before a commit: it may have no signature yet)
	sleep 0.3 && wathiqa commit --id urn:example:cache old >out 2>err &&
	touch -d "2021-01-01" old/f2 && sleep 0.3 &&
	trace wathiqa commit --id urn:example:cache old >out 2>err &&
	grep_q unchanged out && opened 1 &&
	trace wathiqa commit --id urn:example:cache old >out 2>err &&
	grep_q unchanged out && opened 0
'

test_expect_success 'files dated before 1970 or centuries ahead commit, and again unchanged' '
	mkdir odd && echo past >odd/past && echo future >odd/future &&
	touch -d "1960-01-01" odd/past && touch -d "2999-12-31" odd/future && sleep 0.3 &&
	wathiqa commit --id urn:example:odd odd >out 2>err && grep_q "v1, new object" out &&
	wathiqa commit --id urn:example:odd odd >out 2>err && grep_q unchanged out &&
	echo later >odd/future && touch -d "2999-12-31" odd/future &&
	wathiqa commit --id urn:example:odd odd >out 2>err && grep_q "v2 (2 files, 1 new" out
'

test_expect_success 'a file changed behind the cache is still committed right (ctime changes)' '
	printf "file 2" >old/f2.tmp && printf "file 3" >old/f3 &&
	wathiqa commit --id urn:example:cache old >out 2>err &&
	grep_q "v3" out && rm old/f2.tmp &&
	wathiqa restore --version v3 urn:example:cache r3 && cmp old/f3 r3/old/f3
'

# canon FILE: is FILE laid out as our writer lays an inventory out? (see inventory-canon.py)
canon() {
	python3 "$WQ_TOP/tests/cli/inventory-canon.py" "$1"
}
# rewrite OBJ VERSION PYEXPR: replace the root inventory and VERSION's copy by PYEXPR(d, raw
# text), with new sidecars (another tool rewriting the object)
rewrite() {
	python3 -c "
import json, sys, hashlib
o, v = sys.argv[1], sys.argv[2]
t = open(o + \"/inventory.json\", encoding=\"utf-8\").read()
d = json.loads(t)
out = ($3).encode()
for f in (o, o + \"/\" + v):
    open(f + \"/inventory.json\", \"wb\").write(out)
    open(f + \"/inventory.json.sha512\", \"w\").write(hashlib.sha512(out).hexdigest() + \"  inventory.json\n\")
" "$1" "$2"
}

test_expect_success 'an inventory another tool rewrote in another layout is read; ours is canonical again' '
	o=$(objdir $ID) && canon $o/inventory.json &&
	h=$(sed -n "s/^  \"head\": \"\(v[0-9]*\)\",$/\1/p" $o/inventory.json) &&
	rewrite $o $h "json.dumps(d, separators=(\",\", \":\"))" &&
	! canon $o/inventory.json &&
	echo other-tool >docs/other.txt &&
	wathiqa commit --id $ID --update -m after-rewrite docs >out 2>err &&
	is_empty err && grep_q "^urn:example:doc-1: v[0-9]* (" out &&
	canon $o/inventory.json && grep_q "\"message\": \"after-rewrite\"" $o/inventory.json &&
	wathiqa restore urn:example:doc-1 rw && cmp docs/other.txt rw/docs/other.txt &&
	cmp docs/a.txt rw/docs/a.txt
'

test_expect_success 'a duplicate key in our own layout is refused, not read (exit 1)' '
	wathiqa --store dups init >/dev/null && echo x >dx &&
	wathiqa --store dups commit --id urn:example:dup dx >/dev/null &&
	h=$(printf %s urn:example:dup | sha256sum | cut -c1-64) &&
	od=dups/$(echo $h | cut -c1-3)/$(echo $h | cut -c4-6)/$(echo $h | cut -c7-9)/$h &&
	canon $od/inventory.json &&
	rewrite $od v1 "t.replace(\"  \\\"id\\\":\", \"  \\\"head\\\": \\\"v1\\\",\\n  \\\"id\\\":\")" &&
	test $(grep -c "\"head\"" $od/inventory.json) = 2 &&
	echo y >dx && expect_code 1 wathiqa --store dups commit --id urn:example:dup dx >out 2>err &&
	grep_q "duplicate" err && ! test -e $od/v2
'

test_expect_success 'nothing of ours is left inside objects; staging is cleaned' '
	test -z "$(ls archive/extensions/wathiqa-work/staging)" &&
	for o in $(find archive -name "0=ocfl_object_1.1" -exec dirname {} \;); do
		ls $o | grep -v -e "^0=ocfl_object_1.1$" -e "^inventory.json$" \
			-e "^inventory.json.sha512$" -e "^v[1-9][0-9]*$" && exit 1
		true
	done
'

test_expect_success 'the store verifies (when verify is there)' '
	if have_verify; then
		wathiqa verify >out 2>err || { cat out err; exit 1; }
		! grep -q " E[0-9][0-9][0-9]" err
	fi
'

test_done
