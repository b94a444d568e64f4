/* digest.c: the chairs' digest: what was filed in the last day, deadlines due or overdue, roadmap changes. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "digest.h"

#include <stdio.h>
#include <string.h>

#include "tzclock.h"

#define DAY 86400LL
#define SOON_DAYS 30 /* a month ahead: time enough to chase a body that has not answered */

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
digest_begin(struct digest *d, const char *tz, long long now)
{
	digest_clear(d);
	tz_local_date(tz, now, d->today);
	tz_local_date(tz, now + SOON_DAYS * DAY, d->soon);
	d->since = now - DAY;
}

void
digest_add_filed(struct digest *d, const struct digest_filed *f)
{
	d->nfiled++;
	buf_printf(&d->filed, "  - [%s, %s] %s%s%s\n", f->kind, f->direction, f->ref ? f->ref : "", f->ref ? ": " : "",
	    f->subject);
	/* Roadmap rows kept but flagged (unknown category or status, rejected rows) need a person. */
	if (f->warnings_json && strstr(f->warnings_json, "roadmap row")) {
		d->nflagged++;
		buf_printf(&d->flagged, "  - document %lld (%s): %s\n", f->id, f->subject, f->warnings_json);
	}
	/* Perhaps a forgery of our own address: a person must see it, it created no obligation. */
	if (f->warnings_json && strstr(f->warnings_json, "\"unverified-sender")) {
		d->nunverified++;
		buf_printf(&d->unverified, "  - document %lld (%s)\n", f->id, f->subject);
	}
}

void
digest_add_obligation(struct digest *d, const struct digest_obl *o)
{
	if (!o->deadline || strcmp(o->deadline, d->soon) > 0)
		return;
	d->ndue++;
	/* One line per statement and deadline, its silent bodies after it. */
	if (!d->line_open || o->liaison_id != d->liaison || strcmp(o->deadline, d->deadline) != 0) {
		buf_printf(&d->due, "%s  - %s %s%s: %s", d->line_open ? "\n" : "", o->deadline, o->ref ? o->ref : "LS",
		    strcmp(o->deadline, d->today) < 0 ? " (OVERDUE)" : "", o->sdo);
		d->line_open = 1;
		d->liaison = o->liaison_id;
		snprintf(d->deadline, sizeof(d->deadline), "%s", o->deadline);
	} else
		buf_printf(&d->due, ", %s", o->sdo);
	if (o->role && strcmp(o->role, "comment") == 0)
		buf_adds(&d->due, " (comment)");
}

void
digest_add_change(struct digest *d, const struct digest_change *c)
{
	d->changes_read = 1;
	if (!c)
		return;
	d->nchanges++;
	buf_printf(&d->changes, "  - %s %s %s: %s", c->is_new ? "new" : "changed", c->body,
	    c->ref && *c->ref ? c->ref : "", c->title ? c->title : "");
	if (!c->is_new && c->status_changed)
		buf_printf(
		    &d->changes, " (status: %s -> %s)", c->old_status ? c->old_status : "", c->status ? c->status : "");
	buf_addc(&d->changes, '\n');
}

char *
digest_render(struct digest *d)
{
	struct buf b = {0};

	if (d->line_open)
		buf_addc(&d->due, '\n');
	buf_printf(&b, "JCA-MV secretariat digest for %s\n\n", d->today);
	buf_printf(&b, "Filed in the last 24 hours: %zu\n%s\n", d->nfiled, buf_str(&d->filed));
	buf_printf(&b, "Open deadlines due by %s: %zu\n%s\n", d->soon, d->ndue, buf_str(&d->due));
	/* A store that could not say what changed says nothing rather than "0". */
	if (d->changes_read)
		buf_printf(&b, "Roadmap entries new or changed in the last 24 hours: %zu\n%s\n", d->nchanges,
		    buf_str(&d->changes));
	buf_printf(&b, "Roadmap inputs with flagged rows: %zu\n%s\n", d->nflagged, buf_str(&d->flagged));
	/* Perhaps forgeries of our own address: filed, but with no obligation and no reminder. */
	if (d->nunverified)
		buf_printf(&b, "Unverified mail from the secretariat's address: %zu\n%s\n", d->nunverified,
		    buf_str(&d->unverified));
	buf_adds(&b, "Details: liaisonctl list, liaisonctl deadlines, liaisonctl roadmap changes --since YESTERDAY\n");
	digest_clear(d);
	return buf_steal(&b);
}

void
digest_clear(struct digest *d)
{
	buf_free(&d->filed);
	buf_free(&d->due);
	buf_free(&d->changes);
	buf_free(&d->flagged);
	buf_free(&d->unverified);
	memset(d, 0, sizeof(*d));
}
