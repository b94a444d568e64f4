/* docx_out.c: a small Word (OOXML, ECMA-376) writer: headings, paragraphs, bullets and tables, zipped with libzip. */
/* SPDX-License-Identifier: Apache-2.0 */
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "docx_out.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MARGIN 1134 /* twips: 2 cm */

struct docx {
	xmlBufferPtr xb;
	xmlTextWriterPtr w;
	char *title;
	int landscape;
	int width; /* the text width in twips */
	int ncols;
	int col_w[32];
	int bad; /* a write failed */
};

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/numbering.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\""
    " ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>";

static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
    "core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>";

static const char document_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "numbering\" Target=\"numbering.xml\"/>"
    "</Relationships>";

#define PSTYLE(id, name, extra)                                                                                        \
	"<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/>"                              \
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>" extra "</w:style>"

static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"" W_NS "\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" "
    "w:eastAsia=\"Calibri\""
    " w:cs=\"Calibri\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang "
    "w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
    "</w:style>" PSTYLE("Title", "Title",
        "<w:pPr><w:spacing w:before=\"2400\" w:after=\"240\"/></w:pPr>"
        "<w:rPr><w:b/><w:color w:val=\"0B4F8A\"/><w:sz w:val=\"56\"/></w:rPr>") PSTYLE("Subtitle", "Subtitle",
        "<w:pPr><w:spacing w:after=\"480\"/></w:pPr>"
        "<w:rPr><w:color w:val=\"444444\"/><w:sz w:val=\"28\"/></w:rPr>") PSTYLE("Heading1", "heading 1",
        "<w:pPr><w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/>"
        "<w:outlineLvl w:val=\"0\"/></w:pPr>"
        "<w:rPr><w:b/><w:color w:val=\"0B4F8A\"/><w:sz w:val=\"32\"/></w:rPr>") PSTYLE("Heading2", "heading 2",
        "<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/>"
        "<w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"24\"/></w:rPr>") PSTYLE("ListBullet",
        "List Bullet",
        "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>"
        "<w:spacing w:after=\"60\"/><w:ind w:left=\"567\" w:hanging=\"283\"/></w:pPr>")
        PSTYLE("ListContinue2", "List Continue 2",
            "<w:pPr><w:spacing w:after=\"40\"/>"
            "<w:ind w:left=\"1134\" w:hanging=\"283\"/></w:pPr>")
            PSTYLE("Caption", "caption", "<w:pPr><w:keepNext/></w:pPr><w:rPr><w:i/><w:color w:val=\"444444\"/></w:rPr>")
                PSTYLE("TableText", "Table Text",
                    "<w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz "
                    "w:val=\"18\"/></w:rPr>") "<w:style w:type=\"table\" w:default=\"1\" "
                                              "w:styleId=\"TableNormal\"><w:name "
                                              "w:val=\"Normal Table\"/>"
                                              "<w:tblPr><w:tblInd w:w=\"0\" "
                                              "w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" "
                                              "w:type=\"dxa\"/>"
                                              "<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom "
                                              "w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" "
                                              "w:type=\"dxa\"/>"
                                              "</w:tblCellMar></w:tblPr></w:style>"
                                              "<w:style w:type=\"table\" "
                                              "w:styleId=\"TableGrid\"><w:name w:val=\"Table "
                                              "Grid\"/>"
                                              "<w:basedOn "
                                              "w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>"
                                              "<w:top w:val=\"single\" w:sz=\"4\" "
                                              "w:space=\"0\" w:color=\"999999\"/>"
                                              "<w:left w:val=\"single\" w:sz=\"4\" "
                                              "w:space=\"0\" w:color=\"999999\"/>"
                                              "<w:bottom w:val=\"single\" w:sz=\"4\" "
                                              "w:space=\"0\" w:color=\"999999\"/>"
                                              "<w:right w:val=\"single\" w:sz=\"4\" "
                                              "w:space=\"0\" w:color=\"999999\"/>"
                                              "<w:insideH w:val=\"single\" w:sz=\"4\" "
                                              "w:space=\"0\" w:color=\"999999\"/>"
                                              "<w:insideV w:val=\"single\" w:sz=\"4\" "
                                              "w:space=\"0\" w:color=\"999999\"/>"
                                              "</w:tblBorders></w:tblPr></w:style>"
                                              "</w:styles>";

