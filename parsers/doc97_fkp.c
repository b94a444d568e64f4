/* doc97_fkp.c: the paragraph and character property pages (FKPs) of a Word 97 .doc, reduced to the few
 * properties the reader needs: table cells, row ends with their cell definitions, tracked deletions. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "doc97_fkp.h"

#include <stdlib.h>
#include <string.h>

#define FKP_SIZE 512
#define SPRM_IN_TABLE 0x2416 /* sprmPFInTable */
#define SPRM_TTP 0x2417      /* sprmPFTtp: the mark ends a table row */
#define SPRM_DEF_TABLE 0xD608
#define SPRM_CHG_TABS 0xC615
#define SPRM_MARK_DEL 0x0800 /* sprmCFRMarkDel */

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* The operand size of the sprm at g (its 2-byte id already read), or 0 when it cannot be told. */
static size_t
sprm_size(uint16_t sprm, const unsigned char *g, size_t left)
{
	switch (sprm >> 13) {
	case 0:
	case 1: return 1;
	case 2:
	case 4:
	case 5: return 2;
	case 3: return 4;
	case 7: return 3;
	default: break;
	}
	if (sprm == SPRM_DEF_TABLE)
		return left >= 2 && le16(g) > 0 ? (size_t)le16(g) + 1 : 0;
	if (left < 1 || (sprm == SPRM_CHG_TABS && g[0] == 255))
		return 0;
	return (size_t)g[0] + 1;
}

static void
grpprl_flags(const unsigned char *wd, const unsigned char *g, size_t n, struct prun *r)
{
	size_t k = 0, sz;
	uint16_t sprm;

	while (k + 2 <= n) {
		sprm = le16(g + k);
		k += 2;
		if ((sz = sprm_size(sprm, g + k, n - k)) == 0 || sz > n - k)
			break;
		if (sprm == SPRM_IN_TABLE)
			r->intable = g[k] != 0;
		else if (sprm == SPRM_TTP)
			r->ttp = g[k] != 0;
		else if (sprm == SPRM_MARK_DEL)
			r->deleted = g[k] == 1 || g[k] == 0x81; /* on, or the opposite of a style's off */
		else if (sprm == SPRM_DEF_TABLE) {
			r->defoff = (uint32_t)(g + k - wd);
			r->deflen = (uint32_t)sz;
		}
		k += sz;
	}
}

/* Where run i's properties are in the page: a PAPX (BxPap, 13 bytes, a word offset) or a CHPX (one byte). */
static void
run_props(const unsigned char *wd, const unsigned char *fkp, size_t crun, size_t i, int chpx, struct prun *r)
{
	size_t boff, glen;
	const unsigned char *g;

	boff = (size_t)fkp[(crun + 1) * 4 + i * (chpx ? 1 : 13)] * 2;
	if (boff == 0 || boff + 2 >= FKP_SIZE - 1)
		return;
	if (chpx) {
		glen = fkp[boff];
		g = fkp + boff + 1;
	} else if (fkp[boff] != 0) {
		glen = (size_t)fkp[boff] * 2 - 1;
		g = fkp + boff + 1;
	} else {
		glen = (size_t)fkp[boff + 1] * 2;
		g = fkp + boff + 2;
	}
	if ((size_t)(g - fkp) + glen > FKP_SIZE - 1)
		return;
	if (chpx)
		grpprl_flags(wd, g, glen, r);
	else if (glen >= 2)
		grpprl_flags(wd, g + 2, glen - 2, r); /* after the style index */
}

static int
read_page(struct fkp_runs *r, const unsigned char *wd, size_t wdlen, uint32_t pn, int chpx, struct xout *o)
{
	const unsigned char *fkp;
	size_t crun;
	struct prun p;

	if ((size_t)pn * FKP_SIZE + FKP_SIZE > wdlen)
		return 0;
	fkp = wd + (size_t)pn * FKP_SIZE;
	crun = fkp[FKP_SIZE - 1];
	if (crun == 0 || (crun + 1) * 4 + crun * (chpx ? 1 : 13) > FKP_SIZE - 1)
		return 0;
	for (size_t i = 0; i < crun; i++) {
		memset(&p, 0, sizeof(p));
		p.fc = le32(fkp + 4 * i);
		p.lim = le32(fkp + 4 * (i + 1));
		run_props(wd, fkp, crun, i, chpx, &p);
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
		}
		r->v[r->n++] = p;
		if (xout_account(o, sizeof(p)) < 0)
			return -1;
	}
	return 0;
}

static int
run_cmp(const void *a, const void *b)
{
	const struct prun *x = a, *y = b;

	return x->fc < y->fc ? -1 : x->fc > y->fc;
}

int
fkp_load(struct fkp_runs *r, const unsigned char *wd, size_t wdlen, const unsigned char *plc, size_t lcb, int chpx,
    struct xout *o)
{
	size_t n;

	if (lcb < 12 || (lcb - 4) % 8 != 0)
		return 0;
	n = (lcb - 4) / 8;
	if (n > wdlen / FKP_SIZE + 1)
		return 0; /* more pages than the stream holds */
	for (size_t i = 0; i < n; i++)
		if (read_page(r, wd, wdlen, le32(plc + (n + 1) * 4 + i * 4) & 0x3FFFFF, chpx, o) < 0)
			return -1;
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), run_cmp);
	return 0;
}

const struct prun *
fkp_at(const struct fkp_runs *r, uint32_t fc)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->v[mid].fc <= fc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || fc >= r->v[lo - 1].lim)
		return NULL;
	return &r->v[lo - 1];
}

void
fkp_free(struct fkp_runs *r)
{
	if (!r)
		return;
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}
