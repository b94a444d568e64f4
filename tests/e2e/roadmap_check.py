#!/usr/bin/env python3
# roadmap_check.py: checks test_roadmap_html.sh's exports against the corpus labels and the resubmission.
# SPDX-License-Identifier: Apache-2.0
import csv
import glob
import io
import json
import os
import re
import sys

COLS = ["sdo", "reference", "type", "title", "status", "category", "summary"]
HEADER = ["SDO / Org.", "Reference", "Type", "Title", "Status", "Category", "Summary", "Last updated",
          "Source document", "Document number"]
# The resubmission (tests/fixtures/roadmap/sc24-roadmap-update.eml) changes this entry's status.
CHANGED_REF, OLD_STATUS, NEW_STATUS = "ISO/IEC 19775-1", "Published", "Under revision"
RESUB_ID = "<sc24-rm.20260302@bsigroup.example>"

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def expected(corpus):
    """(sdo, reference) -> row, from the labels of the roadmap inputs, with the resubmission applied."""
    rows = {}
    for name in ("p04", "p05", "p06"):
        label = json.load(open(glob.glob(os.path.join(corpus, name + "-*.json"))[0], encoding="utf-8"))
        for r in label["roadmap"]:
            r = dict(zip(COLS, r)) if isinstance(r, list) else r
            rows[(r["sdo"], r["reference"])] = r
    for key, r in rows.items():
        if key[1] == CHANGED_REF:
            r["status"] = NEW_STATUS
    return rows


def check_csv(path, want):
    data = open(path, "rb").read()
    check(b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""), "csv: every line ends in CRLF")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    check(rows and rows[0] == HEADER, "csv: header %r" % (rows[0] if rows else None))
    body = rows[1:]
    check(len(body) == len(want), "csv: %d rows, want %d" % (len(body), len(want)))
    seen = set()
    for r in body:
        check(len(r) == len(HEADER), "csv: row of %d cells" % len(r))
        key = (r[0], r[1])
        check(key not in seen, "csv: (body, reference) %r twice" % (key,))
        seen.add(key)
        w = want.get(key)
        check(w is not None, "csv: unexpected row %r" % (key,))
        if w:
            got = dict(zip(COLS, r[:7]))
            check(got == w, "csv: row %r is %r, want %r" % (key, got, w))
        check(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[7]) is not None, "csv: last updated %r" % r[7])
        check(r[8] != "", "csv: source document empty for %r" % (key,))
        check(re.fullmatch(r"JCA-MV-Doc-\d{3,}", r[9]) is not None, "csv: document number %r" % r[9])
        if key[1] == CHANGED_REF:
            check(r[8] == RESUB_ID, "csv: %s comes from %r, want the resubmission" % (CHANGED_REF, r[8]))


def check_json(path, want):
    lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    check(len(lines) == len(want), "json: %d objects, want %d" % (len(lines), len(want)))
    for o in lines:
        check(all(k in o for k in COLS + ["updated", "document_id"]), "json: keys %r" % sorted(o))
        w = want.get((o.get("sdo"), o.get("reference")))
        check(w is not None and all(o[k] == w[k] for k in COLS), "json: %r" % o)


def check_changes(path):
    lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    check(len(lines) == 1, "changes: %d, want 1" % len(lines))
    if lines:
        c = lines[0]
        check(c.get("change") == "changed", "changes: kind %r" % c.get("change"))
        check(c.get("entry", {}).get("reference") == CHANGED_REF, "changes: entry %r" % c.get("entry"))
        check(c.get("fields") == {"status": {"old": OLD_STATUS, "new": NEW_STATUS}}, "changes: %r" % c.get("fields"))


def check_dom(path, html_path, n):
    dom = open(path, encoding="utf-8").read()
    # data-count is written by the page's script: present only if it ran.
    m = re.search(r'<body[^>]*\bdata-count="(\d+)"', dom)
    check(m is not None, "html: the script did not run (no data-count on body)")
    if m:
        check(int(m.group(1)) == n, "html: script counted %s entries, want %d" % (m.group(1), n))
    check(len(re.findall(r'<tr class="e"', dom)) == n, "html: %d entry rows rendered, want %d"
          % (len(re.findall(r'<tr class="e"', dom)), n))
    check(re.search(r'<span id="count"[^>]*>%d entries</span>' % n, dom) is not None, "html: visible count")
    check(dom.count('data-group="Enabling Technology"') == 1, "html: one Enabling Technology group")
    check("Under revision" in dom, "html: the newest status shown")
    page = open(html_path, encoding="utf-8").read()
    check(re.search(r'(src|href)\s*=\s*"(https?:)?//', page) is None, "html: no external resources")
    check("<script src" not in page and "<link" not in page, "html: self-contained")


def main():
    corpus, work = sys.argv[1], sys.argv[2]
    want = expected(corpus)
    check(len(want) == 11, "labels: %d entries" % len(want))
    check_csv(os.path.join(work, "roadmap.csv"), want)
    check_json(os.path.join(work, "roadmap.jsonl"), want)
    check_changes(os.path.join(work, "changes.jsonl"))
    check_dom(os.path.join(work, "dom.html"), os.path.join(work, "roadmap.html"), len(want))
    if failures:
        print("%d check(s) failed" % len(failures), file=sys.stderr)
        return 1
    print("roadmap exports: all checks passed (%d entries)" % len(want))
    return 0


if __name__ == "__main__":
    sys.exit(main())
