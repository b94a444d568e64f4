/* ooxml.c: OOXML packages (ECMA-376 part 2, OPC) read from memory with libzip, parts streamed to libxml2 within the
 * limits. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "ooxml.h"

#include <stdlib.h>
#include <string.h>

/* Below this many bytes a high compression ratio is harmless (small repetitive XML compresses 500:1). */
#define RATIO_FLOOR ((size_t)1 << 20)

int
ooxml_open(struct ooxml *ox, struct xout *o, const void *data, size_t len)
{
	zip_source_t *src = NULL;
	zip_error_t zerr;
	zip_int64_t n;

	memset(ox, 0, sizeof(*ox));
	ox->o = o;
	zip_error_init(&zerr);
	if (!data || len == 0)
		return xout_fail(o, "empty file");
	if (!(src = zip_source_buffer_create(data, len, 0, &zerr)))
		goto fail;
	if (!(ox->zip = zip_open_from_source(src, ZIP_RDONLY, &zerr))) {
		zip_source_free(src);
		goto fail;
	}
	n = zip_get_num_entries(ox->zip, 0);
	if (n < 0 || (size_t)n > o->lim->max_entries) {
		xout_fail(o, "zip has %lld entries, over the %zu limit", (long long)n, o->lim->max_entries);
		ooxml_close(ox);
		return -1;
	}
	zip_error_fini(&zerr);
	return 0;
fail:
	xout_fail(o, "not a zip container (%s)", zip_error_strerror(&zerr));
	zip_error_fini(&zerr);
	return -1;
}

void
ooxml_close(struct ooxml *ox)
{
	if (!ox || !ox->zip)
		return;
	zip_discard(ox->zip);
	ox->zip = NULL;
}

int
ooxml_exists(struct ooxml *ox, const char *name)
{
	return zip_name_locate(ox->zip, name, 0) >= 0;
}

/* Counts every inflated byte: the sizes in the zip headers are the attacker's to choose. */
static int
part_read(void *ctx, char *buf, int len)
{
	struct ooxml_part *p = ctx;
	struct xout *o = p->ox->o;
	char a[32], b[32];
	zip_int64_t n;

	if (p->failed || len <= 0)
		return p->failed ? -1 : 0;
	n = zip_fread(p->zf, buf, (zip_uint64_t)len);
	if (n < 0) {
		xout_fail(o, "%s: damaged zip entry (%s)", p->name, zip_file_strerror(p->zf));
		goto fail;
	}
	p->got += (size_t)n;
	p->ox->total += (size_t)n;
	if (p->got > p->declared) {
		xsize(a, sizeof(a), p->declared);
		xout_fail(o, "%s: inflates to more than its declared %s", p->name, a);
		goto fail;
	}
	if (p->ox->total > o->lim->max_uncompressed) {
		xsize(b, sizeof(b), o->lim->max_uncompressed);
		xout_fail(o, "%s: uncompressed size over the %s limit", p->name, b);
		goto fail;
	}
	if (p->got > RATIO_FLOOR && p->got / (p->comp ? p->comp : 1) > o->lim->max_ratio) {
		xout_fail(o, "%s: compression ratio over %u:1", p->name, o->lim->max_ratio);
		goto fail;
	}
	if (xout_tick(o) < 0)
		goto fail;
	return (int)n;
fail:
	p->failed = 1;
	return -1;
}

static int
part_noclose(void *ctx)
{
	return 0;
}

static void
part_xml_error(void *ctx, xmlErrorPtr e)
{
	struct ooxml_part *p = ctx;
	char *msg;

	if (!e || e->level < XML_ERR_ERROR || p->failed)
		return;
	msg = str_oneline(e->message ? e->message : "malformed", 200);
	xout_fail(p->ox->o, "%s: XML error at line %d: %s", p->name, e->line, str_trim(msg));
	free(msg);
	p->failed = 1;
}

