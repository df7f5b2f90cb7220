#!/bin/sh
# t5500: wathiqa verify over the official OCFL fixtures (1.0 and 1.1, good,
# bad and warning objects, 156 in all; ../shared/conformance/ocfl/index.tsv).
# Every fixture must get its expected verdict (exit 0 for good and warning
# objects, 1 for bad ones), and every code its name lists must be reported:
# the error codes of bad objects and the warning codes of warning objects.
# Good objects must get no error and no warning at all.
#
# Known exceptions (fixtures that contradict the spec): none.
. "$(dirname "$0")/lib.sh"

FIX=$WQ_SHARED/conformance/ocfl
EXCEPTIONS=""   # "path code" pairs, each with its reason above; none needed

test_expect_success 'the fixture index is there (156 objects)' '
	test -f "$FIX/index.tsv" &&
	test "$(tail -n +2 "$FIX/index.tsv" | wc -l)" -eq 156
'

# One test per fixture. index.tsv: object_path ocfl_version expected error_codes warning_codes ...
awk -F'\t' 'NR > 1 { printf "%s %s %s %s\n", $1, $3, ($4 == "" ? "-" : $4), ($5 == "" ? "-" : $5) }' \
	"$FIX/index.tsv" >fixtures.lst
n=0
while read -r path expected ecodes wcodes; do
	n=$((n + 1))
	test_expect_success "$expected: $path (${ecodes#-}${wcodes#-})" '
		set +e
		wathiqa verify "$FIX/$path" >out 2>err
		rc=$?
		set -e
		case $expected in
		invalid) want=1 ;;
		*) want=0 ;;
		esac
		if [ "$rc" -ne "$want" ]; then
			echo "exit $rc, expected $want"; cat err; exit 1
		fi
		# Every message names a file of the fixture and carries a code.
		if grep -Ev "^wathiqa: $FIX/$path(/.*)?: [EW][0-9]{3}: " err; then
			echo "message without a path and a code"; exit 1
		fi
		seen=$(sed -n "s/^wathiqa: [^ ]*: \([EW][0-9][0-9][0-9]\): .*/\1/p" err | sort -u | tr "\n" " ")
		for code in $(echo "$ecodes,$wcodes" | tr ",-" "  "); do
			case " $seen" in
			*" $code "*) ;;
			*) case " $EXCEPTIONS " in
			   *" $path $code "*) ;;
			   *) echo "$code not reported (saw: $seen)"; cat err; exit 1 ;;
			   esac ;;
			esac
		done
		case $expected in
		valid) is_empty err; grep_q ": valid object$" out ;;
		warning) grep_q ": valid object (" out ;;
		invalid) grep_q ": invalid object (" out ;;
		esac
	'
done <fixtures.lst

test_expect_success 'all 156 fixtures were run' '
	test "$n" -eq 156
'

test_done
