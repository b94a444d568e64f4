/* digest.c: the chairs' digest: what came since the previous one, each body's state, what needs a person. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "digest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tzclock.h"

int
digest_due(const char *hhmm, const char *tz, long long now)
{
	struct tm tm;
	long hh, mm;
	char h[3] = "", m[3] = "";

	if (!hhmm || strlen(hhmm) != 5 || hhmm[2] != ':')
		return 0;
	memcpy(h, hhmm, 2);
	memcpy(m, hhmm + 3, 2);
	if (parse_long(h, 0, 23, &hh) != 0 || parse_long(m, 0, 59, &mm) != 0)
		return 0;
	/* The chairs' morning, not the server's: the hour is read in the secretariat's zone. */
	tm = tz_local_tm(tz, now);
	return tm.tm_hour * 60 + tm.tm_min >= hh * 60 + mm;
}

void
digest_begin(struct digest *d, const char *tz, long long now, long long prev, const char *self)
{
	struct tm tm = tz_local_tm(tz, prev);
	char when[20];

	digest_clear(d);
	tz_local_date(tz, now, d->today);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	snprintf(d->since, sizeof(d->since), "%s %.40s", when, tz && *tz ? tz : "UTC");
	d->self = xstrdup(self ? self : "");
}

void
digest_clear(struct digest *d)
{
	for (size_t s = 0; s < DS_N; s++) {
		for (size_t i = 0; i < d->sec[s].n; i++) {
			free(d->sec[s].v[i].group);
			free(d->sec[s].v[i].label);
			free(d->sec[s].v[i].text);
			free(d->sec[s].v[i].state);
		}
		free(d->sec[s].v);
	}
	free(d->self);
	strv_free(&d->nocontact);
	memset(d, 0, sizeof(*d));
}

/* Appends a line to section s; each string is copied, control characters from mail made spaces. */
static void
add(struct digest *d, enum digest_sec s, const char *group, const char *label, const char *text, const char *state,
    int alert)
{
	struct digest_sec_lines *l = &d->sec[s];
	struct digest_line *n;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	n = &l->v[l->n++];
	n->group = group ? str_oneline(group, 400) : NULL;
	n->label = str_oneline(label ? label : "", 200);
	n->text = text ? str_oneline(text, 400) : NULL;
	n->state = state ? str_oneline(state, 300) : NULL;
	n->alert = alert;
}

/* The title as shown after the number: without the number when the title repeats it ("SG21-LS82: …"). */
static const char *
after_ref(const char *ref, const char *title)
{
	size_t n = ref ? strlen(ref) : 0;

	if (!title)
		return "";
	if (n && strncasecmp(title, ref, n) == 0) {
		title += n;
		while (*title == ':' || *title == ' ' || *title == '-' || *title == ',')
			title++;
	}
	return title;
}

/* "SG21-LS82 LS on identity", or the title alone. Owned. */
static char *
ref_title(const char *ref, const char *title)
{
	const char *t = after_ref(ref, title);

	return xasprintf("%s%s%s", ref ? ref : "", ref && *t ? " " : "", t);
}

static int
is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* How many of the warnings name a roadmap row: those a person must look at. */
static size_t
flagged_rows(const char *warnings_json)
{
	size_t n = 0;

	for (const char *p = warnings_json; p && (p = strstr(p, "roadmap row")); p++)
		n++;
	return n;
}

void
digest_add_filed(struct digest *d, const struct digest_filed *f)
{
	char *text = NULL, *from = f->source ? xasprintf(" (from %s)", f->source) : xstrdup("");
	size_t flagged = flagged_rows(f->warnings_json);

	if (is(f->kind, "liaison")) {
		char *rt = ref_title(f->ref, f->title ? f->title : f->subject);
		text = xasprintf("%s%s", rt, is(f->direction, "incoming") ? from : "");
		add(d, is(f->direction, "outgoing") ? DS_LS_OUT : DS_LS_IN, NULL, f->docno, text, NULL, 0);
		free(rt);
	} else {
		text = xasprintf("%s%s", f->subject ? f->subject : "", from);
		add(d, is(f->kind, "roadmap_input") ? DS_ROADMAP : DS_OTHER, NULL, f->docno, text,
		    is(f->kind, "auto_reply")   ? "auto-reply"
		        : is(f->kind, "bounce") ? "bounce"
		                                : NULL,
		    0);
	}
	if (flagged) {
		char *st = xasprintf("%zu roadmap row%s flagged", flagged, flagged == 1 ? "" : "s");
		add(d, DS_LOOK, NULL, f->docno, f->subject, st, 1);
		free(st);
	}
	/* Perhaps a forgery of our own address: a person must see it, it created no obligation. */
	if (f->warnings_json && strstr(f->warnings_json, "\"unverified-sender"))
		add(d, DS_LOOK, NULL, f->docno, f->subject, "claims the secretariat's address, unverified", 1);
	free(from);
	free(text);
}

