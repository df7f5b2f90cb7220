#!/bin/sh
# t2020: teilint on hostile input: entity bombs, external entities, network
# DTDs, deep nesting, garbage. Never a crash, never a byte fetched.
. "$(dirname "$0")/lib.sh"

FIX=$WQ_TOP/tests/teilint/invalid

# peak RSS in KB of a command (GNU time), or empty when not measurable
peak_kb() {
	/usr/bin/time -f "%M" -o rss.txt "$@" >/dev/null 2>&1 || :
	tail -n 1 rss.txt
}

test_expect_success 'billion laughs: refused by the entity limits, quickly' '
	start=$(date +%s) &&
	expect_code 1 teilint "$FIX/billion-laughs.xml" >out 2>err &&
	end=$(date +%s) && test $((end - start)) -lt 10 &&
	is_empty out &&
	grep_q "^teilint: .*billion-laughs.xml:[0-9:]*: TL-XML: Detected an entity reference loop$" err
'

if test_have SLOW && test -x /usr/bin/time; then
	test_expect_success 'billion laughs: peak memory stays under 32 MB' '
		kb=$(peak_kb teilint "$FIX/billion-laughs.xml") &&
		echo "peak $kb KB" && test "$kb" -lt 32768
	'
	test_expect_success 'quadratic blowup (one 100 KB entity used 20,000 times): small and quick' '
		awk "BEGIN { e = \"a\"; while (length(e) < 100000) e = e e;
			printf \"<?xml version=\\\"1.0\\\"?><!DOCTYPE TEI [<!ENTITY e \\\"%s\\\">]>\", e;
			printf \"<TEI xmlns=\\\"http://www.tei-c.org/ns/1.0\\\"><p>\";
			for (i = 0; i < 20000; i++) printf \"&e;\"; print \"</p></TEI>\" }" >quad.xml &&
		test "$(wc -c <quad.xml)" -gt 100000 &&
		kb=$(peak_kb teilint quad.xml) && echo "peak $kb KB" && test "$kb" -lt 65536 &&
		expect_code 1 teilint quad.xml 2>err &&
		grep_q "TL-ENTITY: entity reference &e;" err
	'
else
	test_skip 'peak memory of entity bombs' 'no GNU time, or sanitizer build'
fi

test_expect_success 'an external entity naming a local file is never read' '
	cp "$FIX/external-entity.xml" "$FIX/secret.txt" . &&
	secret=$(cat secret.txt) &&
	expect_code 1 teilint external-entity.xml >out 2>err &&
	! grep -q "$secret" out err &&
	grep_q "TL-ENTITY: reference to the external entity &xxe;" err
'

if test_have xmllint; then
	test_expect_success 'the same file with entity substitution would leak the secret (the test can fail)' '
		cp "$FIX/external-entity.xml" "$FIX/secret.txt" . &&
		xmllint --noent external-entity.xml >leak.xml 2>/dev/null &&
		grep -q "$(cat secret.txt)" leak.xml
	'
fi

if test_have python3; then
	# A listener on 127.0.0.1 that logs every connection, to prove none is made.
	cat >listen.py <<-\EOP
	import socket, sys, time
	s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8); s.settimeout(0.2)
	open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
	import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
	end = time.time() + 30
	while time.time() < end and not os.path.exists(sys.argv[3]):
	    try:
	        c, _ = s.accept()
	        open(sys.argv[2], "a").write("connection\n")
	        c.recv(4096)
	        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/xml-dtd\r\n\r\n<!ENTITY x \"fetched\">")
	        c.close()
	    except socket.timeout:
	        pass
	EOP
	test_expect_success 'network DTD and parameter entity: no connection is ever made' '
		: >conns && python3 listen.py port conns stop &
		pid=$!
		i=0; while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		port=$(cat port) &&
		sed "s|http://127.0.0.1:9/|http://127.0.0.1:$port/|" "$FIX/network-dtd.xml" >dtd.xml &&
		sed "s|http://127.0.0.1:9/|http://127.0.0.1:$port/|" "$FIX/network-parameter-entity.xml" >pe.xml &&
		{ expect_code 1 teilint dtd.xml pe.xml 2>err; rc=$?; } &&
		grep_q "TL-DOCTYPE: document type declaration with the external DTD \"http://127.0.0.1:$port/tei.dtd\"" err &&
		is_empty conns &&
		# the listener works: a client that does load DTDs connects
		if test_have xmllint; then
			xmllint --noout --loaddtd dtd.xml >/dev/null 2>&1 || :
			test -s conns
		fi
		st=$?; touch stop; wait $pid; exit $st
	'
fi

test_expect_success 'nesting deeper than 256 elements: refused, no crash' '
	awk "BEGIN { printf \"<TEI xmlns=\\\"http://www.tei-c.org/ns/1.0\\\">\";
		for (i = 0; i < 100000; i++) printf \"<hi>\"; for (i = 0; i < 100000; i++) printf \"</hi>\";
		print \"</TEI>\" }" >deep.xml &&
	expect_code 1 teilint deep.xml 2>err &&
	grep_q "TL-XML: Excessive depth in document: 256" err
'

test_expect_success 'binary garbage, truncated documents, a NUL byte: exit 1, no crash' '
	head -c 4096 /dev/urandom >garbage.xml 2>/dev/null || dd if=/dev/urandom of=garbage.xml bs=4096 count=1 2>/dev/null
	expect_code 1 teilint garbage.xml 2>err && test -s err &&
	head -c 300 "$WQ_TOP/tests/teilint/valid/minimal.xml" >cut.xml &&
	expect_code 1 teilint cut.xml 2>err && grep_q "TL-XML" err &&
	printf "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\0</TEI>" >nul.xml &&
	expect_code 1 teilint nul.xml 2>err && grep_q "TL-XML" err
'

test_done
