/* config_show.c: liaisonctl config show (the effective configuration, passwords never) and a setting's line. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "oauth2.h"

int
config_line(const char *path, const char *setting)
{
	config_t cf;
	config_setting_t *s;
	char group[32];
	int line = 0;

	if (!path)
		return 0;
	config_init(&cf);
	if (config_read_file(&cf, path)) {
		/* A setting left to its default: the line of its group, when the group is written. */
		snprintf(group, sizeof(group), "%.*s", (int)strcspn(setting, "."), setting);
		if ((s = config_lookup(&cf, setting)) != NULL || (s = config_lookup(&cf, group)) != NULL)
			line = (int)config_setting_source_line(s);
	}
	config_destroy(&cf);
	return line;
}

/* A string in libconfig's syntax: quoted, with \ and " escaped (control characters were refused on loading). */
static void
show_str(FILE *f, const char *v)
{
	fputc('"', f);
	for (; v && *v; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', f);
		fputc(*v, f);
	}
	fputc('"', f);
}

static int
config_line_of(config_t *cf, const char *group, const char *name)
{
	char path[64];
	config_setting_t *s;

	snprintf(path, sizeof(path), "%s.%s", group, name);
	return (s = config_lookup(cf, path)) != NULL ? (int)config_setting_source_line(s) : 0;
}

/* Where a secret came from, never the secret: the environment outranks the file, as in config_load. */
static void
show_secret(FILE *f, const struct config *c, config_t *cf, int loaded, const char *group)
{
	int imap = strcmp(group, "mailbox") == 0;
	const char *env = imap ? "LIAISOND_IMAP_PASSWORD" : "LIAISOND_SMTP_PASSWORD";
	const char *value = imap ? c->mailbox_password : c->smtp_password, *file = NULL;
	config_setting_t *ps;
	char name[64];
	char *abs = NULL;
	int from_file = 1;

	snprintf(name, sizeof(name), "%s.password_file", group);
	if (loaded && config_lookup_string(cf, name, &file) == CONFIG_TRUE)
		abs = config_absolute(c->path, file);
	snprintf(name, sizeof(name), "%s.password", group);
	/* Both written: the later one wins, as config_load reads a group in order. */
	if (abs && (ps = config_lookup(cf, name)) != NULL &&
	    (int)config_setting_source_line(ps) > config_line_of(cf, group, "password_file"))
		from_file = 0;
	if (getenv(env))
		fprintf(f, "\t# password: (from $%s)\n", env);
	else if (abs && from_file)
		fprintf(f, "\t# password: (from %s)\n", abs);
	else if (value && *value)
		fputs("\t# password: (set)\n", f);
	else
		fputs("\t# password: (not set)\n", f);
	if (abs) {
		fputs("\tpassword_file = ", f);
		show_str(f, abs);
		fputs(";\n", f);
	}
	free(abs);
}

static void
show_value(FILE *f, const struct config *c, const struct setting *d)
{
	const void *src = (const char *)c + d->off;

	fprintf(f, "\t%s = ", d->name);
	switch (d->type) {
	case T_STR: show_str(f, *(char *const *)src); break;
	case T_INT: fprintf(f, "%ld", *(const long *)src); break;
	case T_BOOL: fputs(*(const int *)src ? "true" : "false", f); break;
	case T_STRLIST: {
		const struct strv *v = src;
		fputs("[", f);
		for (size_t i = 0; i < v->n; i++) {
			fputs(i ? ", " : " ", f);
			show_str(f, v->v[i]);
		}
		fputs(v->n ? " ]" : "]", f);
		break;
	}
	case T_INTLIST:
		fputs("[", f);
		for (size_t i = 0; i < c->ndays_before; i++)
			fprintf(f, "%s%ld", i ? ", " : " ", c->days_before[i]);
		fputs(c->ndays_before ? " ]" : "]", f);
		break;
	}
	fputs(";\n", f);
}

int
config_show(const struct config *c, FILE *f)
{
	const char *group = NULL;
	config_t cf;
	int loaded;

	/* The file again, only to learn whether a password came from a password_file (config keeps the value). */
	config_init(&cf);
	loaded = c->path && config_read_file(&cf, c->path);
	fprintf(
	    f, "# %s with the defaults filled in; passwords are not shown.\n", c->path ? c->path : "built-in defaults");
	for (size_t i = 0; i < config_nsettings; i++) {
		const struct setting *d = &config_settings[i];
		if (!group || strcmp(group, d->group) != 0) {
			if (group)
				oauth2_conf_show(f,
				    strcmp(group, "mailbox") == 0    ? c->mailbox_oauth2
				        : strcmp(group, "smtp") == 0 ? c->smtp_oauth2
				                                     : NULL);
			fprintf(f, "%s%s:\n{\n", group ? "};\n" : "", d->group);
			group = d->group;
		}
		if (strcmp(d->name, "password") == 0)
			show_secret(f, c, &cf, loaded, d->group);
		else if (strcmp(d->name, "password_file") != 0) /* shown with the password */
			show_value(f, c, d);
	}
	fputs("};\n", f);
	config_destroy(&cf);
	return ferror(f) ? -1 : 0;
}
