#!/bin/bash
# test_deadlines.sh: obligations from the secretariat's own LS, reminders at each level once, answered bodies
# SPDX-License-Identifier: Apache-2.0
# left alone, deadlines as JSON and iCalendar, the digest.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp" "$T/Maildir/.Sent/cur"
write_conf "$T/conf" "$T/liaisond.db" "$T/Maildir" "$T/spool"
sed -i 's/poll_interval = 1;/poll_interval = 1; sent_folders = [ "Sent" ];/' "$T/conf"
# The secretariat's own statement, from its sent folder: trusted, so it creates obligations (test_trust has the rest).
cp "$CORPUS/p03-outgoing-ls-from-secretariat.eml" "$T/Maildir/.Sent/cur/1.p03"
run() { "$LIAISOND" --once -c "$T/conf" --now "$1" 2>>"$T/log"; }
reminders_to() { grep -l "^X-Envelope-To: <$1>" "$T"/spool/reminder-*.eml 2>/dev/null | wc -l; }
before_deadline() { grep -L "^Subject: Overdue" "$T"/spool/reminder-*.eml 2>/dev/null | wc -l; }

run 2026-02-01T10:00:00Z
check_eq "the outgoing LS is filed" "$("$LIAISONCTL" -c "$T/conf" list --kind liaison --json | grep -c '"direction": "outgoing"')" 1
check_eq "one open obligation per body asked to act (8)" \
	"$("$LIAISONCTL" -c "$T/conf" deadlines --json --now 2026-02-01 | grep -c '"state": "open"')" 8
check_eq "no reminder six weeks ahead" "$(ls "$T/spool" | grep -c '^reminder-')" 0
"$LIAISONCTL" -c "$T/conf" sdo contact add "ISO/IEC JTC1 SC29" sc29-liaison@example.org >/dev/null
check_eq "a contact is added through an alias" "$?" 0
"$LIAISONCTL" -c "$T/conf" sdo contact add "W3C" w3c-liaison@example.org >/dev/null
"$LIAISONCTL" -c "$T/conf" sdo contact add "No Such Body" x@example.org 2>/dev/null
check_eq "an unknown body is refused" "$?" 1

run 2026-03-05T10:00:00Z # 10 days before 2026-03-15: the 14-day reminder
check_eq "the 14-day reminder goes to SC 29's contact" "$(reminders_to sc29-liaison@example.org)" 1
check_eq "and to W3C's" "$(reminders_to w3c-liaison@example.org)" 1
run 2026-03-05T18:00:00Z
check_eq "not twice on the same level" "$(reminders_to sc29-liaison@example.org)" 1
check "reminders are marked auto-generated (RFC 3834)" \
	bash -c "grep -q '^Auto-Submitted: auto-generated' $T/spool/reminder-*.eml"

# SC 24 answers with its roadmap input in reply to the LS: its obligation is answered, W3C's is not.
"$LIAISONCTL" -c "$T/conf" sdo contact add "JTC 1 SC 24" sc24-secretariat@bsigroup.example >/dev/null
{ echo "In-Reply-To: <jcamv-ls1.20251107@itu.int>"; cat "$CORPUS/p05-roadmap-input-csv.eml"; } >"$T/Maildir/new/2.answer"
run 2026-03-10T10:00:00Z # 5 days before: the 7-day level
check_eq "W3C, still silent, gets the 7-day reminder" "$(reminders_to w3c-liaison@example.org)" 2
check_eq "SC 29, still silent, too" "$(reminders_to sc29-liaison@example.org)" 2
check_eq "SC 24 answered in the thread: no reminder ever" "$(reminders_to sc24-secretariat@bsigroup.example)" 0
"$LIAISONCTL" -c "$T/conf" deadlines --json --all --now 2026-03-10 >"$T/dl.json"
check "SC 24's obligation is answered" grep -q '"sdo": "ISO/IEC JTC 1/SC 24", "role": "action", "state": "answered"' "$T/dl.json"
check_eq "the others are still open" "$(grep -c '"state": "open"' "$T/dl.json")" 7
before=$(before_deadline)
run 2026-03-20T10:00:00Z
check_eq "after the deadline, the seven silent bodies are overdue" \
	"$("$LIAISONCTL" -c "$T/conf" deadlines --json --now 2026-03-20 | grep -c '"state": "overdue"')" 7
check_eq "no reminder of a level before the deadline after it" "$(before_deadline)" "$before"

"$LIAISONCTL" -c "$T/conf" ics -o "$T/deadlines.ics"
check_eq "ics exits 0" "$?" 0
check "the feed is a VCALENDAR with an all-day event on the deadline" \
	grep -q "^DTSTART;VALUE=DATE:20260315" "$T/deadlines.ics"
check "every line ends with CRLF (RFC 5545)" bash -c "[ \$(grep -c \$'\\r\$' '$T/deadlines.ics') -eq \$(wc -l <'$T/deadlines.ics') ]"
check "no line is longer than 75 octets" bash -c "! tr -d '\\r' <'$T/deadlines.ics' | awk 'length(\$0) > 75 {exit 1}' && exit 1 || exit 0"

"$LIAISONCTL" -c "$T/conf" digest --now 2026-03-10T07:00:00Z --dry-run >"$T/digest.txt"
check "the digest lists the statement with its deadline" grep -q "^  JCA-MV-LS1 .*(#1), reply due 2026-03-15" "$T/digest.txt"
check "and SC 24 as answered" grep -q "^    - ISO/IEC JTC 1/SC 24  for action  \[answered by JCA-MV-Doc-001\]" "$T/digest.txt"
finish
