#!/bin/sh
# t6000: wathiqa bag verify on the Library of Congress BagIt conformance suite
# (../shared/conformance/bagit, 60 bags, index.tsv gives the expected verdict).
# Every bag that applies on Linux (platform "any" or POSIX) must get its verdict:
# valid -> exit 0 and no error; warning -> exit 0 with at least one warning;
# invalid -> exit 1 with at least one error. The windows-only bags are checked
# too (a portable validator should still reject them). Each bag is checked as
# a folder and, serialized by bsdtar, as a tar.gz and a zip.
. "$(dirname "$0")/lib.sh"

SUITE=$WQ_SHARED/conformance/bagit

test_expect_success 'the suite is there' '
	test -f "$SUITE/index.tsv" &&
	test "$(tail -n +2 "$SUITE/index.tsv" | wc -l)" -eq 60
'

# check_bag PATH EXPECTED: run the verifier, check exit code, stdout and stderr
# (kept in the scratch folder: the suite's folder is shared and may be read-only)
check_bag() {
	o=$SCRATCH/out e=$SCRATCH/err
	set +e
	wathiqa bag verify "$1" >"$o" 2>"$e"
	rc=$?
	set -e
	case $2 in
	valid)
		[ "$rc" -eq 0 ] || { echo "$1: exit $rc, want 0" >&2; cat "$e" >&2; return 1; }
		grep -q ": valid" "$o" || { echo "$1: stdout" >&2; cat "$o" >&2; return 1; }
		! grep -v "warning:" "$e" | grep -q . || { echo "$1: errors on a valid bag" >&2; cat "$e" >&2; return 1; }
		;;
	warning)
		[ "$rc" -eq 0 ] || { echo "$1: exit $rc, want 0" >&2; cat "$e" >&2; return 1; }
		grep -q "warning:" "$e" || { echo "$1: no warning" >&2; return 1; }
		;;
	invalid)
		[ "$rc" -eq 1 ] || { echo "$1: exit $rc, want 1" >&2; cat "$e" >&2; return 1; }
		grep -q ": invalid, [1-9][0-9]* error" "$o" || { echo "$1: stdout" >&2; cat "$o" >&2; return 1; }
		grep -q "^wathiqa: $1: " "$e" || { echo "$1: no message" >&2; cat "$e" >&2; return 1; }
		;;
	esac
}

# the bags, with their expected verdict, as "path<TAB>expected<TAB>platform"
tail -n +2 "$SUITE/index.tsv" | awk -F'\t' '{ print $1 "\t" $5 "\t" $7 }' >"$SCRATCH/bags"

while IFS='	' read -r bag expected platform; do
	case $platform in
	any|POSIX*) what="" ;;
	Windows*) what=" (windows-only, rejected anyway)" ;;
	*) test_skip "$bag" "platform $platform"; continue ;;
	esac
	test_expect_success "$bag: $expected$what" "
		cd \"$SUITE\" && check_bag \"$bag\" $expected
	"
done <"$SCRATCH/bags"

# Serialized: one top-level folder named after the archive, read without extracting.
test_expect_success 'every bag serialized as tar.gz and zip gets the same verdict' '
	mkdir ser &&
	fails=0 &&
	while IFS="	" read -r bag expected platform; do
		name=$(basename "$bag") &&
		parent=$(dirname "$SUITE/$bag") &&
		bsdtar -czf "ser/$name.tar.gz" -C "$parent" "$name" &&
		bsdtar --format zip -cf "ser/$name.zip" -C "$parent" "$name" &&
		for f in "ser/$name.tar.gz" "ser/$name.zip"; do
			check_bag "$f" "$expected" || fails=$((fails + 1))
		done &&
		rm -f "ser/$name.tar.gz" "ser/$name.zip"
	done <"$SCRATCH/bags" &&
	test "$fails" -eq 0
'

test_expect_success 'several bags in one run: exit status is the worst' '
	cd "$SUITE" &&
	expect_code 1 wathiqa bag verify v1.0/valid/basicBag v0.97/invalid/corrupt-data-file \
		v0.97/valid/basic-bag >"$SCRATCH/out" 2>"$SCRATCH/err" &&
	cd "$SCRATCH" &&
	grep_q "^v1.0/valid/basicBag: valid$" out &&
	grep_q "^v0.97/invalid/corrupt-data-file: invalid" out &&
	grep_q "^v0.97/valid/basic-bag: valid$" out &&
	grep_q "^wathiqa: v0.97/invalid/corrupt-data-file: data/bare-filename: md5 checksum mismatch" err
'

test_expect_success 'md5sum-style lines are accepted with a warning' '
	cd "$SUITE" &&
	wathiqa bag verify v0.97/warning/made-with-md5sum-tools >"$SCRATCH/out" 2>"$SCRATCH/err" &&
	cd "$SCRATCH" &&
	grep_q "manifest-md5.txt:1: warning: md5sum-style" err &&
	grep_q "valid, 4 warnings" out
'

test_done
