/* roadmap_export.c: the roadmap's current entries as CSV, Markdown, JSON Lines or one self-contained HTML page. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "csv_out.h"
#include "html_out.h"
#include "rm_counts.h"
#include "roadmap_export.h"

static const char *const col_titles[RM_NCOLS] = {
    "SDO / Org.", "Reference", "Type", "Title", "Status", "Category", "Summary"};

/* The filing a version came from, as an operator finds it again: its Message-ID, else the id. */
static void
source_of(struct buf *b, const struct rm_entry *e)
{
	if (e->message_id && *e->message_id)
		buf_adds(b, e->message_id);
	else if (e->doc_id > 0)
		buf_printf(b, "%lld", e->doc_id);
}

void
roadmap_csv(struct buf *b, const struct rm_entries *e)
{
	for (int c = 0; c < RM_NCOLS; c++) {
		csv_cell(b, col_titles[c]);
		buf_addc(b, ',');
	}
	buf_adds(b, "Last updated,Source document,Document number\r\n");
	for (size_t i = 0; e && i < e->n; i++) {
		struct buf src = {0};
		char date[11];
		for (int c = 0; c < RM_NCOLS; c++) {
			csv_cell(b, e->v[i].row.f[c]);
			buf_addc(b, ',');
		}
		iso_date(e->v[i].updated, date);
		buf_adds(b, date);
		buf_addc(b, ',');
		source_of(&src, &e->v[i]);
		csv_cell(b, buf_str(&src));
		buf_addc(b, ',');
		csv_cell(b, e->v[i].docno ? e->v[i].docno : "");
		buf_adds(b, "\r\n");
		buf_free(&src);
	}
}

