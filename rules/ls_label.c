/* ls_label.c: the vocabulary of labels a liaison statement's fields go by, and how a line is read as one:
 * "Title:", "Title:*", "Title*", or without a colon in a page's header block ("From Group ccamp"). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ls_label.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *label; /* normalised: lower case, single spaces, no trailing dot */
	enum ls_label id;
} labels[] = {
    {"ls number", L_REF},
    {"liaison number", L_REF},
    {"document number", L_REF},
    {"document no", L_REF},
    {"doc number", L_REF},
    {"our reference", L_REF},
    {"tdoc", L_REF},
    {"question(s)", L_QUESTION},
    {"question", L_QUESTION},
    {"questions", L_QUESTION},
    {"source", L_SOURCE},
    {"from", L_FROM},
    {"from group", L_FROM},
    {"from groups", L_FROM},
    {"from contact", L_CONTACT},
    {"from contacts", L_CONTACT},
    {"title", L_TITLE},
    {"for action to", L_ACTION},
    {"for action", L_ACTION},
    {"action to", L_ACTION},
    {"for comment to", L_COMMENT},
    {"for comment", L_COMMENT},
    {"for comments to", L_COMMENT},
    {"for comments", L_COMMENT},
    {"for information to", L_INFO},
    {"for information", L_INFO},
    {"for info to", L_INFO},
    {"for info", L_INFO},
    {"to", L_TO},
    {"to group", L_TO},
    {"to groups", L_TO},
    {"to contact", L_OTHER},
    {"to contacts", L_OTHER},
    {"action holder contacts", L_OTHER},
    {"liaison to", L_TO},
    {"addressee", L_TO},
    {"addressees", L_TO},
    {"cc", L_CC},
    {"copy", L_CC},
    {"copy to", L_CC},
    {"copies to", L_CC},
    {"approval", L_APPROVAL},
    {"approved", L_APPROVAL},
    {"approved at", L_APPROVAL},
    {"deadline", L_DEADLINE},
    {"reply by", L_DEADLINE},
    {"response by", L_DEADLINE},
    {"respond by", L_DEADLINE},
    {"response deadline", L_DEADLINE},
    {"due date", L_DEADLINE},
    {"action due date", L_DEADLINE},
    {"reply deadline", L_DEADLINE},
    {"contact", L_CONTACT},
    {"contacts", L_CONTACT},
    {"contact(s)", L_CONTACT},
    {"contact person", L_CONTACT},
    {"contact persons", L_CONTACT},
    {"contact person(s)", L_CONTACT},
    {"email of secretary", L_CONTACT},
    {"send replies to", L_CONTACT},
    {"send reply to", L_CONTACT},
    {"replies to", L_CONTACT},
    {"e-mail of secretary", L_CONTACT},
    {"abstract", L_ABSTRACT},
    {"summary", L_ABSTRACT},
    {"overall description", L_ABSTRACT},
    {"response to", L_RESPONSE},
    {"in response to", L_RESPONSE},
    {"reply to", L_RESPONSE},
    {"in reply to", L_RESPONSE},
    {"responding to", L_RESPONSE},
    {"release", L_RELEASE},
    {"work item", L_WORKITEM},
    {"work items", L_WORKITEM},
    {"work item(s)", L_WORKITEM},
    {"send any reply ls to", L_REPLYLS},
    {"send any reply to", L_REPLYLS},
    {"attachment", L_ATTACH},
    {"attachments", L_ATTACH},
    {"attachment(s)", L_ATTACH},
    {"decision/action requested", L_DECISION},
    {"decision / action requested", L_DECISION},
    {"action requested", L_DECISION},
    {"decision requested", L_DECISION},
    {"actions requested", L_DECISION},
    {"actions", L_DECISION},
    {"action(s)", L_DECISION},
    {"purpose", L_PURPOSE},
    {"for", L_PURPOSE},
    {"submission date", L_SUBMITTED},
    {"submitted date", L_SUBMITTED},
    {"posted date", L_SUBMITTED},
    {"url of the ietf web page", L_URL},
    {"document type", L_DOCTYPE},
    {"expected action", L_EXPECTED},
    {"referenced liaisons", L_REFERENCED},
    {"referenced liaison", L_REFERENCED},
    {"related liaisons", L_REFERENCED},
    {"liaisons referred by this one", L_REFERENCED},
    {"liaisons referring to this one", L_OTHER},
    {"response contacts", L_RESPCONTACT},
    {"response contact", L_RESPCONTACT},
    {"technical contacts", L_TECHCONTACT},
    {"technical contact", L_TECHCONTACT},
    {"body", L_BODY},
    {"action", L_ACTIONPARA},
    {"name", L_SUB},
    {"e-mail", L_SUB},
    {"email", L_SUB},
    {"e-mail address", L_SUB},
    {"email address", L_SUB},
    {"e-mail addresses", L_SUB},
    {"tel", L_SUB},
    {"phone", L_SUB},
    {"telephone", L_SUB},
    {"fax", L_SUB},
    {"mobile", L_SUB},
    {"organization", L_SUB},
    {"tel. number", L_SUB},
    {"tel. no", L_SUB},
    {"tel no", L_SUB},
    {"tel.", L_SUB},
    {"telephone number", L_SUB},
    {"phone number", L_SUB},
    {"mobile number", L_SUB},
    {"fax number", L_SUB},
    {"e-mail addr", L_SUB},
    {"organisation", L_SUB},
    {"country", L_SUB},
    {"address", L_SUB},
    {"company", L_SUB},
    {"ref", L_REFERENCE},
    {"reference", L_REFERENCE},
    {"references", L_REFERENCE},
    {"original", L_OTHER},
    {"meeting", L_OTHER},
    {"agenda item", L_OTHER},
    {"date", L_OTHER},
    {"subject", L_SUBJECT},
    {"wg(s)", L_OTHER},
    {"location", L_OTHER},
    {"status", L_STATUS},
    {"study period", L_OTHER},
    {"your reference", L_OTHER},
    {"note", L_OTHER},
    {"sent", L_OTHER},
    {"secretariat", L_OTHER},
    {"state", L_OTHER},
    {"doc#", L_REF},
};

