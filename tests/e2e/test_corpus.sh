#!/bin/bash
# test_corpus.sh: liaisond --once files the whole corpus from a Maildir; every document matches its label;
# SPDX-License-Identifier: Apache-2.0
# a second cycle files nothing; damaged input never stops a cycle; acknowledgements never go to machines.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
make_maildir "$T/Maildir"
write_conf "$T/conf" "$T/db/liaisond.db" "$T/Maildir" "$T/spool"

"$LIAISOND" --once -c "$T/conf" 2>"$T/log1"
check_eq "first cycle exits 0" "$?" 0
"$LIAISONCTL" -c "$T/conf" list --json >"$T/list.jsonl"
check_eq "12 documents filed" "$(wc -l <"$T/list.jsonl")" 12
for id in $(seq 1 12); do "$LIAISONCTL" -c "$T/conf" show --json "$id"; done >"$T/show.jsonl"
if python3 "$SRC/tests/compare.py" "$CORPUS" "$T/show.jsonl" --by message_id >"$T/cmp" 2>&1; then
	ok "every filed document matches its label (kind, direction, liaison fields, roadmap rows)"
else
	fail "filed documents differ from their labels:"; cat "$T/cmp"
fi
"$LIAISONCTL" -c "$T/conf" parse --json "$CORPUS"/*.eml >"$T/parse.jsonl"
if python3 "$SRC/tests/compare.py" "$CORPUS" "$T/parse.jsonl" >"$T/cmp2" 2>&1; then
	ok "liaisonctl parse --json matches every label (incl. roadmap rows)"
else
	fail "parse --json differs from the labels:"; cat "$T/cmp2"
fi
# The store's roadmap holds exactly the labelled rows.
"$LIAISONCTL" -c "$T/conf" roadmap export --format json >"$T/roadmap.jsonl"
python3 - "$CORPUS" "$T/roadmap.jsonl" <<'PY'
import json, os, re, sys
ws = lambda s: re.sub(r"\s+", " ", s or "").strip().lower()
cols = ["sdo", "reference", "type", "title", "status", "category", "summary"]
want = sorted(tuple(ws(c) for c in r) for f in os.listdir(sys.argv[1]) if f.endswith(".json")
              for r in json.load(open(os.path.join(sys.argv[1], f)))["roadmap"])
got = sorted(tuple(ws(o[c]) for c in cols) for o in map(json.loads, open(sys.argv[2])) )
sys.exit(0 if want == got else print("want", want, "\ngot", got) or 1)
PY
check_eq "the store's roadmap holds exactly the 11 labelled rows" "$?" 0
check_eq "new/ is empty after filing" "$(ls "$T/Maildir/new" | wc -l)" 0
check_eq "filed mail moved to .Filed" "$(ls "$T/Maildir/.Filed/cur" | wc -l)" 12

# Acknowledgements: one per incoming statement or roadmap input, none to machines or to ourselves.
check_eq "8 acknowledgements spooled" "$(ls "$T/spool" | grep -c "^ack-")" 8
check "no acknowledgement to the auto-reply, the bounce or the secretariat" \
	bash -c "! grep -l -i -E '^X-Envelope-To: <(rapporteur@etri.example|mailer-daemon@itu.int|tsbjcamv@itu.int)>' $T/spool/ack-*.eml"
check "acknowledgements carry Auto-Submitted: auto-replied (RFC 3834)" \
	bash -c "[ \$(grep -l '^Auto-Submitted: auto-replied' $T/spool/ack-*.eml | wc -l) -eq 8 ]"

# outbox retry: a sent mail is not sent again; a failed one is queued again and the next cycle sends it.
"$LIAISONCTL" -c "$T/conf" outbox retry 1 2>/dev/null
check_eq "outbox retry of a sent mail exits 1" "$?" 1
sqlite3 "$T/db/liaisond.db" "UPDATE outbox SET state = 'failed', last_error = 'test' WHERE id = 2;
    UPDATE delivery SET state = 'failed', last_error = 'test' WHERE outbox_id = 2"
rm -f "$T/spool/ack-2.eml"
"$LIAISONCTL" -c "$T/conf" outbox retry 2 >/dev/null
check_eq "outbox retry of a failed mail exits 0" "$?" 0
"$LIAISOND" --once -c "$T/conf" 2>/dev/null
check "the next cycle sends it" test -f "$T/spool/ack-2.eml"
check_eq "and records it sent" "$("$LIAISONCTL" -c "$T/conf" outbox --json | grep -c '"id": 2, "kind": "ack", "state": "sent"')" 1

# The same messages delivered again, and a cycle with nothing new: nothing filed twice, nothing re-sent.
make_maildir "$T/Maildir" b
"$LIAISOND" --once -c "$T/conf" 2>"$T/log2"
check_eq "second cycle exits 0" "$?" 0
check_eq "redelivered mail files nothing new" "$("$LIAISONCTL" -c "$T/conf" list --json | wc -l)" 12
check "the log says they were already filed" grep -q "12 already filed" "$T/log2"
check_eq "no acknowledgement sent twice" "$(ls "$T/spool" | grep -c "^ack-")" 8
check_eq "one digest for the day, however many cycles" "$(ls "$T/spool" | grep -c "^digest-")" 1
"$LIAISOND" --once -c "$T/conf" 2>"$T/log3"
check_eq "an empty cycle exits 0" "$?" 0
check_eq "an empty cycle files nothing" "$("$LIAISONCTL" -c "$T/conf" list --json | wc -l)" 12

# Damaged input: an empty file, binary noise, a header-only message, a Content-Type that loops GMime's
# encoder (issue 165). None stops the cycle; a good message after them is filed.
printf '' >"$T/Maildir/new/1.empty"
head -c 4096 /dev/urandom >"$T/Maildir/new/2.noise"
printf 'Subject: only a header\n' >"$T/Maildir/new/3.hdr"
printf 'From: a@b.example\nMessage-ID: <gm165@b.example>\nContent-Type: multipart/mixed;\n \xd1\x9c\xd1\x9c\xd1\x9c\xd1\x9c=\"\xd1\x9c\";\n\nbody\n' >"$T/Maildir/new/4.gm165"
truncate -s 70M "$T/Maildir/new/0.huge" # sparse: over the 64 MiB cap for one message
mkdir "$T/Maildir/new/0.dir"          # not a message: must not block the rest
mkfifo "$T/Maildir/new/0.fifo"        # nor a FIFO (opening one would block)
sed 's/^Message-ID: .*/Message-ID: <after-damage@itu.int>/' "$CORPUS/p02-itu-ls-plaintext-reply.eml" >"$T/Maildir/new/5.good"
timeout 120 "$LIAISOND" --once -c "$T/conf" 2>"$T/log4"
check_eq "a cycle over damaged input exits 0" "$?" 0
check "the good message after the damaged ones is filed" \
	bash -c "'$LIAISONCTL' -c '$T/conf' show --json '<after-damage@itu.int>' | grep -q SG20-LS45"
