/* report_html.c: one self-contained page showing where every liaison stands, with the roadmap's counts. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>

#include "html_out.h"
#include "report_html.h"
#include "report_svg.h"
#include "rm_counts.h"

#define TIMELINE_DAYS 90

static const char report_css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;padding:1em 1.5em;"
    "max-width:80em;color:#1b1b1b;background:#fff}\n"
    "h1{font-size:1.5em;margin:.2em 0;color:#0b4f8a}h2{font-size:1.2em;color:#0b4f8a;margin:1.6em 0 .5em;"
    "border-bottom:1px solid #ccd}\n.meta{color:#555;margin:0 0 .6em}\n"
    "nav a{margin-right:1em;color:#0b4f8a}\n.bar{display:flex;flex-wrap:wrap;gap:.6em;align-items:center;"
    "margin:.5em 0}\n#q,#dir{font:inherit;padding:.35em .5em;border:1px solid #999;border-radius:4px}\n"
    "#q{width:22em;max-width:100%;box-sizing:border-box}\n#count{font-weight:600}\n"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .45em;text-align:left;"
    "vertical-align:top}\nthead th{background:#0b4f8a;color:#fff}\ntd{overflow-wrap:anywhere}\n"
    "td.title{min-width:14em}td.pur{font-size:.85em;max-width:30em}td.n,td.d{white-space:nowrap}\ntr.in "
    "td.dir{color:#0b6b2f}tr.out td.dir{color:#8a4b0b}\n"
    ".scroll{overflow-x:auto}\n.mx td,.mx th{font-size:.9em;min-width:6em}\n"
    ".mx td.ans{background:#e3f4e6}.mx td.open,.mx td.claim{background:#fff7dd}.mx td.over{background:#fbe0e0;"
    "font-weight:600}\n.legend span{display:inline-block;padding:0 .5em;margin-right:.5em;border:1px solid #ccc}\n"
    "svg{display:block;width:100%;height:auto}\nsvg text{font:13px system-ui,sans-serif;fill:#1b1b1b}\n"
    "svg .axis,svg .tick{stroke:#666;stroke-width:1.5}svg .tk{font-size:12px;fill:#444}\n"
    "svg circle.out{fill:#c0392b}svg circle.in{fill:#0b4f8a}svg rect{fill:#0b4f8a}svg .num{font-weight:600}\n"
    ".tl{max-width:60em}\nol.dl{padding-left:1.4em}ol.dl li{margin:.3em 0}\n.late{color:#b00;font-weight:600}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18em,1fr));gap:1.5em}\n"
    "figure{margin:0}figcaption{font-weight:600;margin-bottom:.4em}\n[hidden]{display:none}\n"
    /* A phone: the register as one card a statement, each cell with its column's name. */
    "@media (max-width:700px){body{padding:.6em}table.reg thead{display:none}table.reg tr{display:block;"
    "border:1px solid #ccc;margin-bottom:.6em}table.reg td{display:block;border:0;padding:.15em .5em}"
    "table.reg td:before{content:attr(data-l) ': ';font-weight:600;color:#555}}\n"
    "details summary{cursor:pointer}\n"
    "@media print{nav,.bar{display:none}body{max-width:none;padding:0;font-size:11px}.scroll{overflow:visible}"
    "tr,li,figure{break-inside:avoid}h2{break-after:avoid}thead th{background:#ddd;color:#000}}\n";

static const char report_script[] =
    "<script>\n(function () {\n"
    "\tvar q = document.getElementById('q'), dir = document.getElementById('dir');\n"
    "\tvar rows = Array.prototype.slice.call(document.querySelectorAll('#reg tbody tr'));\n"
    "\tvar count = document.getElementById('count');\n"
    "\tfunction update() {\n"
    "\t\tvar f = q.value.trim().toLowerCase(), d = dir.value, shown = 0;\n"
    "\t\trows.forEach(function (r) {\n"
    "\t\t\tvar ok = (!f || r.textContent.toLowerCase().indexOf(f) >= 0) && (!d || r.className === d);\n"
    "\t\t\tr.hidden = !ok;\n\t\t\tif (ok) shown++;\n\t\t});\n"
    "\t\tcount.textContent = shown + ' of ' + rows.length + ' statements';\n"
    "\t\tdocument.body.setAttribute('data-shown', shown);\n\t}\n"
    "\tq.addEventListener('input', update);\n\tdir.addEventListener('change', update);\n"
    "\tvar m = /^#q=(.*)$/.exec(location.hash);\n"
    "\tif (m) { try { q.value = decodeURIComponent(m[1]); } catch (e) { q.value = m[1]; } }\n"
    "\tupdate();\n})();\n</script>\n";

