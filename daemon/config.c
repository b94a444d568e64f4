/* config.c: liaisond.conf (libconfig) read against a table of settings; errors say FILE:LINE: setting: reason. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <libconfig.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_int.h"
#include "oauth2.h"
#include "url.h"

#define O(f) offsetof(struct config, f)
const struct setting config_settings[] = {
    {"store", "path", T_STR, O(store_path), 1, 0, 0, 1},
    {"mailbox", "url", T_STR, O(mailbox_url), 1, 0, 0, 0},
    {"mailbox", "user", T_STR, O(mailbox_user), 0, 0, 0, 0},
    {"mailbox", "password", T_STR, O(mailbox_password), 0, 0, 0, 0},
    {"mailbox", "password_file", T_STR, 0, 0, 0, 0, 1},
    {"mailbox", "oauth_token_file", T_STR, O(mailbox_oauth_token_file), 0, 0, 0, 1},
    {"mailbox", "poll_interval", T_INT, O(poll_interval), 0, 1, 86400, 0},
    {"mailbox", "tls_verify", T_BOOL, O(mailbox_tls.verify), 0, 0, 0, 0},
    {"mailbox", "ca_file", T_STR, O(mailbox_tls.ca_file), 0, 0, 0, 1},
    {"mailbox", "starttls", T_BOOL, O(mailbox_tls.starttls), 0, 0, 0, 0},
    {"mailbox", "folders", T_STRLIST, O(folders), 0, 0, 0, 0},
    {"mailbox", "sent_folders", T_STRLIST, O(sent_folders), 0, 0, 0, 0},
    {"mailbox", "mark", T_STR, O(mark), 0, 0, 0, 0},
    {"mailbox", "keyword", T_STR, O(keyword), 0, 0, 0, 0},
    {"mailbox", "filed_folder", T_STR, O(filed_folder), 0, 0, 0, 0},
    {"mailbox", "quarantine_folder", T_STR, O(quarantine_folder), 0, 0, 0, 0},
    {"mailbox", "timeout", T_INT, O(timeout), 0, 1, 3600, 0},
    {"mailbox", "fetch_chunk", T_INT, O(fetch_chunk), 0, 1, 100000, 0},
    {"mailbox", "trusted_authserv_id", T_STRLIST, O(trusted_authserv_ids), 0, 0, 0, 0},
    {"smtp", "url", T_STR, O(smtp_url), 1, 0, 0, 0},
    {"smtp", "user", T_STR, O(smtp_user), 0, 0, 0, 0},
    {"smtp", "password", T_STR, O(smtp_password), 0, 0, 0, 0},
    {"smtp", "password_file", T_STR, 0, 0, 0, 0, 1},
    {"smtp", "tls_verify", T_BOOL, O(smtp_tls.verify), 0, 0, 0, 0},
    {"smtp", "ca_file", T_STR, O(smtp_tls.ca_file), 0, 0, 0, 1},
    {"smtp", "starttls", T_BOOL, O(smtp_tls.starttls), 0, 0, 0, 0},
    {"smtp", "from", T_STR, O(smtp_from), 0, 0, 0, 0},
    {"secretariat", "address", T_STR, O(secretariat_address), 1, 0, 0, 0},
    {"secretariat", "digest_to", T_STRLIST, O(digest_to), 0, 0, 0, 0},
    {"secretariat", "digest_time", T_STR, O(digest_time), 0, 0, 0, 0},
    {"secretariat", "timezone", T_STR, O(timezone), 0, 0, 0, 0},
    {"secretariat", "acknowledge", T_BOOL, O(send_acks), 0, 0, 0, 0},
    {"secretariat", "acknowledge_per_day", T_INT, O(acks_per_day), 0, 0, 100000, 0},
    {"secretariat", "trust_sender_address", T_BOOL, O(trust_sender_address), 0, 0, 0, 0},
    {"secretariat", "acknowledge_max_age", T_INT, O(ack_max_age), 0, 0, 36500, 0},
    {"secretariat", "contact", T_STR, O(ack_contact), 0, 0, 0, 0},
    {"secretariat", "doc_prefix", T_STR, O(doc_prefix), 0, 0, 0, 0},
    {"reminders", "days_before", T_INTLIST, 0, 0, 0, 3650, 0},
    {"reminders", "overdue_every", T_INT, O(overdue_every), 0, 1, 365, 0},
    {"reminders", "overdue_max", T_INT, O(overdue_max), 0, 0, 100, 0},
    {"reminders", "self_to", T_STR, O(self_to), 0, 0, 0, 0},
    {"sdo", "file", T_STR, O(sdo_file), 0, 0, 0, 1},
    {"log", "level", T_STR, O(log_level), 0, 0, 0, 0},
    {"exports", "dir", T_STR, O(exports_dir), 0, 0, 0, 1},
};
#undef O
const size_t config_nsettings = sizeof(config_settings) / sizeof(*config_settings);

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

struct config *
config_defaults(void)
{
	struct config *c = xcalloc(1, sizeof(*c));

	c->store_path = xstrdup("/var/lib/liaisond/liaisond.db");
	c->mailbox_url = xstrdup("maildir:/var/lib/liaisond/Maildir");
	c->mailbox_user = xstrdup("");
	c->mailbox_password = xstrdup("");
	c->mailbox_oauth_token_file = xstrdup("");
	c->poll_interval = 60;
	c->mailbox_tls.verify = 1;
	c->mailbox_tls.ca_file = xstrdup("");
	c->mailbox_tls.starttls = 1;
	c->mark = xstrdup("keyword");
	c->keyword = xstrdup("$Filed");
	c->filed_folder = xstrdup("Filed");
	c->quarantine_folder = xstrdup("Quarantine");
	c->timeout = 60;
	c->fetch_chunk = 200;
	c->smtp_url = xstrdup("spool:/var/spool/liaisond/outgoing");
	c->smtp_user = xstrdup("");
	c->smtp_password = xstrdup("");
	c->smtp_tls.verify = 1;
	c->smtp_tls.ca_file = xstrdup("");
	c->smtp_tls.starttls = 1;
	c->smtp_from = xstrdup("JCA-MV Secretariat <tsbjcamv@itu.int>");
	c->secretariat_address = xstrdup("tsbjcamv@itu.int");
	c->digest_time = xstrdup("06:00");
	c->timezone = xstrdup("Europe/Zurich");
	c->send_acks = 1;
	c->acks_per_day = ACKS_PER_DAY;
	c->ack_max_age = 14;
	c->ack_contact = xstrdup("");
	c->doc_prefix = xstrdup("JCA-MV-Doc-");
	strv_push(&c->sent_folders, "Sent"); /* as etc/liaisond.conf shows: the secretariat's own statements */
	c->sent_folders_default = 1;
	c->days_before[0] = 14;
	c->days_before[1] = 7;
	c->days_before[2] = 1;
	c->ndays_before = 3;
	c->overdue_every = 7;
	c->overdue_max = 3;
	c->self_to = xstrdup("");
	c->sdo_file = xstrdup("");
	c->log_level = xstrdup("info");
	c->exports_dir = xstrdup("");
	return c;
}