check_eq "the empty file is quarantined with its reason" \
	"$("$LIAISONCTL" -c "$T/conf" quarantine --json | grep -c 'empty message')" 1
check_eq "the oversized message is quarantined unread, with its size" \
	"$("$LIAISONCTL" -c "$T/conf" quarantine | grep -c 'over the 67108864 byte limit')" 1
check_eq "the directory and the FIFO are set aside, not read" \
	"$("$LIAISONCTL" -c "$T/conf" quarantine | grep -c 'not a regular file')" 2
check_eq "nothing left in new/" "$(ls "$T/Maildir/new" | wc -l)" 0
check "damaged mail is filed as other with warnings" \
	bash -c "'$LIAISONCTL' -c '$T/conf' list --json --kind other | grep -q '\"warnings\": \\[\"'"

# Configuration errors name file, line and setting, and exit 2.
printf 'store: { path = "x.db"; };\nmailbox: { url = "maildir:/tmp"; poll_interval = "often"; };\n' >"$T/bad.conf"
"$LIAISOND" --once -c "$T/bad.conf" 2>"$T/err"
check_eq "a wrong type exits 2" "$?" 2
check "the message names file, line and setting" grep -q "bad.conf:2: mailbox.poll_interval: expected an integer" "$T/err"
printf 'store: { path = "x.db"; colour = 1; };\n' >"$T/bad2.conf"
"$LIAISOND" --once -c "$T/bad2.conf" 2>"$T/err2"
check_eq "an unknown setting exits 2" "$?" 2
check "the message names it" grep -q "bad2.conf:1: store.colour: unknown setting" "$T/err2"
"$LIAISONCTL" parse --json "$T/does-not-exist.eml" >/dev/null 2>&1
check_eq "parse of a missing file exits 1" "$?" 1

finish
