/* log.h: one line per event, with levels, to stderr or syslog; never given secrets. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_LOG_H
#define LSD_LOG_H

enum log_level { LOG_LVL_ERROR, LOG_LVL_WARNING, LOG_LVL_NOTICE, LOG_LVL_INFO, LOG_LVL_DEBUG };

void log_open(const char *ident, int to_stderr, enum log_level level);
int log_level_parse(const char *s, enum log_level *out); /* 0 ok, -1 unknown */
void log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_LVL_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_LVL_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

/*
 * A state that changes rarely (the mailbox is unreachable, the SMTP server refuses):
 * logged when it changes, not on every retry. key names the state; msg NULL means "fine again".
 */
void log_state(const char *key, enum log_level level, const char *msg);

#endif