void
config_free(struct config *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->store_path);
	free(c->mailbox_url);
	free(c->mailbox_user);
	free(c->mailbox_password);
	free(c->mailbox_oauth_token_file);
	oauth2_settings_free(c->mailbox_oauth2);
	oauth2_settings_free(c->smtp_oauth2);
	free(c->mailbox_tls.ca_file);
	strv_free(&c->folders);
	strv_free(&c->sent_folders);
	strv_free(&c->trusted_authserv_ids);
	free(c->mark);
	free(c->keyword);
	free(c->filed_folder);
	free(c->quarantine_folder);
	free(c->smtp_url);
	free(c->smtp_user);
	free(c->smtp_password);
	free(c->smtp_tls.ca_file);
	free(c->smtp_from);
	free(c->secretariat_address);
	free(c->ack_contact);
	free(c->doc_prefix);
	strv_free(&c->digest_to);
	free(c->digest_time);
	free(c->self_to);
	free(c->timezone);
	free(c->sdo_file);
	free(c->log_level);
	free(c->exports_dir);
	free(c);
}

static char *
where(const char *file, config_setting_t *s)
{
	return xasprintf("%s:%d", file, s ? config_setting_source_line(s) : 0);
}

/* Relative file names are taken from the configuration file's folder, not the daemon's working directory. */
char *
config_absolute(const char *file, const char *v)
{
	const char *slash = strrchr(file, '/');

	if (!*v || *v == '/' || !slash)
		return xstrdup(v);
	return xasprintf("%.*s/%s", (int)(slash - file), file, v);
}

