#!/bin/bash
# imap_lib.sh: what the test_imap_*.sh end-to-end tests share: a Dovecot, configs, liaisond runs and store checks.
# SPDX-License-Identifier: Apache-2.0
#
# Sourced, after lib.sh (BUILD, SRC, CORPUS and the check/abort/finish helpers). Needs root, sqlite3 and python3.
# Everything lives in $T, removed at exit (KEEP=1 keeps it for a post-mortem).

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$SRC/tests/integration/dovecot.sh"

T=$(mktemp -d /tmp/lsd-imap-e2e.XXXXXX)
chmod 755 "$T"
DAEMON_PID=
DB=$T/db

lsd_cleanup() {
	if [ -n "$DAEMON_PID" ]; then
		kill -9 "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID" 2>/dev/null
	fi
	dc_stop
	if [ "${KEEP:-0}" = 1 ]; then
		echo "kept $T" >&2
	else
		rm -rf "$T"
	fi
}
trap lsd_cleanup EXIT

# After a failure: every log of the test (liaisond's runs, the daemon's, Dovecot's start).
failure_logs() { echo "$T"/*.log; }

# lsd_require: root, the tools, and a running Dovecot; else nothing can be tested.
lsd_require() {
	[ "$(id -u)" = 0 ] || abort "must run as root (a throwaway Dovecot is started)"
	[ -x "$LIAISOND" ] || abort "no $LIAISOND"
	command -v sqlite3 >/dev/null || abort "sqlite3 missing"
	command -v doveadm >/dev/null || abort "dovecot (doveadm) missing"
	dc_start "$T/dovecot" >"$T/dc-start.log" 2>&1 || abort "dovecot did not start: $(cat "$T/dc-start.log")"
	printf '%s' "$DC_PASS" >"$T/password"
	chmod 600 "$T/password"
	mkdir -p "$T/spool"
}

# lsd_conf NAME [SETTING...]: writes $T/NAME.conf; each SETTING replaces or extends the mailbox group
# (url=…, ca_file=… override the defaults: imaps on the test port, the test certificate).
lsd_conf() {
	local name=$1 url="imaps://127.0.0.1:$DC_IMAPS_PORT/INBOX" ca="\"$DC_CERT\"" pwfile="$T/password" extra="" kv
	shift
	for kv in "$@"; do
		case $kv in
		url=*) url=${kv#url=} ;;
		ca_file=*) ca=${kv#ca_file=} ;;
		password_file=*) pwfile=${kv#password_file=} ;;
		*) extra="$extra $kv;" ;;
		esac
	done
	cat >"$T/$name.conf" <<EOF
store: { path = "$DB"; };
mailbox: { url = "$url"; user = "$DC_USER"; password_file = "$pwfile";
           tls_verify = true; ca_file = $ca; poll_interval = 1; timeout = 10;$extra };
smtp: { url = "spool:$T/spool"; };
secretariat: { address = "tsbjcamv@itu.int"; acknowledge_max_age = 0; };
EOF
	echo "$T/$name.conf"
}

# lsd_once CONF [LOG]: one cycle, bounded; returns liaisond's exit status, output in LOG ($T/once.log).
lsd_once() {
	local conf=$1 log=${2:-$T/once.log}
	timeout 170 "$LIAISOND" -c "$conf" --once --foreground --log-level info >"$log" 2>&1
}

lsd_start_daemon() {
	local conf=$1 log=${2:-$T/daemon.log}
	"$LIAISOND" -c "$conf" --foreground --log-level info >>"$log" 2>&1 &
	DAEMON_PID=$!
}

lsd_kill_daemon() {
	[ -n "$DAEMON_PID" ] || return 0
	kill "-${1:-TERM}" "$DAEMON_PID" 2>/dev/null
	for _ in $(seq 1 100); do
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
}

doc_count() {
	[ -f "$DB" ] || { echo 0; return; }
	sqlite3 "$DB" "select count(*) from document" 2>/dev/null || echo -1
}

dup_count() {
	[ -f "$DB" ] || { echo 0; return; }
	sqlite3 "$DB" "select count(*) from (select message_id from document where message_id is not null \
	    group by message_id having count(*) > 1)" 2>/dev/null || echo -1
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.2 s; 1 when it never succeeded in time.
wait_until() {
	local limit=$1 end
	shift
	end=$((SECONDS + limit))
	while [ "$SECONDS" -lt "$end" ]; do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

docs_are() {
	[ "$(doc_count)" = "$1" ]
}

# gen_messages DIR N PREFIX: N small messages with unique Message-IDs <PREFIX-I@test.invalid>.
gen_messages() {
	local dir=$1 n=$2 prefix=$3 i
	mkdir -p "$dir"
	for i in $(seq 1 "$n"); do
		cat >"$dir/$prefix-$i.eml" <<EOF
From: Correspondent $i <person$i@example.org>
To: tsbjcamv@itu.int
Subject: $prefix message $i
Date: Mon, 15 Jul 2024 09:00:00 +0000
Message-ID: <$prefix-$i@test.invalid>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Message $i of the $prefix batch, for the IMAP source's end-to-end test.
EOF
	done
}

# The number of distinct messages (by Message-ID, else by content) among the corpus: what filing it must yield.
corpus_distinct() {
	local f id
	for f in "$CORPUS"/*.eml; do
		id=$(grep -i -m1 '^Message-ID:' "$f" | tr -d '\r' | sed 's/^[^:]*:[[:space:]]*//')
		[ -n "$id" ] && echo "id:$id" || echo "sha:$(sha256sum <"$f" | cut -c1-64)"
	done | sort -u | wc -l
}
