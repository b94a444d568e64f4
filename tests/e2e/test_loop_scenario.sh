#!/bin/bash
# test_loop_scenario.sh: the secretariat's statement asks eight bodies, through a real MTA (OpenSMTPD into Dovecot): five
# SPDX-License-Identifier: Apache-2.0
# answer as bodies do, three stay silent; only the silent are chased, a refused chair stops no digest, old mail gets no ack.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$SRC/tests/integration/mta.sh"

T=$(mktemp -d /tmp/lsd-loop-scenario.XXXXXX)
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
# sent_folders is not written: its default, [ "Sent" ], makes .Sent the secretariat's own; acknowledge_max_age is
# its default too (14 days).
cat >"$T/conf" <<CONF
store:       { path = "$T/liaisond.db"; };
mailbox:     { url = "maildir:$T/Maildir"; };
smtp:        { url = "smtp://127.0.0.1:$MTA_PORT"; tls_verify = true; ca_file = "$MTA_CERT"; };
secretariat: { address = "tsbjcamv@itu.int"; digest_to = [ "chair@example.org", "$MTA_REJECT" ];
               digest_time = "06:00"; timezone = "Europe/Zurich"; };
reminders:   { days_before = [ 14, 7, 1 ]; overdue_every = 7; overdue_max = 3; self_to = "jcamv-tasks@itu.int"; };
CONF
CTL=("$LIAISONCTL" -c "$T/conf")
run() {
	timeout 90 "$LIAISOND" --once -c "$T/conf" --now "$1" 2>>"$T/log" || echo "liaisond --once --now $1 failed" >>"$T/log"
	mta_wait_idle 20 >/dev/null
}
reminders() { mta_count "$1" subject "Reminder: JCA-MV-LS1"; }
overdue() { mta_count "$1" subject "Overdue: JCA-MV-LS1"; }

# letter FILE FROM DATE MESSAGE-ID SUBJECT SOURCE TITLE BODY: a plain-text statement to the JCA-MV.
letter() {
	{
		echo "From: $2"
		echo "To: tsbjcamv@itu.int"
		echo "Subject: $5"
		echo "Date: $3"
		echo "Message-ID: $4"
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset="utf-8"\n\nLIAISON STATEMENT\n%s\n\n' "${5%%:*}"
		printf 'Source:\t%s\nTitle:\t%s\nFor information to:\tITU-T JCA-MV\n' "$6" "$7"
		printf 'Contact:\tAnn Editor, liaison officer, E-mail: ann.editor@example.org\n\n%s\n' "$8"
	} >"$1"
}

# JCA-MV-LS1 (deadline 2026-03-15) asks eight bodies for action: 3GPP TSG SA, ETSI ISG ARF, IEEE SA, JTC 1/SC 24,
# SC 29, SC 36, the Metaverse Standards Forum and W3C. A first import reads INBOX before Sent: SC 29's answer, in
# INBOX, is filed before the statement it answers.
cp "$CORPUS/p03-outgoing-ls-from-secretariat.eml" "$T/Maildir/.Sent/cur/1.p03"
letter "$T/Maildir/new/1.sc29" "SC 29 Liaison <sc29-liaison@example.org>" "Mon, 09 Feb 2026 09:00:00 +0000" \
	"<sc29-ls7@sc29.example>" "SC29-LS7: Reply to JCA-MV-LS1" "ISO/IEC JTC 1/SC 29" "Reply to JCA-MV-LS1" \
	"SC 29 names its representative."
# A sub-group answers for its parent: 3GPP SA WG1 for 3GPP TSG SA, naming the statement in its text only.
letter "$T/Maildir/new/2.sa1" "3GPP Liaisons <3GPPLiaison@etsi.org>" "Mon, 09 Feb 2026 10:00:00 +0000" \
	"<s1-260001@3gpp.example>" "S1-260001: LS on metaverse services" "3GPP TSG SA WG1" \
	"LS on metaverse services" "SA1 has studied the JCA-MV LS1 and sends its view on the roadmap."
# SC 24 answers with a roadmap input inside the statement's window, not in its thread.
cp "$CORPUS/p05-roadmap-input-csv.eml" "$T/Maildir/new/3.sc24"
sed -i 's/^Date: .*/Date: Mon, 09 Feb 2026 11:00:00 +0000/' "$T/Maildir/new/3.sc24"
# An old statement: filed, never acknowledged.
letter "$T/Maildir/new/4.old" "SG21 <tsbsg21@itu.int>" "Mon, 02 Jun 2025 09:00:00 +0000" \
	"<sg21-ls1@itu.int>" "SG21-LS1: An old statement" "ITU-T SG21" "An old statement" "Long ago."
