/* tzclock.h: the secretariat's clock: the calendar day and the hour in a named time zone (tz database). */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_TZCLOCK_H
#define LSD_TZCLOCK_H

#include <time.h>

/*
 * now as a broken-down time in tz ("Europe/Zurich"; NULL or "" is UTC). Sets and restores
 * TZ around the conversion, so it is not for threads. The caller's TZ is left as it was.
 */
struct tm tz_local_tm(const char *tz, long long now);
/* now's calendar day in tz, "YYYY-MM-DD". */
void tz_local_date(const char *tz, long long now, char out[11]);

#endif
