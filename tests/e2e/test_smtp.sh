#!/bin/bash
# test_smtp.sh: the smtp:/smtps: transport against a real MTA (OpenSMTPD, LMTP into Dovecot): acks, back-off, refusals, TLS, the digest.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$SRC/tests/integration/mta.sh"

T=$(mktemp -d /tmp/lsd-smtp-e2e.XXXXXX)
chmod 755 "$T"
DB=$T/db
MD=$T/Maildir
PASSWORD='Sup3r-Secret-SMTP-pw'

cleanup() {
	mta_stop_all
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT

# After a failure: the MTA's, its TLS front's and Dovecot's logs (set by mta_start).
failure_logs() { echo "${MTA_LOG:-}" "${MTA_TLS_LOG:-}" "${DC_LOG:-}"; }

# conf NAME URL [SMTP-SETTING...]: the group smtp gets url, tls_verify and the test CA, then the settings given.
# A setting "digest_to=…" goes to the secretariat group instead; ca_file="" removes the CA.
conf() {
	local name=$1 url=$2 ca="ca_file = \"$MTA_CERT\";" extra="" sec="" kv
	shift 2
	for kv in "$@"; do
		case $kv in
		ca_file=*) ca="${kv%%=*} = ${kv#*=};" ;;
		digest_to=*) sec="digest_to = ${kv#digest_to=};" ;;
		*) extra="$extra ${kv%%=*} = ${kv#*=};" ;;
		esac
	done
	cat >"$T/$name.conf" <<EOF
store: { path = "$DB"; };
mailbox: { url = "maildir:$MD"; };
smtp: { url = "$url"; tls_verify = true; $ca$extra };
secretariat: { address = "tsbjcamv@itu.int"; acknowledge_max_age = 0; $sec };
reminders: { overdue_max = 0; }; # p11's past deadline would add an overdue notice: test_loop_smtp.sh has those
EOF
	echo "$T/$name.conf"
}

# once CONF LOG [ARGS...]: one bounded cycle; the exit status is liaisond's.
once() {
	local c=$1 log=$2
	shift 2
	timeout 90 "$LIAISOND" -c "$c" --once --foreground --log-level debug "$@" >"$log" 2>&1
}

# add FILE...: new mail in the Maildir, named as a delivery agent would.
n=0
add() {
	local f
	for f in "$@"; do
		n=$((n + 1))
		cp "$f" "$MD/new/$(date +%s).M${n}P$$.smtptest"
	done
}

# variant SRC FROM MSGID: a copy of a corpus message under another sender and Message-ID (headers only).
variant() {
	local out=$T/variant-$((++n)).eml
	awk -v from="$2" -v id="$3" 'hdr && /^\r?$/ { hdr = 0 }
	    hdr && tolower($0) ~ /^from:/ { print "From: " from "\r"; next }
	    hdr && tolower($0) ~ /^message-id:/ { print "Message-ID: " id "\r"; next }
	    { print } BEGIN { hdr = 1 }' "$1" >"$out"
	echo "$out"
}

sql() { sqlite3 "$DB" "$1" 2>/dev/null; }
# The outbox keeps one recipient a line: RCPT is that column without its line breaks.
RCPT="replace(rcpt, char(10), '')"
row() { sql "select $2 from outbox where $RCPT = '$1' order by id desc limit 1"; }
state_of() { row "$1" state; }
attempts_of() { row "$1" attempts; }
error_of() { row "$1" "coalesce(last_error, '')"; }
sessions() { grep -c 'smtp connected' "$MTA_LOG"; }
iso_in() { date -u -d "@$(($(date +%s) + $1))" +%Y-%m-%dT%H:%M:%SZ; }
# The outbox as liaisonctl shows it: STATE=COUNT, sorted.
outbox_states() {
	"$LIAISONCTL" -c "$1" outbox --json | python3 -c '
import json, sys, collections
c = collections.Counter(json.loads(l)["state"] for l in sys.stdin if l.strip())
print(" ".join("%s=%d" % kv for kv in sorted(c.items())))'
}
no_crash() { ! grep -q 'AddressSanitizer\|runtime error\|Segmentation' "$1"; }

