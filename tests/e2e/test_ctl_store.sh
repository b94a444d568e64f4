#!/bin/bash
# test_ctl_store.sh: liaisonctl never waits for the daemon: read commands open the store read-only while a write
# SPDX-License-Identifier: Apache-2.0
# transaction is held; a write waits for it, says so once, then does its work; a newer schema is refused.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failure_logs() { echo "$T/err"; }
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp"
cp "$CORPUS/p02-itu-ls-plaintext-reply.eml" "$T/Maildir/new/1.p02"
write_conf "$T/conf" "$T/db/liaisond.db" "$T/Maildir" "$T/spool"
"$LIAISOND" --once -c "$T/conf" 2>/dev/null || abort "the first cycle"
CTL=("$LIAISONCTL" -c "$T/conf")
DB=$T/db/liaisond.db

# hold SECONDS: a write transaction on the store, as the daemon filing a large message holds one.
hold() {
	python3 - "$DB" "$1" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO event (at, what) VALUES (1, 'test_ctl_store holds the store')")
open(sys.argv[1] + ".held", "w").close()
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")
PY
	HOLDER=$!
	for _ in $(seq 100); do [ -e "$DB.held" ] && break; sleep 0.05; done
}
ms() { date +%s%3N; }

hold 4
for cmd in "list" "show 1" "search metaverse" "deadlines" "roadmap export --format csv" "ics" "status"; do
	t0=$(ms)
	# shellcheck disable=SC2086 # the command's words
	"${CTL[@]}" $cmd >/dev/null 2>"$T/err"
	rc=$?
	took=$(($(ms) - t0))
	check_eq "$cmd while the daemon holds a write transaction: exit status" "$rc" 0
	check "$cmd: no waiting (${took} ms)" [ "$took" -lt 2500 ]
	check "$cmd: nothing on stderr" test ! -s "$T/err"
done
t0=$(ms)
"${CTL[@]}" sdo contact add W3C w3c-liaison@example.org >/dev/null 2>"$T/err"
rc=$?
took=$(($(ms) - t0))
check_eq "a write command waits for the transaction, then succeeds" "$rc" 0
check "it waited (${took} ms)" [ "$took" -ge 1500 ]
check_eq "and said so, once" "$(grep -c "waiting for the daemon's transaction" "$T/err")" 1
wait "$HOLDER"
rm -f "$DB.held"
check_eq "the contact is there" "$("${CTL[@]}" sdo contact list 2>/dev/null | grep -c w3c-liaison@example.org)" 1

# Read commands never write: the schema version and the file's contents stay as they were.
before=$(sqlite3 "$DB" 'PRAGMA user_version')
sum=$(sqlite3 "$DB" 'SELECT count(*) FROM event')
"${CTL[@]}" list >/dev/null && "${CTL[@]}" deadlines >/dev/null
check_eq "read commands leave the schema version" "$(sqlite3 "$DB" 'PRAGMA user_version')" "$before"
check_eq "and write no event" "$(sqlite3 "$DB" 'SELECT count(*) FROM event')" "$sum"

# A store newer than this program: refused with the remedy, read or write.
sqlite3 "$DB" "PRAGMA user_version = 99"
"${CTL[@]}" list >/dev/null 2>"$T/err"
check_eq "a newer schema: list exits 1" "$?" 1
check "and says to upgrade" grep -q "schema version 99 is newer than this program's" "$T/err"
"${CTL[@]}" sdo contact add W3C x@example.org >/dev/null 2>"$T/err"
check_eq "a newer schema: a write exits 1" "$?" 1
finish
