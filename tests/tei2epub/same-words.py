#!/usr/bin/env python3
"""same-words.py TEI.xml TEXT: every word of the TEI's <text>, in order, is in TEXT.

TEXT is what a reader extracted (pandoc -f epub -t plain). Words are
white-space separated (Unicode white space, so a no-break space splits too),
with punctuation and symbols trimmed from both ends; TEXT may hold more
words (list numbers, metadata lines, titles) but never fewer or reordered.
Exit 0 if so; 1 with the first missing word and its context if not.
"""
import sys
import unicodedata
import xml.etree.ElementTree as ET

TEI = "{http://www.tei-c.org/ns/1.0}"


def words(s):
    out = []
    for tok in unicodedata.normalize("NFC", s).split():
        i, j = 0, len(tok)
        while i < j and unicodedata.category(tok[i])[0] in "PS":
            i += 1
        while j > i and unicodedata.category(tok[j - 1])[0] in "PS":
            j -= 1
        if i < j:
            out.append(tok[i:j])
    return out


# Elements that separate words even when no white space surrounds them.
BREAKS = {TEI + n for n in ("lb", "pb", "cb", "p", "head", "item", "cell", "row",
                           "l", "list", "table", "div", "closer", "signed", "dateline")}


def flat(el):
    """The text of el; breaks and blocks count as white space."""
    if el.tag in BREAKS:
        yield " "
    if el.text:
        yield el.text
    for child in el:
        yield from flat(child)
        if child.tail:
            yield child.tail
    if el.tag in BREAKS:
        yield " "


def main():
    root = ET.parse(sys.argv[1]).getroot()
    text = root.find(TEI + "text")
    if text is None:
        print("no text element in " + sys.argv[1], file=sys.stderr)
        return 1
    want = words("".join(flat(text)))
    with open(sys.argv[2], encoding="utf-8") as f:
        have = words(f.read())
    k = 0
    for i, w in enumerate(want):
        while k < len(have) and have[k] != w:
            k += 1
        if k == len(have):
            print("word %d of %d missing: %r after %r" % (i + 1, len(want), w,
                  " ".join(want[max(0, i - 8):i])), file=sys.stderr)
            return 1
        k += 1
    if not want:
        print("no words in the TEI text", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
