/*
 * xmlsafe.c - libxml2 kept from reading anything but the document, and its
 * messages made fit for "prog: FILE:LINE:COL: message" lines.
 */
#include <stddef.h>
#include <string.h>

#include <libxml/parser.h>

#include "wathiqa.h"

/* The external entity loader: nothing from outside, ever (no DTD, no entity, no URL). */
static xmlParserInputPtr
refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void
wq_xml_refuse_external(void)
{
	xmlSetExternalEntityLoader(refuse_entity);
}

size_t
wq_xml_oneline(char *msg)
{
	size_t n = strlen(msg);

	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	for (char *q = msg; *q; q++) /* one message, one line */
		if (*q == '\n' || *q == '\r')
			*q = ' ';
	return n;
}