[ "$(id -u)" = 0 ] || abort "must run as root (a throwaway OpenSMTPD and Dovecot are started)"
[ -x "$LIAISOND" ] || abort "no $LIAISOND"
command -v sqlite3 >/dev/null || abort "sqlite3 missing"
mta_start "$T/mta" >"$T/mta-start.log" 2>&1 || abort "the MTA did not start: $(cat "$T/mta-start.log")"
echo "MTA: OpenSMTPD on 127.0.0.1:$MTA_PLAIN_PORT, STARTTLS on $MTA_PORT, SMTPS on $MTA_SMTPS_PORT, LMTP into Dovecot"
mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"

# 1. Acknowledgements over smtp:// with STARTTLS and a verified certificate.
A=$(conf starttls "smtp://127.0.0.1:$MTA_PORT")
add "$CORPUS"/p01*.eml "$CORPUS"/p02*.eml "$CORPUS"/p04*.eml "$CORPUS"/p05*.eml "$CORPUS"/p10*.eml \
    "$CORPUS"/p07*.eml "$CORPUS"/p08*.eml "$CORPUS"/p12*.eml
s0=$(sessions)
tls0=$(mta_tls_sessions)
once "$A" "$T/1.log"
check_eq "STARTTLS: liaisond --once exit status" "$?" 0
check "STARTTLS: no crash" no_crash "$T/1.log"
check_eq "STARTTLS: outbox (5 acks for 8 messages)" "$(outbox_states "$A")" "sent=5"
check "the MTA delivers within 20 s" mta_wait_idle 20
delivered=""
for u in tsbfgmv@itu.int tsbsg20@itu.int tsbsg21@itu.int sc24-secretariat@bsigroup.example; do
	delivered="$delivered $u=$(mta_count "$u")"
done
check_eq "STARTTLS: acks in the recipients' Dovecot mailboxes" "$delivered" \
    " tsbfgmv@itu.int=1 tsbsg20@itu.int=1 tsbsg21@itu.int=2 sc24-secretariat@bsigroup.example=1"
auto=0
for u in tsbfgmv@itu.int tsbsg20@itu.int tsbsg21@itu.int sc24-secretariat@bsigroup.example; do
	auto=$((auto + $(mta_count "$u" header Auto-Submitted auto-replied)))
done
check_eq "STARTTLS: acks with Auto-Submitted: auto-replied" "$auto" 5
# Each ack's In-Reply-To is the Message-ID of the filed message it acknowledges (the outbox key says which).
want=$(sql "select replace(o.rcpt, char(10), '') || ' ' || substr(o.dedupe_key, 5) from outbox o join document d \
    on d.message_id = substr(o.dedupe_key, 5) where o.kind = 'ack' order by 1")
got=$(for u in tsbfgmv@itu.int tsbsg20@itu.int tsbsg21@itu.int sc24-secretariat@bsigroup.example; do
	mta_fetch "$u" hdr.in-reply-to | sed -n "s/^hdr.in-reply-to=\(.*\)$/$u \1/p"
done | sort)
check_eq "STARTTLS: In-Reply-To matches the filed messages" "$got" "$want"
check "STARTTLS: In-Reply-To pairs found" [ "$(echo "$want" | wc -l)" = 5 ]
check "STARTTLS: the front saw a TLS handshake" [ "$(($(mta_tls_sessions) - tls0))" -ge 1 ]
check_eq "STARTTLS: one SMTP session for 5 messages (connection reused)" "$(($(sessions) - s0))" 1
# liaisond --check-config --connect logs in (STARTTLS, AUTH) and sends nothing.
m0=$(mta_accepted)
"$LIAISOND" -c "$A" --check-config --connect >"$T/check.out" 2>"$T/check.log"
check_eq "--check-config --connect: exit status with the MTA up" "$?" 0
check "--check-config --connect: says OK" grep -q "configuration OK" "$T/check.out"
check_eq "--check-config --connect: nothing sent" "$(mta_accepted)" "$m0"