enum ls_class
ls_label_class(enum ls_label l)
{
	switch (l) {
	case L_TITLE:
	case L_SUBJECT: return C_TITLE;
	case L_ACTION:
	case L_COMMENT:
	case L_INFO:
	case L_TO:
	case L_CC:
	case L_ATTACH:
	case L_REFERENCED:
	case L_REFERENCE:
	case L_RESPCONTACT:
	case L_TECHCONTACT:
	case L_RESPONSE: return C_LIST;
	case L_CONTACT:
	case L_REPLYLS: return C_CONTACT;
	case L_ABSTRACT:
	case L_DECISION:
	case L_EXPECTED:
	case L_BODY:
	case L_ACTIONPARA: return C_PARA;
	default: return C_ONE;
	}
}

static enum ls_label
lookup(const char *norm)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++)
		if (strcmp(norm, labels[i].label) == 0)
			return labels[i].id;
	return L_NONE;
}

/* "Title:", "Title:*" and "Title*:" (oneM2M marks mandatory fields so), or a cover-table cell "Title". */
enum ls_label
ls_colon_label(const struct ls_line *ln, size_t *voff)
{
	char norm[72];
	size_t k, n = 0, words = 1;
	const char *s = ln->s;
	enum ls_label l;

	for (k = 0; k < ln->len && k < 64 && s[k] != ':'; k++) {
		unsigned char c = (unsigned char)s[k];
		if (!isalnum(c) && !ls_sp(c) && !strchr("()/.-&'#*", c))
			return L_NONE;
		if (ls_sp(c)) {
			if (n && norm[n - 1] != ' ')
				norm[n++] = ' ', words++;
			continue;
		}
		if (c != '*')
			norm[n++] = (char)tolower(c);
	}
	if (k == ln->len && ln->table >= 0) {
		/* a cover-table cell holding a label without its colon */
	} else if (k >= ln->len || k >= 64 || s[k] != ':') {
		return L_NONE;
	} else if (k + 1 < ln->len && s[k + 1] == '/') {
		return L_NONE; /* a URL */
	}
	while (n && (norm[n - 1] == ' ' || norm[n - 1] == '.'))
		n--;
	norm[n] = '\0';
	if ((l = lookup(norm)) != L_NONE) {
		*voff = k < ln->len ? k + 1 : k;
		if (*voff < ln->len && s[*voff] == '*')
			(*voff)++;
		return l;
	}
	if (k == ln->len)
		return L_NONE;
	/* an unknown short label still ends the field above it */
	if (words <= 3 && n <= 30 && (k + 1 == ln->len || ls_sp((unsigned char)s[k + 1]) || s[k + 1] == '*')) {
		*voff = k + 1;
		return L_OTHER;
	}
	return L_NONE;
}

