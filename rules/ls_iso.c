/* ls_iso.c: placeholder until the iso template is written. */
#include "ls_int.h"

static int
detect(const struct ls_scan *sc)
{
	(void)sc;
	return 0;
}

static void
fill(struct ls_scan *sc, struct ls *ls)
{
	ls_common(sc, ls);
}

const struct ls_template ls_tpl_iso = { "iso", detect, fill };
