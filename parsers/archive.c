/* archive.c: .zip archives of documents, each member read by the extractor its name and bytes call for, within
 * what the archive's limits have left. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "archive.h"
#include "extract.h"
#include "ooxml.h"

#include <stdlib.h>
#include <string.h>

/* What a member's document costs, counted as xout counts its own output. */
static size_t
doc_cost(const struct doc *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nblocks; i++) {
		n += 32;
		for (size_t j = 0; j < d->blocks[i].ncells; j++)
			n += 32 + strlen(d->blocks[i].cells[j]);
	}
	return n;
}

/* A member is read within what the archive has left: bytes, blocks and seconds. */
static int
member_limits(struct xout *o, const struct ooxml *ox, struct extract_limits *ml)
{
	struct timespec now;
	double el;
	size_t used = ox->total > o->bytes ? ox->total : o->bytes;

	*ml = *o->lim;
	clock_gettime(CLOCK_MONOTONIC, &now);
	el = (double)(now.tv_sec - o->start.tv_sec) + (double)(now.tv_nsec - o->start.tv_nsec) / 1e9;
	if (el + 1 > (double)o->lim->max_seconds)
		return xout_fail(o, "extraction took longer than %u s", o->lim->max_seconds);
	ml->max_seconds = o->lim->max_seconds - (unsigned)el - 1;
	if (used >= o->lim->max_uncompressed || o->doc->nblocks >= o->lim->max_blocks)
		return xout_fail(o, "archive: members over the limits on text and blocks");
	ml->max_uncompressed = o->lim->max_uncompressed - used;
	ml->max_blocks = o->lim->max_blocks - o->doc->nblocks;
	return 0;
}

/* The member's document joins the archive's, with its warnings under its name. */
static int
add_member(struct xout *o, const char *name, struct doc *md)
{
	if (xout_account(o, doc_cost(md)) < 0)
		return -1;
	if (md->nblocks > o->lim->max_blocks - o->doc->nblocks)
		return xout_fail(o, "more than %zu paragraphs and table rows", o->lim->max_blocks);
	doc_append(o->doc, md);
	for (size_t i = 0; i < md->warnings.n; i++)
		doc_warn(o->doc, "%s: %s", name, md->warnings.v[i]);
	return 0;
}

/* 1 when the member was read, 0 when it was passed over or skipped (with a warning), -1 on an archive limit. */
static int
read_member(struct xout *o, struct ooxml *ox, zip_uint64_t i, const char *charset, unsigned depth)
{
	const char *raw = zip_get_name(ox->zip, i, 0);
	struct extract_limits ml;
	struct doc *md = NULL;
	unsigned char *data = NULL;
	char *name = NULL, *err = NULL;
	size_t len = 0;
	enum doc_type t;
	int rc = 0;

	if (!raw || !*raw || raw[strlen(raw) - 1] == '/' || str_startswith_ci(raw, "__MACOSX/"))
		return 0;
	name = str_oneline(raw, 200);
	/* Pictures, fonts and whatever else no extractor reads stay compressed. */
	if ((t = extract_type(NULL, raw)) == DOC_UNKNOWN)
		goto out;
	if (t == DOC_ZIP && depth >= ARCHIVE_MAX_DEPTH) {
		doc_warn(o->doc, "%s: an archive inside an archive inside an archive, not opened", name);
		goto out;
	}
	if (ooxml_entry_read(ox, i, &data, &len) < 0) {
		rc = -1;
		goto out;
	}
	t = extract_sniff(t, data, len);
	if (t == DOC_UNKNOWN || (t == DOC_ZIP && depth >= ARCHIVE_MAX_DEPTH))
		goto out;
	if (member_limits(o, ox, &ml) < 0) {
		rc = -1;
		goto out;
	}
	if (extract_doc_depth(t, data, len, charset, &ml, depth + 1, &md, &err) < 0) {
		doc_warn(o->doc, "%s skipped: %s", name, err ? err : "unreadable");
		goto out;
	}
	rc = add_member(o, name, md) < 0 ? -1 : 1;
out:
	doc_free(md);
	free(err);
	free(data);
	free(name);
	return rc;
}

int
archive_extract(const void *data, size_t len, const char *charset, const struct extract_limits *lim, unsigned depth,
    struct doc **out, char **err)
{
	struct xout o;
	struct ooxml ox = {0};
	zip_int64_t n;
	int rc = -1, r, nread = 0;

	xout_init(&o, lim);
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (xout_input(&o, "zip", len) < 0 || ooxml_open(&ox, &o, data, len) < 0)
		goto out;
	n = zip_get_num_entries(ox.zip, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		if ((r = read_member(&o, &ox, (zip_uint64_t)i, charset, depth)) < 0)
			goto out;
		nread += r;
	}
	if (nread == 0) {
		if (o.doc->warnings.n > 0)
			xout_fail(&o, "no readable document in the archive: %s", o.doc->warnings.v[0]);
		else
			xout_fail(&o, "no document in the archive (%lld entries)", (long long)n);
		goto out;
	}
	rc = 0;
out:
	ooxml_close(&ox);
	return xout_finish(&o, rc, out, err);
}