/* The checks on an entry's declared sizes, before anything is inflated; the reads re-check the real bytes. */
static int
entry_check(struct ooxml *ox, zip_uint64_t idx, const char *name, zip_stat_t *st)
{
	struct xout *o = ox->o;
	char a[32], b[32];

	zip_stat_init(st);
	if (zip_stat_index(ox->zip, idx, 0, st) < 0 || !(st->valid & ZIP_STAT_SIZE))
		return xout_fail(o, "%s: unreadable zip entry", name);
	if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE)
		return xout_fail(o, "%s: encrypted zip entry", name);
	if (st->size > o->lim->max_uncompressed || ox->total > o->lim->max_uncompressed - st->size) {
		xsize(a, sizeof(a), st->size);
		xsize(b, sizeof(b), o->lim->max_uncompressed);
		return xout_fail(o, "%s: uncompressed size %s over the %s limit", name, a, b);
	}
	if (st->size > RATIO_FLOOR && (st->valid & ZIP_STAT_COMP_SIZE) &&
	    st->size / (st->comp_size ? st->comp_size : 1) > o->lim->max_ratio)
		return xout_fail(o, "%s: compression ratio %llu:1 over the %u:1 limit", name,
		    (unsigned long long)(st->size / (st->comp_size ? st->comp_size : 1)), o->lim->max_ratio);
	return 0;
}

int
ooxml_part_open(struct ooxml *ox, const char *name, struct ooxml_part **out)
{
	struct ooxml_part *p = NULL;
	struct xout *o = ox->o;
	zip_stat_t st;
	zip_int64_t idx;
	int rc = -1;

	*out = NULL;
	if ((idx = zip_name_locate(ox->zip, name, 0)) < 0)
		return 1;
	if (entry_check(ox, (zip_uint64_t)idx, name, &st) < 0)
		goto out;
	p = xcalloc(1, sizeof(*p));
	p->ox = ox;
	p->name = xstrdup(name);
	p->declared = (size_t)st.size;
	p->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (size_t)st.comp_size : 0;
	if (!(p->zf = zip_fopen_index(ox->zip, (zip_uint64_t)idx, 0))) {
		xout_fail(o, "%s: cannot open zip entry (%s)", name, zip_strerror(ox->zip));
		goto out;
	}
	/* No DTD loading, no entity substitution, no network, and no XML_PARSE_HUGE. */
	p->r = xmlReaderForIO(
	    part_read, part_noclose, p, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!p->r) {
		xout_fail(o, "%s: cannot start the XML reader", name);
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(p->r, part_xml_error, p);
	*out = p;
	p = NULL;
	rc = 0;
out:
	ooxml_part_close(p);
	return rc;
}

int
ooxml_entry_read(struct ooxml *ox, zip_uint64_t idx, unsigned char **out, size_t *outlen)
{
	struct ooxml_part p = {0};
	const char *name = zip_get_name(ox->zip, idx, 0);
	zip_stat_t st;
	size_t cap;
	int n, rc = -1;

	*out = NULL;
	*outlen = 0;
	p.ox = ox;
	p.name = (char *)(name ? name : "?");
	if (entry_check(ox, idx, p.name, &st) < 0)
		return -1;
	p.declared = (size_t)st.size;
	p.comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (size_t)st.comp_size : 0;
	if (!(p.zf = zip_fopen_index(ox->zip, idx, 0)))
		return xout_fail(ox->o, "%s: cannot open zip entry (%s)", p.name, zip_strerror(ox->zip));
	/* The declared size is only a hint for the first allocation; part_read() stops at it. */
	cap = p.declared < 65536 ? p.declared + 1 : 65536;
	*out = xmalloc(cap);
	for (;;) {
		if (*outlen + 1 >= cap) {
			cap *= 2;
			*out = xrealloc(*out, cap);
		}
		n = part_read(&p, (char *)*out + *outlen, (int)(cap - *outlen - 1 < 65536 ? cap - *outlen - 1 : 65536));
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		*outlen += (size_t)n;
	}
	(*out)[*outlen] = '\0';
	rc = 0;
out:
	zip_fclose(p.zf);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*outlen = 0;
	}
	return rc;
}

static int
part_check(struct ooxml_part *p, int r)
{
	struct xout *o = p->ox->o;

	if (r < 0 || p->failed || o->err) {
		p->failed = 1;
		return xout_fail(o, "%s: malformed XML", p->name);
	}
	if (r == 0)
		return 0;
	if (xmlTextReaderNodeType(p->r) == XML_READER_TYPE_ELEMENT &&
	    xmlTextReaderDepth(p->r) >= (int)o->lim->max_xml_depth) {
		p->failed = 1;
		return xout_fail(o, "%s: XML nesting depth over the %u limit", p->name, o->lim->max_xml_depth);
	}
	if (xout_tick(o) < 0) {
		p->failed = 1;
		return -1;
	}
	return 1;
}

int
ooxml_part_next(struct ooxml_part *p)
{
	if (p->failed)
		return -1;
	return part_check(p, xmlTextReaderRead(p->r));
}

int
ooxml_part_skip(struct ooxml_part *p)
{
	if (p->failed)
		return -1;
	return part_check(p, xmlTextReaderNext(p->r));
}