# 2. The MTA is down: mail is filed, the outbox keeps it queued with the error and a later next attempt.
mta_stop
add "$CORPUS"/p06*.eml "$CORPUS"/p11*.eml
once "$A" "$T/2.log"
check_eq "MTA down: liaisond --once exit status (filing succeeded)" "$?" 0
check "MTA down: no crash" no_crash "$T/2.log"
check_eq "MTA down: documents filed" "$(sql 'select count(*) from document')" 10
check_eq "MTA down: outbox" "$(outbox_states "$A")" "queued=2 sent=5"
"$LIAISOND" -c "$A" --check-config --connect >/dev/null 2>"$T/check2.log"
check_eq "MTA down: --check-config --connect exit status" "$?" 2
check "MTA down: --check-config --connect names host:port" grep -q "cannot connect to 127.0.0.1:$MTA_PORT" "$T/check2.log"
first=$(sql "select $RCPT from outbox where state = 'queued' and attempts = 1")
check "MTA down: the error names host:port ($(error_of "$first"))" \
    grep -q "cannot connect to 127.0.0.1:$MTA_PORT" <<<"$(error_of "$first")"
# The back-off is the server's, not each mail's: the next try of the server in 60 s, then everything in order.
d=$(sql "select next_attempt - strftime('%s', 'now') from smtp_server where server = 'smtp://127.0.0.1:$MTA_PORT'")
check "MTA down: the server's next try ${d} s later (back-off 60 s)" [ "${d:-0}" -ge 50 -a "${d:-0}" -le 70 ]
check "MTA down: liaisonctl outbox names the failing server and its words" \
    grep -q "^server smtp://127.0.0.1:$MTA_PORT failing since .*cannot connect to 127.0.0.1:$MTA_PORT" \
    <("$LIAISONCTL" -c "$A" outbox)
check "MTA down: the other one was not tried (the transport is failing)" \
    [ "$(sql "select count(*) from outbox where state = 'queued' and attempts = 0")" = 1 ]
check "MTA down: the operator sees the host in the log" grep -q "127.0.0.1:$MTA_PORT" "$T/2.log"
once "$A" "$T/2b.log"
check_eq "MTA down, again at once: the backed-off one is not retried" "$(attempts_of "$first")" 1

# 3. The MTA is back; past the back-off both go, exactly once.
mta_restart >"$T/mta-restart.log" 2>&1 || abort "the MTA did not restart: $(cat "$T/mta-restart.log")"
once "$A" "$T/3.log" --now "$(iso_in 600)"
check_eq "MTA back: liaisond --once exit status" "$?" 0
check_eq "MTA back: outbox" "$(outbox_states "$A")" "sent=7"
once "$A" "$T/3b.log" --now "$(iso_in 1200)"
check "the MTA delivers within 20 s" mta_wait_idle 20
check_eq "MTA back: each delivered exactly once" \
    "$(mta_count 3gppliaison@etsi.example) $(mta_count tc307@standards.example)" "1 1"
total=0
for u in $(ls "$DC_DIR/mail"); do total=$((total + $(mta_count "$u"))); done
check_eq "MTA back: deliveries in all mailboxes" "$total" 7

# 4. A certificate that is not trusted (no ca_file): not sent, the error names the certificate.
B=$(conf noca "smtp://127.0.0.1:$MTA_PORT" 'ca_file=""')
add "$CORPUS"/p09*.eml
once "$B" "$T/4.log"
check_eq "untrusted certificate: state" "$(state_of tsbsg17@itu.int)" queued
check "untrusted certificate: error ($(error_of tsbsg17@itu.int))" \
    grep -q "certificate of 127.0.0.1 does not verify: .*set smtp.ca_file or smtp.tls_verify" \
    <<<"$(error_of tsbsg17@itu.int)"
check_eq "untrusted certificate: nothing delivered" "$(mta_count tsbsg17@itu.int)" 0
once "$A" "$T/4b.log" --now "$(iso_in 3600)"
mta_wait_idle 20
check_eq "untrusted certificate, then the CA: sent once" "$(state_of tsbsg17@itu.int) $(mta_count tsbsg17@itu.int)" \
    "sent 1"

# 5. A 5xx refusal (the MTA's table refuses the recipient): failed with the reply, never retried.
add "$(variant "$CORPUS"/p02*.eml "Refused Body <$MTA_REJECT>" "<refused-1@blocked.example>")"
once "$A" "$T/5.log"
check_eq "5xx: state and attempts" "$(state_of "$MTA_REJECT") $(attempts_of "$MTA_REJECT")" "failed 1"
check "5xx: the error carries the reply ($(error_of "$MTA_REJECT"))" \
    grep -q "127.0.0.1:$MTA_PORT refused the recipient <$MTA_REJECT>: 550 Invalid recipient" \
    <<<"$(error_of "$MTA_REJECT")"
