#!/bin/bash
# test_daemon.sh: the daemon on a Maildir: polls, one daemon per store, SIGHUP reload (a bad file is refused),
# SPDX-License-Identifier: Apache-2.0
# SIGTERM exits 0 promptly, kill -9 during an ingest loses nothing and files nothing twice.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT
failure_logs() { echo "$T/log" "$T/log9" "$T/stall.log"; } # the daemon's logs, shown after a failure
LOG_LINES=40
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp"
write_conf "$T/conf" "$T/liaisond.db" "$T/Maildir" "$T/spool"
wait_for() { # wait_for SECONDS COMMAND...: polls until the command succeeds
	local end=$((SECONDS + $1)); shift
	until "$@"; do [ $SECONDS -ge $end ] && return 1; sleep 0.2; done
}
count() { "$LIAISONCTL" -c "$T/conf" list --json 2>/dev/null | wc -l; }

"$LIAISOND" --foreground -c "$T/conf" 2>"$T/log" &
pid=$!
check "the daemon starts" wait_for 10 grep -q "started" "$T/log"
cp "$CORPUS/p02-itu-ls-plaintext-reply.eml" "$T/Maildir/new/1.a"
check "it files new mail on its next poll" wait_for 15 bash -c "[ \$('$LIAISONCTL' -c '$T/conf' list --json | wc -l) -eq 1 ]"

"$LIAISOND" --foreground -c "$T/conf" 2>"$T/log2"
check_eq "a second daemon on the same store exits 1" "$?" 1
check "and names the first one's pid" grep -q "another liaisond (pid $pid)" "$T/log2"

cp "$T/conf" "$T/conf.good"
sed -i 's/poll_interval = 1;/poll_interval = 1; colour = "blue";/' "$T/conf"
kill -HUP $pid
check "a reload with errors is refused, naming the setting" wait_for 10 grep -q "reload refused.*colour" "$T/log"
check "the daemon keeps running" kill -0 $pid
cp "$T/conf.good" "$T/conf"
kill -HUP $pid
check "a good reload is applied" wait_for 10 grep -q "configuration reloaded" "$T/log"
cp "$CORPUS/p10-encoded-words.eml" "$T/Maildir/new/2.b"
check "mail is still filed after the reload" wait_for 15 bash -c "[ \$('$LIAISONCTL' -c '$T/conf' list --json | wc -l) -eq 2 ]"

kill -TERM $pid
t0=$SECONDS
wait $pid
rc=$?
check_eq "SIGTERM: exit 0" "$rc" 0
check "within 5 seconds" [ $((SECONDS - t0)) -le 5 ]
pid=

# kill -9 at random moments while 500 messages (each with a .docx to read) arrive; then one cycle:
# each filed exactly once. The kills come 20 to 200 ms after each start, well inside the ingest.
for i in $(seq 1 500); do
	sed "s/^Message-ID: <fgmv-ls1/Message-ID: <k$i.fgmv-ls1/" "$CORPUS/p01-itu-ls-docx.eml" \
		>"$T/Maildir/new/$((1700000000 + i)).M$i.k"
done
for round in 1 2 3 4 5 6; do
	"$LIAISOND" --foreground -c "$T/conf" 2>>"$T/log9" &
	pid=$!
	sleep "0.$(printf %02d $((RANDOM % 18 + 2)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	pid=
	echo "  after kill $round: $(count) filed"
done
before=$(count)
"$LIAISOND" --once -c "$T/conf" 2>>"$T/log9"
check_eq "after 6 kill -9 and a full cycle, every message is filed" "$(count)" 502
check_eq "none twice (distinct Message-IDs = documents)" \
	"$("$LIAISONCTL" -c "$T/conf" list --json | grep -o '"message_id": "[^"]*"' | sort -u | wc -l)" 502
check_eq "nothing left unfiled in new/ or cur/" "$(ls "$T/Maildir/new" "$T/Maildir/cur" | grep -c '\.k$')" 0
check_eq "acknowledgements: the first two senders', then 20 a day for the one who sent 500" \
	"$(ls "$T/spool" | grep -c '^ack-')" 22
check_eq "no message acknowledged twice" "$(grep -h '^In-Reply-To:' "$T"/spool/ack-*.eml | sort | uniq -d | wc -l)" 0
check "the kills landed during the ingest ($before of 502 filed before the last cycle)" [ "$before" -lt 502 ]
# A message that stalls the parser: the watchdog ends the process and notes the message; the next start
# quarantines it and files the rest; requeued, it is filed once the parser has time.
mkdir -p "$T/M2/new" "$T/M2/cur" "$T/M2/tmp"
write_conf "$T/conf2" "$T/l2.db" "$T/M2" "$T/spool2"
cp "$CORPUS/p01-itu-ls-docx.eml" "$T/M2/new/1700000001.stall"
cp "$CORPUS/p02-itu-ls-plaintext-reply.eml" "$T/M2/new/1700000002.fine"
LIAISOND_PARSE_TIMEOUT_MS=1 "$LIAISOND" --once -c "$T/conf2" 2>"$T/stall.log"
check_eq "a parse over the limit ends the process (exit 1)" "$?" 1
check "naming the message" grep -q "new/1700000001.stall took longer than the 1 ms parse limit" "$T/stall.log"
"$LIAISOND" --once -c "$T/conf2" 2>>"$T/stall.log"
check_eq "the next start exits 0" "$?" 0
check "and quarantines that message with the reason" \
	grep -q "  new/1700000001.stall  *it stalled the parser" <("$LIAISONCTL" -c "$T/conf2" quarantine)
check_eq "the other message is filed" "$("$LIAISONCTL" -c "$T/conf2" list --json | wc -l)" 1
"$LIAISONCTL" -c "$T/conf2" requeue 1 >/dev/null
check_eq "requeue exits 0" "$?" 0
"$LIAISOND" --once -c "$T/conf2" 2>>"$T/stall.log"
check_eq "requeued, it is filed" "$("$LIAISONCTL" -c "$T/conf2" list --json | wc -l)" 2

finish
