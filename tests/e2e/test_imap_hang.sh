#!/bin/bash
# test_imap_hang.sh: a server that stops answering never hangs liaisond: --once gives up in bounded time, the daemon backs off and stops on SIGTERM.
#
# Fake servers from tests/integration/stall_server.py on 127.0.0.1 (no Dovecot): one that accepts and never
# sends a byte, one that greets and then never answers LOGIN, one that logs in and never answers the first
# command. mailbox.timeout = 3 throughout.
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
[ -x "$LIAISOND" ] || fail "no $LIAISOND"
command -v python3 >/dev/null || fail "python3 missing"

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
	PORT=$(cat "$T/$mode.port" 2>/dev/null) || fail "stall_server $mode did not start"
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
	[ "$rc" = 1 ] || fail "$mode: --once exited $rc, expected 1"
	[ "$ms" -lt $((ONCE_BOUND * 1000)) ] || fail "$mode: --once took $ms ms"
	grep -q "127.0.0.1:$PORT" "$T/$mode-once.log" || fail "$mode: the message does not name the server"
	grep -q "within 3 s (mailbox.timeout)" "$T/$mode-once.log" || fail "$mode: the message does not say it timed out"
	grep -q "not-the-password" "$T/$mode-once.log" && fail "$mode: the password appears in the output"
	ok "$mode: --once exit 1 after $ms ms: $(grep -o 'imap: .*' "$T/$mode-once.log" | head -1)"
done
grep -q "sent no greeting" "$T/silent-once.log" || fail "silent: not reported as a missing greeting"
grep -q "during the login" "$T/login-once.log" || fail "login: not reported as a stalled login"
grep -q "STATUS of INBOX: .* stopped answering to STATUS" "$T/command-once.log" || fail "command: not reported as a stalled STATUS"

# Daemon mode: back off between failed polls, and stop promptly on SIGTERM even mid-request.
for mode in silent login; do
	stall_start "$mode"
	conf=$(hang_conf "$mode-daemon" "$PORT")
	before=$(cat "$COUNT")
	lsd_start_daemon "$conf" "$T/$mode-daemon.log"
	sleep "$WATCH"
	conns=$(($(cat "$COUNT") - before))
	kill -0 "$DAEMON_PID" 2>/dev/null || fail "$mode: the daemon died"
	t0=$(now_ms)
	kill -TERM "$DAEMON_PID"
	for _ in $(seq 1 $((TERM_BOUND * 10 + 50))); do
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$DAEMON_PID" 2>/dev/null; then
		fail "$mode: the daemon still runs $((TERM_BOUND + 5)) s after SIGTERM"
	fi
	wait "$DAEMON_PID"
	rc=$?
	ms=$(($(now_ms) - t0))
	DAEMON_PID=
	[ "$rc" = 0 ] || fail "$mode: the daemon exited $rc on SIGTERM"
	[ "$ms" -lt $((TERM_BOUND * 1000)) ] || fail "$mode: SIGTERM took $ms ms"
	[ "$conns" -ge 2 ] || fail "$mode: only $conns connections in $WATCH s: the daemon does not retry"
	[ "$conns" -le "$MAX_CONNS" ] || fail "$mode: $conns connections in $WATCH s: no back-off"
	errors=$(grep -c "error: mailbox: imap:" "$T/$mode-daemon.log")
	[ "$errors" -le 2 ] || fail "$mode: the same failure logged $errors times"
	ok "$mode: daemon made $conns connections in $WATCH s, exit 0 ${ms} ms after SIGTERM"
done
exit 0
