#!/bin/sh
# mkcorpus.sh OUTDIR [CASE...]: build the valid fixture book and the
# broken-EPUB corpus into OUTDIR/CASE.epub, from the plain files in
# tests/epub/book/ (nothing generated is kept in the repository).
#
# Every case is a function case_NAME that edits a fresh copy of the book
# in the current directory; the copy is then packed the EPUB way
# (mimetype stored and first, no extra fields, then the rest, sorted),
# unless the case packs it itself (then the case writes $o itself).
# With no CASE, every case listed in expected.tsv is built.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: mkcorpus.sh OUTDIR [CASE...]" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/mkcorpus.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TZ=UTC

# pack DIR OUT: the EPUB way
pack() {
	(cd "$1" && rm -f "$2" &&
	 find . -exec touch -h -d '2024-01-24 00:00:00' {} + &&
	 zip -X0 -q "$2" mimetype &&
	 find . -type f ! -name mimetype -o -type l | sed 's,^\./,,' | LC_ALL=C sort |
	    zip -X -y -q -@ "$2")
}
# rest DIR OUT: everything but mimetype, appended
rest() {
	(cd "$1" && find . -exec touch -h -d '2024-01-24 00:00:00' {} + &&
	 find . -type f ! -name mimetype -o -type l | sed 's,^\./,,' | LC_ALL=C sort |
	    zip -X -y -q -@ "$2")
}
# sub FILE PERL-EXPR: edit a file in place
sub() { perl -0777 -pi -e "$2" "$1"; }
opf=OEBPS/content.opf

