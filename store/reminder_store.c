/* reminder_store.c: a reminder queued and its obligation marked in one transaction, so it is sent once per level. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "store_int.h"

#include <stdlib.h>

int
store_remind(struct store *st, long long obligation_id, long days, const struct outmail *om, int *dup, char **err)
{
	long long id;
	int rc = -1;

	*err = NULL;
	if (store_begin(st) != 0)
		goto out;
	if (store_outbox_add(st, om, &id, dup, err) != 0)
		goto out;
	/* The level is not recorded here: it counts once the mail reached a recipient (store/outbox_store.c). */
	(void)obligation_id, (void)days;
	rc = store_commit(st);
out:
	if (rc != 0) {
		if (!*err)
			*err = xstrdup(st->errbuf);
		store_rollback(st);
	}
	return rc;
}