static const char numbering[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:numbering xmlns:w=\"" W_NS "\">"
    "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\xc2\xb7\"/>"
    "<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"567\" w:hanging=\"283\"/></w:pPr>"
    "<w:rPr><w:rFonts w:ascii=\"Symbol\" w:hAnsi=\"Symbol\" w:hint=\"default\"/></w:rPr></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "</w:numbering>";

static const char *const style_ids[] = {
    "Normal", "Title", "Subtitle", "Heading1", "Heading2", "ListBullet", "Caption", "ListContinue2"};

/*
 * Text as XML 1.0 allows it: valid UTF-8 (an invalid byte becomes U+FFFD), no control
 * character but tab and line feed, no surrogate and no U+FFFE/U+FFFF.
 */
static void
xml_clean(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		unsigned c = *p, cp = 0;
		int n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		int ok = n > 0;
		for (int i = 1; ok && i < n; i++)
			ok = (p[i] & 0xc0) == 0x80;
		if (ok) {
			cp = n == 1 ? c : c & (0x7f >> n);
			for (int i = 1; i < n; i++)
				cp = cp << 6 | (p[i] & 0x3f);
			ok = !(n == 2 && cp < 0x80) && !(n == 3 && cp < 0x800) &&
			    !(n == 4 && (cp < 0x10000 || cp > 0x10ffff)) && !(cp >= 0xd800 && cp <= 0xdfff) &&
			    cp != 0xfffe && cp != 0xffff;
		}
		if (!ok) {
			buf_adds(b, "\xef\xbf\xbd");
			p++;
			continue;
		}
		if (n == 1 && (c < 0x20 || c == 0x7f))
			buf_addc(b, c == '\n' ? '\n' : ' ');
		else if (!(n == 1 && c == '\r'))
			buf_add(b, p, (size_t)n);
		p += n;
	}
}

static void
wr(struct docx *d, int rc)
{
	if (rc < 0)
		d->bad = 1;
}

static void
start(struct docx *d, const char *el)
{
	wr(d, xmlTextWriterStartElement(d->w, BAD_CAST el));
}

static void
end(struct docx *d)
{
	wr(d, xmlTextWriterEndElement(d->w));
}

static void
attr(struct docx *d, const char *name, const char *value)
{
	wr(d, xmlTextWriterWriteAttribute(d->w, BAD_CAST name, BAD_CAST value));
}

/* <EL w:val="v"/> */
static void
val_el(struct docx *d, const char *el, const char *v)
{
	start(d, el);
	attr(d, "w:val", v);
	end(d);
}

/* One run of text, a line break for each newline in it. */
static void
run(struct docx *d, const char *text, int bold)
{
	struct buf c = {0};
	const char *p;

	xml_clean(&c, text);
	p = buf_str(&c);
	start(d, "w:r");
	if (bold) {
		start(d, "w:rPr");
		start(d, "w:b");
		end(d);
		end(d);
	}
	for (;;) {
		const char *nl = strchr(p, '\n');
		char *part = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		start(d, "w:t");
		attr(d, "xml:space", "preserve");
		wr(d, xmlTextWriterWriteString(d->w, BAD_CAST part));
		end(d);
		free(part);
		if (!nl)
			break;
		start(d, "w:br");
		end(d);
		p = nl + 1;
	}
	end(d);
	buf_free(&c);
}