/* One table cell: pipes and the characters that would start markup escaped, line breaks as spaces. */
static void
md_cell(struct buf *b, const char *s)
{
	buf_addc(b, ' ');
	for (; s && *s; s++) {
		if (strchr("|\\<>`*_[]", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
	buf_adds(b, " |");
}

void
roadmap_md(struct buf *b, const struct rm_entries *e)
{
	buf_addc(b, '|');
	for (int c = 0; c < RM_NCOLS; c++)
		md_cell(b, col_titles[c]);
	md_cell(b, "Last updated");
	md_cell(b, "Source document");
	md_cell(b, "Document number");
	buf_adds(b, "\n|");
	for (int c = 0; c < RM_NCOLS + 3; c++)
		buf_adds(b, " --- |");
	buf_addc(b, '\n');
	for (size_t i = 0; e && i < e->n; i++) {
		struct buf src = {0};
		char date[11];
		buf_addc(b, '|');
		for (int c = 0; c < RM_NCOLS; c++)
			md_cell(b, e->v[i].row.f[c]);
		iso_date(e->v[i].updated, date);
		md_cell(b, date);
		source_of(&src, &e->v[i]);
		md_cell(b, buf_str(&src));
		md_cell(b, e->v[i].docno ? e->v[i].docno : "");
		buf_addc(b, '\n');
		buf_free(&src);
	}
}

/* The seven template keys, then where the entry stands: shared by the export and `changes --json`. */
void
roadmap_entry_json(struct buf *b, const struct rm_entry *e)
{
	char ts[21];

	buf_addc(b, '{');
	for (int c = 0; c < RM_NCOLS; c++) {
		json_str(b, rm_col_names[c]);
		buf_adds(b, ": ");
		json_str(b, e->row.f[c]);
		buf_adds(b, ", ");
	}
	iso8601_utc(e->updated, ts);
	buf_adds(b, "\"updated\": ");
	json_str(b, ts);
	buf_adds(b, ", \"document_id\": ");
	if (e->doc_id > 0)
		buf_printf(b, "%lld", e->doc_id);
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"message_id\": ");
	json_str(b, e->message_id);
	buf_adds(b, ", \"docno\": ");
	json_str(b, e->docno);
	buf_adds(b, ", \"body\": ");
	json_str(b, e->body);
	buf_printf(b, ", \"version\": %d}", e->version);
}

void
roadmap_jsonl(struct buf *b, const struct rm_entries *e)
{
	for (size_t i = 0; e && i < e->n; i++) {
		roadmap_entry_json(b, &e->v[i]);
		buf_addc(b, '\n');
	}
}

static const char html_css[] =
    "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}\n"
    "h1{font-size:1.5em;margin:0 0 .2em}\n.meta{color:#555;margin:0 0 1em}\n"
    ".bar{display:flex;gap:1em;align-items:center;margin-bottom:.8em}\n"
    "#q{font:inherit;padding:.35em .6em;width:24em;max-width:100%;border:1px solid #999;border-radius:4px}\n"
    "#count{color:#333;font-weight:600}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{border:1px solid #ccc;padding:.35em .5em;vertical-align:top;text-align:left}\n"
    "thead th{background:#0b4f8a;color:#fff;cursor:pointer;user-select:none;position:sticky;top:0}\n"
    "thead th:after{content:' \\2195';opacity:.5}\n"
    "thead th[aria-sort=ascending]:after{content:' \\25B2';opacity:1}\n"
    "thead th[aria-sort=descending]:after{content:' \\25BC';opacity:1}\n"
    "tr.g th{background:#e6eef7;color:#0b4f8a;font-size:1.05em;cursor:default}\n"
    "tr.e:nth-child(odd) td{background:#fafafa}\n"
    "td.when{white-space:nowrap}\ntd.src{font-size:.85em;color:#444;white-space:nowrap}\n"
    "[hidden]{display:none}\n"
    "ul.counts{list-style:none;padding:0;margin:.2em 0 .6em;display:flex;flex-wrap:wrap;gap:.4em}\n"
    "ul.counts li{border:1px solid #ccd;border-radius:3px;padding:.1em .5em;background:#f4f7fb}\n"
    "ul.counts strong{color:#0b4f8a}\n.counts-h{margin:.4em 0 0;font-weight:600;color:#333}\n"
    /* A phone: one card an entry, each cell with its column's name. */
    "@media (max-width:700px){body{margin:.6em}#q{width:100%}thead{display:none}"
    "#rm tr{display:block}#rm tr.e{border:1px solid #ccc;margin:.5em 0;padding:.3em 0}"
    "#rm td{display:block;border:0;padding:.1em .5em}#rm td:before{content:attr(data-l) ': ';"
    "font-weight:600;color:#555}#rm td:empty{display:none}tr.g th{display:block}}\n"
    "@media print{.bar{display:none}thead th{position:static}}\n";

/* Sorting sorts the rows inside each category group; the filter hides rows and emptied groups. */
static const char html_script[] =
    "<script>\n(function () {\n"
    "\tvar tbl = document.getElementById('rm'), q = document.getElementById('q');\n"
    "\tvar count = document.getElementById('count'), heads = tbl.tHead.rows[0].cells;\n"
    "\tvar groups = Array.prototype.slice.call(tbl.tBodies), total = tbl.querySelectorAll('tr.e').length;\n"
    "\tfunction rowsOf(tb) { return Array.prototype.slice.call(tb.querySelectorAll('tr.e')); }\n"
    "\tfunction key(r, i) { var c = r.cells[i]; return c.getAttribute('data-v') || c.textContent; }\n"
    "\tfunction update() {\n"
    "\t\tvar f = q.value.trim().toLowerCase(), shown = 0;\n"
    "\t\tgroups.forEach(function (tb) {\n"
    "\t\t\tvar n = 0;\n"
    "\t\t\trowsOf(tb).forEach(function (r) {\n"
    "\t\t\t\tvar ok = !f || r.textContent.toLowerCase().indexOf(f) >= 0;\n"
    "\t\t\t\tr.hidden = !ok;\n\t\t\t\tif (ok) n++;\n\t\t\t});\n"
    "\t\t\ttb.hidden = n === 0;\n"
    "\t\t\tvar gn = tb.querySelector('.gn');\n\t\t\tif (gn) gn.textContent = n;\n"
    "\t\t\tshown += n;\n\t\t});\n"
    "\t\tcount.textContent = (f ? shown + ' of ' : '') + total + (total === 1 ? ' entry' : ' entries');\n"
    "\t\tdocument.body.setAttribute('data-shown', shown);\n\t}\n"
    "\tArray.prototype.forEach.call(heads, function (th, i) {\n"
    "\t\tvar asc = false;\n\t\tth.tabIndex = 0;\n"
    "\t\tfunction sort() {\n"
    "\t\t\tasc = !asc;\n"
    "\t\t\tArray.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });\n"
    "\t\t\tth.setAttribute('aria-sort', asc ? 'ascending' : 'descending');\n"
    "\t\t\tgroups.forEach(function (tb) {\n"
    "\t\t\t\trowsOf(tb).sort(function (a, b) {\n"
    "\t\t\t\t\tvar d = key(a, i).localeCompare(key(b, i), undefined, {numeric: true, sensitivity: 'base'});\n"
    "\t\t\t\t\treturn asc ? d : -d;\n"
    "\t\t\t\t}).forEach(function (r) { tb.appendChild(r); });\n\t\t\t});\n\t\t}\n"
    "\t\tth.addEventListener('click', sort);\n"
    "\t\tth.addEventListener('keydown', function (ev) {\n"
    "\t\t\tif (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sort(); }\n\t\t});\n\t});\n"
    "\tq.addEventListener('input', update);\n"
    /* #q=TEXT opens the page filtered: a link to one body's entries. */
    "\tvar m = /^#q=(.*)$/.exec(location.hash);\n"
    "\tif (m) { try { q.value = decodeURIComponent(m[1]); } catch (e) { q.value = m[1]; } }\n"
    "\tupdate();\n"
    "\tdocument.body.setAttribute('data-count', total);\n"
    "})();\n</script>\n";

/* The input a version came from: its document number and its date (the message's, not the filing's). */
static void
html_source(struct buf *b, const struct rm_entry *e, const struct rp_source *src, char date[11])
{
	iso_date(src ? src->date : e->updated, date);
	buf_adds(b, "</td><td class=\"src\" data-l=\"Source document\"");
	if (src || e->subject) {
		buf_adds(b, " title=\"");
		html_text(b, src ? src->subject : e->subject);
		buf_addc(b, '"');
	}
	buf_addc(b, '>');
	if (src)
		html_text(b, src->number);
	else if (e->message_id && *e->message_id)
		html_text(b, e->message_id);
	buf_adds(b, "</td></tr>\n");
}

static void
html_row(struct buf *b, const struct rm_entry *e, const struct rp_source *src)
{
	static const char *const labels[RM_NCOLS] = {
	    "Body", "Reference", "Type", "Title", "Status", "Category", "Summary"};
	char date[11];
	struct buf tail = {0};

	buf_printf(b, "<tr class=\"e\" data-id=\"%lld\">", e->id);
	for (int c = 0; c < RM_NCOLS; c++) {
		buf_printf(b, "<td class=\"%s\" data-l=\"%s\">", rm_col_names[c], labels[c]);
		html_text(b, e->row.f[c]);
		buf_adds(b, "</td>");
	}
	html_source(&tail, e, src, date); /* the date first: it is the column before */
	buf_printf(b, "<td class=\"when\" data-l=\"Input of\" data-v=\"%s\"><time datetime=\"%s\">%s</time>", date,
	    date, date);
	if (e->version > 1)
		buf_printf(b, " <small>(v%d)</small>", e->version);
	buf_adds(b, buf_str(&tail));
	buf_free(&tail);
}

/* The counts at the top: one chip a category group, one a status. */
static void
html_counts(struct buf *b, const struct rm_entries *e)
{
	struct rm_counts c = {0};

	rm_counts_build(&c, e);
	buf_adds(b, "<p class=\"counts-h\">By category</p><ul class=\"counts\" id=\"by-category\">");
	for (size_t i = 0; i < c.ngroups; i++) {
		buf_adds(b, "<li>");
		html_text(b, c.groups[i].name);
		buf_printf(b, " <strong>%zu</strong></li>", c.groups[i].n);
	}
	buf_adds(b, "</ul>\n<p class=\"counts-h\">By status</p><ul class=\"counts\" id=\"by-status\">");
	for (size_t i = 0; i < c.nstatuses; i++) {
		buf_adds(b, "<li>");
		html_text(b, c.statuses[i].name);
		buf_printf(b, " <strong>%zu</strong></li>", c.statuses[i].n);
	}
	buf_adds(b, "</ul>\n");
	rm_counts_free(&c);
}

void
roadmap_html(struct buf *b, const struct rm_entries *e, const struct rp_sources *src, long long now)
{
	char ts[21];
	size_t n = e ? e->n : 0;

	iso8601_utc(now, ts);
	html_head(b, "Metaverse Standardization Roadmap", 1);
	buf_adds(b, html_css);
	buf_adds(b, "</style>\n</head>\n");
	buf_printf(b, "<body data-entries=\"%zu\">\n<h1>Metaverse Standardization Roadmap</h1>\n", n);
	buf_printf(b, "<p class=\"meta\">JCA-MV roadmap inputs as filed: %zu entr%s, generated %s.</p>\n", n,
	    n == 1 ? "y" : "ies", ts);
	html_counts(b, e);
	buf_adds(b,
	    "<div class=\"bar\"><input id=\"q\" type=\"search\" placeholder=\"Filter entries\" "
	    "aria-label=\"Filter entries\"><span id=\"count\" aria-live=\"polite\"></span></div>\n");
	buf_adds(b, "<table id=\"rm\">\n<thead><tr>");
	for (int c = 0; c < RM_NCOLS; c++)
		buf_printf(b, "<th scope=\"col\">%s</th>", col_titles[c]);
	buf_adds(b, "<th scope=\"col\">Input of</th><th scope=\"col\">Source document</th></tr></thead>\n");
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && strcmp(e->v[j].group, e->v[i].group) == 0)
			j++;
		buf_adds(b, "<tbody data-group=\"");
		html_text(b, e->v[i].group);
		buf_adds(b, "\"><tr class=\"g\"><th colspan=\"9\" scope=\"rowgroup\">");
		html_text(b, e->v[i].group);
		buf_printf(b, " (<span class=\"gn\">%zu</span>)</th></tr>\n", j - i);
		for (; i < j; i++)
			html_row(b, &e->v[i], rp_source_find(src, e->v[i].id, e->v[i].doc_id));
		buf_adds(b, "</tbody>\n");
	}
	buf_adds(b, "</table>\n<noscript><p>");
	buf_printf(b, "%zu entries (sorting and filtering need JavaScript).", n);
	buf_adds(b, "</p></noscript>\n");
	buf_adds(b, html_script);
	buf_adds(b, "</body>\n</html>\n");
}
