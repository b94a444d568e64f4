/* config_int.h: liaisond.conf's table of settings, shared by config.c (reading) and config_show.c (printing) only. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_CONFIG_INT_H
#define LSD_CONFIG_INT_H

#include <stddef.h>

enum setting_type { T_STR, T_INT, T_BOOL, T_STRLIST, T_INTLIST };

struct setting {
	const char *group, *name;
	enum setting_type type;
	size_t off;    /* into struct config */
	int required;  /* when a file is given */
	long min, max; /* T_INT, T_INTLIST */
	int path;      /* T_STR: a file name, made absolute against the file's folder */
};

/* Every setting, grouped as in the file (config_show prints them in this order); config.c defines it. */
extern const struct setting config_settings[];
extern const size_t config_nsettings;

/* v, a file name from the configuration file `file`, made absolute against that file's folder. Owned. */
char *config_absolute(const char *file, const char *v);

#endif
