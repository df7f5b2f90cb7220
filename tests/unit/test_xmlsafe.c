/* test_xmlsafe.c - the refusing entity loader and one-line libxml2 messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "wathiqa.h"

/*
 * Parse a document whose internal subset declares an external entity for
 * path, with the given parser options; return the root's text
 * (caller frees with xmlFree), or NULL when the document did not parse.
 */
static char *
text_with_entity(const char *path, int options)
{
	char doc[1024];
	xmlDocPtr d;
	xmlChar *t = NULL;

	snprintf(doc, sizeof doc,
	         "<!DOCTYPE a [<!ENTITY e SYSTEM \"%s\">]><a>[&e;]</a>", path);
	d = xmlReadMemory(doc, (int)strlen(doc), "t.xml", NULL,
	                  options | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (d != NULL && xmlDocGetRootElement(d) != NULL)
		t = xmlNodeGetContent(xmlDocGetRootElement(d));
	xmlFreeDoc(d);
	return (char *)t;
}

static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void
refuse_external(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	xmlExternalEntityLoader before;
	char *t;
	int fd;
	(void)state;

	xmlSetGenericErrorFunc(NULL, quiet);
	snprintf(path, sizeof path, "%s/test_xmlsafe.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "secret", 6), 6);
	close(fd);

	/* libxml2's own loader reads the file: the test can tell */
	before = xmlGetExternalEntityLoader();
	t = text_with_entity(path, XML_PARSE_NOENT | XML_PARSE_DTDLOAD);
	assert_non_null(t);
	assert_string_equal(t, "[secret]");
	xmlFree(t);
	/* the safe options alone substitute nothing */
	t = text_with_entity(path, WQ_XML_SAFE_OPTIONS);
	assert_non_null(t);
	assert_null(strstr(t, "secret"));
	xmlFree(t);

	wq_xml_refuse_external();
	assert_true(xmlGetExternalEntityLoader() != before);
	t = text_with_entity(path, XML_PARSE_NOENT | XML_PARSE_DTDLOAD);
	if (t != NULL)
		assert_null(strstr(t, "secret"));
	xmlFree(t);

	xmlSetExternalEntityLoader(before);
	unlink(path);
}

static void
oneline(void **state)
{
	char a[] = "Opening and ending tag mismatch: a line 1 and b\n";
	char b[] = "one\ntwo\r\nthree \n\n";
	char c[] = "";
	char d[] = "\n \n";
	char e[] = "cr at the end\r";
	char f[] = "no newline";
	(void)state;

	assert_int_equal(wq_xml_oneline(a), strlen("Opening and ending tag mismatch: a line 1 and b"));
	assert_string_equal(a, "Opening and ending tag mismatch: a line 1 and b");
	assert_int_equal(wq_xml_oneline(b), 14);
	assert_string_equal(b, "one two  three");
	assert_int_equal(wq_xml_oneline(c), 0);
	assert_string_equal(c, "");
	assert_int_equal(wq_xml_oneline(d), 0);
	assert_string_equal(d, "");
	/* only LF and space are cut at the end; a CR there becomes a space */
	assert_int_equal(wq_xml_oneline(e), 14);
	assert_string_equal(e, "cr at the end ");
	assert_int_equal(wq_xml_oneline(f), 10);
	assert_string_equal(f, "no newline");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuse_external),
		cmocka_unit_test(oneline),
	};
	int rc;

	LIBXML_TEST_VERSION
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
