#!/usr/bin/env python3
# digest_check.py: reads digests (.eml): every count shown matches the lines listed, every document filed once.
# SPDX-License-Identifier: Apache-2.0
"""Usage: digest_check.py DOCUMENTS DIGEST.eml...

Each digest's text part is split into sections ("Title (N)" and the lines under it). Exits 1,
saying why, when a count differs from the lines listed, when a document (its number, or #id for
what has none) in the sections of filed mail appears in more than one digest (or twice in one),
or when the digests together list other than DOCUMENTS documents (so one left out is seen).
Also checks the HTML part holds the same counts.
"""
import email
import email.policy
import re
import sys

FILED = ("Liaison statements received", "Liaison statements sent by the secretariat", "Roadmap inputs",
         "Other mail filed")


def parts(path):
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    text = html = None
    for p in m.walk():
        if p.get_content_type() == "text/plain":
            text = p.get_content()
        elif p.get_content_type() == "text/html":
            html = p.get_content()
    return m, text, html


def sections(text):
    out, cur = {}, None
    for line in text.splitlines():
        h = re.match(r"^(\S.*) \((\d+)\)$", line)
        if h:
            cur = h.group(1)
            out[cur] = [int(h.group(2)), []]
        elif cur and re.match(r"^ {2}(  )?- ", line):
            out[cur][1].append(line.strip()[2:])
        elif not line.strip():
            cur = None
    return out


def main():
    want, files = int(sys.argv[1]), sys.argv[2:]
    seen, errors = {}, []
    for path in files:
        m, text, html = parts(path)
        if text is None or html is None:
            errors.append("%s: not text and HTML alternatives" % path)
            continue
        if not re.match(r"JCA-MV secretariat digest for \d{4}-\d\d-\d\d$", str(m["Subject"])):
            errors.append("%s: subject %r" % (path, m["Subject"]))
        for title, (n, lines) in sections(text).items():
            if n != len(lines):
                errors.append("%s: %s says %d, lists %d" % (path, title, n, len(lines)))
            if ("%s (%d)</h2>" % (title.replace("'", "&#39;"), n)) not in html.replace("'", "&#39;"):
                errors.append("%s: the HTML lacks %s (%d)" % (path, title, n))
            if title in FILED:
                for line in lines:
                    doc = line.split()[0]
                    seen.setdefault(doc, []).append(path)
    for doc, where in sorted(seen.items()):
        if len(where) != 1:
            errors.append("%s listed %d times: %s" % (doc, len(where), ", ".join(where)))
    if len(seen) != want:
        errors.append("%d documents filed, %d listed: %s" % (want, len(seen), " ".join(sorted(seen))))
    for e in errors:
        print(e)
    print("%d digests, %d documents listed" % (len(files), len(seen)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
