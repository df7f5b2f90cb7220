#!/bin/sh
# bench-tei2epub.sh CORPUSDIR: tei2epub speed and memory.
# Targets (issue 4):
#   - a 10 MB statement to EPUB at least 50 times faster than
#     `pandoc -f markdown -t epub3` on the same text, peak memory under 64 MB;
#   - 10,000 statements to 10,000 EPUBs in one `tei2epub -d` call: under 1 ms
#     of work per book beyond compression (measured as the CPU time, user +
#     system, of the same run with --level 0, which stores instead of deflating).
# The TEI inputs come from txt2tei (md-10m.txt and many/*.txt) when bin/txt2tei
# exists, otherwise from big.xml cut to 10 MB (the 10,000 books are then skipped).
# pandoc is run once on md-10m.txt (it takes 15 s or more and about 1 GB).
set -eu
corpus=${1:?usage: bench-tei2epub.sh CORPUSDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1706054400
work=$(mktemp -d "${TMPDIR:-/tmp}/wq-bench-tei2epub.XXXXXX")
# under bench/run, set aside rather than deleted: see WQ_BENCH_TRASH there
trap 'if [ -n "${WQ_BENCH_TRASH:-}" ]; then mv "$work" "$WQ_BENCH_TRASH"/; else rm -rf "$work"; fi' EXIT

# "wall user sys maxrss_kib" of one run of a command (output discarded)
run() { /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err"; cat "$work/t"; }
# mean wall seconds over RUNS runs
mean() {
	runs=$1; shift
	hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" "$@" \
		>/dev/null 2>&1 &&
	awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); print $2; exit }' "$work/h.json"
}
f() { echo "$1" | cut -d' ' -f"$2"; }
secs() { awk -v t="$1" 'BEGIN { printf "%.2f s", t }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
mb() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }

# ---- the 10 MB statement ------------------------------------------------------
if [ -x "$top/bin/txt2tei" ]; then
	txt2tei -q "$corpus/md-10m.txt" >"$work/m10.xml"
	src="md-10m.txt through txt2tei"
else
	awk 'BEGIN { n = 0 } { if (n < 10000000 || /^<\/body>/ || /^<\/text>/ || /^<\/TEI>/ || NR < 4) { print; n += length($0) + 1 } }' \
		"$corpus/big.xml" >"$work/m10.xml"
	src="big.xml cut to 10 MB"
fi
t10=$(mean 5 "tei2epub -o $work/m10.epub $work/m10.xml")
r10=$(run tei2epub -o "$work/m10.epub" "$work/m10.xml")
e10=$(wc -c <"$work/m10.epub")
p10=$(run pandoc -f markdown -t epub3 -o "$work/p10.epub" "$corpus/md-10m.txt")
x10=$(awk -v p="$(f "$p10" 1)" -v t="$t10" 'BEGIN { printf "%.0f", p / t }')
xcpu=$(awk -v p="$(f "$p10" 2)" -v q="$(f "$p10" 3)" -v t="$(f "$r10" 2)" -v u="$(f "$r10" 3)" \
	'BEGIN { printf "%.0f", (p + q) / (t + u) }')
v10=$(awk -v x="$x10" 'BEGIN { print (x >= 50) ? "met" : "not met" }')
vr10=$(awk -v k="$(f "$r10" 4)" 'BEGIN { print (k < 65536) ? "met" : "not met" }')

# ---- 100 MB: memory stays flat --------------------------------------------------
rb=$(run tei2epub -o "$work/big.epub" "$corpus/big.xml")
nb=$(unzip -l "$work/big.epub" | grep -c 'EPUB/c[0-9]*\.xhtml' || true)
rm -f "$work/big.epub"