# ISO/TC 307 asks the JCA-MV itself to act: the secretariat is reminded.
cp "$CORPUS/p11-ls-pdf.eml" "$T/Maildir/new/5.p11"
"${CTL[@]}" init >/dev/null 2>>"$T/log"
for c in "JTC 1/SC 29:sc29-liaison@example.org" "JTC 1 SC 24:sc24-secretariat@bsigroup.example" \
	"IEEE SA:ieee-liaison@example.org" "W3C:w3c-liaison@example.org" "ETSI ISG ARF:arf-liaison@example.org" \
	"JTC 1/SC 36:sc36-liaison@example.org" "Metaverse Standards Forum:msf-liaison@example.org"; do
	"${CTL[@]}" sdo contact add "${c%%:*}" "${c#*:}" >/dev/null 2>>"$T/log" || abort "sdo contact add ${c%%:*}"
done

run 2026-02-10T10:00:00Z
check_eq "SC 29's answer, filed before the statement, is linked" \
	"$("${CTL[@]}" deadlines --json --all --now 2026-02-10 | grep '"ref": "JCA-MV-LS1"' | grep '"sdo": "ISO/IEC JTC 1/SC 29"' |
		grep -c '"state": "answered"')" 1
"${CTL[@]}" answer JCA-MV-LS1 W3C --note "W3C named its representative by telephone" >/dev/null 2>>"$T/log"
check_eq "W3C marked answered by hand" "$?" 0
run 2026-03-01T05:30:00Z # the 14-day level
# IEEE SA answers after its first reminder, with a statement naming ours.
letter "$T/Maildir/new/6.ieee" "IEEE SA Liaison <ieee-liaison@example.org>" "Tue, 03 Mar 2026 09:00:00 +0000" \
	"<ieee-ls3@ieee.example>" "IEEE-LS3: Response to JCA-MV-LS1" "IEEE SA" "Response to JCA-MV-LS1" \
	"IEEE SA sends its inputs."
run 2026-03-03T12:00:00Z # the 2nd's morning missed
for day in 03-08 03-14 03-16 03-17 03-18 03-23 03-25 03-28; do run "2026-${day}T05:30:00Z"; done
run 2026-03-28T23:30:00Z # 00:30 CET on the 29th; at 02:00 the clocks go to summer time
run 2026-03-29T04:30:00Z # 06:30 CEST
for day in 03-31 04-02 04-06 04-09 04-16 04-20 04-30; do run "2026-${day}T05:30:00Z"; done

for u in arf-liaison@example.org sc36-liaison@example.org msf-liaison@example.org; do
	check_eq "silent $u: one reminder at each level (14, 7, 1 days)" "$(reminders "$u")" 3
	check_eq "silent $u: three overdue notices, no more" "$(overdue "$u")" 3
done
for u in sc29-liaison@example.org 3gppliaison@etsi.org sc24-secretariat@bsigroup.example w3c-liaison@example.org; do
	check_eq "answered $u: no reminder, no overdue notice" "$(($(reminders "$u") + $(overdue "$u")))" 0
done
check_eq "IEEE SA: the 14-day reminder before it answered, then nothing" \
	"$(reminders ieee-liaison@example.org) $(overdue ieee-liaison@example.org)" "1 0"
check_eq "the JCA-MV reminded of what ISO/TC 307 asked it, at each level" \
	"$(mta_count jcamv-tasks@itu.int subject "JCA-MV to answer: ISO/TC 307 N 1234")" 3
check_eq "the refused chair's digest failed for good, with the server's words" \
	"$(sqlite3 "$T/liaisond.db" "SELECT count(*) FROM delivery d JOIN outbox o ON o.id = d.outbox_id
		WHERE o.kind = 'digest' AND d.rcpt = '$MTA_REJECT' AND d.state = 'failed' AND d.last_error LIKE '%550%'")" \
	"$(sqlite3 "$T/liaisond.db" "SELECT count(*) FROM outbox WHERE kind = 'digest'")"
check_eq "the other chair received every digest" "$(mta_count chair@example.org subject digest)" \
	"$(sqlite3 "$T/liaisond.db" "SELECT count(*) FROM outbox WHERE kind = 'digest'")"
check "at least one digest a day the daemon ran after 06:00" [ "$(mta_count chair@example.org subject digest)" -ge 15 ]
check_eq "the old statement is filed but not acknowledged" "$(mta_count tsbsg21@itu.int)" 0
check_eq "a recent answer is acknowledged once, with its document number" \
	"$(mta_count sc29-liaison@example.org subject JCA-MV-Doc-)" 1
mkdir -p "$T/digests"
for uid in $(dc_doveadm search -u chair@example.org mailbox INBOX 2>>"$T/log" | awk '{print $2}'); do
	dc_doveadm -f pager fetch -u chair@example.org text mailbox INBOX uid "$uid" 2>>"$T/log" |
		sed -e '1s/^text: *//' -e '1{/^$/d}' >"$T/digests/$uid.eml"
done
check "every document in exactly one delivered digest, counts as listed (digest_check.py)" \
	python3 "$SRC/tests/e2e/digest_check.py" 7 "$T"/digests/*.eml
finish
