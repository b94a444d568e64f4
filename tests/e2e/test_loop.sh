#!/bin/bash
# test_loop.sh: the correspondence loop over seven weeks: reminders at each level, overdue notices up to the
# SPDX-License-Identifier: Apache-2.0
# maximum, the JCA-MV reminded of what it was asked, digests across a missed morning and a clock change.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/loop-e2e.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
failure_logs() { echo "$T/log"; }
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp" "$T/Maildir/.Sent/cur"
write_conf "$T/conf" "$T/liaisond.db" "$T/Maildir" "$T/spool"
sed -i -e 's/poll_interval = 1;/poll_interval = 1; sent_folders = [ "Sent" ];/' \
	-e 's/digest_time = "00:00";/digest_time = "06:00"; timezone = "Europe\/Zurich";/' "$T/conf"
echo 'reminders: { days_before = [ 14, 7, 1 ]; overdue_every = 7; overdue_max = 3; self_to = "jcamv-tasks@itu.int"; };' \
	>>"$T/conf"
CTL=("$LIAISONCTL" -c "$T/conf")
deliver() { cp "$CORPUS/$1" "$T/Maildir/new/$2"; }
run() { "$LIAISOND" --once -c "$T/conf" --now "$1" 2>>"$T/log" || echo "liaisond --once --now $1 failed" >>"$T/log"; }
to() { grep -l "^X-Envelope-To: <$1>" "$T"/spool/reminder-*.eml 2>/dev/null; }
count() { grep -c . || true; }
subjects_to() { for f in $(to "$1"); do grep -m1 '^Subject:' "$f"; done; }

# The secretariat's statement to eight bodies (due 2026-03-15), from its sent folder; ISO/TC 307 asks the
# JCA-MV itself to act (due 2026-04-01); SG21 asks SG20 (due 2026-05-11): none of our business.
# Numbers: incoming statements and roadmap inputs are JCA-MV-Doc-NNN in filing order (p11 001, p10 002, SC 24's
# answer 003, p02 004); the secretariat's own statement (document 1) and other mail (document 4) show as #ID.
cp "$CORPUS/p03-outgoing-ls-from-secretariat.eml" "$T/Maildir/.Sent/cur/1.p03"
deliver p11-ls-pdf.eml 2.p11
deliver p10-encoded-words.eml 3.p10
"${CTL[@]}" init >/dev/null 2>>"$T/log"
"${CTL[@]}" sdo contact add W3C w3c-liaison@example.org >/dev/null
"${CTL[@]}" sdo contact add "JTC 1 SC 24" sc24-secretariat@bsigroup.example >/dev/null
"${CTL[@]}" sdo contact add "IEEE SA" ieee-old@example.org >/dev/null
"${CTL[@]}" sdo contact list "IEEE SA" >"$T/contacts.txt"
check "sdo contact list names the added contact" grep -q "^IEEE SA *ieee-old@example.org *added" "$T/contacts.txt"
"${CTL[@]}" sdo contact remove "IEEE SA" ieee-old@example.org >/dev/null
check_eq "sdo contact remove exits 0" "$?" 0
check_eq "removed, and IEEE SA has no contact left" "$("${CTL[@]}" sdo contact list --json "IEEE SA" | count)" 0
check_eq "each change is an event" \
	"$(sqlite3 "$T/liaisond.db" "SELECT count(*) FROM event WHERE what IN ('sdo contact added', 'sdo contact removed')")" 4

# 06:30 in Geneva (CET, UTC+1): 14 days before; the first digest.
run 2026-03-01T05:30:00Z
check_eq "the 14-day reminder to W3C" "$(to w3c-liaison@example.org | count)" 1
check_eq "and to 3GPP TSG SA (the directory's contact)" "$(to 3gppliaison@etsi.org | count)" 1
f=$(to w3c-liaison@example.org | head -1)
check "it is in reply to the statement it chases" grep -q '^In-Reply-To: <jcamv-ls1.20251107@itu.int>' "$f"
check "and references it" grep -q '^References: <jcamv-ls1.20251107@itu.int>' "$f"
check "it asks for action" bash -c "mail_text() { $(declare -f mail_text | tail -n +2); }; mail_text $f | grep -q 'asked your group to act on JCA-MV-LS1'"
check_eq "one digest" "$(ls "$T"/spool/digest-*.eml 2>/dev/null | count)" 1
mail_text "$T"/spool/digest-*.eml >"$T/d1.txt"
check "the digest says, by name, that IEEE SA cannot be reminded" \
	grep -q "^  - IEEE SA  cannot be reminded of JCA-MV-LS1: no liaison contact" "$T/d1.txt"
check "it lists what the JCA-MV was asked" grep -q "^  ISO/TC 307 N 1234 .*(JCA-MV-Doc-001), from ISO/TC 307" "$T/d1.txt"
check_not "SG21's statement to SG20 is not chased" grep -q "SG21-LS82.*reply due\|ITU-T SG20  for action" "$T/d1.txt"
check "the reminders queued are listed" \
	grep -q "^  - reminder, 14 days before  JCA-MV-LS1 (#1, due 2026-03-15) to W3C: w3c-liaison@example.org" "$T/d1.txt"
check "the date is in the subject" grep -q "^Subject: JCA-MV secretariat digest for 2026-03-01" "$T"/spool/digest-*.eml

