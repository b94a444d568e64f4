#!/usr/bin/env python3
"""compare.py: scores parse/list output against labelled .json files by the rules of shared/corpus/README.md.

usage: compare.py LABEL_DIR OUTPUT.jsonl [--by file|message_id] [--require-all]
Objects are matched to labels by file name (NAME.eml <-> NAME.json) or by the Message-ID of NAME.eml.
Prints one line per label and a closing 'N passed, N failed'; exits 1 when any failed.
"""
import email
import email.policy
import json
import os
import re
import sys
import unicodedata

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


def compare(label, got):
    errs = []
    for k in ("kind", "direction"):
        if got.get(k) != label.get(k):
            errs.append(f"{k}: got {got.get(k)!r}, want {label.get(k)!r}")
    ll, gl = label.get("liaison"), got.get("liaison")
    if ll is None and gl is not None and label.get("kind") != "liaison":
        errs.append("liaison: got a statement, want none")
    if ll is not None:
        if gl is None:
            errs.append("liaison: missing")
        else:
            if norm_ref(gl.get("ref")) != norm_ref(ll.get("ref")):
                errs.append(f"ref: got {gl.get('ref')!r}, want {ll.get('ref')!r}")
            if norm_title(gl.get("title")) != norm_title(ll.get("title")):
                errs.append(f"title: got {gl.get('title')!r}, want {ll.get('title')!r}")
            if (gl.get("deadline") or None) != (ll.get("deadline") or None):
                errs.append(f"deadline: got {gl.get('deadline')!r}, want {ll.get('deadline')!r}")
            if "source" in ll and not bodies_equal([gl.get("source") or ""], [ll["source"]]):
                errs.append(f"source: got {gl.get('source')!r}, want {ll['source']!r}")
            for k in ("for_action", "for_comment", "for_information"):
                if k in ll and not bodies_equal(gl.get(k) or [], ll[k]):
                    g = gl.get(k) or []
                    missing = [w for w in ll[k] if not any(body_match(x, w) for x in g)]
                    extra = [x for x in g if not any(body_match(x, w) for w in ll[k])]
                    errs.append(f"{k}: missing {missing}, extra {extra}")
            if "contacts" in ll:
                gc = {(c.get("email") or "").lower() for c in gl.get("contacts") or [] if c.get("email")}
                wc = {c.lower() for c in ll["contacts"]}
                if gc != wc:
                    errs.append(f"contacts: got {sorted(gc)}, want {sorted(wc)}")
            if "reply_to" in ll:
                gr = {norm_ref(r) for r in gl.get("reply_to") or []}
                wr = {norm_ref(r) for r in ll["reply_to"]}
                if gr != wr:
                    errs.append(f"reply_to: got {sorted(gr)}, want {sorted(wr)}")
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


def message_id(path):
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.compat32)
    mid = m.get("Message-ID")
    return mid.strip() if mid else None


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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
