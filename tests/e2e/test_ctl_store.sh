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

# hold: a write transaction on the store, as the daemon filing a large message holds one, until release (or
# two minutes). No clock decides the outcome: the commands below must finish while the transaction is still held.
hold() {
	rm -f "$DB.release"
	python3 - "$DB" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO event (at, what) VALUES (1, 'test_ctl_store holds the store')")
open(sys.argv[1] + ".held", "w").close()
for _ in range(1200):
    if os.path.exists(sys.argv[1] + ".release"):
        break
    time.sleep(0.1)
c.execute("COMMIT")
PY
	HOLDER=$!
	for _ in $(seq 200); do [ -e "$DB.held" ] && break; sleep 0.05; done
}
release() { touch "$DB.release"; }
held() { kill -0 "$HOLDER" 2>/dev/null; }

hold
for cmd in "list" "show 1" "search metaverse" "deadlines" "roadmap export --format csv" "ics" "status"; do
	# shellcheck disable=SC2086 # the command's words
	"${CTL[@]}" $cmd >/dev/null 2>"$T/err"
	rc=$?
	check_eq "$cmd while the daemon holds a write transaction: exit status" "$rc" 0
	check "$cmd: done while the transaction is still held (no waiting)" held
	check "$cmd: nothing on stderr" test ! -s "$T/err"
done
"${CTL[@]}" sdo contact add W3C w3c-liaison@example.org >/dev/null 2>"$T/err" &
WRITER=$!
for _ in $(seq 200); do grep -q "waiting for the daemon's transaction" "$T/err" 2>/dev/null && break; sleep 0.05; done
check "a write command waits while the transaction is held" kill -0 "$WRITER"
release
wait "$WRITER"
rc=$?
check_eq "then succeeds once it is released" "$rc" 0
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
