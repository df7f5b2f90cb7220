#!/bin/sh
# wathiqa commit under SIGKILL and with concurrent writers.
. "$(dirname "$0")/lib.sh"

objdir() {
	_k=$(printf %s "$1" | sha256sum | cut -c1-64)
	echo "archive/$(echo "$_k" | cut -c1-3)/$(echo "$_k" | cut -c4-6)/$(echo "$_k" | cut -c7-9)/$_k"
}
have_verify() { wathiqa verify --help >/dev/null 2>&1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# check_store: the store is valid: by wathiqa verify when there, and always by
# our own structural checks: every object's root inventory matches its
# sidecar, is byte-identical to its head version's, and no version folder
# lies beyond the head.
check_store() {
	# verify the one object given (when it exists yet), else the whole store
	if [ $# -gt 0 ] && ! test -d "$(objdir "$1")"; then set --; fi
	if have_verify; then
		wathiqa verify "$@" >verify.out 2>verify.err || { cat verify.out verify.err; return 1; }
	fi
	for _o in $(find archive -name "0=ocfl_object_1.1" -not -path "*/extensions/*" -exec dirname {} \;); do
		test "$(sha512sum <$_o/inventory.json | cut -c1-128)" = "$(cut -c1-128 $_o/inventory.json.sha512)" || return 1
		_h=$(sed -n "s/^  \"head\": \"\\(v[0-9]*\\)\",$/\\1/p" $_o/inventory.json)
		cmp $_o/inventory.json $_o/$_h/inventory.json || return 1
		_n=${_h#v}
		test ! -e $_o/v$((_n + 1)) || { echo "$_o: v$((_n + 1)) beyond head $_h"; return 1; }
		ls $_o | grep -v -e "^0=ocfl_object_1.1$" -e "^inventory.json$" \
			-e "^inventory.json.sha512$" -e "^v[1-9][0-9]*$" && return 1
	done
	return 0
}

# a tree of many small files; SCALE in KiB (smaller under the sanitizers)
if [ "$WQ_SANITIZE" = 1 ]; then SCALE=1200; ROUNDS=8; else SCALE=3000; ROUNDS=14; fi

test_expect_success 'setup: a store and a tree of many files' '
	wathiqa init >/dev/null &&
	mkdir tree && head -c ${SCALE}K /dev/urandom >blob && split -b 8192 -a 4 blob tree/part &&
	rm blob && test "$(ls tree | wc -l)" -gt 100
'

test_expect_success 'how long a full commit takes (to spread the kills over it)' '
	t0=$(now_ms) &&
	wathiqa --store archive commit --id urn:probe tree >/dev/null &&
	t1=$(now_ms) && echo $((t1 - t0 + 20)) >duration && cat duration
'

test_expect_success "SIGKILL at $ROUNDS points during commits: store always valid, retry succeeds" '
	d=$(cat duration) && i=0 && hits=0 && t0=$(now_ms) &&
	while [ $i -lt $ROUNDS ]; do
		i=$((i + 1))
		# new content every round: change a spread of files (first round: a new object)
		for f in $(ls tree | awk "NR % 7 == $((i % 7))"); do
			head -c 8192 /dev/urandom >tree/$f
		done
		id=urn:crash:$(( i % 3 ))
		wathiqa commit --id $id tree >/dev/null 2>&1 &
		pid=$!
		ms=$(( (d * i) / ROUNDS ))
		sleep $(printf "%d.%03d" $((ms / 1000)) $((ms % 1000)))
		kill -9 $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		if ! check_store $id >check.out 2>&1; then
			# the one window the OCFL layout cannot close: v(N+1) moved in, root
			# inventory not yet replaced; the next commit must complete it
			o=$(objdir $id)
			head=$(sed -n "s/^  \"head\": \"\\(v[0-9]*\\)\",$/\\1/p" $o/inventory.json)
			n=${head#v}
			test -f $o/v$((n + 1))/inventory.json || { cat check.out; exit 1; }
			hits=$((hits + 1))
		fi
		wathiqa commit --id $id tree >retry.out 2>retry.err || { cat retry.out retry.err; exit 1; }
		check_store $id || exit 1
		test -z "$(ls archive/extensions/wathiqa-work/staging)" || exit 1
		: round $i done
	done
	check_store &&
	wathiqa restore $id back >/dev/null && diff -r tree back/tree &&
	echo "rounds $ROUNDS, killed between the two renames: $hits"
'

test_expect_success 'killed between the renames (vN+1 in, root inventory old): the next commit completes it' '
	mkdir rec && echo 1 >rec/f && wathiqa commit --id urn:rec rec >/dev/null &&
	echo 2 >rec/f && wathiqa commit --id urn:rec rec >/dev/null &&
	o=$(objdir urn:rec) &&
	cp $o/v1/inventory.json $o/inventory.json && cp $o/v1/inventory.json.sha512 $o/inventory.json.sha512 &&
	if have_verify; then ! wathiqa verify urn:rec >/dev/null 2>&1; fi &&
	wathiqa commit --id urn:rec rec >out 2>err &&
	grep_q "^wathiqa: urn:rec: completed an interrupted earlier commit first$" err &&
	grep_q "^urn:rec: unchanged (1 files, same as v2); no new version$" out &&
	cmp $o/inventory.json $o/v2/inventory.json && check_store urn:rec &&
	echo "$(cut -c1-128 $o/v1/inventory.json.sha512) inventory.json" >$o/inventory.json.sha512 &&
	cp $o/v2/inventory.json $o/inventory.json &&
	echo 3 >rec/f && wathiqa commit --id urn:rec rec >out 2>err &&
	grep_q "completed an interrupted" err && grep_q "^urn:rec: v3 " out && check_store urn:rec
'

test_expect_success 'a damaged newest version is not papered over (exit 1)' '
	o=$(objdir urn:rec) && mkdir $o/v4 && echo junk >$o/v4/inventory.json &&
	echo 4 >rec/f && expect_code 1 wathiqa commit --id urn:rec rec >out 2>err &&
	is_empty out && grep_q "^wathiqa: object urn:rec is damaged: v4 has no usable inventory" err &&
	rm -r $o/v4 && wathiqa commit --id urn:rec rec >out 2>err && grep_q "v4" out
'

test_expect_success 'a kill leaves staging behind; the next commit of any object cleans it' '
	echo more >tree/more
	# wathiqa alone in the background, so that $! is its own pid
	wathiqa commit --id urn:crash:left tree >/dev/null 2>&1 &
	pid=$! && sleep 0.05 && kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || :
	echo x >x.txt &&
	wathiqa commit --id urn:crash:other x.txt >/dev/null &&
	test -z "$(ls archive/extensions/wathiqa-work/staging)" && check_store
'

test_expect_success 'a lock left by a dead process does not block' '
	if test_have flock; then
		k=$(printf %s urn:crash:0 | sha256sum | cut -c1-64)
		# flock alone in the background, so that $! is its own pid
		flock -o archive/extensions/wathiqa-work/locks/$k.lock sleep 30 &
		pid=$! && sleep 0.2 && kill -9 $pid; wait $pid 2>/dev/null || :
		echo again >tree/again &&
		timeout 20 wathiqa commit --id urn:crash:0 tree >out 2>err && grep_q "urn:crash:0: v" out
	fi
'

test_expect_success 'concurrent writers to one object never make the same version' '
	round=0 &&
	while [ $round -lt 4 ]; do
		round=$((round + 1))
		for w in 1 2 3; do
			mkdir -p w$w && echo "writer $w round $round" >w$w/f &&
			wathiqa commit --id urn:conc:1 w$w >c$w.out 2>c$w.err &
		done
		wait
		cat c1.out c2.out c3.out >>all.out &&
		cat c1.err c2.err c3.err >>all.err
	done
	is_empty all.err &&
	test "$(wc -l <all.out)" = 12 &&
	test -z "$(sed -n "s/^urn:conc:1: \\(v[0-9]*\\).*/\\1/p" all.out | sort | uniq -d)" &&
	test "$(sed -n "s/^urn:conc:1: \\(v[0-9]*\\).*/\\1/p" all.out | sort -u | wc -l)" = 12 &&
	wathiqa log urn:conc:1 >log && grep_q "^v12	" log && check_store
'

test_expect_success 'concurrent writers of different new objects under one n-tuple branch' '
	for i in 1 2 3 4 5 6; do
		echo $i >n$i && wathiqa commit --id urn:many:$i n$i >m$i.out 2>m$i.err &
	done
	wait &&
	for i in 1 2 3 4 5 6; do grep_q "urn:many:$i: v1, new object" m$i.out || exit 1; done &&
	check_store
'

test_done
