/* digest_render.c: the digest as plain text and as HTML (inline CSS only, for Outlook, Thunderbird, webmail). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "digest.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *title, *empty;
} secs[DS_N] = {
    [DS_LS_IN] = {"Liaison statements received", NULL},
    [DS_LS_OUT] = {"Liaison statements sent by the secretariat", NULL},
    [DS_ROADMAP] = {"Roadmap inputs", NULL},
    [DS_OTHER] = {"Other mail filed", NULL},
    [DS_OURS] = {"The secretariat's statements: each body's state",
        "No statement of the secretariat awaits an answer."},
    [DS_ASKED] = {"Asked of the JCA-MV", "Nothing is asked of the JCA-MV."},
    [DS_ANSWERS] = {"Answers received", NULL},
    [DS_REMINDERS] = {"Reminders and overdue notices", NULL},
    [DS_CHANGES] = {"Roadmap entries new or changed", NULL},
    [DS_UNKNOWN] = {"Bodies the directory does not know", NULL},
    [DS_NOCONTACT] = {"Bodies without a liaison contact", NULL},
    [DS_FAILED] = {"Failed mail and quarantine", NULL},
    [DS_LOOK] = {"To look at", NULL},
};

const char *
digest_sec_title(enum digest_sec s)
{
	return secs[s].title;
}

const char *
digest_sec_empty(enum digest_sec s)
{
	return secs[s].empty;
}

/* "Filed: 2 liaison statements received, 1 sent, 1 roadmap input, 0 other messages." */
static void
summary(const struct digest *d, struct buf *b)
{
	size_t in = d->sec[DS_LS_IN].n, out = d->sec[DS_LS_OUT].n, rm = d->sec[DS_ROADMAP].n, o = d->sec[DS_OTHER].n;

	buf_printf(b, "Filed: %zu liaison statement%s received, %zu sent, %zu roadmap input%s, %zu other message%s.",
	    in, in == 1 ? "" : "s", out, rm, rm == 1 ? "" : "s", o, o == 1 ? "" : "s");
}

/* What the digest covers: everything since the previous one, or the first day. */
static const char *
since_words(const struct digest *d)
{
	return d->first ? "The first digest: what was filed in the last 24 hours"
	                : "Everything filed since the previous digest";
}

static int
shown(const struct digest *d, enum digest_sec s)
{
	return d->sec[s].n > 0 || secs[s].empty;
}

/* 1 when line i of a section starts a new group. */
static int
new_group(const struct digest_sec_lines *l, size_t i)
{
	return l->v[i].group && (i == 0 || !l->v[i - 1].group || strcmp(l->v[i].group, l->v[i - 1].group) != 0);
}

char *
digest_text(const struct digest *d)
{
	struct buf b = {0};

	buf_printf(&b, "JCA-MV secretariat digest for %s\n%s (%s).\n\n", d->today, since_words(d), d->since);
	summary(d, &b);
	buf_adds(&b, "\n");
	for (int s = 0; s < DS_N; s++) {
		const struct digest_sec_lines *l = &d->sec[s];
		if (!shown(d, s))
			continue;
		buf_printf(&b, "\n%s (%zu)\n", secs[s].title, l->n);
		if (l->n == 0)
			buf_printf(&b, "  %s\n", secs[s].empty);
		for (size_t i = 0; i < l->n; i++) {
			if (new_group(l, i))
				buf_printf(&b, "  %s\n", l->v[i].group);
			buf_printf(&b, "%s- %s", l->v[i].group ? "    " : "  ", l->v[i].label);
			if (l->v[i].text && *l->v[i].text)
				buf_printf(&b, "  %s", l->v[i].text);
			if (l->v[i].state && *l->v[i].state)
				buf_printf(&b, "  [%s]", l->v[i].state);
			buf_addc(&b, '\n');
		}
	}
	buf_adds(&b, "\nDetails: liaisonctl list, liaisonctl deadlines, liaisonctl outbox, liaisonctl quarantine\n");
	return buf_steal(&b);
}

/* Text from mail into HTML: the five characters that could open markup or an attribute, escaped. */
static void
esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, *s);
		}
	}
}

#define TD "<td style=\"padding:4px 8px;vertical-align:top;border-bottom:1px solid #e3e3e3;"
#define H2                                                                                                             \
	"<h2 style=\"font-size:16px;font-weight:bold;margin:20px 0 6px 0;padding:0 0 3px 0;color:#003366;"             \
	"border-bottom:2px solid #003366;\">"
#define TABLE                                                                                                          \
	"<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" width=\"100%\" "                \
	"style=\"border-collapse:collapse;width:100%;max-width:960px;font-size:14px;\">\n"

static void
html_line(struct buf *b, const struct digest_line *l)
{
	buf_adds(b, "<tr>" TD "white-space:nowrap;font-family:Consolas,'Courier New',monospace;\">");
	esc(b, l->label);
	buf_adds(b, "</td>" TD "\">");
	esc(b, l->text);
	buf_printf(b, "</td>" TD "%s\">", l->alert ? "color:#b00020;font-weight:bold;" : "color:#333333;");
	esc(b, l->state);
	buf_adds(b, "</td></tr>\n");
}

static void
html_section(struct buf *b, const struct digest *d, enum digest_sec s)
{
	const struct digest_sec_lines *l = &d->sec[s];

	buf_printf(b, H2 "%s (%zu)</h2>\n", secs[s].title, l->n);
	if (l->n == 0) {
		buf_printf(b, "<p style=\"margin:4px 0;color:#555555;\">%s</p>\n", secs[s].empty);
		return;
	}
	buf_adds(b, TABLE);
	for (size_t i = 0; i < l->n; i++) {
		if (new_group(l, i)) {
			buf_adds(b, "<tr><td colspan=\"3\" style=\"padding:10px 8px 4px 8px;font-weight:bold;\">");
			esc(b, l->v[i].group);
			buf_adds(b, "</td></tr>\n");
		}
		html_line(b, &l->v[i]);
	}
	buf_adds(b, "</table>\n");
}

char *
digest_html(const struct digest *d)
{
	struct buf b = {0};

	buf_printf(&b,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width\">"
	    "<title>JCA-MV secretariat digest for %s</title></head>\n"
	    "<body style=\"margin:0;padding:16px;background:#ffffff;color:#1a1a1a;"
	    "font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;\">\n"
	    "<h1 style=\"font-size:20px;margin:0 0 4px 0;color:#003366;\">JCA-MV secretariat digest for "
	    "%s</h1>\n<p style=\"margin:0 0 12px 0;color:#555555;\">%s (",
	    d->today, d->today, since_words(d));
	esc(&b, d->since);
	buf_adds(&b, ").</p>\n<p style=\"margin:0 0 8px 0;font-weight:bold;\">");
	summary(d, &b);
	buf_adds(&b, "</p>\n");
	for (int s = 0; s < DS_N; s++)
		if (shown(d, s))
			html_section(&b, d, s);
	buf_adds(&b,
	    "<p style=\"margin:20px 0 0 0;color:#555555;font-size:12px;\">Details: liaisonctl list, "
	    "liaisonctl deadlines, liaisonctl outbox, liaisonctl quarantine</p>\n</body></html>\n");
	return buf_steal(&b);
}
