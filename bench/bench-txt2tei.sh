#!/bin/sh
# bench-txt2tei.sh CORPUSDIR: txt2tei throughput, memory and batch speed.
# Targets (issue 3), against `pandoc -f markdown -t tei -s` on the same input:
#   - 10 MB and 100 MB inputs: at least 150 times pandoc's throughput,
#     peak memory at most 16 MB whatever the input size;
#   - 10,000 small statements in one `txt2tei -d` call: at least 200 times
#     faster than pandoc run once per file.
# pandoc is measured on md-1m.txt, on md-10m.txt (once: about 15 s) and on a
# sample of many/ (one process per file); the 100 MB and 10,000-file figures
# are extrapolated linearly from those runs (100 MB would take minutes and
# gigabytes). The table says which figures are extrapolated.
set -eu
corpus=${1:?usage: bench-txt2tei.sh CORPUSDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1706054400
work=$(mktemp -d "${TMPDIR:-/tmp}/wq-bench-txt2tei.XXXXXX")
# under bench/run, set aside rather than deleted: see WQ_BENCH_TRASH there
trap 'if [ -n "${WQ_BENCH_TRASH:-}" ]; then mv "$work" "$WQ_BENCH_TRASH"/; else rm -rf "$work"; fi' EXIT
SAMPLE=${PANDOC_SAMPLE:-40}

# median seconds of a hyperfine run (robust to the other work on a shared
# machine): median RUNS CMD
median() {
	runs=$1; shift
	hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" "$@" \
		>/dev/null 2>&1 &&
	awk -F: '/"median"/ { gsub(/[ ,]/, "", $2); print $2; exit }' "$work/h.json"
}
# peak RSS in KiB of a command (output discarded)
rss() { /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1; cat "$work/rss"; }
size() { wc -c <"$1"; }
mbs() { awk -v b="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.1f MB/s", b / 1e6 / t; else print "n/a" }'; }
secs() { awk -v t="$1" 'BEGIN { printf "%.2f s", t }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

m1=$corpus/md-1m.txt
m10=$corpus/md-10m.txt
big=$corpus/big.txt
bigar=$corpus/big-ar.txt
b1=$(size "$m1"); b10=$(size "$m10"); bb=$(size "$big"); bar=$(size "$bigar")

# txt2tei on the single files
t1=$(median 11 "txt2tei -q $m1")
t10=$(median 11 "txt2tei -q $m10")
tb=$(median 5 "txt2tei -q $big")
tar=$(median 5 "txt2tei -q $bigar")
r10=$(rss txt2tei -q "$m10")
rb=$(rss txt2tei -q "$big")
rar=$(rss txt2tei -q "$bigar")
rpipe=$(cat "$big" | rss txt2tei -q)

# pandoc on 1 MB (hyperfine) and on 10 MB (one run: wall time and peak RSS);
# 100 MB extrapolated linearly from the 10 MB run (pandoc's cost grows faster
# than linearly, so this flatters it)
tp1=$(median 3 "pandoc -f markdown -t tei -s $m1")
rp1=$(rss pandoc -f markdown -t tei -s "$m1")
/usr/bin/time -f "%e %M" -o "$work/p10" pandoc -f markdown -t tei -s "$m10" >/dev/null 2>&1
tp10=$(awk '{ print $1 }' "$work/p10")
rp10=$(awk '{ print $2 }' "$work/p10")
pmbs=$(awk -v b="$b10" -v t="$tp10" 'BEGIN { printf "%.3f", b / 1e6 / t }')
tpb=$(awk -v t="$tp10" -v a="$b10" -v b="$bb" 'BEGIN { print t * b / a }')
x10=$(awk -v p="$tp10" -v t="$t10" 'BEGIN { printf "%.0f", p / t }')
xb=$(awk -v p="$tpb" -v t="$tb" 'BEGIN { printf "%.0f", p / t }')
verdict() { awk -v x="$1" -v want="$2" 'BEGIN { print (x >= want) ? "met" : "not met" }'; }
rssv() { awk -v k="$1" 'BEGIN { print (k <= 16384) ? "met" : "not met" }'; }

# 10,000 statements: one txt2tei -d call against pandoc once per file
n=$(ls "$corpus/many" | wc -l)
# batch_time DIR: median seconds of 3 runs of txt2tei -d, each into a new folder under
# DIR (no deletion between runs: removing 10,000 files makes the disk busy for a
# while and would be charged to the next run)
batch_time() {
	for k in 0 1 2 3; do
		a=$(date +%s.%N)
		(cd "$corpus/many" && txt2tei -q -d "$1/out$k" ./*.txt)
		b=$(date +%s.%N)
		[ $k -eq 0 ] || echo "$a $b"
	done | awk '{ print $2 - $1 }' | sort -g | sed -n 2p
}
tm=$(batch_time "$work")
rm_=$(cd "$corpus/many" && rss txt2tei -q -d "$work/outrss" ./*.txt)
nout=$(ls "$work/out1" | wc -l)
# the same with the outputs on tmpfs, when there is one: conversion without disk metadata
tshm=
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=$(mktemp -d /dev/shm/wq-bench-txt2tei.XXXXXX)
	tshm=$(batch_time "$shm") || tshm=
	rm -rf "$shm"
fi
ls "$corpus/many" | awk -v n="$n" -v k="$SAMPLE" 'NR % int(n / k) == 1' | head -n "$SAMPLE" >"$work/sample"
ns=$(wc -l <"$work/sample")
start=$(date +%s.%N)
while read -r f; do
	pandoc -f markdown -t tei -s "$corpus/many/$f" >/dev/null
done <"$work/sample"
end=$(date +%s.%N)
tps=$(awk -v a="$start" -v b="$end" -v k="$ns" 'BEGIN { print (b - a) / k }')
tpm=$(awk -v t="$tps" -v n="$n" 'BEGIN { print t * n }')
xm=$(awk -v p="$tpm" -v t="$tm" 'BEGIN { printf "%.0f", p / t }')
permsm=$(awk -v t="$tm" -v n="$n" 'BEGIN { printf "%.3f", t * 1000 / n }')

cat <<EOT
## txt2tei: throughput, memory, batch

Inputs from \`gen-corpus.sh\`; txt2tei writes to /dev/null (single files) or to a
new folder per run (\`-d\`, after one warm-up run); medians of 3 to 11 runs (hyperfine for
single files), which the other work on this shared machine disturbs less than means;
peak memory from \`/usr/bin/time\`.
pandoc (\`pandoc -f markdown -t tei -s\`) was run on md-1m.txt, once on md-10m.txt
($pmbs MB/s) and on $ns files of many/, one process each: its figures for 100 MB
(from the 10 MB run) and for 10,000 files are **extrapolated** linearly.

| input | txt2tei time | txt2tei throughput | peak RSS | pandoc time | speed-up | target | |
|---|---|---|---|---|---|---|---|
| md-1m.txt ($(awk -v b="$b1" 'BEGIN { printf "%.1f MB", b / 1e6 }')) | $(secs "$t1") | $(mbs "$b1" "$t1") | | $(secs "$tp1") (measured, $(mib "$rp1")) | $(awk -v p="$tp1" -v t="$t1" 'BEGIN { printf "%.0fx", p / t }') | | |
| md-10m.txt ($(awk -v b="$b10" 'BEGIN { printf "%.1f MB", b / 1e6 }')) | $(secs "$t10") | $(mbs "$b10" "$t10") | $(mib "$r10") | $(secs "$tp10") (measured once, $(mib "$rp10")) | ${x10}x | 150x | $(verdict "$x10" 150) |
| big.txt ($(awk -v b="$bb" 'BEGIN { printf "%.1f MB", b / 1e6 }')) | $(secs "$tb") | $(mbs "$bb" "$tb") | $(mib "$rb") | $(secs "$tpb") (extrapolated) | ${xb}x | 150x | $(verdict "$xb" 150) |
| big-ar.txt ($(awk -v b="$bar" 'BEGIN { printf "%.1f MB", b / 1e6 }'), Arabic) | $(secs "$tar") | $(mbs "$bar" "$tar") | $(mib "$rar") | | | | |
| big.txt from a pipe (spooled) | | | $(mib "$rpipe") | | | | |
| peak memory, any input | | | $(mib "$(printf '%s\n' "$r10" "$rb" "$rar" "$rpipe" | sort -n | tail -n 1)") | | | at most 16 MiB | $(rssv "$(printf '%s\n' "$r10" "$rb" "$rar" "$rpipe" | sort -n | tail -n 1)") |

| batch | txt2tei -d, one call | per file | pandoc, one process per file | speed-up | target | |
|---|---|---|---|---|---|---|
| $n statements ($nout written) | $(secs "$tm") | $permsm ms | $(secs "$tpm") (extrapolated from $ns files: $(awk -v t="$tps" 'BEGIN { printf "%.1f ms", t * 1000 }') each) | ${xm}x | 200x | $(verdict "$xm" 200) |
$(if [ -n "$tshm" ]; then
	echo "| same, outputs on tmpfs (/dev/shm) | $(secs "$tshm") | $(awk -v t="$tshm" -v n="$n" 'BEGIN { printf "%.3f ms", t * 1000 / n }') | | $(awk -v p="$tpm" -v t="$tshm" 'BEGIN { printf "%.0fx", p / t }') | for scale | |"
fi)
| peak memory, $n statements | | $(mib "$rm_") | | | | |

Outputs of \`-d\` are written to temporary files, flushed to disk in batches of 256
with one \`syncfs\` and renamed. Creating 10,000 files dominates the batch time on a
busy disk (file creation alone took 0.04 to 1 ms per file on this shared machine,
depending on the other work on it); the tmpfs row shows the conversion itself.
EOT
