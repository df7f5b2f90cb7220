#!/bin/sh
# tei2epub: pandoc reads every word of the TEI text back out of the EPUB, in order.
. "$(dirname "$0")/lib.sh"
FIX=$WQ_TOP/tests/tei2epub

if ! test_have pandoc || ! test_have python3; then
	test_skip 'word-sequence comparison' 'needs pandoc and python3'
	test_done
	exit
fi

# same_words TEI EPUB: every word of TEI's text is in pandoc's reading of EPUB
same_words() {
	pandoc -f epub -t plain --wrap=none "$2" >"$2.txt" &&
	python3 "$FIX/same-words.py" "$1" "$2.txt"
}

test_expect_success 'the comparison can fail (a word missing)' '
	tei2epub -o ckb.epub "$FIX/ckb.xml" &&
	sed "s/پشتگیریکراو/وشەیەکی تر/" "$FIX/ckb.xml" >changed.xml &&
	! same_words changed.xml ckb.epub 2>err &&
	grep_q "missing" err
'

for f in statement-ar statement-en ckb mixed lite; do
	test_expect_success "every word back: $f" "
		tei2epub -o $f.epub \"\$FIX/$f.xml\" 2>/dev/null &&
		same_words \"\$FIX/$f.xml\" $f.epub
	"
done

test_expect_success 'every word of every statement back from an anthology' '
	tei2epub --cover -o anth.epub "$FIX/statement-ar.xml" "$FIX/ckb.xml" "$FIX/lite.xml" 2>/dev/null &&
	pandoc -f epub -t plain --wrap=none anth.epub >anth.txt &&
	for f in statement-ar ckb lite; do
		python3 "$FIX/same-words.py" "$FIX/$f.xml" anth.txt || exit 1
	done
'

if [ -x "$WQ_BIN/txt2tei" ]; then
	test_expect_success 'txt2tei samples: every word back, alone and together' '
		for f in "$SAMPLES"/*.txt; do
			b=$(basename "$f" .txt)
			txt2tei "$f" >"$b.xml" 2>/dev/null &&
			tei2epub -o "$b.epub" "$b.xml" &&
			same_words "$b.xml" "$b.epub" || exit 1
		done &&
		tei2epub -o all.epub ar-*.xml en-*.xml &&
		pandoc -f epub -t plain --wrap=none all.epub >all.txt &&
		for f in ar-*.xml en-*.xml; do
			python3 "$FIX/same-words.py" "$f" all.txt || exit 1
		done
	'
else
	test_skip 'txt2tei samples' 'no txt2tei'
fi

test_done
