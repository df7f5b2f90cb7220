#!/bin/sh
# bench-epublint.sh CORPUSDIR: epublint against the Java epubcheck, per book,
# and 10,000 books in one epublint call.
# Target (issue 4): at least 100 times faster than the Java epubcheck per
# book, and 10,000 books in one call.
# The books are the fixture book of tests/epub (built by mkcorpus.sh) copied
# 10,000 times; when bin/txt2tei and bin/tei2epub exist, CORPUSDIR/md-1m.txt
# made into an EPUB gives a second, bigger book (1 MB of statement text).
set -eu
corpus=${1:?usage: bench-epublint.sh CORPUSDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
export LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/wq-bench-epublint.XXXXXX")
# under bench/run, set aside rather than deleted: see WQ_BENCH_TRASH there
trap 'if [ -n "${WQ_BENCH_TRASH:-}" ]; then mv "$work" "$WQ_BENCH_TRASH"/; else rm -rf "$work"; fi' EXIT
N=${EPUBLINT_BENCH_BOOKS:-10000}

sh "$top/tests/epub/mkcorpus.sh" "$work/src" valid >/dev/null
book=$work/src/valid.epub
mkdir "$work/books"
perl -e 'use File::Copy; my ($src, $dir, $n) = @ARGV;
	for my $i (1 .. $n) { copy($src, sprintf("%s/b%05d.epub", $dir, $i)) or die "copy: $!" }' \
	"$book" "$work/books" "$N"

big=
if [ -x "$top/bin/txt2tei" ] && [ -x "$top/bin/tei2epub" ] && [ -f "$corpus/md-1m.txt" ] &&
   txt2tei "$corpus/md-1m.txt" >"$work/md1m.xml" 2>/dev/null &&
   tei2epub -o "$work/md1m.epub" "$work/md1m.xml" 2>/dev/null &&
   epublint -q "$work/md1m.epub" >/dev/null 2>&1; then
	big=$work/md1m.epub
fi

# mean SECONDS of a hyperfine run: mean RUNS CMD
mean() {
	runs=$1; shift
	hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" "$@" \
		>/dev/null 2>&1
	awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); print $2; exit }' "$work/h.json"
}
java_cmd="java -jar /usr/share/java/epubcheck.jar"

t_java=$(mean 3 "$java_cmd $book")
t_one=$(mean 30 "epublint -q $book")
if [ -n "$big" ]; then
	t_java_big=$(mean 3 "$java_cmd $big")
	t_one_big=$(mean 10 "epublint -q $big")
fi
t_all=$(hyperfine --style none --warmup 1 --runs 3 --export-json "$work/h.json" \
	"sh -c 'cd $work/books && exec epublint -q *.epub'" >/dev/null 2>&1 &&
	awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); print $2; exit }' "$work/h.json")
rss=$( (cd "$work/books" && /usr/bin/time -v epublint -q ./*.epub) 2>&1 >/dev/null |
	awk -F: '/Maximum resident/ { gsub(/ /, "", $2); print $2 }')
(cd "$work/books" && epublint ./*.epub) >"$work/verdicts" 2>/dev/null || true
nvalid=$(grep -c ': valid (' "$work/verdicts" || true)

ms() { awk -v t="$1" 'BEGIN { printf "%.2f ms", t * 1000 }'; }
x() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0fx", a / b }'; }
per=$(awk -v t="$t_all" -v n="$N" 'BEGIN { printf "%.6f", t / n }')
sp_one=$(awk -v a="$t_java" -v b="$t_one" 'BEGIN { print int(a / b) }')
sp_per=$(awk -v a="$t_java" -v b="$per" 'BEGIN { print int(a / b) }')
met=$(awk -v a="$sp_one" -v b="$sp_per" -v v="$nvalid" -v n="$N" \
	'BEGIN { print (a >= 100 && b >= 100 && v == n ? "met" : "not met") }')

echo "## epublint: against the Java epubcheck"
echo
echo "The fixture book of \`tests/epub\` ($(wc -c <"$book") bytes, 2 chapters, nav, CSS);"
echo "hyperfine means (Java: 3 runs; epublint: 30 runs; 10,000 books: 3 runs), process start included."
echo
echo "| measure | Java epubcheck 4.2.6 | epublint | speed-up |"
echo "| --- | --- | --- | --- |"
echo "| one book, one process each | $(ms "$t_java") | $(ms "$t_one") | $(x "$t_java" "$t_one") |"
if [ -n "$big" ]; then
	echo "| a 1 MB statement (tei2epub, $(wc -c <"$big") bytes) | $(ms "$t_java_big") | $(ms "$t_one_big") | $(x "$t_java_big" "$t_one_big") |"
fi
echo "| $N books in one epublint call, per book | $(ms "$t_java") | $(ms "$per") | $(x "$t_java" "$per") |"
echo
echo "$N books in one call: $(awk -v t="$t_all" 'BEGIN { printf "%.2f s", t }') in all,"
echo "$nvalid of $N judged valid, peak RSS $(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }')."
echo
echo "Target: at least 100 times faster than the Java epubcheck per book, and 10,000 books"
echo "in one call: **$met**."
