/* notice.c: what is due at each poll (reminders, the digest), from the configuration. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "notice.h"

#include <stdlib.h>

#include "config.h"
#include "digest.h"
#include "log.h"
#include "store.h"

void
notice_queue_due(const struct config *cfg, struct store *st, const struct sdo_dir *dir, long long now)
{
	char *err = NULL;
	int dup;

	if (remind_queue(cfg, st, dir, now) < 0)
		log_error("reminders: %s", store_errmsg(st));
	if (!cfg->digest_to.n || !digest_due(cfg->digest_time, cfg->timezone, now))
		return;
	if (digest_queue(cfg, st, dir, now, &dup, &err) != 0)
		log_error("digest: %s", err);
	else if (!dup)
		log_info("digest queued for %s", cfg->digest_to.v[0]);
	free(err);
}
