#!/usr/bin/env python3
# reports_check.py: checks the secretariat's documents (roadmap .docx, meeting list, report page) against the store.
# SPDX-License-Identifier: Apache-2.0
"""Usage:
  reports_check.py roadmap-docx FILE.docx ROADMAP.jsonl [HOSTILE_TITLE]
  reports_check.py meeting-docx FILE.docx EXPECTED.txt       every line of EXPECTED is a paragraph, in that order
  reports_check.py meeting-html FILE.html EXPECTED.txt      the same for headings and list items of the page
  reports_check.py png FILE.png WIDTH                        a PNG of that width
Prints one line per failure and exits 1 when any check failed."""
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


def parts_parse(path):
    """Every XML part of the package parses, and no markup from mail survived as markup."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        check("[Content_Types].xml" in names and "word/document.xml" in names, "docx: missing parts %r" % names)
        for n in names:
            data = z.read(n)
            try:
                ET.fromstring(data)
            except ET.ParseError as e:
                fails.append("docx: %s does not parse: %s" % (n, e))
            check(b"<script" not in data and b"<img" not in data, "docx: %s holds raw markup from mail" % n)


def rows(table):
    return [[c.text for c in r.cells] for r in table.rows]


def roadmap_docx(path, jsonl, hostile=None):
    import docx
    parts_parse(path)
    want = [json.loads(line) for line in open(jsonl, encoding="utf-8") if line.strip()]
    d = docx.Document(path)
    check(d.core_properties.title == "Metaverse Standardization Roadmap", "docx: title %r" % d.core_properties.title)
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    check(("Title", "Metaverse Standardization Roadmap") in paras, "docx: no title paragraph")
    check(any(re.fullmatch(r"Date: \d{4}-\d{2}-\d{2}", t) for _, t in paras), "docx: no date on the title page")
    check(("Normal", "Entries: %d" % len(want)) in paras, "docx: the title page does not say %d entries" % len(want))
    tables = [rows(t) for t in d.tables]
    check(len(tables) >= 3, "docx: %d tables" % len(tables))
    if len(tables) < 3:
        return
    matrix, bodies, sections, annex = tables[0], tables[1], tables[2:-1], tables[-1]
    check(matrix[0][0] == "Category" and matrix[0][-1] == "Total", "docx: summary header %r" % matrix[0])
    check(matrix[-1][0] == "Total" and matrix[-1][-1] == str(len(want)), "docx: summary total %r" % matrix[-1])
    check(sum(int(r[-1]) for r in matrix[1:-1]) == len(want), "docx: category totals do not add up")
    for r in matrix[1:]:
        check(sum(int(x) for x in r[1:-1]) == int(r[-1]), "docx: row %r does not add up" % r)
    check(bodies[0] == ["Standards body", "Entries"], "docx: bodies header %r" % bodies[0])
    check(sum(int(r[1]) for r in bodies[1:]) == len(want), "docx: bodies do not add up to %d" % len(want))
    heads = [t for s, t in paras if s == "Heading 1"]
    groups = [r[0] for r in matrix[1:-1]]
    check([h.split(" ", 1)[-1] for h in heads[1:1 + len(groups)]] == groups,
          "docx: sections %r, categories %r" % (heads, groups))
    header = ["SDO / Org.", "Reference", "Type", "Title", "Status", "Summary"]
    got = []
    for t in sections:
        check(t[0] == header, "docx: section table header %r" % t[0])
        got += t[1:]
    check(len(got) == len(want), "docx: %d entry rows, want %d" % (len(got), len(want)))
    for w in want:
        row = [w["reference"], w["type"], w["title"], w["status"], w["summary"]]
        check(any(g[1:] == row for g in got), "docx: no row for %r" % row)
    check(annex[0] == ["Entry", "Title", "Document", "Body", "Date"], "docx: annex header %r" % annex[0])
    for r in annex[1:]:
        check(re.fullmatch(r"JCA-MV-Doc-\d{3,}", r[2]) is not None, "docx: annex document %r" % r[2])
        check(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[4]) is not None, "docx: annex date %r" % r[4])
    check({r[1] for r in annex[1:]} == {w["title"] for w in want}, "docx: the annex does not list every entry")
    if hostile:
        check(any(g[3] == hostile for g in got), "docx: the hostile title is not kept as text: %r" % hostile)


def meeting_docx(path, expected):
    import docx
    parts_parse(path)
    d = docx.Document(path)
    paras = [p.text for p in d.paragraphs]
    pos = 0
    for line in open(expected, encoding="utf-8").read().splitlines():
        try:
            pos = paras.index(line, pos) + 1
        except ValueError:
            fails.append("meeting docx: missing or out of order: %r" % line)
    bullets = [p.text for p in d.paragraphs if p.style.name == "List Bullet"]
    check(len(bullets) > 0, "meeting docx: no bullet")


class Texts(HTMLParser):
    """The text of every heading and list item (a nested list's items apart from their parent's)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img"):
            fails.append("html: an element from mail: <%s>" % tag)
        if tag in ("h1", "h2", "h3", "li", "p"):
            nested = tag == "li" and any(s[0] == "li" for s in self.stack)
            self.stack.append([tag, "", len(self.out), nested])
            self.out.append(None)  # its place, in document order

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "li", "p") and self.stack:
            t = self.stack.pop()
            self.out[t[2]] = ("– " if t[3] else "") + t[1].strip()

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][1] += data


def meeting_html(path, expected):
    page = open(path, encoding="utf-8").read()
    check("<script" not in page and "<img" not in page, "meeting html: raw markup from mail")
    check("default-src 'none'" in page and "script-src" not in page, "meeting html: no strict CSP")
    t = Texts()
    t.feed(page)
    pos = 0
    for line in open(expected, encoding="utf-8").read().splitlines():
        try:
            pos = t.out.index(line, pos) + 1
        except ValueError:
            fails.append("meeting html: missing or out of order: %r" % line)


def png(path, width):
    data = open(path, "rb").read(32)
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "%s: not a PNG" % path)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        w, h = struct.unpack(">II", data[16:24])
        check(w == int(width) and h > 100, "%s: %dx%d, want width %s" % (path, w, h, width))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"roadmap-docx": roadmap_docx, "meeting-docx": meeting_docx, "meeting-html": meeting_html, "png": png}[cmd](*args)
    for f in fails:
        print("  " + f)
    sys.exit(1 if fails else 0)
