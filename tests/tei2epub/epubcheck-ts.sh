#!/bin/sh
# epubcheck-ts.sh FILE.epub: the npm EPUBCheck 5 port (@likecoin/epubcheck-ts),
# zero errors and zero warnings. Exit 0 valid, 1 invalid, 2 not installed.
# Usage messages (best practices) are not asked for; warnings fail.
top=${WQ_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cli=$top/.deps/node_modules/@likecoin/epubcheck-ts/bin/epubcheck.js
[ -f "$cli" ] && command -v node >/dev/null 2>&1 || { echo "epubcheck-ts not installed" >&2; exit 2; }
out=$(node "$cli" "$1" -w --fail-on-warnings 2>&1)
st=$?
if [ $st -ne 0 ] || printf '%s\n' "$out" | grep -qE '(ERROR|WARNING|FATAL) \(|(Errors|Warnings): *[1-9]'; then
	printf '%s\n' "$out" >&2
	exit 1
fi
exit 0