/* An obligation the secretariat follows: an answer owed to it, or one it owes (the JCA-MV asked). */
static int
followed(const struct rp_obligation *o)
{
	return strcmp(o->direction, "outgoing") == 0 || strcmp(o->sdo, RP_SELF) == 0;
}

static int
is_liaison(const struct rp_doc *d)
{
	return strcmp(d->kind, "liaison") == 0;
}

static void
td(struct buf *b, const char *cls, const char *label, const char *text)
{
	buf_printf(b, "<td class=\"%s\" data-l=\"%s\">", cls, label);
	html_text(b, text);
	buf_adds(b, "</td>");
}

/* "action: A, B; comment: C; information: D"; with counts only ("action: 30 bodies") when short. */
static void
purposes(struct buf *b, const struct rp_doc *d, int counts)
{
	const struct strv *l[] = {&d->action, &d->comment, &d->information};
	static const char *const name[] = {"action", "comment", "information"};
	int first = 1;

	for (int k = 0; k < 3; k++) {
		if (!l[k]->n)
			continue;
		buf_printf(b, "%s%s: ", first ? "" : "; ", name[k]);
		if (counts && l[k]->n > 1)
			buf_printf(b, "%zu bodies", l[k]->n);
		for (size_t i = 0; !(counts && l[k]->n > 1) && i < l[k]->n; i++)
			buf_printf(b, "%s%s", i ? ", " : "", l[k]->v[i]);
		first = 0;
	}
}

/* The purposes cell: a long list of bodies folds under its counts (the filter still reads it). */
static void
purposes_cell(struct buf *b, const struct rp_doc *d)
{
	struct buf p = {0};

	buf_adds(b, "<td class=\"pur\" data-l=\"Purposes\">");
	if (d->action.n + d->comment.n + d->information.n > 8) {
		purposes(&p, d, 1);
		buf_adds(b, "<details><summary>");
		html_text(b, buf_str(&p));
		buf_adds(b, "</summary>");
		buf_reset(&p);
		purposes(&p, d, 0);
		html_text(b, buf_str(&p));
		buf_adds(b, "</details>");
	} else {
		purposes(&p, d, 0);
		html_text(b, buf_str(&p));
	}
	buf_adds(b, "</td>");
	buf_free(&p);
}

static void
register_row(struct buf *b, const struct rp_doc *d, const char *today)
{
	int in = strcmp(d->direction, "incoming") == 0;
	char date[11];

	iso_date(d->date, date);
	buf_printf(b, "<tr class=\"%s\" data-doc=\"%lld\">", in ? "in" : "out", d->id);
	td(b, "n", "Document", d->number);
	td(b, "d", "Date", date);
	td(b, "dir", "Direction", in ? "in" : "out");
	td(b, "ref", "Number", *d->ref ? d->ref : "-");
	td(b, "src", "Source", *d->source ? d->source : *d->body ? d->body : d->sender);
	td(b, "title", "Title", *d->title ? d->title : d->subject);
	purposes_cell(b, d);
	if (*d->deadline && strcmp(d->deadline, today) < 0)
		td(b, "d late", "Deadline", d->deadline);
	else
		td(b, "d", "Deadline", *d->deadline ? d->deadline : "-");
	buf_adds(b, "</tr>\n");
}

static void
register_table(struct buf *b, const struct report_in *in)
{
	size_t n = 0;

	for (size_t i = 0; i < in->docs->n; i++)
		n += is_liaison(&in->docs->v[i]);
	buf_printf(
	    b, "<section id=\"register\" data-statements=\"%zu\">\n<h2>Register of liaison statements</h2>\n", n);
	buf_adds(b,
	    "<div class=\"bar\"><input id=\"q\" type=\"search\" placeholder=\"Filter statements\" "
	    "aria-label=\"Filter statements\"><select id=\"dir\" aria-label=\"Direction\"><option value=\"\">in and "
	    "out</option><option value=\"in\">incoming</option><option value=\"out\">outgoing</option></select>"
	    "<span id=\"count\" aria-live=\"polite\"></span></div>\n");
	buf_adds(b,
	    "<table class=\"reg\" id=\"reg\"><thead><tr><th>Document</th><th>Date</th><th>Dir.</th><th>Number</th>"
	    "<th>Source</th><th>Title</th><th>Purposes</th><th>Deadline</th></tr></thead>\n<tbody>\n");
	for (size_t i = in->docs->n; i-- > 0;) /* newest first */
		if (is_liaison(&in->docs->v[i]))
			register_row(b, &in->docs->v[i], in->today);
	buf_adds(b, "</tbody></table>\n</section>\n");
}

