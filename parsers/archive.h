/* archive.h: .zip archives of documents (3GPP sends every tdoc as TDOC.zip): each member read by its extractor. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_ARCHIVE_H
#define LSD_ARCHIVE_H

#include <stddef.h>

struct doc;
struct extract_limits;

/* Archives opened inside an archive: a zip in a zip is read, a zip in that is not. */
#define ARCHIVE_MAX_DEPTH 1

/*
 * Reads every member of the zip in data (len bytes, borrowed) that a known extractor reads, in
 * archive order, into one new document. The zip limits of lim (NULL: the defaults) hold for the
 * archive as a whole (entries, bytes inflated, ratio, blocks, time) and for every member, which is
 * read within what the archive has left. depth is the archive's own nesting (0 for an attachment).
 * Returns 0 and *out (owned), or -1 with *err (owned): not a zip, a limit, no readable member.
 * Members' names are only looked at, never used as paths.
 */
int archive_extract(const void *data, size_t len, const char *charset, const struct extract_limits *lim, unsigned depth,
    struct doc **out, char **err);

#endif
