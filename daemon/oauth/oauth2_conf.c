/* oauth2_conf.c: the `oauth2 = { … }` group of mailbox and smtp in liaisond.conf: read, checked, printed. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "oauth2.h"
#include "url.h"
#include "util.h"

static const char *const names[] = {
    "token_url", "client_id", "client_secret_file", "refresh_token_file", "scope", "same_as_mailbox"};

/* "FILE:LINE: group.name: why", the line of s (or of the group g when s is NULL). Returns -1. */
static int
conf_err(char **err, const char *file, config_setting_t *g, config_setting_t *s, const char *group, const char *name,
    const char *why)
{
	*err = xasprintf("%s:%d: %s%s%s: %s", file, config_setting_source_line(s ? s : g), group, name ? "." : "",
	    name ? name : "", why);
	return -1;
}

/* v, relative to the configuration file's folder. Owned. */
static char *
absolute(const char *file, const char *v)
{
	const char *slash = strrchr(file, '/');

	if (!*v || *v == '/' || !slash)
		return xstrdup(v);
	return xasprintf("%.*s/%s", (int)(slash - file), file, v);
}

/* A file holding a secret: a regular file (through symlinks) that others cannot read. NULL ok, else why (owned). */
static char *
private_file(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return xasprintf("%s: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return xasprintf("%s: not a file", path);
	if (sb.st_mode & (S_IROTH | S_IWOTH))
		return xasprintf(
		    "%s is readable by others (mode %04o); chmod o-rwx it", path, (unsigned)(sb.st_mode & 07777));
	return NULL;
}

/* The client secret: the environment wins over client_secret_file. 0, or -1 with *err. */
static int
read_client_secret(const char *file, config_setting_t *g, const char *group, struct oauth2_settings *o, char **err)
{
	const char *var =
	    strncmp(group, "smtp", 4) == 0 ? "LIAISOND_SMTP_OAUTH2_SECRET" : "LIAISOND_IMAP_OAUTH2_SECRET";
	const char *env = getenv(var), *v = NULL;
	config_setting_t *s = config_setting_get_member(g, "client_secret_file");
	char *path = NULL, *why = NULL, *data = NULL;
	size_t len = 0;
	int rc = -1;

	if (env) {
		o->client_secret = xstrdup(env);
		o->client_secret_from = xasprintf("$%s", var);
		return 0;
	}
	o->client_secret = xstrdup("");
	o->client_secret_from = xstrdup("");
	if (!s || !(v = config_setting_get_string(s)) || !*v)
		return 0;
	path = absolute(file, v);
	if ((why = private_file(path)) != NULL || file_read(path, 16 * 1024, &data, &len, &why) != 0) {
		conf_err(err, file, g, s, group, "client_secret_file", why);
		goto out;
	}
	data[strcspn(data, "\r\n")] = '\0';
	free(o->client_secret);
	o->client_secret = xstrdup(str_trim(data));
	free(o->client_secret_from);
	o->client_secret_from = path;
	path = NULL;
	rc = 0;
out:
	if (data) {
		memset(data, 0, len);
		free(data);
	}
	free(path);
	free(why);
	return rc;
}

/* token_url: https://, or http:// to a loopback host (a test's token service). NULL ok, else why (static). */
static const char *
token_url_problem(const char *v)
{
	struct url u = {0};
	const char *why = NULL;

	if (url_split(v, &u) != URL_OK)
		why = "expected https://HOST/PATH";
	else if (u.user)
		why = "credentials in the URL would reach the logs; use client_secret_file";
	else if (strcmp(u.scheme, "https") != 0 && !(strcmp(u.scheme, "http") == 0 && url_host_is_loopback(u.host)))
		why = "expected https:// (http:// is allowed for a loopback host only)";
	url_clear(&u);
	return why;
}

/* Each member: a known name and the right type. Strings into o's fields. */
static int
read_members(const char *file, config_setting_t *g, const char *group, struct oauth2_settings *o, char **err)
{
	char **dst[] = {&o->token_url, &o->client_id, NULL, &o->refresh_token_file, &o->scope, NULL};

	for (int i = 0; i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *n = config_setting_name(s);
		size_t k = 0;
		while (k < sizeof(names) / sizeof(*names) && strcmp(names[k], n) != 0)
			k++;
		if (k == sizeof(names) / sizeof(*names) || (k == 5 && strcmp(group, "smtp.oauth2") != 0))
			return conf_err(err, file, g, s, group, n, "unknown setting");
		if (k == 5) {
			if (config_setting_type(s) != CONFIG_TYPE_BOOL)
				return conf_err(err, file, g, s, group, n, "expected true or false");
			o->same_as_mailbox = config_setting_get_bool(s);
			continue;
		}
		if (config_setting_type(s) != CONFIG_TYPE_STRING)
			return conf_err(err, file, g, s, group, n, "expected a string");
		if (str_has_ctl(config_setting_get_string(s)))
			return conf_err(err, file, g, s, group, n, "control characters are not allowed");
		if (dst[k]) {
			free(*dst[k]);
			*dst[k] = k == 3 ? absolute(file, config_setting_get_string(s))
			                 : xstrdup(config_setting_get_string(s));
		}
	}
	return 0;
}

/* What the members say together. */
static int
check_members(const char *file, config_setting_t *g, const char *group, struct oauth2_settings *o, char **err)
{
	config_setting_t *rt = config_setting_get_member(g, "refresh_token_file");
	const char *why;
	char *priv;

	if (o->same_as_mailbox) {
		if (config_setting_length(g) > 1)
			return conf_err(err, file, g, NULL, group, "same_as_mailbox",
			    "true takes every other setting from mailbox.oauth2: write none beside it");
		return 0;
	}
	if (!*o->token_url)
		return conf_err(err, file, g, NULL, group, "token_url", "missing (required)");
	if ((why = token_url_problem(o->token_url)) != NULL)
		return conf_err(err, file, g, config_setting_get_member(g, "token_url"), group, "token_url", why);
	if (!*o->client_id)
		return conf_err(err, file, g, NULL, group, "client_id", "missing (required)");
	if (*o->refresh_token_file && (priv = private_file(o->refresh_token_file)) != NULL) {
		conf_err(err, file, g, rt, group, "refresh_token_file", priv);
		free(priv);
		return -1;
	}
	if (!*o->refresh_token_file && !*o->client_secret)
		return conf_err(err, file, g, NULL, group, "client_secret_file",
		    "the client-credentials grant (no refresh_token_file) needs the client secret");
	return 0;
}

int
oauth2_conf_read(const char *file, config_setting_t *g, const char *group, struct oauth2_settings **out, char **err)
{
	struct oauth2_settings *o = xcalloc(1, sizeof(*o));
	char *name = xasprintf("%s.oauth2", group);
	int rc = -1;

	o->group = xstrdup(name);
	o->token_url = xstrdup("");
	o->client_id = xstrdup("");
	o->refresh_token_file = xstrdup("");
	o->scope = xstrdup("");
	if (!config_setting_is_group(g)) {
		conf_err(err, file, g, NULL, name, NULL, "expected a group { token_url = …; client_id = …; … }");
		goto out;
	}
	if (read_members(file, g, name, o, err) != 0)
		goto out;
	if (!o->same_as_mailbox && read_client_secret(file, g, name, o, err) != 0)
		goto out;
	if (o->same_as_mailbox) {
		o->client_secret = xstrdup("");
		o->client_secret_from = xstrdup("");
	}
	if (check_members(file, g, name, o, err) != 0)
		goto out;
	oauth2_settings_free(*out);
	*out = o;
	o = NULL;
	rc = 0;
out:
	oauth2_settings_free(o);
	free(name);
	return rc;
}

static int
group_line(config_t *cf, const char *path)
{
	config_setting_t *s = cf ? config_lookup(cf, path) : NULL;

	return s ? config_setting_source_line(s) : 0;
}

int
oauth2_conf_check(const char *file, config_t *cf, const struct oauth2_settings *imap,
    const struct oauth2_settings *smtp, const char *token_file, const char *smtp_user, char **err)
{
	if (imap && token_file && *token_file) {
		*err = xasprintf("%s:%d: mailbox.oauth2: and mailbox.oauth_token_file exclude each other: liaisond "
		                 "renews the token itself, or reads one another program renews",
		    file, group_line(cf, "mailbox.oauth2"));
		return -1;
	}
	if (smtp && smtp->same_as_mailbox && !imap) {
		*err = xasprintf("%s:%d: smtp.oauth2.same_as_mailbox: there is no mailbox.oauth2 to share", file,
		    group_line(cf, "smtp.oauth2"));
		return -1;
	}
	if (smtp && (!smtp_user || !*smtp_user)) {
		*err = xasprintf("%s:%d: smtp.oauth2: needs smtp.user, the account the token is for", file,
		    group_line(cf, "smtp.oauth2"));
		return -1;
	}
	return 0;
}

static void
show_str(FILE *f, const char *name, const char *v)
{
	fprintf(f, "\t\t%s = \"", name);
	for (; v && *v; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', f);
		fputc(*v, f);
	}
	fputs("\";\n", f);
}

void
oauth2_conf_show(FILE *f, const struct oauth2_settings *s)
{
	if (!s)
		return;
	fputs("\toauth2 = {\n", f);
	if (s->same_as_mailbox) {
		fputs("\t\tsame_as_mailbox = true;\n\t};\n", f);
		return;
	}
	show_str(f, "token_url", s->token_url);
	show_str(f, "client_id", s->client_id);
	if (s->client_secret_from[0] == '$')
		fprintf(f, "\t\t# client secret: (from %s)\n", s->client_secret_from);
	else if (s->client_secret_from[0])
		show_str(f, "client_secret_file", s->client_secret_from);
	else
		fputs("\t\t# client secret: (none: a public client)\n", f);
	if (*s->refresh_token_file)
		show_str(f, "refresh_token_file", s->refresh_token_file);
	else
		fputs("\t\t# grant: client_credentials\n", f);
	if (*s->scope)
		show_str(f, "scope", s->scope);
	fputs("\t};\n", f);
}

void
oauth2_settings_free(struct oauth2_settings *s)
{
	if (!s)
		return;
	free(s->group);
	free(s->token_url);
	free(s->client_id);
	if (s->client_secret) {
		memset(s->client_secret, 0, strlen(s->client_secret));
		free(s->client_secret);
	}
	free(s->client_secret_from);
	free(s->refresh_token_file);
	free(s->scope);
	free(s);
}
