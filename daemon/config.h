/* config.h: liaisond.conf (libconfig), validated: every error names file, line and setting. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_CONFIG_H
#define LSD_CONFIG_H

#include <stdio.h>

#include "util.h"

/* Acknowledgements are not a relay for anyone's text (docs/trust.md): at most so many in 24 hours. */
#define ACKS_PER_DAY 200    /* to everyone: secretariat.acknowledge_per_day's default */
#define ACKS_PER_ADDRESS 20 /* to one address: a forged sender must not turn us into a mail cannon */

struct oauth2_settings; /* daemon/oauth/oauth2.h */

struct tls_opts {
	int verify;    /* check the peer's certificate and name */
	char *ca_file; /* owned, "" for the system store */
	int starttls;  /* imap:// and smtp:// must upgrade; 0 allows plain text */
};

struct config {
	char *path; /* owned: the file read, or NULL for the built-in defaults */

	char *store_path; /* owned */
	char *attach_dir; /* owned: where attachments are kept by hash (default: next to the store) */

	char *mailbox_url;                      /* owned: maildir:/path, imap://…, imaps://… */
	char *mailbox_user;                     /* owned */
	char *mailbox_password;                 /* owned, secret: never logged */
	char *mailbox_oauth_token_file;         /* owned or "": XOAUTH2 bearer token file */
	struct oauth2_settings *mailbox_oauth2; /* owned or NULL: mailbox.oauth2, tokens renewed by liaisond */
	long poll_interval;                     /* seconds */
	struct tls_opts mailbox_tls;
	struct strv folders;      /* extra folders to watch; "Sent"-like ones via sent_folders */
	struct strv sent_folders; /* folders whose mail is filed as outgoing; default [ "Sent" ] */
	int sent_folders_default; /* not written: a server without "Sent" is no error (the folder is skipped) */
	char *mark;               /* "keyword" or "move" */
	char *keyword;            /* owned, default "$Filed" */
	char *filed_folder;       /* owned, default "Filed" */
	char *quarantine_folder;  /* owned, default "Quarantine" */
	long timeout;             /* seconds, connect and per command */
	long fetch_chunk;         /* UIDs per SEARCH/FETCH chunk */

	char *smtp_url; /* owned: spool:/path, smtp://…, smtps://… */
	char *smtp_user;
	char *smtp_password;                 /* owned, secret */
	struct oauth2_settings *smtp_oauth2; /* owned or NULL: smtp.oauth2 (same_as_mailbox: use mailbox_oauth2) */
	struct tls_opts smtp_tls;
	char *smtp_from; /* owned: "JCA-MV Secretariat <tsbjcamv@itu.int>" */

	char *secretariat_address; /* owned, lower case */
	struct strv digest_to;
	char *digest_time; /* "06:00" */
	char *timezone;    /* "Europe/Zurich" */
	int send_acks;     /* acknowledge incoming liaison statements and roadmap inputs */
	long acks_per_day; /* acknowledgements to everyone in 24 hours (0: none), beside ACKS_PER_ADDRESS */
	long ack_max_age;  /* days: older mail is filed, not acknowledged (0: any age) */
	char *ack_contact; /* owned: whom a sender writes to when something was misread ("": smtp.from) */
	char *doc_prefix;  /* owned: the secretariat's document numbers, "JCA-MV-Doc-" */

	/* Whose word makes From: the secretariat the secretariat's own (docs/trust.md), beside sent_folders. */
	struct strv trusted_authserv_ids; /* mailbox.trusted_authserv_id: MTAs whose Authentication-Results count */
	int trust_sender_address;         /* the MTA refuses forged From: the secretariat: trust it as written */

	long days_before[16];
	size_t ndays_before;
	long overdue_every; /* days between overdue notices (reminders.overdue_every, 7) */
	long overdue_max;   /* overdue notices per body and statement (reminders.overdue_max, 3; 0: none) */
	char *self_to;      /* owned, "" for secretariat.address: where reminders of the JCA-MV's own tasks go */

	char *sdo_file;    /* owned or "": a directory file replacing the built-in one */
	char *log_level;   /* "debug" | "info" | "notice" | "warning" | "error" */
	char *exports_dir; /* owned or "": where the daemon rewrites the roadmap, report and calendar after a change */
};

/* The built-in defaults: the sample Maildir, a fresh store, the spool transport. */
struct config *config_defaults(void);
/* Reads and validates path. NULL with *err (owned) "FILE:LINE: setting: reason"; 2 is the exit status. */
struct config *config_load(const char *path, char **err);
void config_free(struct config *c); /* accepts NULL */

/*
 * config_show.c: prints c in libconfig's syntax, every setting with its effective value (the defaults filled
 * in, file names absolute). A password is never printed: a comment says "(set)", "(from FILE)"
 * or "(from $VARIABLE)" instead, so the output stays a configuration that loads. 0 ok, -1 write error.
 */
int config_show(const struct config *c, FILE *f);
/* The line of setting ("group.name") in path, or of its group when it is not written; 0 when neither. */
int config_line(const char *path, const char *setting);

#endif
