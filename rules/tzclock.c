/* tzclock.c: the secretariat's clock: its day and hour, not the server's, through TZ and localtime_r (POSIX). */
/* SPDX-License-Identifier: Apache-2.0 */
#include "tzclock.h"

#include <stdlib.h>

#include "util.h"

struct tm
tz_local_tm(const char *tz, long long now)
{
	const char *old = getenv("TZ");
	char *saved = old ? xstrdup(old) : NULL;
	time_t t = (time_t)now;
	struct tm tm;

	/* Deadlines and the digest hour are Geneva's, whatever zone the server runs in. */
	setenv("TZ", tz && *tz ? tz : "UTC", 1);
	tzset();
	localtime_r(&t, &tm);
	/* The rest of the process keeps the zone it started with. */
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else
		unsetenv("TZ");
	tzset();
	return tm;
}

void
tz_local_date(const char *tz, long long now, char out[11])
{
	struct tm tm = tz_local_tm(tz, now);

	strftime(out, 11, "%Y-%m-%d", &tm);
}
