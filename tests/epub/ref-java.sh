#!/bin/sh
# ref-java.sh FILE.epub...: run the Debian epubcheck (Java) over each file;
# print "CASE<TAB>valid|invalid<TAB>IDS", IDS the sorted distinct IDs of its
# FATAL, ERROR and WARNING messages ("-" if none). About 3 s per file.
for f in "$@"; do
	out=$(java -jar /usr/share/java/epubcheck.jar "$f" 2>&1); rc=$?
	ids=$(printf '%s\n' "$out" | sed -n 's/^\(FATAL\|ERROR\|WARNING\)(\([A-Z]*-[0-9]*[a-z]*\)).*/\2/p' |
	    LC_ALL=C sort -u | paste -sd, -)
	[ "$rc" -eq 0 ] && v=valid || v=invalid
	printf '%s\t%s\t%s\n' "$(basename "$f" .epub)" "$v" "${ids:--}"
done