/*
 * A label without a colon at the start of a line, its value after a space ("From Group ccamp",
 * "Purpose For action", "Response Contact") or glued to it by a page's text rendering ("CcEric Gray").
 * The longest label wins; contact sub-labels (Name, Tel) never stand without their colon.
 */
enum ls_label
ls_bare_label(const struct ls_line *ln, size_t *voff)
{
	char norm[72];
	size_t ends[6], nends[6], nw = 0, n = 0, k = 0;
	const char *s = ln->s;

	while (k < ln->len && nw < 6 && n < 64) {
		size_t b = k;
		while (k < ln->len && n < 64 && (isalpha((unsigned char)s[k]) || strchr("()/-'#", s[k]))) {
			/* "CcEric": a capital after a lower-case letter starts the value */
			if (k > b && isupper((unsigned char)s[k]) && islower((unsigned char)s[k - 1]))
				break;
			norm[n++] = (char)tolower((unsigned char)s[k++]);
		}
		if (k == b)
			break;
		ends[nw] = k;
		nends[nw++] = n;
		if (k < ln->len && !ls_sp((unsigned char)s[k]))
			break;
		while (k < ln->len && ls_sp((unsigned char)s[k]))
			k++;
		norm[n++] = ' ';
	}
	for (size_t w = nw; w > 0; w--) {
		size_t e = ends[w - 1];
		enum ls_label l;
		norm[nends[w - 1]] = '\0';
		if (e < ln->len && !ls_sp((unsigned char)s[e]) && !isupper((unsigned char)s[e]))
			continue; /* "Purpose:" or "Cc/x": not this form */
		if ((l = lookup(norm)) != L_NONE && l != L_SUB) {
			*voff = e;
			return l;
		}
	}
	return L_NONE;
}

/* "Source* oneM2M TP": a label its asterisk marks as one, without a colon. */
static enum ls_label
star_label(const struct ls_line *ln, size_t *voff)
{
	const char *star = memchr(ln->s, '*', ln->len < 64 ? ln->len : 64);
	struct ls_line t = *ln;
	size_t k, v;
	enum ls_label l;

	if (!star)
		return L_NONE;
	k = (size_t)(star - ln->s);
	if (k == 0 || (k + 1 < ln->len && !ls_sp((unsigned char)star[1])))
		return L_NONE;
	t.len = k;
	t.header = 1;
	if ((l = ls_bare_label(&t, &v)) == L_NONE || v != k)
		return L_NONE;
	*voff = k + 1;
	return l;
}

enum ls_label
ls_label_of(const struct ls_line *ln, size_t *voff)
{
	enum ls_label l;

	*voff = 0;
	if (ln->len == 0 || !isalpha((unsigned char)ln->s[0]))
		return L_NONE;
	if (ln->len > 15 && strncasecmp(ln->s, "please reply by", 15) == 0 && ls_sp((unsigned char)ln->s[15])) {
		*voff = 15;
		return L_DEADLINE;
	}
	if (ln->len > 5 && strncasecmp(ln->s, "doc#", 4) == 0 && ls_sp((unsigned char)ln->s[4])) {
		*voff = 4; /* oneM2M's page header: "Doc# TP-2016-0294R01-LS_to_W3C_WoT.doc" */
		return L_REF;
	}
	if ((l = ls_colon_label(ln, voff)) != L_NONE || (l = star_label(ln, voff)) != L_NONE || !ln->header)
		return l;
	return ls_bare_label(ln, voff);
}
