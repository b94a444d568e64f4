/* reminder_store.c: a reminder queued and its obligation marked in one transaction, so it is sent once per level. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdlib.h>

int
store_remind(struct store *st, long long obligation_id, long days, const struct outmail *om, int *dup, char **err)
{
	sqlite3_stmt *s;
	long long id;
	int rc = -1;

	*err = NULL;
	if (store_begin(st) != 0)
		goto out;
	if (store_outbox_add(st, om, &id, dup, err) != 0)
		goto out;
	if (!(s = store_stmt(st, "UPDATE obligation SET reminded_days = ?2 WHERE id = ?1")))
		goto out;
	sqlite3_bind_int64(s, 1, obligation_id);
	sqlite3_bind_int64(s, 2, days);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		store_seterr(st, "obligation");
		goto out;
	}
	sqlite3_reset(s);
	rc = store_commit(st);
out:
	if (rc != 0) {
		if (!*err)
			*err = xstrdup(st->errbuf);
		store_rollback(st);
	}
	return rc;
}