once "$A" "$T/5b.log" --now "$(iso_in 7200)"
check_eq "5xx: not retried later" "$(state_of "$MTA_REJECT") $(attempts_of "$MTA_REJECT")" "failed 1"
check_eq "5xx: the MTA saw one RCPT for it" "$(grep -c "RCPT TO:<$MTA_REJECT>" "$MTA_LOG")" 1

# 6. smtps://, with a login configured (this MTA offers no AUTH) and the dialogue traced: no password anywhere.
printf '%s\n' "$PASSWORD" >"$T/smtp-password"
chmod 600 "$T/smtp-password"
C=$(conf smtps "smtps://127.0.0.1:$MTA_SMTPS_PORT" 'user="jcamv"' "password_file=\"$T/smtp-password\"")
add "$(variant "$CORPUS"/p01*.eml "Tls Body <smtps@tls.example>" "<smtps-1@tls.example>")"
tls0=$(grep -c '^smtps tls' "$MTA_TLS_LOG")
LIAISOND_SMTP_TRACE=1 once "$C" "$T/6.log"
mta_wait_idle 20
check_eq "smtps: sent and delivered" "$(state_of smtps@tls.example) $(mta_count smtps@tls.example)" "sent 1"
check "smtps: over implicit TLS" [ "$(($(grep -c '^smtps tls' "$MTA_TLS_LOG") - tls0))" -ge 1 ]
check "smtps: the dialogue was traced" grep -q "smtp: S: 250" "$T/6.log"
check "smtps: the password is in no log" sh -c "! grep -rqF '$PASSWORD' '$T'/*.log"
check "smtps: the password is not in the outbox" [ -z "$(sql "select id from outbox where instr(coalesce(last_error, ''), '$PASSWORD')")" ]

# 7. STARTTLS required unless smtp.starttls = false, and that only to loopback.
D=$(conf nostarttls "smtp://127.0.0.1:$MTA_PLAIN_PORT")
add "$(variant "$CORPUS"/p01*.eml "Plain Body <plain@plain.example>" "<plain-1@plain.example>")"
once "$D" "$T/7.log"
check "no STARTTLS offered: refused ($(error_of plain@plain.example))" \
    grep -q "127.0.0.1:$MTA_PLAIN_PORT does not offer STARTTLS" <<<"$(error_of plain@plain.example)"
E=$(conf plainremote "smtp://192.0.2.1:25" 'starttls=false')
once "$E" "$T/7b.log" --now "$(iso_in 9000)"
check_eq "starttls = false to a remote host: the configuration is refused (exit 2)" "$?" 2
check "naming the setting and why" grep -q "smtp.starttls: false is allowed for a loopback server only" "$T/7b.log"
F=$(conf plainloop "smtp://127.0.0.1:$MTA_PLAIN_PORT" 'starttls=false')
once "$F" "$T/7c.log" --now "$(iso_in 12000)"
mta_wait_idle 20
check_eq "starttls = false to loopback: sent" "$(state_of plain@plain.example) $(mta_count plain@plain.example)" "sent 1"

# 8. The digest goes to secretariat.digest_to.
G=$(conf digest "smtp://127.0.0.1:$MTA_PORT" 'digest_to=[ "chairs@example.org" ]')
"$LIAISONCTL" -c "$G" digest >"$T/8-ctl.log" 2>&1
check_eq "digest: liaisonctl digest exit status" "$?" 0
once "$G" "$T/8.log"
mta_wait_idle 20
check_eq "digest: outbox" "$(sql "select state from outbox where kind = 'digest'")" sent
check_eq "digest: in chairs@example.org's mailbox" "$(mta_count chairs@example.org subject digest)" 1

crashed=
for f in "$T"/*.log; do
	no_crash "$f" || crashed="$crashed $(basename "$f")"
done
check_eq "no sanitizer report or crash in any log" "${crashed:-none}" none
echo "figures: $(sessions) SMTP sessions at the MTA, $(mta_tls_sessions) TLS handshakes at the front," \
    "$(mta_accepted) messages accepted"
finish
