/* util.h: bounded strings, growable buffers and string vectors shared by every module. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_UTIL_H
#define LSD_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* Allocation failure is not an input error: these abort, as OpenSMTPD's xmalloc does. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n); /* NULL in, NULL out */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A vector of owned strings. Zero-initialise; strv_free() frees the strings, not the struct. */
struct strv {
	char **v;
	size_t n;
	size_t cap;
};
void strv_push(struct strv *sv, const char *s); /* copies s */
void strv_push_owned(struct strv *sv, char *s); /* takes s */
void strv_pushf(struct strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strv_contains(const struct strv *sv, const char *s); /* exact match */
int strv_push_unique(struct strv *sv, const char *s);    /* 1 when added */
void strv_free(struct strv *sv);

/* A growable NUL-terminated byte buffer. Zero-initialise. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *buf_str(struct buf *b); /* never NULL */
char *buf_steal(struct buf *b);     /* owned by the caller; b is reset */
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* Strings. */
char *str_trim(char *s);              /* in place, returns s (moved past leading space) */
char *str_collapse_ws(const char *s); /* owned: runs of white space (also NBSP) to one space, trimmed */
int str_empty(const char *s);         /* NULL or only white space */
int str_startswith_ci(const char *s, const char *prefix);
int str_endswith_ci(const char *s, const char *suffix);
void str_lower(char *s); /* ASCII only */
char *str_oneline(
    const char *s, size_t max); /* owned: CR, LF, TAB and controls to space, capped at max bytes (UTF-8 safe) */
int str_has_ctl(const char *s); /* any byte < 0x20 or 0x7f */
int parse_long(const char *s, long min, long max, long *out); /* 0 ok, -1 not a whole number in range */

/* JSON: a string value with quotes, escaped (RFC 8259); NULL becomes null. */
void json_str(struct buf *b, const char *s);
void json_strv(struct buf *b, const struct strv *sv);

/* Files. */
int file_read(const char *path, size_t max, char **data, size_t *len, char **err); /* data owned, NUL-terminated */
int file_write_atomic(const char *path, const void *data, size_t len, char **err); /* tmp, fsync, rename, fsync dir */
/* The same, created with mode (the umask applies): 0666 for a file the user asked for, which follows their umask. */
int file_write_atomic_mode(const char *path, const void *data, size_t len, unsigned mode, char **err);
int mkdir_p(const char *path, unsigned mode);

/* Time. */
long long now_epoch(void);                          /* honours the --now override */
void now_set(long long epoch);                      /* for --now */
int iso8601_parse(const char *s, long long *epoch); /* 2026-05-11, 2026-05-11T09:00, …Z, …+02:00 */
void iso8601_utc(long long epoch, char out[21]);    /* 2026-05-11T09:00:00Z */
void iso_date(long long epoch, char out[11]);       /* 2026-05-11 */

#endif
