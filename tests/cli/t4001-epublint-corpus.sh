#!/bin/sh
# t4001-epublint-corpus: every case of the broken-EPUB corpus gets the
# verdict and the message IDs recorded in tests/epub/expected.tsv (which
# also holds the two reference validators' verdicts, recorded once).
. "$(dirname "$0")/lib.sh"

exp=$WQ_TOP/tests/epub/expected.tsv
sh "$WQ_TOP/tests/epub/mkcorpus.sh" books || exit 2

# ids FILE: epublint's distinct FATAL/ERROR/WARNING IDs, comma-separated ("-" if none)
ids() {
	sed -n 's/^epublint: [^:]*: \(FATAL\|ERROR\|WARNING\)(\([A-Z]*-[0-9]*[a-z]*\)).*/\2/p' "$1" |
	    LC_ALL=C sort -u | paste -sd, - | sed 's/^$/-/'
}

test_expect_success 'the corpus has at least 15 broken cases and the valid book' '
	test "$(grep -v "^#" "$exp" | grep -c "	invalid	")" -ge 15 &&
	grep -q "^valid	valid	-	valid	-	valid	-" "$exp" &&
	test "$(ls books/*.epub | wc -l)" -eq "$(grep -vc "^#" "$exp")"
'

grep -v '^#' "$exp" >cases.tsv
while IFS='	' read -r case verdict wids java jids npm nids note; do
	test_expect_success "$case: $verdict ($wids)" '
		if test "$verdict" = valid; then code=0; else code=1; fi &&
		expect_code $code epublint books/$case.epub >out 2>err &&
		grep_q "^books/$case.epub: $verdict (" out &&
		got=$(ids err) &&
		if test "$got" != "$wids"; then
			echo "IDs: got $got, want $wids" >&2; cat err >&2; false
		fi
	'
done <cases.tsv

test_expect_success 'the verdict agrees with a reference validator wherever they agree' '
	grep -v "^#" "$exp" | awk -F"\t" "\$4 == \$6 && \$2 != \$4 { print; bad = 1 } END { exit bad }" &&
	grep -v "^#" "$exp" | awk -F"\t" "\$4 != \$6 && \$8 == \"-\" { print; bad = 1 } END { exit bad }"
'
test_expect_success 'the whole corpus in one call: exit 1, one verdict per book' '
	expect_code 1 epublint books/*.epub >out 2>err &&
	test "$(wc -l <out)" -eq "$(ls books/*.epub | wc -l)" &&
	test "$(grep -c ": valid (" out)" -eq "$(grep -v "^#" "$exp" | grep -c "	valid	.*	.*	.*	.*	")"
'
test_done
