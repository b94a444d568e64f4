# reports_lib.sh: what test_roadmap_docx, test_meeting and test_report share (sourced after lib.sh): their stores.
# SPDX-License-Identifier: Apache-2.0
#
# sample_store DIR [EXTRA]: the sample Maildir (its .Sent too) and the two hostile fixtures of
#   tests/fixtures/reports (a reply to JCA-MV-LS1 and a roadmap input, titles full of markup and
#   formulas) filed by one liaisond cycle into DIR/liaisond.db; DIR/liaisond.conf configures it,
#   with EXTRA appended (e.g. an exports group). The reply's sender, sc29-sec@iso.example, is
#   registered as SC 29's contact first: the fixture stands for a genuine answer from SC 29, which
#   counts only from the body's registered contact (from anyone else it is merely claimed).
# corpus_store DIR: the whole corpus filed into DIR/liaisond.db the same way.
# PY: a python3 that has python-docx (Debian's, when the PATH's is another one).
PY=python3
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import docx' 2>/dev/null; then PY=$p; break; fi
done
HOSTILE_TITLE='<script>alert(5)</script> & "quoted" ]]> avatars'

reports_conf() { # DIR [EXTRA]
	cat >"$1/liaisond.conf" <<CONF
store: { path = "$1/liaisond.db"; };
mailbox: { url = "maildir:$1/Maildir"; sent_folders = [ "Sent" ]; };
smtp: { url = "spool:$1/spool"; };
secretariat: { address = "tsbjcamv@itu.int"; timezone = "Europe/Zurich"; };
${2:-}
CONF
}

sample_store() { # DIR [EXTRA]
	mkdir -p "$1/spool" || return 1
	cp -r "$SRC/samples/Maildir" "$1/" || return 1
	cp "$SRC/tests/fixtures/reports/hostile-ls.eml" "$1/Maildir/new/1700000100.M100P1.reports"
	cp "$SRC/tests/fixtures/reports/hostile-roadmap.eml" "$1/Maildir/new/1700000101.M101P1.reports"
	reports_conf "$1" "${2:-}"
	"$LIAISONCTL" -c "$1/liaisond.conf" init >/dev/null || return 1
	"$LIAISONCTL" -c "$1/liaisond.conf" sdo contact add "ISO/IEC JTC 1/SC 29" sc29-sec@iso.example >/dev/null || return 1
	"$LIAISOND" -c "$1/liaisond.conf" --once >"$1/liaisond.log" 2>&1
}

corpus_store() { # DIR
	mkdir -p "$1/spool" || return 1
	make_maildir "$1/Maildir" c
	reports_conf "$1"
	"$LIAISOND" -c "$1/liaisond.conf" --once >"$1/liaisond.log" 2>&1
}

# The document number of the document with this liaison number or Message-ID, from `list --json`
# (its "docno", given to incoming statements and roadmap inputs; else "#ID", as the exports number
# the documents that have none, e.g. the secretariat's outgoing statements).
doc_number() { # CONF REF-OR-MESSAGE-ID
	"$LIAISONCTL" -c "$1" list --json | "$PY" -c '
import json, sys
key = sys.argv[1]
for line in sys.stdin:
    o = json.loads(line)
    ls = o.get("liaison") or {}
    if key in (ls.get("ref"), o.get("message_id")):
        print(o.get("docno") or "#%d" % o["id"])
        break' "$2"
}