/*
 * A secret file: one line, not readable by others (it would leak the password to every local user).
 * It may be a symlink (into a secrets folder, say): the file it leads to is what counts.
 */
static int
read_secret(const char *file, config_setting_t *s, const char *name, const char *path, char **out, char **err)
{
	struct stat sb;
	char *data = NULL, *e = NULL, *loc = where(file, s), *real = realpath(path, NULL);
	size_t len;
	int rc = -1;

	if (!real || stat(real, &sb) != 0) {
		*err = xasprintf("%s: %s: %s: %s", loc, name, path, strerror(errno));
		goto out;
	}
	if (sb.st_mode & (S_IROTH | S_IWOTH)) {
		*err = xasprintf("%s: %s: %s is readable by others (mode %04o); chmod o-rwx it", loc, name, path,
		    (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	if (file_read(real, 64 * 1024, &data, &len, &e) != 0) {
		*err = xasprintf("%s: %s: %s", loc, name, e);
		goto out;
	}
	data[strcspn(data, "\r\n")] = '\0';
	free(*out);
	*out = data;
	data = NULL;
	rc = 0;
out:
	free(e);
	free(data);
	free(loc);
	free(real);
	return rc;
}

/* A list of strings, each free of control characters. */
static int
read_strlist(const char *loc, const struct setting *d, config_setting_t *s, struct strv *dst, char **err)
{
	int t = config_setting_type(s);

	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
		*err =
		    xasprintf("%s: %s.%s: expected a list of strings, e.g. [ \"a\", \"b\" ]", loc, d->group, d->name);
		return -1;
	}
	strv_free(dst);
	for (int i = 0; i < config_setting_length(s); i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING || str_has_ctl(config_setting_get_string(e))) {
			*err = xasprintf("%s: %s.%s: element %d: expected a string", loc, d->group, d->name, i + 1);
			return -1;
		}
		strv_push(dst, config_setting_get_string(e));
	}
	return 0;
}

/* A list of integers, each within the setting's range (reminders.days_before). */
static int
read_intlist(const char *loc, const struct setting *d, config_setting_t *s, struct config *c, char **err)
{
	int t = config_setting_type(s);

	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
		*err = xasprintf("%s: %s.%s: expected a list of integers, e.g. [ 14, 7, 1 ]", loc, d->group, d->name);
		return -1;
	}
	if (config_setting_length(s) > (int)(sizeof(c->days_before) / sizeof(*c->days_before))) {
		*err = xasprintf("%s: %s.%s: at most %zu values", loc, d->group, d->name,
		    sizeof(c->days_before) / sizeof(*c->days_before));
		return -1;
	}
	c->ndays_before = 0;
	for (int i = 0; i < config_setting_length(s); i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		long long v;
		if (config_setting_type(e) != CONFIG_TYPE_INT && config_setting_type(e) != CONFIG_TYPE_INT64) {
			*err = xasprintf("%s: %s.%s: element %d: expected an integer", loc, d->group, d->name, i + 1);
			return -1;
		}
		v = config_setting_get_int64(e);
		if (v < d->min || v > d->max) {
			*err = xasprintf("%s: %s.%s: element %d: must be between %ld and %ld", loc, d->group, d->name,
			    i + 1, d->min, d->max);
			return -1;
		}
		c->days_before[c->ndays_before++] = (long)v;
	}
	return 0;
}