# ---- 10,000 books -------------------------------------------------------------------
batch=
if [ -x "$top/bin/txt2tei" ]; then
	(cd "$corpus/many" && txt2tei -q -d "$work/tei" ./*.txt)
	n=$(ls "$work/tei" | wc -l)
	b6=$(cd "$work/tei" && run tei2epub -d "$work/e6" ./*.xml)
	n6=$(ls "$work/e6" | wc -l)
	b0=$(cd "$work/tei" && run tei2epub --level 0 -d "$work/e0" ./*.xml)
	per() { awk -v u="$(f "$1" 2)" -v s="$(f "$1" 3)" -v n="$n" 'BEGIN { printf "%.3f", (u + s) * 1000 / n }'; }
	perwall() { awk -v w="$(f "$1" 1)" -v n="$n" 'BEGIN { printf "%.3f", w * 1000 / n }'; }
	pb0=$(per "$b0"); pb6=$(per "$b6")
	vb=$(awk -v x="$pb0" 'BEGIN { print (x < 1) ? "met" : "not met" }')
	du6=$(du -sk "$work/e6" | cut -f1)
	batch=yes
fi

cat <<EOT
## tei2epub: a 10 MB statement, 100 MB, 10,000 books

TEI input: $src ($(mb "$work/m10.xml")). tei2epub writes a file (\`-o\`); its time is the
mean of 5 runs (hyperfine), memory the peak RSS (\`/usr/bin/time\`). pandoc
(\`pandoc -f markdown -t epub3 md-10m.txt\`) was run once on the same text.
calibre's \`ebook-convert\` $(command -v ebook-convert >/dev/null 2>&1 && echo "is installed but not measured here" || echo "is not installed on this machine: not measured").

| input | tei2epub | CPU (user + sys) | peak RSS | EPUB | pandoc | speed-up | target | |
|---|---|---|---|---|---|---|---|---|
| 10 MB statement | $(secs "$t10") | $(secs "$(awk -v a="$(f "$r10" 2)" -v b="$(f "$r10" 3)" 'BEGIN { print a + b }')") | $(mib "$(f "$r10" 4)") | $(awk -v b="$e10" 'BEGIN { printf "%.1f MB", b / 1e6 }') | $(secs "$(f "$p10" 1)") wall, $(mib "$(f "$p10" 4)") | ${x10}x wall (${xcpu}x CPU) | 50x | $v10 |
| 10 MB statement: memory | | | $(mib "$(f "$r10" 4)") | | | | under 64 MiB | $vr10 |
| big.xml ($(mb "$corpus/big.xml"), $nb chapters) | $(secs "$(f "$rb" 1)") | $(secs "$(awk -v a="$(f "$rb" 2)" -v b="$(f "$rb" 3)" 'BEGIN { print a + b }')") | $(mib "$(f "$rb" 4)") | | | | | |
EOT
if [ -n "$batch" ]; then
cat <<EOT

| batch: $n statements, one \`tei2epub -d\` call | wall | CPU (user + sys) | per book (CPU) | peak RSS | target | |
|---|---|---|---|---|---|---|
| default (deflate level 6), $n6 books, $(awk -v k="$du6" 'BEGIN { printf "%.0f MB", k / 1024 }') | $(secs "$(f "$b6" 1)") | $(secs "$(awk -v a="$(f "$b6" 2)" -v b="$(f "$b6" 3)" 'BEGIN { print a + b }')") | $pb6 ms ($(perwall "$b6") ms wall) | $(mib "$(f "$b6" 4)") | | |
| \`--level 0\` (stored: the work beyond compression) | $(secs "$(f "$b0" 1)") | $(secs "$(awk -v a="$(f "$b0" 2)" -v b="$(f "$b0" 3)" 'BEGIN { print a + b }')") | $pb0 ms ($(perwall "$b0") ms wall) | $(mib "$(f "$b0" 4)") | under 1 ms per book | $vb |

Per-book work includes parsing the TEI, writing the XHTML, package, nav and NCX,
zipping, and creating the file (temporary file, one \`syncfs\` per 256 books, rename);
the difference between the two rows is deflate.
EOT
else
	printf '\n_10,000 books: skipped (needs bin/txt2tei to make the TEI inputs)._\n'
fi
