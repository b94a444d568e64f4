#!/bin/bash
# test_smtp_delivery.sh: delivery per recipient against a real MTA (OpenSMTPD into Dovecot): a refused address stops no one, acks go with MAIL FROM:<>, over 100 in one cycle.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$SRC/tests/integration/mta.sh"

T=$(mktemp -d /tmp/lsd-delivery-e2e.XXXXXX)
chmod 755 "$T"
DB=$T/db
MD=$T/Maildir
BULK=110 # OpenSMTPD ends a session after 100 messages

cleanup() {
	mta_stop_all
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT
failure_logs() { echo "${MTA_LOG:-}" "${DC_LOG:-}" "$T"/*.log; }

sql() { sqlite3 "$DB" "$1" 2>/dev/null; }
once() { # once LOG [ARGS...]: one bounded cycle
	local log=$1
	shift
	timeout 300 "$LIAISOND" -c "$T/conf" --once --foreground --log-level debug "$@" >"$log" 2>&1
}
sessions() { grep -c 'smtp connected' "$MTA_LOG"; }
# copies USER: messages in USER's Dovecot Maildir (read from the files: quicker than doveadm for many users).
copies() { find "$DC_DIR/mail/$1/new" "$DC_DIR/mail/$1/cur" -type f 2>/dev/null | wc -l; }
# return_path USER: the Return-Path lines Dovecot wrote from the envelope sender, one per message.
return_path() { grep -h -m1 '^Return-Path:' "$DC_DIR/mail/$1"/new/* "$DC_DIR/mail/$1"/cur/* 2>/dev/null | tr -d '\r'; }
no_crash() { ! grep -q 'AddressSanitizer\|runtime error\|Segmentation' "$1"; }
# variant SRC FROM MSGID OUT: a copy of a corpus message under another sender and Message-ID.
variant() {
	awk -v from="$2" -v id="$3" 'hdr && /^\r?$/ { hdr = 0 }
	    hdr && tolower($0) ~ /^from:/ { print "From: " from "\r"; next }
	    hdr && tolower($0) ~ /^message-id:/ { print "Message-ID: " id "\r"; next }
	    { print } BEGIN { hdr = 1 }' "$1" >"$4"
}
# The recipients of the outbox's one mail of KIND as liaisonctl outbox --json gives them: "to=state" each.
fates() {
	"$LIAISONCTL" -c "$T/conf" outbox --json | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    if d["kind"] == sys.argv[1]:
        print(" ".join("%s=%s" % (r["to"], r["state"]) for r in d["recipients"]))' "$1"
}

[ "$(id -u)" = 0 ] || abort "must run as root (a throwaway OpenSMTPD and Dovecot are started)"
command -v sqlite3 >/dev/null || abort "sqlite3 missing"
mta_start "$T/mta" >"$T/mta-start.log" 2>&1 || abort "the MTA did not start: $(cat "$T/mta-start.log")"
mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"
# Plain text to OpenSMTPD itself on loopback: test_smtp covers TLS; here the dialogue is the point.
cat >"$T/conf" <<EOF
store: { path = "$DB"; };
mailbox: { url = "maildir:$MD"; };
smtp: { url = "smtp://127.0.0.1:$MTA_PLAIN_PORT"; starttls = false; };
secretariat: { address = "tsbjcamv@itu.int"; acknowledge_max_age = 0; digest_to = [ "chairs@example.org", "$MTA_REJECT" ];
               digest_time = "06:00"; timezone = "UTC"; acknowledge_per_day = 1000; };
EOF

# 1. The digest to two recipients, one refused with 550: the other gets it; the refused one is failed with the
#    server's words, shown by liaisonctl outbox, and never tried again.
once "$T/1.log" --now 2026-06-10T10:00:00Z
check_eq "digest: liaisond --once exit status" "$?" 0
check "digest: queued by the cycle" grep -q "digest queued" "$T/1.log"
mta_wait_idle 20
check_eq "digest: each recipient's fate" "$(fates digest)" "chairs@example.org=sent $MTA_REJECT=failed"
check_eq "digest: in chairs@example.org's Dovecot mailbox" "$(mta_count chairs@example.org subject digest)" 1
check_eq "digest: sent with the secretariat's envelope sender" "$(return_path chairs@example.org)" \
    "Return-Path: <tsbjcamv@itu.int>"
"$LIAISONCTL" -c "$T/conf" outbox >"$T/outbox.txt"
check "liaisonctl outbox: the refused recipient, failed, with the server's words" \
    grep -q "digest  *failed  *$MTA_REJECT  *1  smtp: 127.0.0.1:$MTA_PLAIN_PORT refused the recipient <$MTA_REJECT>: 550" \
    "$T/outbox.txt"
check "liaisonctl outbox: the other one, sent" grep -q "digest  *sent  *chairs@example.org  *1  -" "$T/outbox.txt"
id=$(sql "select id from outbox where kind = 'digest'")
check "liaisonctl outbox show: each recipient's fate" \
    grep -q "^recipient:  $MTA_REJECT: failed, 1 attempt, failed .*550" <("$LIAISONCTL" -c "$T/conf" outbox show "$id")
once "$T/1b.log" --now 2026-06-10T14:00:00Z
check_eq "digest: the refused one is not tried again, the other not sent twice" \
    "$(grep -c "RCPT TO:<$MTA_REJECT>" "$MTA_LOG") $(grep -c "smtp envelope .* to=<chairs@example.org>" "$MTA_LOG")" "1 1"

# 2. An acknowledgement goes with the null envelope sender: a bounce of it goes to no one.
variant "$CORPUS"/p02*.eml "Null Body <null@acks.example>" "<null-1@acks.example>" "$MD/new/1.M1.null"
once "$T/2.log"
mta_wait_idle 20
check_eq "ack: delivered" "$(mta_count null@acks.example)" 1
check "ack: MAIL FROM:<> at the MTA" grep -q "smtp envelope .* from=<> to=<null@acks.example>" "$MTA_LOG"
check_eq "ack: Return-Path: <> in the recipient's mailbox" "$(return_path null@acks.example)" "Return-Path: <>"
check_eq "ack: the outbox keeps the null sender" "$(sql "select count(*) from outbox where kind = 'ack' and mail_from = ''")" 1

# 3. More than the MTA takes in one session (OpenSMTPD: "452 Too many messages sent" after 100, then it ends the
#    session): a new session, and all go in the one cycle.
for i in $(seq 1 $BULK); do
	variant "$CORPUS"/p02*.eml "Bulk $i <bulk$i@bulk.example>" "<bulk-$i@bulk.example>" "$MD/new/2.M$i.bulk"
done
s0=$(sessions)
once "$T/3.log"
check_eq "bulk: liaisond --once exit status" "$?" 0
check "bulk: no crash" no_crash "$T/3.log"
check_eq "bulk: all sent in one cycle" "$(sql "select count(*) from outbox where kind = 'ack' and state = 'sent'")" \
    $((BULK + 1))
check "the MTA delivers within 60 s" mta_wait_idle 60
check "bulk: the MTA ended a session at its limit (452)" grep -q "452 .*Too many messages" "$T/3.log"
check "bulk: liaisond opened a new session" [ "$(($(sessions) - s0))" -ge 2 ]
dist=$(for i in $(seq 1 $BULK); do copies "bulk$i@bulk.example"; done | sort | uniq -c | awk '{ printf "%s copies: %s; ", $2, $1 }')
check_eq "bulk: each delivered into Dovecot exactly once" "$dist" "1 copies: $BULK; "

crashed=
for f in "$T"/*.log; do
	no_crash "$f" || crashed="$crashed $(basename "$f")"
done
check_eq "no sanitizer report or crash in any log" "${crashed:-none}" none
echo "figures: $(sessions) SMTP sessions, $(mta_accepted) messages accepted by the MTA"
finish