static int
read_setting(const char *file, struct config *c, const struct setting *d, config_setting_t *s, char **err)
{
	char *loc = where(file, s);
	void *dst = (char *)c + d->off;
	int t = config_setting_type(s), rc = -1;

	switch (d->type) {
	case T_STR:
		if (t != CONFIG_TYPE_STRING) {
			*err = xasprintf("%s: %s.%s: expected a string", loc, d->group, d->name);
			goto out;
		}
		if (str_has_ctl(config_setting_get_string(s))) {
			*err = xasprintf("%s: %s.%s: control characters are not allowed", loc, d->group, d->name);
			goto out;
		}
		if (d->off) {
			if (d->path) {
				char *abs = config_absolute(file, config_setting_get_string(s));
				free(*(char **)dst);
				*(char **)dst = abs;
			} else
				set_str((char **)dst, config_setting_get_string(s));
		}
		break;
	case T_INT:
		if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
			*err = xasprintf("%s: %s.%s: expected an integer", loc, d->group, d->name);
			goto out;
		}
		if (config_setting_get_int64(s) < d->min || config_setting_get_int64(s) > d->max) {
			*err =
			    xasprintf("%s: %s.%s: must be between %ld and %ld", loc, d->group, d->name, d->min, d->max);
			goto out;
		}
		*(long *)dst = (long)config_setting_get_int64(s);
		break;
	case T_BOOL:
		if (t != CONFIG_TYPE_BOOL) {
			*err = xasprintf("%s: %s.%s: expected true or false", loc, d->group, d->name);
			goto out;
		}
		*(int *)dst = config_setting_get_bool(s);
		break;
	case T_STRLIST:
		if (read_strlist(loc, d, s, (struct strv *)dst, err) != 0)
			goto out;
		break;
	case T_INTLIST:
		if (read_intlist(loc, d, s, c, err) != 0)
			goto out;
		break;
	}
	rc = 0;
out:
	free(loc);
	return rc;
}

static const struct setting *
find_setting(const char *group, const char *name)
{
	for (size_t i = 0; i < config_nsettings; i++)
		if (strcmp(config_settings[i].group, group) == 0 &&
		    (!name || strcmp(config_settings[i].name, name) == 0))
			return &config_settings[i];
	return NULL;
}

static int
at(const char *file, config_t *cf, const char *setting, const char *why, char **err)
{
	config_setting_t *s = config_lookup(cf, setting);
	char group[32];

	/* A default that conflicts with something written: point at the group that was written. */
	if (!s) {
		snprintf(group, sizeof(group), "%.*s", (int)strcspn(setting, "."), setting);
		s = config_lookup(cf, group);
	}

	*err = xasprintf("%s:%d: %s: %s", file, s ? config_setting_source_line(s) : 0, setting, why);
	return -1;
}

/* "Name <a@b>" or "a@b" to a bare, lower-case a@b; NULL unless it is exactly one plain mailbox. */
static char *
mailbox_addr(const char *v)
{
	const char *lt = strrchr(v, '<'), *b = v, *e;
	char *a;

	if (lt) {
		b = lt + 1;
		if (!(e = strchr(b, '>')) || !str_empty(e + 1))
			return NULL;
	} else
		e = v + strlen(v);
	while (b < e && *b == ' ')
		b++;
	while (e > b && e[-1] == ' ')
		e--;
	a = xstrndup(b, (size_t)(e - b));
	if (!*a || strpbrk(a, " <>\",;()[]\\") || str_has_ctl(a) || !strchr(a, '@') ||
	    strchr(a, '@') != strrchr(a, '@') || a[0] == '@' || strchr(a, '@')[1] == '\0' || strlen(a) > 320) {
		free(a);
		return NULL;
	}
	str_lower(a);
	return a;
}

/* An address that goes into an envelope: one mailbox, reduced to its bare, lower-case form. */
static int
bare_address(const char *file, config_t *cf, const char *setting, char **v, char **err)
{
	char *a = mailbox_addr(*v);

	if (!a)
		return at(file, cf, setting, "expected one e-mail address, e.g. name@example.org", err);
	free(*v);
	*v = a;
	return 0;
}

static int
valid_hhmm(const char *t)
{
	return t && strlen(t) == 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' &&
	    (t[0] < '2' || t[1] <= '3') && t[2] == ':' && t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9';
}