/* The state of one body's obligation: answered by, open until, overdue since. */
static char *
state_text(const struct digest *d, const struct digest_state *s, int *alert)
{
	*alert = 0;
	if (!is(s->state, "open"))
		return s->answer_docno ? xasprintf("answered by %s%s%s", s->answer_docno, s->answer_ref ? ", " : "",
		                             s->answer_ref ? s->answer_ref : "")
		                       : xstrdup(s->state ? s->state : "");
	/* Still open, but a document seems to answer it: a person confirms (liaisonctl answer). */
	if (s->claim_docno)
		return xasprintf("claimed by %s, to confirm", s->claim_docno);
	if (!s->deadline)
		return xstrdup("open, no deadline");
	if (strcmp(s->deadline, d->today) < 0) {
		*alert = 1;
		return xasprintf("OVERDUE since %s", s->deadline);
	}
	return xasprintf("open, due %s", s->deadline);
}

int
digest_add_state(struct digest *d, const struct digest_state *s)
{
	int ours = is(s->direction, "outgoing") && !is(s->sdo, d->self);
	int asked = is(s->direction, "incoming") && is(s->sdo, d->self);
	char *group, *rt, *state;
	int alert;

	/* Statements between other bodies are information: their deadlines are not ours to chase. */
	if (!ours && !asked)
		return 0;
	rt = ref_title(s->ref, s->title);
	state = state_text(d, s, &alert);
	if (ours) {
		group = xasprintf(
		    "%s (%s)%s%s", rt, s->docno, s->deadline ? ", reply due " : "", s->deadline ? s->deadline : "");
		add(d, DS_OURS, group, s->sdo, is(s->role, "comment") ? "for comment" : "for action", state, alert);
	} else {
		group = xasprintf("%s (%s), from %s", rt, s->docno, s->source ? s->source : "an unnamed body");
		add(d, DS_ASKED, group, s->deadline ? s->deadline : "no deadline",
		    is(s->role, "comment") ? "the JCA-MV's comments requested" : "the JCA-MV asked to act", state,
		    alert);
	}
	free(group);
	free(rt);
	free(state);
	return ours && is(s->state, "open");
}

void
digest_add_answer(struct digest *d, const struct digest_answer *a)
{
	char *rt = ref_title(a->ref, a->title);
	char *text = xasprintf("%s answered %s (%s)%s%s", a->sdo, a->stmt_ref ? a->stmt_ref : "a statement",
	    a->stmt_docno, *rt ? ": " : "", rt);

	add(d, DS_ANSWERS, NULL, a->docno, text, NULL, 0);
	free(text);
	free(rt);
}

void
digest_add_reminder(struct digest *d, const struct digest_reminder *r)
{
	int overdue = is(r->kind, "overdue");
	char *label = overdue ? xasprintf("overdue notice, %lld day%s late", r->level, r->level == 1 ? "" : "s")
	                      : xasprintf("reminder, %lld day%s before", r->level, r->level == 1 ? "" : "s");
	struct buf to = {0};
	char *text;

	/* One address a line in the store; one line here. */
	for (const char *p = r->rcpt ? r->rcpt : ""; *p; p++)
		if (*p == '\n')
			buf_adds(&to, p[1] ? ", " : "");
		else
			buf_addc(&to, *p);
	text = xasprintf(
	    "%s (%s, due %s) to %s: %s", r->ref ? r->ref : "a statement", r->docno, r->deadline, r->sdo, buf_str(&to));
	add(d, DS_REMINDERS, NULL, label, text, r->state, is(r->state, "failed"));
	buf_free(&to);
	free(text);
	free(label);
}

void
digest_add_change(struct digest *d, const struct digest_change *c)
{
	char *text = xasprintf("%s %s%s%s", c->is_new ? "new:" : "changed:", c->ref && *c->ref ? c->ref : "",
	    c->ref && *c->ref ? " " : "", c->title ? c->title : "");
	char *state = !c->is_new && c->status_changed
	    ? xasprintf("status %s -> %s", c->old_status && *c->old_status ? c->old_status : "(none)",
	          c->status && *c->status ? c->status : "(none)")
	    : NULL;

	add(d, DS_CHANGES, NULL, c->body, text, state, 0);
	free(text);
	free(state);
}

void
digest_add_unknown(struct digest *d, const char *name, const char *docno)
{
	char *text = xasprintf("named in %s", docno);

	add(d, DS_UNKNOWN, NULL, name, text, NULL, 0);
	free(text);
}

void
digest_add_nocontact(struct digest *d, const char *sdo, const char *ref)
{
	char *text;

	if (!strv_push_unique(&d->nocontact, sdo))
		return;
	text = xasprintf("cannot be reminded of %s: no liaison contact (liaisonctl sdo contact add)",
	    ref ? ref : "the secretariat's statement");
	add(d, DS_NOCONTACT, NULL, sdo, text, NULL, 1);
	free(text);
}

void
digest_add_failed(struct digest *d, const char *label, const char *what, const char *reason)
{
	add(d, DS_FAILED, NULL, label, what, reason ? reason : "", 1);
}

char *
digest_subject(const struct digest *d)
{
	return xasprintf("JCA-MV secretariat digest for %s", d->today);
}
