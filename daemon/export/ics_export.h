/* ics_export.h: the open deadlines as an iCalendar (RFC 5545) feed, one event per statement and deadline. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ICS_EXPORT_H
#define LSD_ICS_EXPORT_H

#include "util.h"

struct store;

/*
 * The feed (`liaisonctl ics`, and the daemon's exports.dir): one all-day event per open
 * statement and deadline, naming the bodies asked; text escaped and lines folded as RFC 5545
 * says. Appended to out. 0 ok, -1 with *err (owned).
 */
int ics_feed(struct store *st, struct buf *out, char **err);

#endif
