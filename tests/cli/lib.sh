# tests/cli/lib.sh - a small TAP harness in git's test-lib shape.
#
# A script sources this file, then runs steps:
#     test_expect_success 'title' '
#         commands ...
#     '
#     test_done
# Each script gets its own scratch folder ($SCRATCH, the current directory
# during steps). The tools come from $WQ_BIN (set by make check-cli), the
# project's top from $WQ_TOP, the shared data from $WQ_SHARED.
# WQ_SANITIZE=1 means the sanitizer build is under test: scripts may skip
# slow reference-tool comparisons there (test_have SLOW).

set -u
: "${WQ_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${WQ_BIN:=$WQ_TOP/bin}"
: "${WQ_SHARED:=$(cd "$WQ_TOP/../shared" 2>/dev/null && pwd)}"
: "${WQ_SANITIZE:=0}"
export WQ_TOP WQ_BIN WQ_SHARED WQ_SANITIZE
PATH=$WQ_BIN:$PATH
export PATH
export LC_ALL=C.UTF-8
export SOURCE_DATE_EPOCH=1706054400   # 2024-01-24: reproducible outputs
unset WATHIQA_STORE

test_name=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/wq-$test_name.XXXXXX")
export TMPDIR_ORIG="${TMPDIR:-/tmp}"
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || exit 2

test_count=0
test_failed=0

say() { printf '# %s\n' "$*"; }

test_expect_success() {
	test_count=$((test_count + 1))
	if (eval "set -e; $2") >"$SCRATCH/.out" 2>&1; then
		printf 'ok %d - %s\n' "$test_count" "$1"
	else
		test_failed=$((test_failed + 1))
		printf 'not ok %d - %s\n' "$test_count" "$1"
		sed 's/^/#   /' "$SCRATCH/.out" | head -n 60
	fi
}

test_skip() {
	test_count=$((test_count + 1))
	printf 'ok %d # skip %s (%s)\n' "$test_count" "$1" "$2"
}

test_done() {
	printf '1..%d\n' "$test_count"
	[ "$test_failed" -eq 0 ]
}

# test_have SLOW: false under the sanitizer build (skip reference-tool runs there).
test_have() {
	case $1 in
	SLOW) [ "$WQ_SANITIZE" != 1 ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# expect_code N cmd...: run cmd, fail unless it exits with N.
expect_code() {
	want=$1; shift
	set +e; "$@"; got=$?; set -e
	if [ "$got" -ne "$want" ]; then
		echo "expected exit $want, got $got: $*" >&2
		return 1
	fi
}

# grep_q PATTERN FILE: like grep -q, but shows the file on failure.
grep_q() {
	if ! grep -q -e "$1" "$2"; then
		echo "pattern not found: $1 in $2:" >&2
		head -n 40 "$2" >&2
		return 1
	fi
}

# is_empty FILE: fail (showing it) unless FILE is empty.
is_empty() {
	if [ -s "$1" ]; then
		echo "expected $1 to be empty:" >&2
		head -n 40 "$1" >&2
		return 1
	fi
}

# jing_tei FILE...: valid against the official tei_all.rng
jing_tei() { jing "$WQ_SHARED/schemas/tei/tei_all.rng" "$@"; }

# epubcheck_java FILE.epub: the Debian reference validator, zero errors/warnings
epubcheck_java() {
	java -jar /usr/share/java/epubcheck.jar "$1" >"$SCRATCH/.epubcheck" 2>&1 || {
		cat "$SCRATCH/.epubcheck" >&2; return 1; }
	if grep -qE '^(WARNING|ERROR|FATAL)' "$SCRATCH/.epubcheck"; then
		cat "$SCRATCH/.epubcheck" >&2; return 1
	fi
}

# samples: the four statements
SAMPLES="$WQ_TOP/samples"
