/* notice.h: mail liaisond writes of its own: acknowledgements, deadline reminders, the chairs' nightly digest. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_NOTICE_H
#define LSD_NOTICE_H

#include <stddef.h>

struct config;
struct store;
struct sdo_dir;
struct msg;
struct analysis;
struct filed;

/*
 * Whom the acknowledgement of a message goes to (Reply-To, else From), or NULL when none is owed
 * (machine mail, outgoing, older than secretariat.acknowledge_max_age…; rules/ack.h says why). Owned.
 */
char *ack_recipient(const struct config *cfg, const struct msg *m, const struct analysis *a);
/*
 * The acknowledgement to rcpt, composed inside the filing once its document number and the
 * statements it answers are known (fd; NULL: neither). NULL when it cannot be composed (logged). Owned.
 */
char *ack_compose(const struct config *cfg, const struct msg *m, const struct analysis *a, const struct filed *fd,
    const char *rcpt, size_t *len);

struct strv;
struct digest;
struct digest_window;

/*
 * Queues what is due for every open obligation with a deadline, of the secretariat's statements
 * to other bodies (to their liaison contacts) and of statements asking the JCA-MV itself (to
 * reminders.self_to, else secretariat.address): a reminder at each of reminders.days_before, once
 * per level, then an overdue notice every reminders.overdue_every days, at most
 * reminders.overdue_max. Each in reply to the statement it chases. Returns the number queued,
 * or -1 on a store error.
 */
int remind_queue(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now);
/* A body's liaison contacts (the directory's, then those added), bare and once each, appended to to. */
void notice_contacts(struct store *st, const struct sdo_dir *dir, const char *sdo, struct strv *to);
/* The JCA-MV's own name in the directory: the body of secretariat.address. Borrowed, or NULL. */
const char *notice_self(const struct config *cfg, const struct sdo_dir *dir);

/*
 * The digest for now: everything since the previous digest's mark (w says which). *d is filled
 * (digest_clear it) when 0 is returned; -1 on a store error (store_errmsg).
 */
int digest_gather(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now,
    struct digest *d, struct digest_window *w);
/*
 * Queues the digest for now's day, once, and moves the mark in the same transaction. 0 ok (*dup
 * when already queued), -1 with *err (owned).
 */
int digest_queue(
    const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now, int *dup, char **err);

/*
 * What a poll queues: the reminders due, and the day's digest once secretariat.digest_time
 * has passed in secretariat.timezone (when digest_to is set). Errors are logged.
 */
void notice_queue_due(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now);

#endif
