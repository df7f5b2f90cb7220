#!/bin/sh
# t2040: what txt2tei writes (doc/tei-profile.md) passes teilint, and jing
# with tei_all.rng agrees: the samples, and every optional header part.
. "$(dirname "$0")/lib.sh"

if ! [ -x "$WQ_BIN/txt2tei" ]; then
	test_skip 'teilint on txt2tei output' 'no txt2tei yet'
	test_done
	exit $?
fi

test_expect_success 'every sample: txt2tei output is valid (one teilint call for all)' '
	mkdir tei && txt2tei -d tei "$SAMPLES"/*.txt 2>/dev/null &&
	test "$(ls tei/*.xml | wc -l)" = "$(ls "$SAMPLES"/*.txt | wc -l)" &&
	teilint tei/*.xml >out 2>err && is_empty out && is_empty err
'

test_expect_success 'every optional header part: author, publisher, source URL, retrieved dates' '
	f=$(ls "$SAMPLES"/*.txt | head -n 1) &&
	i=0 &&
	for r in 2024 2024-01 2024-01-31 2024-01-31T09:15:00Z; do
		i=$((i + 1))
		txt2tei --author "Press Office" --publisher "Example Archive" \
			--source-url "https://example.org/s?id=1&x=2" --retrieved "$r" \
			"$f" >opt$i.xml 2>/dev/null || exit 1
		grep -q "when=\"$r\"" opt$i.xml || { echo "no retrieved date $r"; exit 1; }
	done &&
	txt2tei <"$f" >stdin.xml 2>/dev/null &&
	teilint opt*.xml stdin.xml
'

test_expect_success 'a change txt2tei could make by mistake is caught (a list type outside the profile)' '
	f=$(grep -l "<list type=\"ordered\">" tei/*.xml | head -n 1) &&
	test -n "$f" &&
	sed "s|<list type=\"ordered\">|<list type=\"numbered\">|" "$f" >changed.xml &&
	! cmp -s "$f" changed.xml &&
	expect_code 1 teilint changed.xml 2>err && grep_q "TL-RNG: " err
'

if test_have SLOW && test_have jing; then
	test_expect_success 'jing: tei_all.rng accepts all of them' '
		jing_tei tei/*.xml opt*.xml stdin.xml
	'
	test_expect_success 'jing: schema/wathiqa.rng accepts all of them too' '
		jing "$WQ_TOP/schema/wathiqa.rng" tei/*.xml opt*.xml stdin.xml
	'
	test_expect_success '200 statements made from shuffled sample lines: what teilint accepts, jing accepts' '
		cat "$SAMPLES"/*.txt >all.txt && mkdir mix &&
		for i in $(seq 1 200); do
			awk -v seed=$i "BEGIN { srand(seed) } { l[NR] = \$0 }
			END { n = int(rand() * 25) + 1
				for (k = 0; k < n; k++) {
					print l[int(rand() * NR) + 1]
					r = rand()
					if (r < 0.3) print \"\"
					else if (r < 0.35) print \"1- an item\"
					else if (r < 0.40) print \"- a bullet\"
					else if (r < 0.45) print \"Section heading\"
					else if (r < 0.50) print \"Baghdad, 24 January 2024\"
				} }" all.txt >mix/m$i.txt
		done &&
		txt2tei -q -d mix/tei mix/*.txt 2>/dev/null || :
		test "$(ls mix/tei | wc -l)" -ge 150 &&
		{ teilint mix/tei/*.xml 2>lint.err || :; } &&
		{ jing "$WQ_SHARED/schemas/tei/tei_all.rng" mix/tei/*.xml >jing.out 2>/dev/null || :; } &&
		sed -n "s|^teilint: \\([^:]*\\):.*|\\1|p" lint.err | sort -u >rejected &&
		sed -n "s|^.*/\\(mix/tei/[^:]*\\):.*|\\1|p" jing.out | sort -u >jing.rejected &&
		echo "teilint rejects $(wc -l <rejected), jing rejects $(wc -l <jing.rejected) of $(ls mix/tei | wc -l)" &&
		comm -13 rejected jing.rejected >accepted-but-invalid &&
		is_empty accepted-but-invalid
	'
fi

test_done
