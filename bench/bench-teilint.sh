#!/bin/sh
# bench-teilint.sh CORPUSDIR: teilint on 10,000 small TEI statements in one call.
# Target (issue 3): under 2 ms per file.
# The statements are CORPUSDIR/many/*.txt made into TEI by `txt2tei -d` when
# bin/txt2tei exists; otherwise each text's paragraphs are wrapped in <p>
# inside a minimal TEI skeleton that schema/wathiqa.rng accepts.
# For scale: xmllint --relaxng with the same schema over the same files in
# one process (same library, no extra rules).
set -eu
corpus=${1:?usage: bench-teilint.sh CORPUSDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
export LC_ALL=C.UTF-8
work=$(mktemp -d "${TMPDIR:-/tmp}/wq-bench-teilint.XXXXXX")
# under bench/run, set aside rather than deleted: see WQ_BENCH_TRASH there
trap 'if [ -n "${WQ_BENCH_TRASH:-}" ]; then mv "$work" "$WQ_BENCH_TRASH"/; else rm -rf "$work"; fi' EXIT
mkdir "$work/tei"

if [ -x "$top/bin/txt2tei" ] && (cd "$corpus/many" && txt2tei -q -d "$work/tei" ./*.txt) 2>/dev/null; then
	made="txt2tei -d"
else
	rm -f "$work"/tei/*
	made="paragraphs wrapped in a TEI skeleton"
	for f in "$corpus"/many/*.txt; do
		awk 'BEGIN {
			print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			print "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title>statement</title></titleStmt>"
			print "<publicationStmt><publisher>bench</publisher></publicationStmt><sourceDesc><p>gen-corpus.sh</p></sourceDesc></fileDesc></teiHeader>"
			print "<text><body><div type=\"statement\">"
		}
		function flush() { if (p != "") { gsub(/&/, "\\&amp;", p); gsub(/</, "\\&lt;", p); print "<p>" p "</p>" }; p = "" }
		/^[[:space:]]*$/ { flush(); next }
		{ p = (p == "") ? $0 : p "\n" $0 }
		END { flush(); print "</div></body></text></TEI>" }' "$f" >"$work/tei/$(basename "$f" .txt).xml"
	done
fi
n=$(ls "$work/tei" | wc -l)
bytes=$(cat "$work"/tei/*.xml | wc -c)
one=$(ls "$work"/tei/*.xml | head -n 1)

# mean SECONDS of a hyperfine run: mean RUNS CMD
mean() {
	runs=$1; shift
	hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" "$@" \
		>/dev/null 2>&1
	awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); print $2; exit }' "$work/h.json"
}

# verdicts first: how many of the files are valid
nbad=$( (cd "$work/tei" && teilint ./*.xml) 2>&1 >/dev/null | sed -n 's/^teilint: \([^:]*\):.*/\1/p' | sort -u | wc -l)
t_all=$(hyperfine --style none --warmup 1 --runs 5 --export-json "$work/h.json" \
	"sh -c 'cd $work/tei && exec teilint -q ./*.xml'" >/dev/null 2>&1 &&
	awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); print $2; exit }' "$work/h.json" || echo 0)
t_one=$(mean 30 "teilint -q $one" || echo 0)
rss=$( (cd "$work/tei" && /usr/bin/time -v teilint -q ./*.xml) 2>&1 >/dev/null |
	awk -F: '/Maximum resident/ { gsub(/ /, "", $2); print $2 }')
t_xmllint=$(hyperfine --style none --warmup 1 --runs 3 --export-json "$work/h.json" \
	"sh -c 'cd $work/tei && exec xmllint --noout --relaxng $top/schema/wathiqa.rng ./*.xml'" \
	>/dev/null 2>&1 &&
	awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); print $2; exit }' "$work/h.json" || echo 0)

per_ms=$(awk -v t="$t_all" -v n="$n" 'BEGIN { printf "%.3f", t * 1000 / n }')
met=$(awk -v p="$per_ms" 'BEGIN { print (p > 0 && p < 2) ? "met" : "not met" }')
ms() { awk -v t="$1" 'BEGIN { printf "%.1f ms", t * 1000 }'; }

cat <<EOT
## teilint: 10,000 statements in one call

$n TEI files ($(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), made with $made from \`many/\`),
$((n - nbad)) of them valid; each is parsed, validated against the compiled-in
\`schema/wathiqa.rng\` and checked by the extra rules. Mean of 5 runs (hyperfine).

| measure | teilint | target | |
|---|---|---|---|
| $n files, one call | $(awk -v t="$t_all" 'BEGIN { printf "%.2f s", t }') | | |
| per file | $per_ms ms | under 2 ms | $met |
| one file, one process (start + schema compile) | $(ms "$t_one") | | |
| peak memory, $n files | $(awk -v k="${rss:-0}" 'BEGIN { printf "%.1f MB", k / 1024 }') | | |
| xmllint --relaxng, same files and schema, one call | $(awk -v t="$t_xmllint" 'BEGIN { printf "%.2f s", t }') | for scale | |
EOT
