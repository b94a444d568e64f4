/* sdo.h: the directory of standards bodies: canonical names, aliases, mail domains, liaison contacts. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_SDO_H
#define LSD_SDO_H

#include <stddef.h>
#include "util.h"

struct sdo_dir;

/* The directory compiled into the program (etc/sdos.conf at build time). Never NULL. */
struct sdo_dir *sdo_dir_builtin(void);
/* A directory file (libconfig). NULL with *err (owned) as "FILE:LINE: setting: reason". */
struct sdo_dir *sdo_dir_load(const char *path, char **err);
void sdo_dir_free(struct sdo_dir *d); /* accepts NULL */

/* The canonical name for a name as written, through the aliases; NULL when unknown. Borrowed. */
const char *sdo_canonical(const struct sdo_dir *d, const char *name);
/* The canonical name of the body that owns a mail address's domain; NULL when none. Borrowed. */
const char *sdo_by_email(const struct sdo_dir *d, const char *addr);

/*
 * Splits a list of addressees as written ("ITU-T SGs 2, 3, 5 and TSAG; ITU-D SGs 1, 2",
 * "SA1, SA4 and IETF") into one body each, canonical where known, as written otherwise.
 * Appends to out without duplicates.
 */
void sdo_split_list(const struct sdo_dir *d, const char *text, struct strv *out);

/* Walking the directory. */
size_t sdo_count(const struct sdo_dir *d);
const char *sdo_name(const struct sdo_dir *d, size_t i);            /* borrowed */
const struct strv *sdo_aliases(const struct sdo_dir *d, size_t i);  /* borrowed */
const struct strv *sdo_contacts(const struct sdo_dir *d, size_t i); /* borrowed */
const struct strv *sdo_domains(const struct sdo_dir *d, size_t i);  /* borrowed */
long sdo_find(const struct sdo_dir *d, const char *name);           /* index or -1, through aliases */

#endif
