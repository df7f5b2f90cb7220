#!/bin/sh
# t2030: schema/wathiqa.rng and teilint --schema.
. "$(dirname "$0")/lib.sh"

FIX=$WQ_TOP/tests/teilint
RNG=$WQ_TOP/schema/wathiqa.rng

test_expect_success '--schema schema/wathiqa.rng gives what the compiled-in schema gives' '
	for f in "$FIX"/valid/*.xml "$FIX"/invalid/*.xml; do
		(cd "$FIX" && teilint "${f#$FIX/}") >a.out 2>a.err; a=$?
		(cd "$FIX" && teilint --schema "$RNG" "${f#$FIX/}") >b.out 2>b.err; b=$?
		test $a = $b && cmp a.err b.err && cmp a.out b.out || { echo "differs: $f"; exit 1; }
	done
'

test_expect_success '--schema: another schema, with an include resolved beside it' '
	mkdir s && cat >s/main.rng <<-\EOR &&
	<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0">
	  <include href="any.rng"/>
	  <start><element name="TEI"><zeroOrMore><attribute><anyName/></attribute></zeroOrMore><ref name="any"/></element></start>
	</grammar>
	EOR
	cat >s/any.rng <<-\EOR &&
	<grammar xmlns="http://relaxng.org/ns/structure/1.0">
	  <define name="any"><zeroOrMore><choice><text/>
	    <element><anyName/><zeroOrMore><attribute><anyName/></attribute></zeroOrMore><ref name="any"/></element>
	  </choice></zeroOrMore></define>
	</grammar>
	EOR
	teilint --schema s/main.rng "$FIX/invalid/outside-subset.xml" 2>err && is_empty err &&
	expect_code 1 teilint "$FIX/invalid/outside-subset.xml" 2>err &&
	grep_q "Did not expect element figure there" err &&
	# the extra rules still run under any schema
	expect_code 1 teilint --schema s/main.rng "$FIX/invalid/bad-bcp47.xml" 2>err &&
	grep_q "TL-LANG-BCP47" err
'

test_expect_success '--schema: a missing schema is trouble (exit 2), no document is checked' '
	expect_code 2 teilint --schema nowhere.rng "$FIX/valid/minimal.xml" >out 2>err &&
	is_empty out &&
	grep_q "^teilint: nowhere.rng: cannot compile the RELAX NG schema$" err
'

test_expect_success '--schema: a file that is not RELAX NG is trouble (exit 2)' '
	echo "<notrng/>" >bad.rng &&
	expect_code 2 teilint --schema bad.rng "$FIX/valid/minimal.xml" >out 2>err &&
	grep_q "^teilint: bad.rng: TL-SCHEMA: " err &&
	grep_q "^teilint: bad.rng: cannot compile the RELAX NG schema$" err &&
	echo "not xml" >bad2.rng &&
	expect_code 2 teilint --schema bad2.rng "$FIX/valid/minimal.xml" 2>err &&
	grep_q "cannot compile the RELAX NG schema" err
'

test_expect_success '--schema without its argument is a usage error' '
	expect_code 2 teilint --schema 2>err && grep_q "^usage: teilint" err
'

if test_have python3; then
	# Element by element: every child element and attribute our schema allows
	# is one tei_all.rng allows on the same element (content order and
	# datatypes are checked by jing on the fixtures, t2010).
	test_expect_success 'schema/wathiqa.rng: each element a subset of the TEI element' '
		cat >subset.py <<-\EOP &&
		import sys, xml.etree.ElementTree as ET
		R = "{http://relaxng.org/ns/structure/1.0}"
		def load(path):
		    t = ET.parse(path); defs = {}
		    for d in t.getroot().iter(R + "define"):
		        defs.setdefault(d.get("name"), []).append(d)
		    return t, defs
		def scan(node, defs, seen, kids, attrs):
		    for c in node:
		        if c.tag == R + "element": kids.add(c.get("name")); continue
		        if c.tag == R + "attribute": attrs.add(c.get("name")); continue
		        if c.tag == R + "ref":
		            n = c.get("name")
		            if n in seen: continue
		            seen.add(n)
		            for d in defs.get(n, []): scan(d, defs, seen, kids, attrs)
		            continue
		        if c.tag.startswith(R): scan(c, defs, seen, kids, attrs)
		def elements(t, defs):
		    res = {}
		    for e in t.getroot().iter(R + "element"):
		        k = set(); a = set(); scan(e, defs, set(), k, a)
		        ok, oa = res.get(e.get("name"), (set(), set()))
		        res[e.get("name")] = (ok | k, oa | a)
		    return res
		mine = elements(*load(sys.argv[1])); tei = elements(*load(sys.argv[2]))
		bad = 0
		for n, (k, a) in sorted(mine.items()):
		    if n not in tei: print("not a TEI element:", n); bad = 1; continue
		    if k - tei[n][0]: print(n, "children TEI does not allow:", sorted(k - tei[n][0])); bad = 1
		    if a - tei[n][1]: print(n, "attributes TEI does not allow:", sorted(a - tei[n][1])); bad = 1
		print(len(mine), "elements")
		sys.exit(bad)
		EOP
		python3 subset.py "$RNG" "$WQ_SHARED/schemas/tei/tei_all.rng" >out &&
		grep_q "^6[0-9] elements$" out &&
		# and the check can fail: an element TEI does not have
		sed "s|<ref name=\"lb\"/>|<ref name=\"lb\"/><element name=\"blink\"><text/></element>|" "$RNG" >wrong.rng &&
		! python3 subset.py wrong.rng "$WQ_SHARED/schemas/tei/tei_all.rng" >out &&
		grep_q "not a TEI element: blink" out
	'
fi

test_done