# ---- the cases -------------------------------------------------------------
case_valid() { :; }
case_mimetype_compressed() {
	touch -d '2024-01-24 00:00:00' mimetype
	bsdtar --format zip --options zip:compression=deflate -cf "$o" mimetype
	rest . "$o"
}
case_mimetype_not_first() {
	rest . "$o"; zip -X0 -q "$o" mimetype
}
case_mimetype_newline() { printf 'application/epub+zip\n' > mimetype; }
case_mimetype_wrong() { printf 'application/zip' > mimetype; }
case_mimetype_missing() { rm mimetype; rest . "$o"; }
case_mimetype_extra_field() {
	touch -d '2024-01-24 00:00:00' mimetype
	zip -0 -q "$o" mimetype; rest . "$o"
}
case_container_missing() { rm META-INF/container.xml; }
case_container_bad_path() { sub META-INF/container.xml 's/content\.opf/package.opf/'; }
case_container_not_wellformed() { sub META-INF/container.xml 's,</rootfiles>,,'; }
case_opf_not_wellformed() { sub $opf 's,</manifest>,,'; }
case_manifest_file_missing() { rm OEBPS/text/ch2.xhtml; sub OEBPS/nav.xhtml 's,<li><a href="text/ch2[^\n]*\n,,'; sub OEBPS/text/ch1.xhtml 's,<a href="ch2[^<]*</a> and ,,'; }
case_manifest_item_missing() {
	sub $opf 's,<item id="css"[^\n]*\n,,'
}
case_file_not_manifested() { echo 'notes' > OEBPS/notes.txt; }
case_spine_bad_direction() { sub $opf 's,<spine>,<spine page-progression-direction="right-to-left">,'; }
case_spine_idref_unknown() { sub $opf 's,idref="ch2",idref="ch3",'; }
case_spine_duplicate() { sub $opf 's,(<itemref idref="ch2"/>),$1<itemref idref="ch2"/>,'; }
case_manifest_duplicate_id() { sub $opf 's,id="css",id="ch1",'; }
case_manifest_duplicate_href() { sub $opf 's,(<item id="ch2"[^\n]*\n),$1<item id="ch2b" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>\n,'; }
case_no_title() { sub $opf 's,<dc:title>[^\n]*\n,,'; }
case_no_identifier() { sub $opf 's,<dc:identifier[^\n]*\n,,'; }
case_no_language() { sub $opf 's,<dc:language>[^\n]*\n,,g'; }
case_no_modified() { sub $opf 's,<meta property="dcterms:modified"[^\n]*\n,,'; }
case_unique_identifier_bad() { sub $opf 's,unique-identifier="uid",unique-identifier="bookid",'; }
case_no_unique_identifier() { sub $opf 's, unique-identifier="uid",,'; }
case_no_nav() { sub $opf 's, properties="nav",,'; }
case_two_navs() { sub $opf 's,(<item id="ch1"[^>]*)/>,$1 properties="nav"/>,'; }
case_nav_no_toc() { sub OEBPS/nav.xhtml 's,epub:type="toc",epub:type="lot",'; }
case_nav_remote_link() { sub OEBPS/nav.xhtml 's,<a href="text/ch2\.xhtml#top">,<a href="https://example.org/ch2.xhtml">,'; }
case_nav_link_broken() { sub OEBPS/nav.xhtml 's,text/ch2\.xhtml#top,text/ch3.xhtml,'; }
case_nav_fragment_broken() { sub OEBPS/nav.xhtml 's,#s2,#s9,'; }
case_link_broken() { sub OEBPS/text/ch1.xhtml 's,href="ch2\.xhtml#values",href="ch9.xhtml",'; }
case_fragment_broken() { sub OEBPS/text/ch1.xhtml 's,href="#s1",href="#nowhere",'; }
case_xhtml_not_wellformed() { sub OEBPS/text/ch1.xhtml 's,</section>\n<section,</div>\n<section,'; }
case_xhtml_bad_utf8() { sub OEBPS/text/ch1.xhtml 's,below,b\xe9low,'; }
case_xhtml_latin1() {
	sub OEBPS/text/ch1.xhtml 's,encoding="UTF-8",encoding="ISO-8859-1",; s,<meta charset="UTF-8"/>\n,,; s,below,b\xe9low,'
}
case_xhtml_doctype_xhtml11() { sub OEBPS/text/ch1.xhtml 's,<!DOCTYPE html>,<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">,'; }
case_xhtml_no_title() { sub OEBPS/text/ch1.xhtml 's,<title>[^\n]*\n,,'; }
case_xhtml_lang_mismatch() { sub OEBPS/text/ch1.xhtml 's,lang="en" xml:lang="en",lang="en" xml:lang="fr",'; }
case_xhtml_bad_dir() { sub OEBPS/text/ch2.xhtml 's, dir="rtl">, dir="right">,'; }
case_xhtml_duplicate_id() { sub OEBPS/text/ch1.xhtml 's,<section id="s2">,<section id="s1">,'; }
case_duplicate_casefold() {
	cp OEBPS/text/ch1.xhtml OEBPS/text/CH1.xhtml
	sub $opf 's,(<item id="ch2"[^\n]*\n),$1<item id="ch1u" href="text/CH1.xhtml" media-type="application/xhtml+xml"/>\n,; s,(<itemref idref="ch2"/>),$1<itemref idref="ch1u"/>,'
}
case_duplicate_nfc() {
	# "é" precomposed (U+00E9) and decomposed (e U+0301)
	cp OEBPS/text/ch1.xhtml "OEBPS/text/$(printf 'caf\303\251').xhtml"
	cp OEBPS/text/ch1.xhtml "OEBPS/text/$(printf 'cafe\314\201').xhtml"
	sub $opf 's,(<item id="ch2"[^\n]*\n),$1<item id="c1" href="text/caf\xc3\xa9.xhtml" media-type="application/xhtml+xml"/>\n<item id="c2" href="text/cafe\xcc\x81.xhtml" media-type="application/xhtml+xml"/>\n,; s,(<itemref idref="ch2"/>),$1<itemref idref="c1"/><itemref idref="c2"/>,'
}
case_filename_illegal_char() {
	mv OEBPS/css/style.css 'OEBPS/css/st:yle.css'
	sub $opf 's,css/style\.css,css/st:yle.css,'
	for f in OEBPS/nav.xhtml OEBPS/text/ch1.xhtml OEBPS/text/ch2.xhtml; do sub $f 's,css/style\.css,css/st%3Ayle.css,'; done
}
case_filename_trailing_dot() {
	echo 'notes' > OEBPS/notes.
	sub $opf 's,(<item id="ch2"[^\n]*\n),$1<item id="notes" href="notes." media-type="text/plain"/>\n,'
}
case_filename_not_utf8() { printf 'notes\n' > "OEBPS/caf$(printf '\351').txt"; }
case_filename_space() {
	mv OEBPS/css/style.css 'OEBPS/css/my style.css'
	sub $opf 's,css/style\.css,css/my%20style.css,'
	for f in OEBPS/nav.xhtml OEBPS/text/ch1.xhtml OEBPS/text/ch2.xhtml; do sub $f 's,css/style\.css,css/my%20style.css,'; done
}
case_path_traversal() {
	echo 'evil' > OEBPS/evil.txt
	pack . "$o"; perl -0777 -pi -e 's{OEBPS/evil\.txt}{../../evil.txt}g' "$o"
}
case_absolute_path() {
	echo 'evil' > OEBPS/abs.txt
	pack . "$o"; perl -0777 -pi -e 's{OEBPS/abs\.txt}{/tmp/evil.txt}g' "$o"
}
case_symlink() { ln -s /etc/passwd OEBPS/passwd; }
case_truncated() { pack . "$o"; head -c 1500 "$o" > "$o.t" && mv "$o.t" "$o"; }
case_not_a_zip() { printf 'this is not a zip file\n' > "$o"; }
case_empty_file() { : > "$o"; }
case_encrypted_entry() {
	pack . "$o"; zip -d -q "$o" OEBPS/css/style.css
	(cd OEBPS/.. && zip -X -q -P secret "$o" OEBPS/css/style.css)
}
case_encrypted_ocf() {
	# ch2.xhtml listed in META-INF/encryption.xml (AES) and not readable XML
	printf '\000\377\001garbage\376' > OEBPS/text/ch2.xhtml
	cat > META-INF/encryption.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>
    <enc:CipherData><enc:CipherReference URI="OEBPS/text/ch2.xhtml"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>
EOF
}
case_remote_resource() { sub OEBPS/text/ch1.xhtml 's,(<p>The parties),<img src="https://example.org/a.png" alt="a"/>\n$1,'; }
case_zip_bomb_small() {
	# 32 MiB of zeros in one manifested entry (ratio ~1000:1), under the limits
	head -c 33554432 /dev/zero > OEBPS/zeros.bin
	sub $opf 's,(<item id="ch2"[^\n]*\n),$1<item id="z" href="zeros.bin" media-type="application/octet-stream"/>\n,'
}

# ---- driver ----------------------------------------------------------------
if [ $# -eq 0 ]; then
	set -- $(grep -v '^#' "$here/expected.tsv" | cut -f1)
fi
for c in "$@"; do
	fn=case_$(echo "$c" | tr - _)
	d=$work/$c
	rm -rf "$d"; cp -R "$here/book" "$d"
	o=$out/$c.epub; rm -f "$o"
	(cd "$d" && $fn) || { echo "mkcorpus: case $c failed" >&2; exit 1; }
	if [ ! -f "$o" ]; then pack "$d" "$o"; fi
	rm -rf "$d"
done
