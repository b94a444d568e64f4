/* exports.h: the secretariat's documents from the store, for liaisonctl and for the daemon's exports.dir. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_EXPORTS_H
#define LSD_EXPORTS_H

#include "util.h"

struct store;

/*
 * The roadmap in one format ("csv", "md", "html", "json" or "docx"), the page and the Word
 * document dated today ("2026-05-11"). Appended to out. 0 ok, -1 with *err (owned); an unknown
 * format is an error too (see export_roadmap_format).
 */
int export_roadmap(struct store *st, const char *format, const char *today, struct buf *out, char **err);
int export_roadmap_format(const char *format); /* 1 when export_roadmap writes it */

/* The report page (daemon/export/report_html.c) as of today. 0 ok, -1 with *err (owned). */
int export_report(struct store *st, const char *today, struct buf *out, char **err);

/*
 * Writes roadmap.html, roadmap.csv, roadmap.json, report.html and deadlines.ics into dir, each
 * atomically (a temporary file renamed over the old), readable by all (a web server serves
 * them). 0 ok, -1 with *err (owned): the first that failed, the others still written.
 */
int exports_write_dir(struct store *st, const char *dir, const char *today, char **err);

#endif