/* The zone must exist, or localtime() would silently fall back to UTC and move every deadline's day. */
static int
valid_zone(const char *tz)
{
	struct stat sb;
	char *path;
	int ok;

	if (!tz || !*tz || strcmp(tz, "UTC") == 0)
		return tz != NULL && *tz;
	if (tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 64)
		return 0;
	/* Without a tz database (no tzdata package) nothing can be checked: localtime() says UTC. */
	if (stat("/usr/share/zoneinfo", &sb) != 0)
		return 1;
	path = xasprintf("/usr/share/zoneinfo/%s", tz);
	ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	free(path);
	return ok;
}

/* RFC 3501 atom characters, so the keyword can go into a STORE command as it is. */
static int
imap_atom(const char *k)
{
	if (!k || !*k || strlen(k) > 64)
		return 0;
	for (; *k; k++)
		if ((unsigned char)*k <= 0x20 || (unsigned char)*k >= 0x7f || strchr("(){%*\"\\]", *k))
			return 0;
	return 1;
}

/*
 * Plain text is for a server on this machine only: anything else would send the password in clear.
 * The host is split as the source and the transport split it; a URL that does not split is not loopback.
 */
static int
loopback_url(const char *url)
{
	struct url u;
	int yes = url_split(url, &u) == URL_OK && url_host_is_loopback(u.host);

	url_clear(&u);
	return yes;
}

static int
plain_refused(
    const char *file, config_t *cf, const char *url, const char *scheme, int starttls, const char *setting, char **err)
{
	config_setting_t *s;

	if (starttls || strncmp(url, scheme, strlen(scheme)) != 0 || loopback_url(url))
		return 0;
	s = config_lookup(cf, setting);
	*err = xasprintf("%s:%d: %s: false is allowed for a loopback server only (use TLS for %s)", file,
	    s ? config_setting_source_line(s) : 0, setting, url);
	return -1;
}

/* An authserv-id (RFC 8601) as it appears before the first ';': one token, no spaces, quotes or comments. */
static int
valid_authserv_id(const char *v)
{
	return *v && strlen(v) <= 255 && !strpbrk(v, " \t;()\"\\=");
}

/*
 * Secrets and trust: an inline password is a secret in this file, so the file must not be readable
 * by others (as for password_file); a ca_file that is not there would fail every connection forever.
 */
static int
validate_secrets(const char *file, config_t *cf, const struct config *c, char **err)
{
	static const char *const inline_pw[] = {"mailbox.password", "smtp.password"};
	static const char *const ca[] = {"mailbox.ca_file", "smtp.ca_file"};
	config_setting_t *s;
	struct stat sb;
	const char *v;

	for (size_t i = 0; i < c->trusted_authserv_ids.n; i++)
		if (!valid_authserv_id(c->trusted_authserv_ids.v[i]))
			return at(file, cf, "mailbox.trusted_authserv_id",
			    "expected the host name your MTA writes first in Authentication-Results, e.g. "
			    "\"mx.itu.int\"",
			    err);
	for (int k = 0; k < 2; k++) {
		s = config_lookup(cf, inline_pw[k]);
		if (!s || !(v = config_setting_get_string(s)) || !*v || stat(file, &sb) != 0 ||
		    !(sb.st_mode & (S_IROTH | S_IWOTH)))
			continue;
		*err = xasprintf("%s:%d: %s: an inline password in a file readable by others (mode %04o); chmod o-rwx "
		                 "%s, or use password_file",
		    file, config_setting_source_line(s), inline_pw[k], (unsigned)(sb.st_mode & 07777), file);
		return -1;
	}
	for (int k = 0; k < 2; k++) {
		const char *why;
		v = k ? c->smtp_tls.ca_file : c->mailbox_tls.ca_file;
		if (!*v)
			continue;
		if (stat(v, &sb) != 0)
			why = strerror(errno);
		else if (!S_ISREG(sb.st_mode))
			why = "not a file";
		else
			continue;
		s = config_lookup(cf, ca[k]);
		*err = xasprintf("%s:%d: %s: %s: %s", file, s ? config_setting_source_line(s) : 0, ca[k], v, why);
		return -1;
	}
	return 0;
}

