#!/bin/bash
# test_loop_smtp.sh: the correspondence loop through a real MTA (OpenSMTPD, LMTP into Dovecot): the JCA-MV reminded
# SPDX-License-Identifier: Apache-2.0
# of what it was asked, overdue notices up to the maximum, one mail per silent body and level, every document in one digest.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$SRC/tests/integration/mta.sh"

T=$(mktemp -d /tmp/lsd-loop-smtp.XXXXXX)
chmod 755 "$T"
cleanup() {
	mta_stop_all
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT
failure_logs() { echo "$T/log" "${MTA_LOG:-}" "${DC_LOG:-}"; }

[ "$(id -u)" = 0 ] || abort "must run as root (a throwaway OpenSMTPD and Dovecot are started)"
[ -x "$LIAISOND" ] || abort "no $LIAISOND"
mta_start "$T/mta" >"$T/mta-start.log" 2>&1 || abort "the MTA did not start: $(cat "$T/mta-start.log")"
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp" "$T/Maildir/.Sent/cur"
cat >"$T/conf" <<CONF
store:       { path = "$T/liaisond.db"; };
mailbox:     { url = "maildir:$T/Maildir"; sent_folders = [ "Sent" ]; };
smtp:        { url = "smtp://127.0.0.1:$MTA_PORT"; tls_verify = true; ca_file = "$MTA_CERT"; };
secretariat: { address = "tsbjcamv@itu.int"; digest_to = [ "chairs@example.org" ]; digest_time = "06:00";
               timezone = "Europe/Zurich"; };
reminders:   { days_before = [ 14, 7, 1 ]; overdue_every = 7; overdue_max = 3; self_to = "jcamv-tasks@itu.int"; };
CONF
CTL=("$LIAISONCTL" -c "$T/conf")
run() {
	timeout 90 "$LIAISOND" --once -c "$T/conf" --now "$1" 2>>"$T/log" || echo "liaisond --once --now $1 failed" >>"$T/log"
	mta_wait_idle 20 >/dev/null
}
subject_count() { mta_count "$1" subject "$2"; }

cp "$CORPUS/p03-outgoing-ls-from-secretariat.eml" "$T/Maildir/.Sent/cur/1.p03"
cp "$CORPUS/p11-ls-pdf.eml" "$T/Maildir/new/2.p11"
cp "$CORPUS/p10-encoded-words.eml" "$T/Maildir/new/3.p10"
"${CTL[@]}" init >/dev/null 2>>"$T/log"
"${CTL[@]}" sdo contact add W3C w3c-liaison@example.org >/dev/null || abort "sdo contact add"

run 2026-03-01T05:30:00Z
cp "$CORPUS/p12-other-correspondence.eml" "$T/Maildir/new/4.p12"
run 2026-03-01T20:00:00Z # after the day's digest
run 2026-03-03T12:00:00Z # the 2nd's morning missed, more than 24 hours later
for day in 03-08 03-14 03-16 03-17 03-18 03-23 03-25 03-28; do run "2026-${day}T05:30:00Z"; done
cp "$CORPUS/p02-itu-ls-plaintext-reply.eml" "$T/Maildir/new/5.p02"
run 2026-03-28T23:30:00Z # 00:30 CET on the 29th; at 02:00 the clocks go to summer time
run 2026-03-29T04:30:00Z # 06:30 CEST
for day in 03-31 04-02 04-06 04-09 04-16 04-20 04-30; do run "2026-${day}T05:30:00Z"; done

check_eq "every mail queued was sent" "$(sqlite3 "$T/liaisond.db" "SELECT group_concat(DISTINCT state) FROM outbox")" sent
for u in w3c-liaison@example.org 3gppliaison@etsi.org; do
	check_eq "$u: one reminder at each level (14, 7, 1 days), delivered" "$(subject_count "$u" "Reminder: JCA-MV-LS1")" 3
	check_eq "$u: three overdue notices, no more" "$(subject_count "$u" "Overdue: JCA-MV-LS1")" 3
	check_eq "$u: nothing else" "$(mta_count "$u")" 6
done
check_eq "the JCA-MV reminded of what ISO/TC 307 asked it: at each level" \
	"$(subject_count jcamv-tasks@itu.int "JCA-MV to answer: ISO/TC 307 N 1234")" 3
check_eq "and overdue notices up to the maximum" "$(subject_count jcamv-tasks@itu.int "JCA-MV overdue: ISO/TC 307 N 1234")" 3
check_eq "nothing else to the secretariat's tasks address" "$(mta_count jcamv-tasks@itu.int)" 6
check_eq "SG20 is not chased for SG21's statement" "$(mta_count tsbsg20@itu.int subject Reminder)" 0
check_eq "a reminder is in reply to the statement it chases" \
	"$(mta_count w3c-liaison@example.org header In-Reply-To "<jcamv-ls1.20251107@itu.int>")" 6

check_eq "one digest a day the daemon ran after 06:00, delivered" "$(mta_count chairs@example.org subject digest)" 18
mkdir -p "$T/digests"
for uid in $(dc_doveadm search -u chairs@example.org mailbox INBOX 2>>"$T/log" | awk '{print $2}'); do
	dc_doveadm -f pager fetch -u chairs@example.org text mailbox INBOX uid "$uid" 2>>"$T/log" | sed -e '1s/^text: *//' -e '1{/^$/d}' \
		>"$T/digests/$uid.eml"
done
check "every document in exactly one delivered digest, counts as listed (digest_check.py)" \
	python3 "$SRC/tests/e2e/digest_check.py" 5 "$T"/digests/*.eml
finish
