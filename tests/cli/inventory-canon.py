#!/usr/bin/env python3
"""inventory-canon.py FILE: exit 0 if FILE is laid out as wathiqa writes an inventory.

That is json.dumps(indent=2, sort_keys=True, ensure_ascii=False) and a newline, but for
the paths of each manifest and state digest, on the digest's line: "DIGEST": [ "a", "b" ]
(as in the OCFL specification's examples).
"""
import json
import re
import sys

raw = open(sys.argv[1], "rb").read()
lines = json.dumps(json.loads(raw), indent=2, sort_keys=True, ensure_ascii=False).split("\n")
out, i = [], 0
while i < len(lines):
    # a manifest digest (4 spaces in) or a state digest (8), with its array of paths
    m = re.match(r'^( {4}| {8})"[0-9a-f]+": \[$', lines[i])
    if m is None:
        out.append(lines[i])
        i += 1
        continue
    j, items = i + 1, []
    while not re.match("^" + m.group(1) + r"\],?$", lines[j]):
        items.append(lines[j].strip().rstrip(","))
        j += 1
    out.append(lines[i] + " " + ", ".join(items) + " ]" + ("," if lines[j].endswith(",") else ""))
    i = j + 1
sys.exit(0 if ("\n".join(out) + "\n").encode() == raw else 1)