/* Checks that hold between settings, once every one is read. */
static int
validate(const char *file, config_t *cf, struct config *c, char **err)
{
	config_setting_t *s;
	const char *u;

	/* maildir: and spool: folders, like other file names, are relative to the configuration file. */
	if (strncmp(c->mailbox_url, "maildir:", 8) == 0 && c->mailbox_url[8] != '/') {
		char *abs = config_absolute(file, c->mailbox_url + 8);
		free(c->mailbox_url);
		c->mailbox_url = xasprintf("maildir:%s", abs);
		free(abs);
	}
	if (strncmp(c->smtp_url, "spool:", 6) == 0 && c->smtp_url[6] != '/') {
		char *abs = config_absolute(file, c->smtp_url + 6);
		free(c->smtp_url);
		c->smtp_url = xasprintf("spool:%s", abs);
		free(abs);
	}
	u = c->mailbox_url;
	if (strncmp(u, "maildir:", 8) != 0 && strncmp(u, "imap://", 7) != 0 && strncmp(u, "imaps://", 8) != 0) {
		s = config_lookup(cf, "mailbox.url");
		*err =
		    xasprintf("%s:%d: mailbox.url: expected maildir:/path, imap://host/folder or imaps://host/folder",
		        file, s ? config_setting_source_line(s) : 0);
		return -1;
	}
	u = c->smtp_url;
	if (strncmp(u, "spool:", 6) != 0 && strncmp(u, "smtp://", 7) != 0 && strncmp(u, "smtps://", 8) != 0) {
		s = config_lookup(cf, "smtp.url");
		*err = xasprintf("%s:%d: smtp.url: expected spool:/path, smtp://host:port or smtps://host:port", file,
		    s ? config_setting_source_line(s) : 0);
		return -1;
	}
	if (plain_refused(file, cf, c->mailbox_url, "imap://", c->mailbox_tls.starttls, "mailbox.starttls", err) != 0 ||
	    plain_refused(file, cf, c->smtp_url, "smtp://", c->smtp_tls.starttls, "smtp.starttls", err) != 0)
		return -1;
	if (strcmp(c->mark, "keyword") != 0 && strcmp(c->mark, "move") != 0) {
		s = config_lookup(cf, "mailbox.mark");
		*err = xasprintf("%s:%d: mailbox.mark: expected \"keyword\" or \"move\"", file,
		    s ? config_setting_source_line(s) : 0);
		return -1;
	}
	if (bare_address(file, cf, "secretariat.address", &c->secretariat_address, err) != 0)
		return -1;
	{
		char *probe = xstrdup(c->smtp_from);
		int rc = bare_address(file, cf, "smtp.from", &probe, err);
		free(probe);
		if (rc != 0)
			return -1;
	}
	for (size_t i = 0; i < c->digest_to.n; i++)
		if (bare_address(file, cf, "secretariat.digest_to", &c->digest_to.v[i], err) != 0)
			return -1;
	if (*c->self_to && bare_address(file, cf, "reminders.self_to", &c->self_to, err) != 0)
		return -1;
	if (!*c->doc_prefix || strlen(c->doc_prefix) > 40 || strpbrk(c->doc_prefix, " \t\"<>"))
		return at(file, cf, "secretariat.doc_prefix",
		    "expected 1 to 40 characters without spaces, quotes or <>, e.g. \"JCA-MV-Doc-\"", err);
	c->sent_folders_default = config_lookup(cf, "mailbox.sent_folders") == NULL;
	if (!valid_hhmm(c->digest_time))
		return at(file, cf, "secretariat.digest_time", "expected HH:MM, e.g. \"06:00\"", err);
	if (!valid_zone(c->timezone))
		return at(file, cf, "secretariat.timezone",
		    "not a time zone of the system's tz database (e.g. Europe/Zurich)", err);
	if (!imap_atom(c->keyword))
		return at(
		    file, cf, "mailbox.keyword", "expected one IMAP keyword: letters, digits, $ . _ -; no spaces", err);
	for (int k = 0; k < 2; k++) {
		const char *dest = k ? c->quarantine_folder : c->filed_folder;
		if (!*dest || strpbrk(dest, "*%"))
			return at(file, cf, k ? "mailbox.quarantine_folder" : "mailbox.filed_folder",
			    "expected a folder name without * or %", err);
		if (strv_contains(&c->folders, dest) || strv_contains(&c->sent_folders, dest))
			return at(file, cf, k ? "mailbox.quarantine_folder" : "mailbox.filed_folder",
			    "must not be one of the folders read (mailbox.folders, mailbox.sent_folders)", err);
	}
	if (oauth2_conf_check(
	        file, cf, c->mailbox_oauth2, c->smtp_oauth2, c->mailbox_oauth_token_file, c->smtp_user, err) != 0)
		return -1;
	return validate_secrets(file, cf, c, err);
}

