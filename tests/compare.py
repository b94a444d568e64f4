#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""compare.py: scores parse/list output against labelled .json files by the rules of shared/corpus/README.md.

usage: compare.py LABEL_DIR OUTPUT.jsonl [--by file|message_id] [--require-all] [--fields]
Objects are matched to labels by file name (NAME.eml <-> NAME.json) or by the Message-ID of NAME.eml.
Prints one line per label and a closing 'N passed, N failed'; exits 1 when any failed.
--fields adds a field-level score after that line: every field a label has (kind, direction, and for a
statement ref, title, deadline and whichever of source, for_action, for_comment, for_information,
contacts, reply_to it labels; roadmap when it has rows) is one labelled value, matched by the same rules;
prints 'fields: N/M (P%)' and one line per field. The exit status does not depend on it.
"""
import email
import email.policy
import json
import os
import re
import sys
import unicodedata

FIELDS = ["kind", "direction", "ref", "title", "deadline", "source", "for_action", "for_comment",
          "for_information", "contacts", "reply_to", "roadmap"]
COLS = ["sdo", "reference", "type", "title", "status", "category", "summary"]


def ws(s):
    return re.sub(r"\s+", " ", s or "").strip()


def norm_ref(s):
    return re.sub(r"\s+", "", s or "").lower()


def norm_title(s):
    s = unicodedata.normalize("NFKC", s or "")
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        s = s.replace(a, b)
    return ws(s).lower()


def norm_body(s):
    s = re.sub(r"study\s*group", "sg", (s or "").lower())
    return re.sub(r"[^0-9a-z]", "", s)


def body_match(a, b):
    a, b = norm_body(a), norm_body(b)
    return bool(a) and bool(b) and (a == b or a.endswith(b) or b.endswith(a))


def bodies_equal(got, want):
    return all(any(body_match(g, w) for g in got) for w in want) and \
        all(any(body_match(g, w) for w in want) for g in got)


def bodies_errs(k, got, want):
    if bodies_equal(got, want):
        return []
    missing = [w for w in want if not any(body_match(x, w) for x in got)]
    extra = [x for x in got if not any(body_match(x, w) for w in want)]
    return [f"{k}: missing {missing}, extra {extra}"]


def liaison_fields(ll, gl):
    """(field, errors) for every labelled liaison field, in the order compare() reports them."""
    out = [("ref", [] if norm_ref(gl.get("ref")) == norm_ref(ll.get("ref")) else
            [f"ref: got {gl.get('ref')!r}, want {ll.get('ref')!r}"]),
           ("title", [] if norm_title(gl.get("title")) == norm_title(ll.get("title")) else
            [f"title: got {gl.get('title')!r}, want {ll.get('title')!r}"]),
           ("deadline", [] if (gl.get("deadline") or None) == (ll.get("deadline") or None) else
            [f"deadline: got {gl.get('deadline')!r}, want {ll.get('deadline')!r}"])]
    if "source" in ll:
        out.append(("source", [] if bodies_equal([gl.get("source") or ""], [ll["source"]]) else
                    [f"source: got {gl.get('source')!r}, want {ll['source']!r}"]))
    for k in ("for_action", "for_comment", "for_information"):
        if k in ll:
            out.append((k, bodies_errs(k, gl.get(k) or [], ll[k])))
    if "contacts" in ll:
        gc = {(c.get("email") or "").lower() for c in gl.get("contacts") or [] if c.get("email")}
        wc = {c.lower() for c in ll["contacts"]}
        out.append(("contacts", [] if gc == wc else [f"contacts: got {sorted(gc)}, want {sorted(wc)}"]))
    if "reply_to" in ll:
        gr = {norm_ref(r) for r in gl.get("reply_to") or []}
        wr = {norm_ref(r) for r in ll["reply_to"]}
        out.append(("reply_to", [] if gr == wr else [f"reply_to: got {sorted(gr)}, want {sorted(wr)}"]))
    return out


def roadmap_errs(label, got):
    errs = []
    if label.get("roadmap") and "roadmap" not in got:
        errs.append("roadmap: the output has no roadmap rows, the label has %d" % len(label["roadmap"]))
    if "roadmap" in label and "roadmap" in got:
        want = [[ws(c).lower() for c in row] for row in label["roadmap"]]
        have = [[ws(r.get(c, "")).lower() for c in COLS] for r in got["roadmap"]]
        if len(want) != len(have):
            errs.append(f"roadmap: got {len(have)} rows, want {len(want)}")
        for row in want:
            if row not in have:
                errs.append(f"roadmap: row missing: {row}")
    return errs


def check(label, got):
    """(field, errors) for every check, in report order. field is None for a check that is not a labelled
    field (a statement where the label has none, a missing statement); roadmap is a field only when the
    label has rows. With got None (no object for the document) every labelled field fails silently."""
    out = []
    ll = label.get("liaison")
    for k in ("kind", "direction"):
        if got is None:
            out.append((k, [None]))
        elif got.get(k) != label.get(k):
            out.append((k, [f"{k}: got {got.get(k)!r}, want {label.get(k)!r}"]))
        else:
            out.append((k, []))
    gl = got.get("liaison") if got is not None else None
    if got is not None and ll is None and gl is not None and label.get("kind") != "liaison":
        out.append((None, ["liaison: got a statement, want none"]))
    if ll is not None:
        if gl is None:
            if got is not None:
                out.append((None, ["liaison: missing"]))
            out.extend((f, [None]) for f, _ in liaison_fields(ll, {}))
        else:
            out.extend(liaison_fields(ll, gl))
    rm = roadmap_errs(label, got) if got is not None else [None]
    if label.get("roadmap"):
        out.append(("roadmap", rm))
    elif rm:
        out.append((None, rm))
    return out


def compare(label, got):
    return [e for _, errs in check(label, got) for e in errs if e is not None]


def message_id(path):
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.compat32)
    mid = m.get("Message-ID")
    return mid.strip() if mid else None


def tally(score, results):
    for field, errs in results:
        if field is not None:
            hit, total = score.get(field, (0, 0))
            score[field] = (hit + (not errs), total + 1)


def print_fields(score):
    hit = sum(h for h, _ in score.values())
    total = sum(t for _, t in score.values())
    print(f"fields: {hit}/{total} ({100.0 * hit / total if total else 0.0:.1f}%)")
    for field in FIELDS:
        if field in score:
            h, t = score[field]
            print(f"     {field:<16} {h}/{t}")


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    label_dir, out_path = args[0], args[1]
    by = args[args.index("--by") + 1] if "--by" in args else "file"
    objs = []
    with open(out_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line:
                try:
                    objs.append(json.loads(line))
                except json.JSONDecodeError as e:
                    print(f"{out_path}:{n}: not JSON: {e}")
                    return 1
    passed = failed = 0
    score = {}
    for name in sorted(os.listdir(label_dir)):
        if not name.endswith(".json"):
            continue
        eml = os.path.join(label_dir, name[:-5] + ".eml")
        if not os.path.exists(eml):
            continue
        with open(os.path.join(label_dir, name), encoding="utf-8") as f:
            label = json.load(f)
        if by == "file":
            got = [o for o in objs if os.path.basename(o.get("file", "")) == name[:-5] + ".eml"]
        else:
            mid = message_id(eml)
            got = [o for o in objs if o.get("message_id") == mid]
        tally(score, check(label, got[0] if len(got) == 1 else None))
        if len(got) != 1:
            print(f"FAIL {name[:-5]}: {len(got)} objects in the output, want 1")
            failed += 1
            continue
        errs = compare(label, got[0])
        if errs:
            failed += 1
            print(f"FAIL {name[:-5]}:")
            for e in errs:
                print(f"     {e}")
        else:
            passed += 1
            print(f"ok   {name[:-5]}")
    print(f"{passed} passed, {failed} failed")
    if "--fields" in args:
        print_fields(score)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