void
ooxml_part_close(struct ooxml_part *p)
{
	if (!p)
		return;
	if (p->r)
		xmlFreeTextReader(p->r);
	if (p->zf)
		zip_fclose(p->zf);
	free(p->name);
	free(p);
}

char *
ooxml_attr(xmlTextReaderPtr r, const char *local)
{
	char *v = NULL;
	const xmlChar *n;

	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return NULL;
	do {
		n = xmlTextReaderConstLocalName(r);
		if (n && !strcmp((const char *)n, local)) {
			v = xstrdup((const char *)xmlTextReaderConstValue(r));
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
	return v;
}

/* "xl/workbook.xml" + "../media/a.xml" → "media/a.xml" (§9.3.1: targets are relative to the source part's folder). */
static char *
resolve_target(const char *part, const char *target)
{
	struct strv seg = {0};
	struct buf b = {0};
	const char *s, *e, *slash;

	if (target[0] != '/' && (slash = strrchr(part, '/')))
		buf_add(&b, part, (size_t)(slash - part + 1));
	buf_adds(&b, target[0] == '/' ? target + 1 : target);
	for (s = buf_str(&b); *s; s = *e ? e + 1 : e) {
		e = strchr(s, '/');
		if (!e)
			e = s + strlen(s);
		if ((e - s == 1 && s[0] == '.') || e == s)
			continue;
		if (e - s == 2 && s[0] == '.' && s[1] == '.') {
			if (seg.n > 0)
				free(seg.v[--seg.n]);
			continue;
		}
		strv_push_owned(&seg, xstrndup(s, (size_t)(e - s)));
	}
	buf_reset(&b);
	for (size_t i = 0; i < seg.n; i++) {
		if (i)
			buf_addc(&b, '/');
		buf_adds(&b, seg.v[i]);
	}
	strv_free(&seg);
	return buf_steal(&b);
}

int
ooxml_rels_read(struct ooxml *ox, const char *part, struct ooxml_rels *rels)
{
	struct ooxml_part *p = NULL;
	struct buf path = {0};
	const char *slash = strrchr(part, '/');
	char *id = NULL, *type = NULL, *target = NULL, *mode = NULL;
	int r, rc = -1;

	memset(rels, 0, sizeof(*rels));
	/* The rels of "xl/workbook.xml" live in "xl/_rels/workbook.xml.rels"; the package's in "_rels/.rels". */
	if (slash)
		buf_add(&path, part, (size_t)(slash - part + 1));
	buf_printf(&path, "_rels/%s.rels", slash ? slash + 1 : part);
	if ((r = ooxml_part_open(ox, buf_str(&path), &p)) != 0) {
		rc = r > 0 ? 0 : -1;
		goto out;
	}
	while ((r = ooxml_part_next(p)) > 0) {
		if (xmlTextReaderNodeType(p->r) != XML_READER_TYPE_ELEMENT ||
		    strcmp((const char *)xmlTextReaderConstLocalName(p->r), "Relationship"))
			continue;
		id = ooxml_attr(p->r, "Id");
		type = ooxml_attr(p->r, "Type");
		target = ooxml_attr(p->r, "Target");
		mode = ooxml_attr(p->r, "TargetMode");
		if (id && type && target && !(mode && !strcmp(mode, "External"))) {
			strv_push(&rels->id, id);
			strv_push(&rels->type, type);
			strv_push_owned(&rels->target, resolve_target(part, target));
		}
		free(id);
		free(type);
		free(target);
		free(mode);
		id = type = target = mode = NULL;
	}
	rc = r < 0 ? -1 : 0;
out:
	ooxml_part_close(p);
	buf_free(&path);
	if (rc < 0)
		ooxml_rels_free(rels);
	return rc;
}

void
ooxml_rels_free(struct ooxml_rels *rels)
{
	if (!rels)
		return;
	strv_free(&rels->id);
	strv_free(&rels->type);
	strv_free(&rels->target);
}

const char *
ooxml_rels_by_type(const struct ooxml_rels *rels, const char *suffix)
{
	for (size_t i = 0; i < rels->type.n; i++)
		if (str_endswith_ci(rels->type.v[i], suffix))
			return rels->target.v[i];
	return NULL;
}

const char *
ooxml_rels_by_id(const struct ooxml_rels *rels, const char *id)
{
	for (size_t i = 0; i < rels->id.n; i++)
		if (!strcmp(rels->id.v[i], id))
			return rels->target.v[i];
	return NULL;
}
