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

/*
 * Queues a reminder for every open obligation of an outgoing statement whose deadline is
 * within one of reminders.days_before, once per level, to the body's liaison contacts.
 * Returns the number queued, or -1 on a store error.
 */
int remind_queue(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now);

/* The digest's text for the day of now (owned). */
char *digest_text(const struct config *cfg, struct store *st, long long now);
/* Queues the digest for now's day, once. 0 ok (*dup when already queued), -1 with *err (owned). */
int digest_queue(const struct config *cfg, struct store *st, long long now, int *dup, char **err);

/*
 * What a poll queues: the reminders due, and the day's digest once secretariat.digest_time
 * has passed in secretariat.timezone (when digest_to is set). Errors are logged.
 */
void notice_queue_due(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now);

#endif
