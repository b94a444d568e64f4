/* doc97_fkp.h: the formatted disk pages of a Word 97 .doc ([MS-DOC] 2.9.175 PapxFkp, 2.9.45 ChpxFkp): which
 * paragraphs are table cells and row ends, which characters are tracked deletions. */
/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LSD_DOC97_FKP_H
#define LSD_DOC97_FKP_H

#include <stddef.h>
#include <stdint.h>
#include "xout.h"

/* The properties of one run of file offsets [fc, lim) that the Word reader needs. */
struct prun {
	uint32_t fc, lim;
	unsigned char intable, ttp; /* paragraphs: in a table cell, a row's end (TTP) */
	unsigned char deleted;      /* characters: a tracked deletion (sprmCFRMarkDel) */
	uint32_t defoff, deflen;    /* on a TTP: its sprmTDefTable operand, in the WordDocument stream */
};

/* Runs sorted by fc. Zero-initialise; fkp_free() frees the vector, not the struct. */
struct fkp_runs {
	struct prun *v;
	size_t n, cap;
};

/*
 * Reads the pages a PlcBtePapx (chpx 0) or PlcBteChpx (chpx 1) of lcb bytes at plc names, out of
 * the WordDocument stream wd (both borrowed). Damaged pages are passed over; returns 0, or -1
 * when the runs go over o's output limit (the reason in o).
 */
int fkp_load(struct fkp_runs *r, const unsigned char *wd, size_t wdlen, const unsigned char *plc, size_t lcb, int chpx,
    struct xout *o);
const struct prun *fkp_at(const struct fkp_runs *r, uint32_t fc); /* the run holding fc, or NULL */
void fkp_free(struct fkp_runs *r);

#endif
