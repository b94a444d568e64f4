#!/bin/bash
# test_service.sh: liaisond as a systemd service without systemd: the notify protocol (READY, STATUS, WATCHDOG, STOPPING), journal priorities, --check-config.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
LISTENER=""
cleanup() {
	[ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
failure_logs() { echo "$T"/*.log; }
make_maildir "$T/Maildir"
write_conf "$T/conf" "$T/liaisond.db" "$T/Maildir" "$T/spool"

# 1. The notify protocol, as systemd's service manager would receive it: a datagram socket in NOTIFY_SOCKET.
python3 - "$T/notify.sock" >"$T/notify.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
while True:
    for line in s.recv(4096).decode().split("\n"):
        print(line, flush=True)
PY
LISTENER=$!
for _ in $(seq 50); do [ -S "$T/notify.sock" ] && break; sleep 0.1; done
[ -S "$T/notify.sock" ] || abort "the notify listener did not start"
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=400000 "$LIAISOND" -c "$T/conf" --foreground 2>"$T/daemon.log" &
pid=$!
for _ in $(seq 100); do grep -q '^STATUS=' "$T/notify.log" && break; sleep 0.1; done
sleep 2 # the daemon sleeps between polls (poll_interval 1): the watchdog must be fed meanwhile
kill -TERM "$pid"
wait "$pid"
check_eq "the daemon stops on SIGTERM with status 0" "$?" 0
sleep 0.3
check "READY=1 once started" grep -qx 'READY=1' "$T/notify.log"
check "a STATUS line naming the last poll and what was filed" \
	grep -q "^STATUS=last poll [0-9T:-]*Z: ok; 12 filed, [0-9]* sent, [0-9]* queued" "$T/notify.log"
wd=$(grep -cx 'WATCHDOG=1' "$T/notify.log")
check "the watchdog fed while it sleeps ($wd times in about 2 s, period 0.4 s)" [ "$wd" -ge 4 ]
check "STOPPING=1 on SIGTERM" grep -qx 'STOPPING=1' "$T/notify.log"

# 2. Under systemd, stderr is the journal (JOURNAL_STREAM names it): each line starts with its priority.
make_maildir "$T/M2" b
write_conf "$T/conf2" "$T/2.db" "$T/M2" "$T/spool2"
make_maildir "$T/M3" c
write_conf "$T/conf3" "$T/3.db" "$T/M3" "$T/spool3"
: >"$T/journal.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$T/journal.log") "$LIAISOND" -c "$T/conf2" --once 2>>"$T/journal.log"
check "journal lines carry a priority prefix" grep -q '^<6>info: ' "$T/journal.log"
check_not "no line without its priority" grep -qv '^<[0-7]>' "$T/journal.log"
: >"$T/plain.log"
JOURNAL_STREAM=1:2 "$LIAISOND" -c "$T/conf3" --once 2>>"$T/plain.log"
check "stderr that is not the journal: plain lines" grep -q '^liaisond: ' "$T/plain.log"
check_not "stderr that is not the journal: no priority prefix" grep -q '^<' "$T/plain.log"

# 3. --check-config, as ExecStartPre= runs it: 0 and OK; 2 naming file, line and setting; nothing touched.
"$LIAISOND" -c "$T/conf" --check-config >"$T/check.out" 2>"$T/check.log"
check_eq "--check-config on a good file exits 0" "$?" 0
check "--check-config says OK" grep -q "^$T/conf: configuration OK" "$T/check.out"
printf 'store: { path = "%s/new.db"; };\nmailbox: { url = "maildir:%s/Maildir"; poll_interval = 0; };\n' "$T" "$T" >"$T/bad.conf"
"$LIAISOND" -c "$T/bad.conf" --check-config >/dev/null 2>"$T/bad.log"
check_eq "--check-config on a bad value exits 2" "$?" 2
check "--check-config names file, line and setting" grep -q "$T/bad.conf:2: mailbox.poll_interval" "$T/bad.log"
check_not "--check-config creates no store" test -e "$T/new.db"
"$LIAISOND" -c "$T/conf" --connect >/dev/null 2>&1
check_eq "--connect without --check-config is a usage error" "$?" 2
finish
