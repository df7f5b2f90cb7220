#!/bin/sh
# bench-wathiqa-verify.sh CORPUS: `wathiqa verify` of a 10,000-file object
# (CORPUS/many, about 60 MB) against `sha512sum -c` over the same files.
# Target: verify within 1.5 times sha512sum -c (both warm in the page cache).
# The object is made by `wathiqa commit` when it works, else by hand here.
set -eu
corpus=${1:?usage: bench-wathiqa-verify.sh CORPUSDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
export LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/wq-bench-verify.XXXXXX")
# under bench/run, set aside rather than deleted: see WQ_BENCH_TRASH there
trap 'if [ -n "${WQ_BENCH_TRASH:-}" ]; then mv "$work" "$WQ_BENCH_TRASH"/; else rm -rf "$work"; fi' EXIT

made_by="wathiqa commit"
obj=
if wathiqa --store "$work/S" init >/dev/null 2>&1 &&
   wathiqa --store "$work/S" commit --id urn:bench:verify -m bench \
	--user bench --address mailto:bench@example.org "$corpus/many" >/dev/null 2>&1; then
	obj=$(dirname "$(find "$work/S" -name '0=ocfl_object_1.1' | head -n 1)")
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
(cd "$obj" && find . -path './v*/content/*' -type f | sort | xargs sha512sum) >"$work/sums.txt"

wathiqa verify -q "$obj" || { echo "_the object did not verify_"; exit 1; }

hyperfine -N --style none --warmup 2 --runs 10 --export-json "$work/h.json" \
	-n "sha512sum -c" "sh -c 'cd \"$obj\" && sha512sum -c --quiet \"$work/sums.txt\"'" \
	-n "wathiqa verify" "wathiqa verify -q \"$obj\"" >/dev/null 2>&1
means=$(awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); printf "%s ", $2 }' "$work/h.json")
t_sum=$(echo "$means" | cut -d" " -f1)
t_ver=$(echo "$means" | cut -d" " -f2)
rss=$(/usr/bin/time -v wathiqa verify -q "$obj" 2>&1 >/dev/null |
	awk -F: '/Maximum resident/ { gsub(/ /, "", $2); print $2 }')
ratio=$(awk -v a="$t_ver" -v b="$t_sum" 'BEGIN { printf "%.2f", a / b }')
met=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.5 ? "met" : "not met") }')

echo "## wathiqa verify: a $nfiles-file object"
echo
echo "Object made by $made_by from \`many/\` ($nfiles files, $bytes bytes); mean of 10 warm runs (hyperfine)."
echo
echo "| command | mean time (s) | peak RSS (KiB) |"
echo "| --- | ---: | ---: |"
printf '| `sha512sum -c` of the content files | %.3f | |\n' "$t_sum"
printf '| `wathiqa verify` (fixity included) | %.3f | %s |\n' "$t_ver" "$rss"
echo
echo "Target: verify within 1.5x \`sha512sum -c\`. Measured: ${ratio}x: **$met**."
