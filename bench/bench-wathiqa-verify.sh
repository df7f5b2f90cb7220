#!/bin/bash
# bench-wathiqa-verify.sh CORPUS: `wathiqa verify` against `sha512sum -c` over
# the same content files, on two objects made from CORPUS/many (10,000 files,
# about 60 MB): one version, then the same object after a second commit that
# changed 1% of the files (three inventories to read, the usual case).
# Target: verify within 1.5 times sha512sum -c (wall time, page cache warm).
# Method: one warm-up run each, then WATHIQA_BENCH_RUNS (default 11) rounds
# running sha512sum -c and verify in turn; the medians are reported, wall
# and CPU (user + system), because this machine is shared. The objects are
# made by `wathiqa commit` when it works, else (one version only) by hand.
set -eu
corpus=${1:?usage: bench-wathiqa-verify.sh CORPUSDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
export LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/wq-bench-verify.XXXXXX")
# under bench/run, set aside rather than deleted: see WQ_BENCH_TRASH there
trap 'if [ -n "${WQ_BENCH_TRASH:-}" ]; then mv "$work" "$WQ_BENCH_TRASH"/; else rm -rf "$work"; fi' EXIT
RUNS=${WATHIQA_BENCH_RUNS:-11}

# timed FILE CMD...: see timing.sh
. "$(dirname "$0")/timing.sh"
# median of column COL (1 wall, 2 cpu) of FILE
median() { awk -v c="$2" '{ print $c }' "$1" | sort -g |
	awk '{ a[NR] = $1 } END { printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# measure TAG OBJ: sums of OBJ's content files, a warm-up, then RUNS rounds of both
measure() {
	(cd "$2" && find . -path './v*/content/*' -type f | sort | xargs sha512sum) >"$work/$1.sums"
	sync # not measured along with the writeback of the commit
	wathiqa verify -q "$2" || { echo "_the $1 object did not verify_"; exit 1; }
	(cd "$2" && sha512sum -c --quiet "$work/$1.sums")
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		timed "$work/$1.sum" sh -c "cd '$2' && sha512sum -c --quiet '$work/$1.sums'"
		timed "$work/$1.ver" wathiqa verify -q "$2"
	done
}

# row LABEL TAG OBJ: the two table rows of one object; its ratio to $work/ratios
row() {
	ts=$(median "$work/$2.sum" 1); cs=$(median "$work/$2.sum" 2)
	tv=$(median "$work/$2.ver" 1); cv=$(median "$work/$2.ver" 2)
	r=$(awk -v a="$tv" -v b="$ts" 'BEGIN { printf "%.2f", a / b }')
	rc=$(awk -v a="$cv" -v b="$cs" 'BEGIN { printf "%.2f", a / b }')
	printf '| %s: `sha512sum -c` of the content files | %s | %s | reference |\n' "$1" "$ts" "$cs"
	printf '| %s: `wathiqa verify -q` (fixity included) | %s | %s | %sx (CPU %sx); peak RSS %s KiB |\n' \
		"$1" "$tv" "$cv" "$r" "$rc" "$(rss "$3")"
	echo "$r" >>"$work/ratios"
}
rss() { /usr/bin/time -v wathiqa verify -q "$1" 2>&1 >/dev/null |
	awk -F: '/Maximum resident/ { gsub(/ /, "", $2); print $2 }'; }

# The tree to commit: a copy of many/ whose times are settled (the file signatures' racy check).
cp -R "$corpus/many" "$work/many"
sleep 1
made_by="wathiqa commit"
obj=
if wathiqa --store "$work/S" init >/dev/null 2>&1 &&
   wathiqa --store "$work/S" commit --id urn:bench:verify -m v1 \
	--user bench --address mailto:bench@example.org "$work/many" >/dev/null 2>&1; then
	obj=$(dirname "$(find "$work/S" -name '0=ocfl_object_1.1' -not -path '*/extensions/*' | head -n 1)")
fi
if [ -z "$obj" ]; then
	# By hand: one version holding many/, sha512 manifest and state.
	made_by="a shell script (commit unavailable)"
	obj=$work/obj
	mkdir -p "$obj/v1/content"
	cp -R "$corpus/many" "$obj/v1/content/many"
	printf 'ocfl_object_1.1\n' >"$obj/0=ocfl_object_1.1"
	(cd "$obj/v1/content" && find many -type f | sort | xargs sha512sum) |
	awk '{ d = $1; p = substr($0, 131)
	       m[d] = m[d] (d in m ? "," : "") "\"v1/content/" p "\""
	       s[d] = s[d] (d in s ? "," : "") "\"" p "\"" ; o[++n] = d }
	     END { printf "{\"id\":\"urn:bench:verify\",\"type\":\"https://ocfl.io/1.1/spec/#inventory\",\"digestAlgorithm\":\"sha512\",\"head\":\"v1\",\"manifest\":{"
	           for (i = 1; i <= n; i++) if (!(o[i] in done)) { printf "%s\"%s\":[%s]", (c++ ? "," : ""), o[i], m[o[i]]; done[o[i]] = 1 }
	           printf "},\"versions\":{\"v1\":{\"created\":\"2024-01-24T00:00:00Z\",\"message\":\"bench\",\"user\":{\"name\":\"bench\",\"address\":\"mailto:bench@example.org\"},\"state\":{"
	           c = 0; for (i = 1; i <= n; i++) if (done[o[i]] == 1) { printf "%s\"%s\":[%s]", (c++ ? "," : ""), o[i], s[o[i]]; done[o[i]] = 2 }
	           printf "}}}}\n" }' >"$obj/inventory.json"
	cp "$obj/inventory.json" "$obj/v1/inventory.json"
	(cd "$obj" && sha512sum inventory.json >inventory.json.sha512 &&
		cd v1 && sha512sum inventory.json >inventory.json.sha512)
fi
nfiles=$(find "$obj" -path '*/content/*' -type f | wc -l)
bytes=$(find "$obj" -path '*/content/*' -type f -exec cat {} + | wc -c)
measure one "$obj"
rows=$(row "1 version" one "$obj")

# v2: 1 file in 100 gets a line more (as in bench-wathiqa-commit.sh).
two=
if [ "$made_by" = "wathiqa commit" ]; then
	k=0
	for f in "$work"/many/*; do
		k=$((k + 1))
		[ $((k % 100)) -eq 0 ] && echo "changed" >>"$f"
	done
	if wathiqa --store "$work/S" commit --id urn:bench:verify -m v2 \
		--user bench --address mailto:bench@example.org "$work/many" >/dev/null 2>&1; then
		two=$obj
		measure two "$obj"
		invs=$(cd "$obj" && wc -c inventory.json v1/inventory.json v2/inventory.json |
			awk '$2 != "total" { printf "%s%s %.1f MB", (n++ ? ", " : ""), $2, $1 / 1e6 }')
		rows="$rows
$(row "2 versions" two "$obj")"
	fi
fi

echo "## wathiqa verify: a $nfiles-file object, 1 and 2 versions"
echo
echo "Object made by $made_by from \`many/\` ($nfiles files, $bytes bytes), then committed"
if [ -n "$two" ]; then
	echo "again with 1% of the files changed (inventories: $invs)."
else
	echo "again with 1% of the files changed: _not measured (commit unavailable)_."
fi
echo "Page cache warm; medians of $RUNS rounds, each running both commands in turn after a warm-up."
echo "Wall-clock time, and CPU time (user + system) because this machine ($(nproc) cores, load average"
echo "$(cut -d' ' -f1 /proc/loadavg) at the end) is shared."
echo
echo "| what | wall (s) | CPU (s) | verify / sha512sum -c |"
echo "| --- | ---: | ---: | --- |"
echo "$rows"
echo
worst=$(sort -g "$work/ratios" | tail -n 1)
met=$(awk -v r="$worst" 'BEGIN { print (r <= 1.5 ? "met" : "not met") }')
echo "Target: verify within 1.5x \`sha512sum -c\` (wall). Measured: $(paste -sd/ "$work/ratios" | sed 's|/|x, |g')x: **$met**."
