/* charset.c: bytes in a MIME charset (RFC 2046 §4.1.2, IANA names) to valid UTF-8, never failing. */
/* SPDX-License-Identifier: Apache-2.0 */
#include "charset.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

/* Labels seen in mail that iconv spells differently or not at all (WHATWG Encoding, §4.2). */
static const char *
charset_alias(const char *cs)
{
	static const struct {
		const char *label, *name;
	} aliases[] = {
	    {"ks_c_5601-1987", "CP949"},
	    {"ks_c_5601", "CP949"},
	    {"euc-kr", "CP949"},
	    {"x-sjis", "SHIFT_JIS"},
	    {"shift-jis", "SHIFT_JIS"},
	    {"sjis", "SHIFT_JIS"},
	    {"gb2312", "GB18030"},
	    {"gbk", "GB18030"},
	    {"x-gbk", "GB18030"},
	    {"iso-8859-1", "WINDOWS-1252"},
	    {"latin1", "WINDOWS-1252"},
	    {"us-ascii", "WINDOWS-1252"},
	    {"iso-8859-8-i", "ISO-8859-8"},
	    {"x-mac-roman", "MACINTOSH"},
	    {"cp-850", "CP850"},
	    {"utf8", "UTF-8"},
	    {"unicode-1-1-utf-8", "UTF-8"},
	};

	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!g_ascii_strcasecmp(cs, aliases[i].label))
			return aliases[i].name;
	return cs;
}

/* Copies UTF-8, replacing each invalid byte with U+FFFD and dropping NULs (they would cut C strings). */
static void
utf8_repair(struct buf *b, const char *s, size_t len)
{
	const char *end;

	while (len > 0) {
		if (g_utf8_validate_len(s, len, &end)) {
			buf_add(b, s, len);
			break;
		}
		buf_add(b, s, (size_t)(end - s));
		len -= (size_t)(end - s);
		s = end;
		if (*s != '\0')
			buf_adds(b, "\xef\xbf\xbd");
		s++;
		len--;
	}
}

/* Converts with iconv, a replacement character per undecodable byte; -1 when the charset is unknown. */
static int
convert(struct buf *out, const char *data, size_t len, const char *charset)
{
	GIConv cd;
	char tmp[4096];
	char *in = (char *)data, *op;
	size_t inleft = len, oleft, r;
	struct buf raw = {0};
	int rc = -1;

	cd = g_iconv_open("UTF-8", charset);
	if (cd == (GIConv)-1)
		return -1;
	while (inleft > 0) {
		op = tmp;
		oleft = sizeof(tmp);
		r = g_iconv(cd, &in, &inleft, &op, &oleft);
		buf_add(&raw, tmp, (size_t)(op - tmp));
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ mid-input, EINVAL a truncated sequence at the end: mark it and move on. */
		buf_adds(&raw, "\xef\xbf\xbd");
		if (errno != EILSEQ && errno != EINVAL)
			break;
		in++;
		inleft--;
	}
	op = tmp;
	oleft = sizeof(tmp);
	g_iconv(cd, NULL, NULL, &op, &oleft); /* flush a stateful encoding's shift state */
	buf_add(&raw, tmp, (size_t)(op - tmp));
	g_iconv_close(cd);
	/* iconv's output is UTF-8 already, but NULs in the input survive conversion: drop them. */
	utf8_repair(out, raw.s ? raw.s : "", raw.len);
	rc = 0;
	buf_free(&raw);
	return rc;
}

char *
charset_to_utf8(const void *data, size_t len, const char *charset)
{
	struct buf b = {0};
	const char *name;

	if (!data)
		len = 0;
	name = charset && *charset ? charset_alias(charset) : NULL;
	if (name && g_ascii_strcasecmp(name, "utf-8") && g_ascii_strcasecmp(name, "utf8")) {
		if (convert(&b, data, len, name) == 0)
			goto out;
		buf_reset(&b);
		/* An unknown label: keep valid UTF-8 as is, otherwise assume the commonest legacy charset. */
		if (!g_utf8_validate_len(data, len, NULL) && convert(&b, data, len, "WINDOWS-1252") == 0)
			goto out;
		buf_reset(&b);
	}
	utf8_repair(&b, data, len);
out:
	return buf_steal(&b);
}

unsigned
charset_cp1252(unsigned char b)
{
	static const unsigned short hi[32] = {0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6,
	    0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
	    0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178};

	return b >= 0x80 && b < 0xA0 ? hi[b - 0x80] : b;
}
