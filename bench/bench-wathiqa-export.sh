#!/bin/sh
# bench-wathiqa-export.sh CORPUS: `wathiqa export --format tar.gz` of a
# 10,000-file object (CORPUS/many, about 60 MB) against `bsdtar -czf` of the
# same files. Target: export within 1.5 times bsdtar.
# Fairness: both compress with libarchive's gzip filter at its default level
# (zlib's Z_DEFAULT_COMPRESSION, 6), which is what `bsdtar -z` uses when no
# compression-level option is given; both read warm files from the page cache
# and write to the same file system. The export does more: it checks every
# file's SHA-512 against the inventory, computes SHA-256 too, and writes the
# manifests and tag manifests.
set -eu
corpus=${1:?usage: bench-wathiqa-export.sh CORPUSDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
export LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/wq-bench-export.XXXXXX")
# under bench/run, set aside rather than deleted: see WQ_BENCH_TRASH there
trap 'if [ -n "${WQ_BENCH_TRASH:-}" ]; then mv "$work" "$WQ_BENCH_TRASH"/; else rm -rf "$work"; fi' EXIT

if ! wathiqa --store "$work/S" init >/dev/null 2>&1 ||
   ! wathiqa --store "$work/S" commit --id urn:bench:export -m bench \
	--user bench --address mailto:bench@example.org "$corpus/many" >/dev/null 2>&1; then
	echo "## wathiqa export --format tar.gz"
	echo
	echo "_not measured: \`wathiqa commit\` could not make the object_"
	exit 0
fi
nfiles=$(find "$corpus/many" -type f | wc -l)
bytes=$(find "$corpus/many" -type f -exec cat {} + | wc -c)

wathiqa --store "$work/S" export urn:bench:export --format tar.gz -o "$work/bag.tar.gz"
wathiqa bag verify -q "$work/bag.tar.gz" || { echo "_the exported bag did not verify_"; exit 1; }

if ! hyperfine -N --style none --warmup 2 --runs 10 --export-json "$work/h.json" \
	-n "bsdtar -czf" "bsdtar -czf \"$work/ref.tar.gz\" -C \"$corpus\" many" \
	-n "wathiqa export" "wathiqa --store \"$work/S\" export urn:bench:export --format tar.gz --force -o \"$work/bag.tar.gz\"" \
	>"$work/h.out" 2>&1; then
	echo "## wathiqa export --format tar.gz"
	echo
	echo "_hyperfine failed:_"
	echo
	sed 's/^/    /' "$work/h.out" | tail -n 20
	exit 1
fi
field() { awk -F: -v k="\"$1\"" '$1 ~ k { gsub(/[ ,]/, "", $2); printf "%s ", $2 }' "$work/h.json"; }
means=$(field mean)
t_tar=$(echo "$means" | cut -d" " -f1)
t_exp=$(echo "$means" | cut -d" " -f2)
users=$(field user)
syss=$(field system)
c_tar=$(echo "$users $syss" | awk '{ printf "%.3f", $1 + $3 }')
c_exp=$(echo "$users $syss" | awk '{ printf "%.3f", $2 + $4 }')
load=$(cut -d" " -f1 /proc/loadavg)
rss=$(/usr/bin/time -v wathiqa --store "$work/S" export urn:bench:export --format tar.gz --force \
	-o "$work/bag.tar.gz" 2>&1 >/dev/null | awk -F: '/Maximum resident/ { gsub(/ /, "", $2); print $2 }')
s_tar=$(wc -c <"$work/ref.tar.gz")
s_exp=$(wc -c <"$work/bag.tar.gz")
ratio=$(awk -v a="$t_exp" -v b="$t_tar" 'BEGIN { printf "%.2f", a / b }')
met=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.5 ? "met" : "not met") }')

echo "## wathiqa export --format tar.gz: a $nfiles-file object"
echo
echo "Object made by \`wathiqa commit\` from \`many/\` ($nfiles files, $bytes bytes); mean of 10 warm runs"
echo "(hyperfine). Both sides use libarchive's gzip at its default level (6, as \`bsdtar -z\`);"
echo "the export also checks every SHA-512, computes SHA-256 and writes the BagIt tag files."
echo
echo "| command | mean wall (s) | CPU user+sys (s) | output (bytes) | peak RSS (KiB) |"
echo "|---|---:|---:|---:|---:|"
printf '| `bsdtar -czf ... many` | %.3f | %s | %s | |\n' "$t_tar" "$c_tar" "$s_tar"
printf '| `wathiqa export --format tar.gz` | %.3f | %s | %s | %s |\n' "$t_exp" "$c_exp" "$s_exp" "$rss"
echo
echo "Target: export within 1.5 x bsdtar (wall time). Measured: $ratio x (CPU: $(awk -v a="$c_exp" -v b="$c_tar" 'BEGIN { printf "%.2f", a / b }') x; load average $load at the end). **$met**"