# Filed in the evening, after the day's digest; then the daemon is down until the afternoon two days later
# (more than 24 hours): the next digest still lists it, once. SC 24 answers in the thread.
deliver p12-other-correspondence.eml 4.p12
run 2026-03-01T20:00:00Z
{ echo "In-Reply-To: <jcamv-ls1.20251107@itu.int>"; cat "$CORPUS/p05-roadmap-input-csv.eml"; } >"$T/Maildir/new/5.answer"
run 2026-03-03T12:00:00Z
check_eq "a digest for the 3rd after the missed morning of the 2nd" "$(ls "$T"/spool/digest-*.eml | count)" 2
mail_text $(ls -t "$T"/spool/digest-*.eml | head -1) >"$T/d2.txt"
check "it lists the evening's mail" grep -q "^  - #4  Logistics for the JCA-MV meeting" "$T/d2.txt"
check "and SC 24's answer" grep -q "^  - JCA-MV-Doc-003  ISO/IEC JTC 1/SC 24 answered JCA-MV-LS1 (#1)" "$T/d2.txt"
check_not "not the statements the first digest listed" grep -q "^  - \(JCA-MV-Doc-00[12]\|#1\) " "$T/d2.txt"

for day in 2026-03-08 2026-03-14 2026-03-16 2026-03-17 2026-03-18 2026-03-23 2026-03-25; do
	run "${day}T05:30:00Z"
done
# The night of the change to summer time (29 March, 02:00 CET): a message at 00:30 CET, the digest at 06:30 CEST.
run 2026-03-28T05:30:00Z
deliver p02-itu-ls-plaintext-reply.eml 6.p02
run 2026-03-28T23:30:00Z
run 2026-03-29T04:30:00Z # 06:30 CEST
for day in 2026-03-31 2026-04-02 2026-04-06 2026-04-09 2026-04-16 2026-04-20 2026-04-30; do
	run "${day}T05:30:00Z"
done

# Each silent body with a contact: one reminder per level (14, 7, 1 days), then three overdue notices.
for a in w3c-liaison@example.org 3gppliaison@etsi.org; do
	subjects_to "$a" >"$T/subj-$a"
	check_eq "$a: three reminders before the deadline" "$(grep -c '^Subject: Reminder: JCA-MV-LS1 - reply due 2026-03-15' "$T/subj-$a")" 3
	check_eq "$a: three overdue notices, no more" "$(grep -c '^Subject: Overdue: JCA-MV-LS1 - reply was due 2026-03-15' "$T/subj-$a")" 3
	check_eq "$a: nothing else" "$(count <"$T/subj-$a")" 6
done
check_eq "SC 24 answered: one reminder only (before its answer)" "$(to sc24-secretariat@bsigroup.example | count)" 1
check_eq "exactly one mail per obligation and level" \
	"$(sqlite3 "$T/liaisond.db" "SELECT count(*) FROM (SELECT obligation_id, kind, level FROM reminder GROUP BY 1, 2, 3 HAVING count(*) > 1)")" 0
# The JCA-MV asked to act: the secretariat is reminded on the same schedule, at reminders.self_to.
subjects_to jcamv-tasks@itu.int >"$T/subj-self"
check_eq "the JCA-MV: three reminders before its deadline" \
	"$(grep -c '^Subject: JCA-MV to answer: ISO/TC 307 N 1234 - reply due 2026-04-01' "$T/subj-self")" 3
check_eq "then three overdue notices" \
	"$(grep -c '^Subject: JCA-MV overdue: ISO/TC 307 N 1234 - reply was due 2026-04-01' "$T/subj-self")" 3
check_eq "and nothing else to it" "$(count <"$T/subj-self")" 6
f=$(to jcamv-tasks@itu.int | head -1)
check "in reply to ISO/TC 307's message" grep -q '^In-Reply-To: <tc307-n1234@standards.example>' "$f"
check_eq "no reminder about SG21's statement to SG20" "$(grep -l 'SG21-LS82' "$T"/spool/reminder-*.eml | count)" 0

# Every digest: counts match what is listed, every document filed in exactly one of them.
check_eq "one digest a day the daemon ran after 06:00" "$(ls "$T"/spool/digest-*.eml | count)" 18
check "digests list every document once; counts match the lines (digest_check.py)" \
	python3 "$SRC/tests/e2e/digest_check.py" 6 "$T"/spool/digest-*.eml
dst=$(grep -l '^Subject: JCA-MV secretariat digest for 2026-03-29' "$T"/spool/digest-*.eml)
mail_text "$dst" >"$T/d-dst.txt"
check "the digest after the clock change lists the message filed in the night" grep -q "^  - JCA-MV-Doc-004  SG20-LS45 " "$T/d-dst.txt"
check "and says since when, in Geneva's time" grep -q "since the previous digest (2026-03-28 06:30 Europe/Zurich)" "$T/d-dst.txt"
mail_text $(grep -l '^Subject: JCA-MV secretariat digest for 2026-03-16' "$T"/spool/digest-*.eml) >"$T/d-over.txt"
check "after the deadline the silent bodies are overdue" grep -q "^    - W3C  for action  \[OVERDUE since 2026-03-15\]" "$T/d-over.txt"
"${CTL[@]}" digest --dry-run --now 2026-05-01T05:30:00Z >"$T/dry.txt"
check "a dry run prints the digest with its subject" grep -q "^Subject: JCA-MV secretariat digest for 2026-05-01" "$T/dry.txt"
"${CTL[@]}" digest --dry-run --now 2026-05-01T05:30:00Z >"$T/dry2.txt"
check "and moves nothing: the same again" cmp -s "$T/dry.txt" "$T/dry2.txt"
finish