struct docx *
docx_new(const char *title, int landscape)
{
	struct docx *d = xcalloc(1, sizeof(*d));

	d->xb = xmlBufferCreate();
	d->w = d->xb ? xmlNewTextWriterMemory(d->xb, 0) : NULL;
	if (!d->w)
		abort(); /* allocation failure, as xmalloc */
	d->title = xstrdup(title ? title : "");
	d->landscape = landscape;
	d->width = (landscape ? 16838 : 11906) - 2 * MARGIN;
	wr(d, xmlTextWriterStartDocument(d->w, "1.0", "UTF-8", "yes"));
	start(d, "w:document");
	attr(d, "xmlns:w", W_NS);
	start(d, "w:body");
	return d;
}

void
docx_free(struct docx *d)
{
	if (!d)
		return;
	if (d->w)
		xmlFreeTextWriter(d->w);
	if (d->xb)
		xmlBufferFree(d->xb);
	free(d->title);
	free(d);
}

void
docx_para(struct docx *d, enum docx_style style, const char *text)
{
	start(d, "w:p");
	if (style != DOCX_NORMAL) {
		start(d, "w:pPr");
		val_el(d, "w:pStyle", style_ids[style]);
		end(d);
	}
	run(d, text, 0);
	end(d);
}

void
docx_page_break(struct docx *d)
{
	start(d, "w:p");
	start(d, "w:r");
	start(d, "w:br");
	attr(d, "w:type", "page");
	end(d);
	end(d);
	end(d);
}

/* One row: header rows are bold, shaded and repeated on each page. */
static void
table_row(struct docx *d, const char *const *cells, int header)
{
	start(d, "w:tr");
	start(d, "w:trPr");
	if (header) {
		start(d, "w:tblHeader");
		end(d);
	}
	start(d, "w:cantSplit");
	end(d);
	end(d);
	for (int c = 0; c < d->ncols; c++) {
		char wbuf[16];
		snprintf(wbuf, sizeof(wbuf), "%d", d->col_w[c]);
		start(d, "w:tc");
		start(d, "w:tcPr");
		start(d, "w:tcW");
		attr(d, "w:w", wbuf);
		attr(d, "w:type", "dxa");
		end(d);
		if (header) {
			start(d, "w:shd");
			attr(d, "w:val", "clear");
			attr(d, "w:color", "auto");
			attr(d, "w:fill", "DCE6F2");
			end(d);
		}
		end(d);
		start(d, "w:p");
		start(d, "w:pPr");
		val_el(d, "w:pStyle", "TableText");
		end(d);
		run(d, cells[c] ? cells[c] : "", header);
		end(d);
		end(d);
	}
	end(d);
}

void
docx_table_begin(struct docx *d, int ncols, const int *widths, const char *const *headers)
{
	int total = 0;

	d->ncols = ncols < 1 ? 1 : ncols > 32 ? 32 : ncols;
	for (int c = 0; c < d->ncols; c++)
		total += widths ? widths[c] : 1;
	start(d, "w:tbl");
	start(d, "w:tblPr");
	val_el(d, "w:tblStyle", "TableGrid");
	start(d, "w:tblW");
	attr(d, "w:w", "5000");
	attr(d, "w:type", "pct");
	end(d);
	val_el(d, "w:tblLayout", "fixed");
	end(d);
	start(d, "w:tblGrid");
	for (int c = 0; c < d->ncols; c++) {
		char wbuf[16];
		d->col_w[c] = d->width * (widths ? widths[c] : 1) / (total ? total : 1);
		snprintf(wbuf, sizeof(wbuf), "%d", d->col_w[c]);
		start(d, "w:gridCol");
		attr(d, "w:w", wbuf);
		end(d);
	}
	end(d);
	table_row(d, headers, 1);
}

void
docx_table_row(struct docx *d, const char *const *cells)
{
	table_row(d, cells, 0);
}

void
docx_table_end(struct docx *d)
{
	end(d);
	docx_para(d, DOCX_NORMAL, ""); /* Word needs a paragraph between two tables, and after the last */
}

