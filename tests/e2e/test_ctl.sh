#!/bin/bash
# test_ctl.sh: liaisonctl's command line: help, COMMAND --help, and usage errors that exit 2 having done nothing.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp" "$T/Maildir/.Sent/cur"
cp "$CORPUS/p03-outgoing-ls-from-secretariat.eml" "$T/Maildir/.Sent/cur/1.p03" # the secretariat's own: trusted
write_conf "$T/conf" "$T/liaisond.db" "$T/Maildir" "$T/spool"
sed -i 's/poll_interval = 1;/poll_interval = 1; sent_folders = [ "Sent" ];/' "$T/conf"
sed -i 's/digest_time = "00:00"/digest_time = "23:59"/' "$T/conf" # liaisond itself queues no digest today
"$LIAISOND" --once -c "$T/conf" --now 2026-01-10T08:00:00Z 2>>"$T/log"
CTL=("$LIAISONCTL" -c "$T/conf")
outbox() { "${CTL[@]}" outbox --json | wc -l; }
check_eq "the store holds the message, the outbox nothing" "$("${CTL[@]}" list --json | wc -l)/$(outbox)" 1/0

# help, help COMMAND and COMMAND --help: usage on stdout, exit 0.
"${CTL[@]}" help >"$T/help" 2>"$T/err"
check_eq "help exits 0" "$?" 0
check "help lists every command" grep -q '^  digest \[--now ISO8601\] \[--dry-run \[--html\]\]' "$T/help"
check "help writes nothing on stderr" test ! -s "$T/err"
"${CTL[@]}" help digest >"$T/help-digest"
check_eq "help digest exits 0" "$?" 0
check "help digest prints its usage" grep -qx 'usage: liaisonctl digest \[--now ISO8601\] \[--dry-run \[--html\]\]' "$T/help-digest"
"${CTL[@]}" digest --help >"$T/digest-help"
check_eq "digest --help exits 0" "$?" 0
check "digest --help prints the same" cmp -s "$T/help-digest" "$T/digest-help"
"$LIAISONCTL" -c "$T/conf" --help >/dev/null
check_eq "liaisonctl --help exits 0" "$?" 0
write_conf "$T/nostore.conf" "$T/none/liaisond.db" "$T/Maildir" "$T/spool"
"$LIAISONCTL" -c "$T/nostore.conf" list --help >/dev/null
check_eq "--help needs no store" "$?" 0
"$LIAISONCTL" -c "$T/nostore.conf" list >/dev/null 2>&1
check_eq "without --help, a missing store is a runtime failure" "$?" 1

# Usage errors: one line and the command's usage on stderr, exit 2, nothing done.
"${CTL[@]}" digest --dryrun >"$T/out" 2>"$T/err"
check_eq "digest --dryrun (misspelt) exits 2" "$?" 2
check_eq "and queues no digest" "$(outbox)" 0
check_eq "nothing on stdout" "$(wc -c <"$T/out")" 0
check "the message names the option" grep -q "^liaisonctl: unrecognized option '--dryrun'" "$T/err"
check "the usage follows" grep -qx 'usage: liaisonctl digest \[--now ISO8601\] \[--dry-run \[--html\]\]' "$T/err"
"${CTL[@]}" digest now 2>/dev/null
check_eq "digest with an extra argument exits 2" "$?" 2
check_eq "and queues no digest" "$(outbox)" 0
"${CTL[@]}" digest --now 2>/dev/null
check_eq "an option without its value exits 2" "$?" 2
"${CTL[@]}" show 2>/dev/null
check_eq "show without its argument exits 2" "$?" 2
"${CTL[@]}" show 1 2 2>/dev/null
check_eq "show with an extra argument exits 2" "$?" 2
"${CTL[@]}" list --kind liaison extra 2>/dev/null
check_eq "list with an argument exits 2" "$?" 2
"${CTL[@]}" outbox retry 1 2 2>/dev/null
check_eq "outbox retry with two IDs exits 2" "$?" 2
"${CTL[@]}" roadmap export --format csv --bogus 2>/dev/null
check_eq "roadmap export --bogus exits 2" "$?" 2
"${CTL[@]}" help nosuch 2>/dev/null
check_eq "help for an unknown command exits 2" "$?" 2
"${CTL[@]}" frobnicate 2>/dev/null
check_eq "an unknown command exits 2" "$?" 2

# The options as they always were: in any order, with the value after a space or '='.
check_eq "show 1 --json (option after the argument)" "$("${CTL[@]}" show 1 --json | grep -c '"id": 1,')" 1
check_eq "list --json --kind=liaison" "$("${CTL[@]}" list --json --kind=liaison | wc -l)" 1
check_eq "deadlines --now DATE --json" "$("${CTL[@]}" deadlines --now 2026-02-01 --json | grep -c '"state": "open"')" 8
"${CTL[@]}" digest --dry-run --now 2026-01-10T08:00:00Z >"$T/digest.txt"
check "digest --dry-run prints the digest" grep -q '^JCA-MV secretariat digest for 2026-01-10' "$T/digest.txt"
check_eq "and queues none" "$(outbox)" 0
"${CTL[@]}" digest --now 2026-01-10T08:00:00Z >/dev/null
check_eq "digest without --dry-run queues it" "$(outbox)" 1
finish
