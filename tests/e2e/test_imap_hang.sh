#!/bin/bash
# test_imap_hang.sh: a server that stops answering never hangs liaisond: --once gives up in bounded time, the daemon backs off and stops on SIGTERM.
# SPDX-License-Identifier: Apache-2.0
#
# Fake servers from tests/integration/stall_server.py on 127.0.0.1 (no Dovecot): one that accepts and never
# sends a byte, one that greets and then never answers LOGIN, one that logs in and never answers the first
# command. mailbox.timeout = 3 throughout.
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
[ -x "$LIAISOND" ] || abort "no $LIAISOND"
command -v python3 >/dev/null || abort "python3 missing"

ONCE_BOUND=20   # seconds --once may take against a silent server (timeout 3; about twice that is expected)
TERM_BOUND=6    # seconds from SIGTERM to exit
WATCH=10        # seconds of daemon mode over which connections are counted
MAX_CONNS=5     # a handful: poll_interval 1 without back-off would make about 10 (or dozens with no timeout at all)

STALL_PIDS=()
stall_cleanup() {
	local p
	for p in "${STALL_PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	lsd_cleanup
}
trap stall_cleanup EXIT

# stall_start MODE: starts a fake server; sets PORT and COUNT (the file holding its connection count).
stall_start() {
	local mode=$1 i
	rm -f "$T/$mode.port" "$T/$mode.count"
	python3 "$SRC/tests/integration/stall_server.py" --mode "$mode" --port-file "$T/$mode.port" \
	    --count-file "$T/$mode.count" --lifetime 90 &
	STALL_PIDS+=($!)
	for i in $(seq 1 50); do
		[ -s "$T/$mode.port" ] && break
		sleep 0.1
	done
	PORT=$(cat "$T/$mode.port" 2>/dev/null) || abort "stall_server $mode did not start"
	COUNT=$T/$mode.count
}

# hang_conf NAME PORT: plain imap:// on loopback (no TLS to stall in), timeout 3, poll every second.
hang_conf() {
	printf 'not-the-password' >"$T/password"
	chmod 600 "$T/password"
	mkdir -p "$T/spool"
	cat >"$T/$1.conf" <<EOF
store: { path = "$T/$1.db"; };
mailbox: { url = "imap://127.0.0.1:$2/INBOX"; user = "jcamv"; password_file = "$T/password";
           starttls = false; poll_interval = 1; timeout = 3; };
smtp: { url = "spool:$T/spool"; };
secretariat: { address = "tsbjcamv@itu.int"; };
EOF
	echo "$T/$1.conf"
}

now_ms() {
	date +%s%3N
}

for mode in silent login command; do
	stall_start "$mode"
	conf=$(hang_conf "$mode" "$PORT")
	t0=$(now_ms)
	timeout 60 "$LIAISOND" -c "$conf" --once --foreground --log-level info >"$T/$mode-once.log" 2>&1
	rc=$?
	ms=$(($(now_ms) - t0))
	check_eq "$mode: --once exit status" "$rc" 1
	check "$mode: --once gave up within $ONCE_BOUND s ($ms ms)" [ "$ms" -lt $((ONCE_BOUND * 1000)) ]
	note "$(grep -o 'imap: .*' "$T/$mode-once.log" | head -1)"
	check "$mode: the message names the server" grep -q "127.0.0.1:$PORT" "$T/$mode-once.log"
	check "$mode: the message says it timed out" grep -q "within 3 s (mailbox.timeout)" "$T/$mode-once.log"
	check_not "$mode: no password in the output" grep -q "not-the-password" "$T/$mode-once.log"
done
check "silent: reported as a missing greeting" grep -q "sent no greeting" "$T/silent-once.log"
check "login: reported as a stalled login" grep -q "during the login" "$T/login-once.log"
check "command: reported as a stalled STATUS" \
    grep -q "STATUS of INBOX: .* stopped answering to STATUS" "$T/command-once.log"

# Daemon mode: back off between failed polls, and stop promptly on SIGTERM even mid-request.
for mode in silent login; do
	stall_start "$mode"
	conf=$(hang_conf "$mode-daemon" "$PORT")
	before=$(cat "$COUNT")
	lsd_start_daemon "$conf" "$T/$mode-daemon.log"
	sleep "$WATCH"
	conns=$(($(cat "$COUNT") - before))
	check "$mode: the daemon still runs after $WATCH s" kill -0 "$DAEMON_PID" 2>/dev/null
	t0=$(now_ms)
	kill -TERM "$DAEMON_PID"
	for _ in $(seq 1 $((TERM_BOUND * 10 + 50))); do
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$DAEMON_PID" 2>/dev/null; then # waiting for it would hang the test
		abort "$mode: the daemon still runs $((TERM_BOUND + 5)) s after SIGTERM"
	fi
	wait "$DAEMON_PID"
	rc=$?
	ms=$(($(now_ms) - t0))
	DAEMON_PID=
	check_eq "$mode: the daemon's exit status on SIGTERM" "$rc" 0
	check "$mode: it stopped within $TERM_BOUND s of SIGTERM ($ms ms)" [ "$ms" -lt $((TERM_BOUND * 1000)) ]
	check "$mode: the daemon retries (at least 2 connections in $WATCH s: $conns)" [ "$conns" -ge 2 ]
	check "$mode: and backs off (at most $MAX_CONNS connections in $WATCH s: $conns)" [ "$conns" -le "$MAX_CONNS" ]
	errors=$(grep -c "error: mailbox: imap:" "$T/$mode-daemon.log")
	check "$mode: the same failure logged at most twice ($errors)" [ "$errors" -le 2 ]
done
finish
