#!/bin/bash
# test_smtp_crash.sh: kill -9 the daemon again and again while it sends to a real OpenSMTPD; count the copies in Dovecot.
# SPDX-License-Identifier: Apache-2.0
#
# What it shows (docs/smtp.md, "Exactly once"): every mail arrives; a copy arrives twice only when the daemon died
# between the server's "250" and recording it, and each such attempt was found unconcluded ("unsure") at the
# next start; an unsure attempt is tried once more after an hour, never in a loop. It prints N sends, M duplicates.
# CRASH_MAILS (default 150) and CRASH_ROUNDS (at most, default 80) size the run.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$SRC/tests/integration/mta.sh"

T=$(mktemp -d /tmp/lsd-crash-e2e.XXXXXX)
chmod 755 "$T"
DB=$T/db
MD=$T/Maildir
N=${CRASH_MAILS:-150}
ROUNDS=${CRASH_ROUNDS:-80}
pid=

cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	mta_stop_all
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT
failure_logs() { echo "${MTA_LOG:-}" "$T"/*.log; }

sql() { sqlite3 "$DB" "$1" 2>/dev/null; }
iso_in() { date -u -d "@$(($(date +%s) + $1))" +%Y-%m-%dT%H:%M:%SZ; }
copies() { find "$DC_DIR/mail/$1/new" "$DC_DIR/mail/$1/cur" -type f 2>/dev/null | wc -l; }
no_crash() { ! grep -q 'AddressSanitizer\|runtime error\|Segmentation' "$1"; }
# conf FILE URL: the store and Maildir of this test, sending to URL in plain text (loopback).
conf() {
	cat >"$1" <<EOF
store: { path = "$DB"; };
mailbox: { url = "maildir:$MD"; poll_interval = 1; };
smtp: { url = "$2"; starttls = false; };
secretariat: { address = "tsbjcamv@itu.int"; acknowledge_per_day = 100000; acknowledge_max_age = 0; };
EOF
}
due() { sql "select count(*) from delivery where state in ('queued', 'sending') and next_attempt <= strftime('%s', 'now')"; }

[ "$(id -u)" = 0 ] || abort "must run as root (a throwaway OpenSMTPD and Dovecot are started)"
command -v sqlite3 >/dev/null || abort "sqlite3 missing"
mta_start "$T/mta" >"$T/mta-start.log" 2>&1 || abort "the MTA did not start: $(cat "$T/mta-start.log")"
mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"

# N statements from N senders, each acknowledged once: filed and queued first, with no server to send to.
for i in $(seq 1 "$N"); do
	awk -v from="Crash $i <crash$i@crash.example>" -v id="<crash-$i@crash.example>" 'hdr && /^\r?$/ { hdr = 0 }
	    hdr && tolower($0) ~ /^from:/ { print "From: " from "\r"; next }
	    hdr && tolower($0) ~ /^message-id:/ { print "Message-ID: " id "\r"; next }
	    { print } BEGIN { hdr = 1 }' "$CORPUS"/p02*.eml >"$MD/new/$((1700000000 + i)).M$i.crash"
done
conf "$T/down.conf" "smtp://127.0.0.1:$(dc_free_port)"
timeout 300 "$LIAISOND" -c "$T/down.conf" --once --foreground >"$T/file.log" 2>&1
check_eq "filed and queued, nothing sent" "$(sql "select count(*) from delivery where state = 'queued'")" "$N"

# Then the real server, and kill -9 at random moments (0 to 800 ms after each start) while the queue drains.
conf "$T/up.conf" "smtp://127.0.0.1:$MTA_PLAIN_PORT"
kills=0
for round in $(seq 1 "$ROUNDS"); do
	[ "$(due)" -gt 0 ] || break
	"$LIAISOND" -c "$T/up.conf" --foreground --log-level info >"$T/round.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do grep -q started "$T/round.log" && break; sleep 0.1; done
	sleep "0.$(printf %03d $((RANDOM % 800)))"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	pid=
	cat "$T/round.log" >>"$T/daemon.log"
done
note "sent while being killed: $(grep -c ' sent to ' "$T/daemon.log"), in $kills rounds"
check "the queue drained under kill -9 within $ROUNDS rounds ($kills kills)" [ "$(due)" = 0 ]
# The unsure attempts wait an hour: two cycles two and four hours on (the first finds the last kill's).
timeout 300 "$LIAISOND" -c "$T/up.conf" --once --foreground --now "$(iso_in 7200)" >"$T/final1.log" 2>&1
timeout 300 "$LIAISOND" -c "$T/up.conf" --once --foreground --now "$(iso_in 14400)" >"$T/final2.log" 2>&1
check_eq "then every mail concluded" "$(sql "select count(*) from delivery where state not in ('sent', 'failed')")" 0
check "the MTA delivers within 60 s" mta_wait_idle 60

unsure=$(sql "select count(*) from event where what = 'unsure'")
failed=$(sql "select count(*) from delivery where state = 'failed'")
dup=0 missing=0 sends=0
for i in $(seq 1 "$N"); do
	c=$(copies "crash$i@crash.example")
	sends=$((sends + c))
	[ "$c" -gt 1 ] && dup=$((dup + c - 1))
	[ "$c" -eq 0 ] && missing=$((missing + 1))
done
note "figures: $N mails, $kills kills -9 while sending, $sends copies delivered, $dup duplicates," \
    "$unsure attempts found unconcluded, $failed failed after two unconcluded attempts, $missing never delivered"
check "no mail lost: only one failed after two unconcluded attempts may be missing" [ "$missing" -le "$failed" ]
check "a duplicate only where an attempt was found unconcluded ($dup <= $unsure)" [ "$dup" -le "$unsure" ]
check "never more than two copies of one mail" \
    [ "$(for i in $(seq 1 "$N"); do copies "crash$i@crash.example"; done | sort -n | tail -1)" -le 2 ]
check "every unconcluded attempt was retried at most once" \
    [ "$(sql "select coalesce(max(unsure), 0) from delivery")" -le 2 ]
check "no sanitizer report or crash" no_crash "$T/final2.log"
finish