/* The cell of statement doc_id and body sdo: answered (by which document), open, overdue, or not asked. */
static void
matrix_cell(struct buf *b, const struct rp_obligations *ob, long long doc_id, const char *sdo, const char *today)
{
	const struct rp_obligation *o = NULL;

	for (size_t i = 0; i < ob->n && !o; i++)
		if (ob->v[i].doc_id == doc_id && strcmp(ob->v[i].sdo, sdo) == 0)
			o = &ob->v[i];
	if (!o)
		buf_adds(b, "<td></td>");
	else if (o->answered_by && !o->claimed) {
		buf_adds(b, "<td class=\"ans\">answered by ");
		html_text(b, o->answer_number);
		buf_adds(b, "</td>");
	} else if (o->answered_by) {
		buf_adds(b, "<td class=\"claim\">answer claimed by ");
		html_text(b, o->answer_number);
		buf_adds(b, ", not from its registered contact");
		if (*o->deadline) {
			buf_adds(b, strcmp(o->deadline, today) < 0 ? "; overdue since " : "; open until ");
			html_text(b, o->deadline);
		}
		buf_adds(b, "</td>");
	} else if (*o->deadline && strcmp(o->deadline, today) < 0) {
		buf_adds(b, "<td class=\"over\">overdue since ");
		html_text(b, o->deadline);
		buf_adds(b, "</td>");
	} else {
		buf_adds(b, "<td class=\"open\">open");
		if (*o->deadline) {
			buf_adds(b, " until ");
			html_text(b, o->deadline);
		}
		buf_adds(b, "</td>");
	}
}

static void
matrix(struct buf *b, const struct report_in *in)
{
	const struct rp_obligations *ob = in->ob;
	struct strv bodies = {0};
	long long last = 0;

	for (size_t i = 0; i < ob->n; i++)
		if (strcmp(ob->v[i].direction, "outgoing") == 0)
			strv_push_unique(&bodies, ob->v[i].sdo);
	buf_adds(b, "<section id=\"matrix\">\n<h2>The secretariat's statements and the bodies asked</h2>\n");
	buf_adds(b,
	    "<p class=\"legend\"><span class=\"ans\">answered</span><span class=\"open\">open</span><span "
	    "class=\"claim\">answer claimed</span>"
	    "<span class=\"over\">overdue</span></p>\n<div class=\"scroll\"><table class=\"mx\"><thead><tr>"
	    "<th>Statement</th>");
	for (size_t k = 0; k < bodies.n; k++) {
		buf_adds(b, "<th>");
		html_text(b, bodies.v[k]);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < ob->n; i++) {
		const struct rp_obligation *o = &ob->v[i];
		if (strcmp(o->direction, "outgoing") != 0 || o->doc_id == last)
			continue;
		last = o->doc_id;
		buf_printf(b, "<tr data-doc=\"%lld\"><th>", o->doc_id);
		html_text(b, o->number);
		buf_adds(b, " ");
		html_text(b, o->ref);
		buf_adds(b, "<br><small>");
		html_text(b, o->title);
		buf_adds(b, "</small></th>");
		for (size_t k = 0; k < bodies.n; k++)
			matrix_cell(b, ob, o->doc_id, bodies.v[k], in->today);
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody></table></div>\n</section>\n");
	strv_free(&bodies);
}

/* Days from today to an ISO date; a huge number when unreadable. */
static int
days_to(const char *today, const char *date)
{
	long long t, d;

	if (iso8601_parse(today, &t) != 0 || iso8601_parse(date, &d) != 0)
		return 1 << 20;
	return (int)((d - t) / 86400);
}

static int
point_cmp(const void *a, const void *b)
{
	const struct tl_point *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->doc_id < y->doc_id ? -1 : x->doc_id > y->doc_id;
}

/* The open deadlines of the next 90 days, one point a statement and deadline, and their list. */
static void
timeline(struct buf *b, const struct report_in *in)
{
	const struct rp_obligations *ob = in->ob;
	struct tl_point *p = xcalloc(ob->n + 1, sizeof(*p));
	struct strv labels = {0};
	size_t n = 0;

	for (size_t i = 0; i < ob->n; i++) {
		const struct rp_obligation *o = &ob->v[i];
		int day = days_to(in->today, o->deadline);
		if (!followed(o) || strcmp(o->state, "open") != 0 || day < 0 || day > TIMELINE_DAYS)
			continue;
		if (n && p[n - 1].doc_id == o->doc_id && strcmp(p[n - 1].date, o->deadline) == 0)
			continue; /* the same statement and deadline: one point */
		strv_pushf(&labels, "%s %s: %s", o->number, o->ref, o->title);
		p[n].day = day;
		p[n].date = o->deadline;
		p[n].label = labels.v[labels.n - 1];
		p[n].doc_id = o->doc_id;
		p[n].outgoing = strcmp(o->direction, "outgoing") == 0;
		n++;
	}
	if (n > 1)
		qsort(p, n, sizeof(*p), point_cmp);
	buf_printf(b, "<section id=\"timeline\" data-deadlines=\"%zu\">\n<h2>Deadlines of the next %d days</h2>\n", n,
	    TIMELINE_DAYS);
	svg_timeline(b, in->today, TIMELINE_DAYS, p, n);
	buf_adds(b, "<ol class=\"dl\">\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "<li class=\"%s\"><strong>", p[i].outgoing ? "out" : "in");
		html_text(b, p[i].date);
		buf_printf(b, "</strong> (in %d day%s): ", p[i].day, p[i].day == 1 ? "" : "s");
		html_text(b, p[i].label);
		buf_adds(b,
		    p[i].outgoing ? " <small>(answers awaited)</small></li>\n" : " <small>(to answer)</small></li>\n");
	}
	if (!n)
		buf_adds(b, "<li>No open deadline in this period.</li>\n");
	buf_adds(b, "</ol>\n</section>\n");
	strv_free(&labels);
	free(p);
}