/* The section's page: A4, portrait or landscape. */
static void
section(struct docx *d)
{
	char mar[16];

	snprintf(mar, sizeof(mar), "%d", MARGIN);
	start(d, "w:sectPr");
	start(d, "w:pgSz");
	attr(d, "w:w", d->landscape ? "16838" : "11906");
	attr(d, "w:h", d->landscape ? "11906" : "16838");
	if (d->landscape)
		attr(d, "w:orient", "landscape");
	end(d);
	start(d, "w:pgMar");
	attr(d, "w:top", mar), attr(d, "w:right", mar), attr(d, "w:bottom", mar), attr(d, "w:left", mar);
	attr(d, "w:header", "708"), attr(d, "w:footer", "708"), attr(d, "w:gutter", "0");
	end(d);
	end(d);
}

/* docProps/core.xml: the title and when the document was made. Owned. */
static char *
core_xml(const char *title)
{
	struct buf t = {0}, b = {0};
	char ts[21];
	xmlChar *esc;

	xml_clean(&t, title);
	esc = xmlEncodeSpecialChars(NULL, BAD_CAST buf_str(&t));
	iso8601_utc(now_epoch(), ts);
	buf_printf(&b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
	    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>%s</dc:title>"
	    "<dc:creator>liaisond</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
	    "</cp:coreProperties>",
	    esc ? (const char *)esc : "", ts);
	xmlFree(esc);
	buf_free(&t);
	return buf_steal(&b);
}

/* The zip archive's bytes (a source kept after zip_close) appended to out. 0 ok, -1. */
static int
zip_bytes(zip_source_t *src, struct buf *out)
{
	zip_int64_t size, got;
	char *p;

	if (zip_source_open(src) < 0)
		return -1;
	if (zip_source_seek(src, 0, SEEK_END) < 0 || (size = zip_source_tell(src)) < 0 ||
	    zip_source_seek(src, 0, SEEK_SET) < 0) {
		zip_source_close(src);
		return -1;
	}
	p = xmalloc((size_t)size + 1);
	got = zip_source_read(src, p, (zip_uint64_t)size);
	zip_source_close(src);
	if (got == size)
		buf_add(out, p, (size_t)size);
	free(p);
	return got == size ? 0 : -1;
}

int
docx_finish(struct docx *d, struct buf *out, char **err)
{
	const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml",
	    "word/numbering.xml", "docProps/core.xml", "word/document.xml"};
	const char *parts[7] = {content_types, package_rels, document_rels, styles, numbering, NULL, NULL};
	char *core = core_xml(d->title);
	zip_source_t *src = NULL;
	zip_error_t ze;
	zip_t *za = NULL;
	int rc = -1;

	section(d);
	end(d); /* body */
	wr(d, xmlTextWriterEndDocument(d->w));
	wr(d, xmlTextWriterFlush(d->w));
	parts[5] = core;
	parts[6] = (const char *)xmlBufferContent(d->xb);
	zip_error_init(&ze);
	if (d->bad) {
		*err = xstrdup("docx: writing the document's XML failed");
		goto out;
	}
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) != NULL) {
		zip_source_keep(src); /* read back after zip_close */
		za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	}
	if (!za) {
		*err = xasprintf("docx: %s", zip_error_strerror(&ze));
		goto out;
	}
	for (int i = 0; i < 7; i++) {
		zip_source_t *f = zip_source_buffer(za, parts[i], strlen(parts[i]), 0);
		if (!f || zip_file_add(za, names[i], f, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(f);
			*err = xasprintf("docx: %s", zip_strerror(za));
			goto out;
		}
	}
	if (zip_close(za) < 0) {
		*err = xasprintf("docx: %s", zip_strerror(za));
		goto out;
	}
	za = NULL;
	if (zip_bytes(src, out) != 0) {
		*err = xstrdup("docx: reading the archive back failed");
		goto out;
	}
	rc = 0;
out:
	if (za)
		zip_discard(za);
	zip_source_free(src);
	zip_error_fini(&ze);
	free(core);
	return rc;
}
