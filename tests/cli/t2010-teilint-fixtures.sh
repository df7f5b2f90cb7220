#!/bin/sh
# t2010: teilint on the fixtures of tests/teilint, and jing with the official
# tei_all.rng as the judge: what our schema accepts TEI accepts; what we
# reject is rejected for the reason written in invalid/index.tsv.
. "$(dirname "$0")/lib.sh"

FIX=$WQ_TOP/tests/teilint
EXAMPLES=$WQ_SHARED/schemas/tei/examples

test_expect_success 'every valid fixture passes, silently' '
	for f in "$FIX"/valid/*.xml; do
		teilint "$f" >out 2>err || { cat err; exit 1; }
		is_empty out && is_empty err
	done
'

test_expect_success 'every invalid fixture fails (exit 1) with exactly its expected messages' '
	test "$(grep -vc "^#" "$FIX/invalid/index.tsv")" -ge 25 &&
	grep -v "^#" "$FIX/invalid/index.tsv" | while IFS="	" read -r name jing why; do
		test -f "$FIX/invalid/$name.xml" && test -f "$FIX/invalid/$name.err" || exit 1
		(cd "$FIX" && expect_code 1 teilint "invalid/$name.xml") >out 2>err || exit 1
		is_empty out
		if ! cmp -s "$FIX/invalid/$name.err" err; then
			echo "$name ($why): messages differ:"; diff "$FIX/invalid/$name.err" err; exit 1
		fi
	done
'

test_expect_success 'every fixture file is listed in the index' '
	for f in "$FIX"/invalid/*.xml; do
		name=$(basename "$f" .xml)
		grep -q "^$name	" "$FIX/invalid/index.tsv" || { echo "unlisted: $name"; exit 1; }
	done
'

test_expect_success 'every extra rule of teilint has a fixture that shows its message' '
	for id in TL-DOCTYPE TL-ENTITY TL-ID-UNIQUE TL-LANG-BCP47 TL-WHEN-ISO TL-REF-LOCAL; do
		grep -q "\"$id\"" "$WQ_TOP/converters/tl_lint.c" || { echo "no rule $id"; exit 1; }
		cat "$FIX"/invalid/*.err | grep -q ": $id: " || { echo "no fixture for $id"; exit 1; }
	done &&
	test "$(grep -c "^	{ { \"TL-" "$WQ_TOP/converters/tl_lint.c")" = 6
'

if test_have SLOW && test_have jing; then
	test_expect_success 'jing: our schema accepts the fixtures teilint accepts' '
		jing "$WQ_TOP/schema/wathiqa.rng" "$FIX"/valid/*.xml "$EXAMPLES"/*.xml
	'
	test_expect_success 'jing: tei_all.rng accepts every valid fixture and both examples' '
		jing_tei "$FIX"/valid/*.xml "$EXAMPLES"/*.xml
	'
	test_expect_success 'jing: tei_all.rng agrees with the index on every invalid fixture' '
		files= &&
		for name in $(awk -F"\t" "!/^#/ && (\$2 == \"invalid\" || \$2 == \"valid\") { print \$1 }" "$FIX/invalid/index.tsv"); do
			files="$files $FIX/invalid/$name.xml"
		done &&
		{ jing "$WQ_SHARED/schemas/tei/tei_all.rng" $files >jing.out 2>&1 || :; } &&
		! grep -q "fatal:" jing.out &&
		grep -v "^#" "$FIX/invalid/index.tsv" | while IFS="	" read -r name jing why; do
			case $jing in
			invalid) grep -q "/$name.xml:" jing.out || { echo "jing accepts $name ($why)"; exit 1; } ;;
			valid) ! grep -q "/$name.xml:" jing.out || { echo "jing rejects $name:"; grep "/$name.xml:" jing.out; exit 1; } ;;
			malformed)
				# jing stops at the first fatal error: one run each
				{ jing "$WQ_SHARED/schemas/tei/tei_all.rng" "$FIX/invalid/$name.xml" >one.out 2>&1 || :; }
				grep -q "fatal:" one.out || { echo "jing parses $name"; cat one.out; exit 1; } ;;
			esac
		done
	'
else
	test_skip 'jing checks of the fixtures' 'no jing, or sanitizer build'
fi

test_done
