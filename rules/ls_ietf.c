/* ls_ietf.c: placeholder until the ietf template is written. */
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

const struct ls_template ls_tpl_ietf = { "ietf", detect, fill };