/* One member s of the group g: a setting of the table, a password_file, or the oauth2 group. 0, or -1 with *err. */
static int
read_member(const char *path, struct config *c, config_setting_t *g, config_setting_t *s, char **err)
{
	const char *gn = config_setting_name(g);
	const struct setting *d;
	char *p;
	int rc, imap = strcmp(gn, "mailbox") == 0;

	/* The oauth2 group is daemon/oauth/'s to read (oauth2_conf.c). */
	if (strcmp(config_setting_name(s), "oauth2") == 0 && (imap || strcmp(gn, "smtp") == 0))
		return oauth2_conf_read(path, s, gn, imap ? &c->mailbox_oauth2 : &c->smtp_oauth2, err);
	if (!(d = find_setting(gn, config_setting_name(s)))) {
		*err = xasprintf(
		    "%s:%d: %s.%s: unknown setting", path, config_setting_source_line(s), gn, config_setting_name(s));
		return -1;
	}
	if (read_setting(path, c, d, s, err) != 0)
		return -1;
	if (strcmp(d->name, "password_file") != 0)
		return 0;
	p = config_absolute(path, config_setting_get_string(s));
	rc = read_secret(path, s, imap ? "mailbox.password_file" : "smtp.password_file", p,
	    imap ? &c->mailbox_password : &c->smtp_password, err);
	free(p);
	return rc;
}

struct config *
config_load(const char *path, char **err)
{
	struct config *c = config_defaults();
	config_t cf;
	config_setting_t *root, *g;
	const char *env;
	int ok = 0;

	*err = NULL;
	config_init(&cf);
	c->path = xstrdup(path);
	if (!config_read_file(&cf, path)) {
		if (config_error_type(&cf) == CONFIG_ERR_FILE_IO)
			*err = xasprintf("%s: cannot read: %s", path, strerror(errno));
		else
			*err =
			    xasprintf("%s:%d: syntax error: %s", config_error_file(&cf) ? config_error_file(&cf) : path,
			        config_error_line(&cf), config_error_text(&cf));
		goto out;
	}
	root = config_root_setting(&cf);
	for (int i = 0; i < config_setting_length(root); i++) {
		g = config_setting_get_elem(root, (unsigned)i);
		if (!find_setting(config_setting_name(g), NULL)) {
			*err = xasprintf(
			    "%s:%d: %s: unknown group", path, config_setting_source_line(g), config_setting_name(g));
			goto out;
		}
		if (!config_setting_is_group(g)) {
			*err = xasprintf("%s:%d: %s: expected a group { … }", path, config_setting_source_line(g),
			    config_setting_name(g));
			goto out;
		}
		for (int j = 0; j < config_setting_length(g); j++)
			if (read_member(path, c, g, config_setting_get_elem(g, (unsigned)j), err) != 0)
				goto out;
	}
	for (size_t i = 0; i < config_nsettings; i++) {
		char name[96];
		snprintf(name, sizeof(name), "%s.%s", config_settings[i].group, config_settings[i].name);
		if (config_settings[i].required && !config_lookup(&cf, name)) {
			g = config_lookup(&cf, config_settings[i].group);
			*err = xasprintf(
			    "%s:%d: %s: missing (required)", path, g ? config_setting_source_line(g) : 1, name);
			goto out;
		}
	}
	/* The environment wins over the file, so a secret need never be written down. */
	if ((env = getenv("LIAISOND_IMAP_PASSWORD")) != NULL)
		set_str(&c->mailbox_password, env);
	if ((env = getenv("LIAISOND_SMTP_PASSWORD")) != NULL)
		set_str(&c->smtp_password, env);
	if (validate(path, &cf, c, err) != 0)
		goto out;
	ok = 1;
out:
	config_destroy(&cf);
	if (!ok) {
		config_free(c);
		return NULL;
	}
	return c;
}
