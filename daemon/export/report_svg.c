/* report_svg.c: the report page's charts as inline SVG: horizontal bars, and a timeline of deadlines. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <string.h>

#include "html_out.h"
#include "report_svg.h"

#define BAR_W 400 /* the viewBox's width: at a phone's 420 pixels, one unit is about one pixel */
#define BAR_ROW 38

void
svg_bars(struct buf *b, const char *id, const char *caption, const struct rm_count *v, size_t n)
{
	size_t max = 1;

	for (size_t i = 0; i < n; i++)
		max = v[i].n > max ? v[i].n : max;
	buf_printf(b, "<figure class=\"chart\" id=\"%s\"><figcaption>", id);
	html_text(b, caption);
	buf_printf(b,
	    "</figcaption>\n<svg viewBox=\"0 0 %d %zu\" role=\"img\" aria-label=\"%s\" "
	    "xmlns=\"http://www.w3.org/2000/svg\">\n",
	    BAR_W, n * BAR_ROW + 4, id);
	for (size_t i = 0; i < n; i++) {
		size_t y = i * BAR_ROW;
		long w = (long)((BAR_W - 50) * v[i].n / max);
		buf_printf(b, "<g class=\"bar\" data-n=\"%zu\"><text x=\"0\" y=\"%zu\" class=\"lbl\">", v[i].n, y + 14);
		html_text(b, v[i].name);
		buf_printf(
		    b, "</text><rect x=\"0\" y=\"%zu\" width=\"%ld\" height=\"14\" rx=\"2\"/>", y + 20, w < 2 ? 2 : w);
		buf_printf(
		    b, "<text x=\"%ld\" y=\"%zu\" class=\"num\">%zu</text></g>\n", (w < 2 ? 2 : w) + 6, y + 32, v[i].n);
	}
	buf_adds(b, "</svg></figure>\n");
}

/* "2026-05-11" plus days, as "11 May". */
static void
day_label(const char *today, int days, char out[16])
{
	static const char *const months[] = {
	    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	long long t;
	char d[11];

	if (iso8601_parse(today, &t) != 0)
		t = 0;
	iso_date(t + (long long)days * 86400, d);
	snprintf(
	    out, 16, "%d %s", (d[8] - '0') * 10 + (d[9] - '0'), months[((d[5] - '0') * 10 + (d[6] - '0') + 11) % 12]);
}

void
svg_timeline(struct buf *b, const char *today, int span, const struct tl_point *p, size_t n)
{
	const int w = 600, x0 = 10, x1 = 590, axis = 58;

	buf_printf(b,
	    "<svg class=\"tl\" viewBox=\"0 0 %d 80\" role=\"img\" aria-label=\"deadlines in the next %d days\" "
	    "xmlns=\"http://www.w3.org/2000/svg\">\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>\n",
	    w, span, x0, axis, x1, axis);
	for (int d = 0; d <= span; d += 7) {
		char lbl[16];
		int x = x0 + (x1 - x0) * d / span;
		day_label(today, d, lbl);
		buf_printf(
		    b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"tick\"/>", x, axis - 4, x, axis + 4);
		if (d % 14 == 0)
			buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"tk\" text-anchor=\"%s\">%s</text>\n", x,
			    axis + 18, d == 0 ? "start" : "middle", lbl);
	}
	for (size_t i = 0; i < n; i++) {
		int x = x0 + (x1 - x0) * (p[i].day < 0 ? 0 : p[i].day > span ? span : p[i].day) / span;
		int lane = (int)(i % 3);
		buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"7\" class=\"%s\"><title>", x, axis - 14 - lane * 14,
		    p[i].outgoing ? "out" : "in");
		html_text(b, p[i].date);
		buf_adds(b, " ");
		html_text(b, p[i].label);
		buf_adds(b, "</title></circle>\n");
	}
	buf_adds(b, "</svg>\n");
}