static void
roadmap_charts(struct buf *b, const struct report_in *in)
{
	struct rm_counts c = {0};

	rm_counts_build(&c, in->rm);
	buf_printf(b,
	    "<section id=\"roadmap\" data-entries=\"%zu\">\n<h2>The roadmap: %zu entr%s</h2>\n<div class=\"charts\">\n",
	    c.total, c.total, c.total == 1 ? "y" : "ies");
	svg_bars(b, "by-category", "By category", c.groups, c.ngroups);
	svg_bars(b, "by-status", "By status", c.statuses, c.nstatuses);
	svg_bars(b, "by-body", "By standards body", c.bodies, c.nbodies);
	buf_adds(b, "</div>\n</section>\n");
	rm_counts_free(&c);
}

void
report_html(struct buf *b, const struct report_in *in)
{
	size_t nin = 0, nout = 0, open = 0, over = 0;
	char ts[21];

	for (size_t i = 0; i < in->docs->n; i++)
		if (is_liaison(&in->docs->v[i]))
			*(strcmp(in->docs->v[i].direction, "incoming") == 0 ? &nin : &nout) += 1;
	for (size_t i = 0; i < in->ob->n; i++) {
		const struct rp_obligation *o = &in->ob->v[i];
		if (strcmp(o->state, "open") != 0 || !followed(o))
			continue;
		open++;
		over += *o->deadline && strcmp(o->deadline, in->today) < 0;
	}
	iso8601_utc(in->now, ts);
	html_head(b, "JCA-MV liaison report", 1);
	buf_adds(b, report_css);
	buf_adds(b, "</style>\n</head>\n<body>\n<h1>JCA-MV liaison report</h1>\n");
	buf_printf(b,
	    "<p class=\"meta\">As of %s (generated %s): %zu statements received, %zu sent; %zu answers "
	    "open (awaited or owed), %zu overdue; %zu roadmap entries.</p>\n",
	    in->today, ts, nin, nout, open, over, in->rm ? in->rm->n : 0);
	buf_adds(b,
	    "<nav><a href=\"#register\">Register</a><a href=\"#matrix\">Answers</a><a href=\"#timeline\">Deadlines</a>"
	    "<a href=\"#roadmap\">Roadmap</a></nav>\n");
	register_table(b, in);
	matrix(b, in);
	timeline(b, in);
	roadmap_charts(b, in);
	buf_adds(b, report_script);
	buf_adds(b, "</body>\n</html>\n");
}
