#!/bin/bash
# test_ctl_ops.sh: liaisonctl's operations side with the real binaries: status (daemon running or not), outbox
# SPDX-License-Identifier: Apache-2.0
# show/cancel (a cancelled mail is never spooled), quarantine show/discard, sdo contact list/remove, config
# check/show (exit 2 with FILE:LINE; no password printed), the digest's message, exports under the user's umask.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT
wait_for() { # wait_for SECONDS COMMAND...: polls until the command succeeds
	local end=$((SECONDS + $1)); shift
	until "$@"; do [ $SECONDS -ge $end ] && return 1; sleep 0.2; done
}
NOW=2026-01-10T08:00:00Z
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp"
cp "$CORPUS/p02-itu-ls-plaintext-reply.eml" "$T/Maildir/new/1700000002.fine"
write_conf "$T/conf" "$T/liaisond.db" "$T/Maildir" "$T/spool"
sed -i 's/digest_time = "00:00"/digest_time = "23:59"/' "$T/conf" # the daemon queues no digest of its own
CTL=("$LIAISONCTL" -c "$T/conf")
LOCK=$T/liaisond.db.lock

# status: after one cycle of liaisond --once, no daemon runs, the cycle is recorded.
"$LIAISOND" --once -c "$T/conf" --now $NOW 2>>"$T/log"
check_eq "liaisond --once exits 0" "$?" 0
"${CTL[@]}" status >"$T/status"
check_eq "status exits 0" "$?" 0
check "status: no daemon runs" grep -qx 'daemon: *not running' "$T/status"
check "status: the last poll worked" grep -q '^last poll: .*: ok$' "$T/status"
check "status: its counts" grep -q '1 filed, 0 already filed, 0 quarantined; 1 sent, 0 deferred' "$T/status"
check "status: the outbox by state" grep -q '^outbox: *0 queued, 0 failed, 1 sent, 0 cancelled$' "$T/status"
check "status: the store and its size" grep -q "^store: *$T/liaisond.db, [0-9]* bytes" "$T/status"
"${CTL[@]}" status --json >"$T/status.json"
check "status --json is one JSON object, daemon not running" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["daemon"]["running"] is False and d["last_poll"]["result"] == "ok" and d["outbox"]["sent"]["ack"] == 1' "$T/status.json"
rm -f "$LOCK"
"${CTL[@]}" status >/dev/null
check "status never creates the lock file" test ! -e "$LOCK"

# status with a daemon running: its pid; after it stops, not running again.
"$LIAISOND" --foreground -c "$T/conf" 2>"$T/dlog" &
pid=$!
check "the daemon starts" wait_for 10 grep -q "started" "$T/dlog"
check "status shows its pid" wait_for 10 grep -qx "daemon: *running, pid $pid" <("${CTL[@]}" status)
check_eq "status --json: running" "$("${CTL[@]}" status --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["daemon"]["running"], d["daemon"]["pid"])')" "True $pid"
check "status --json: the daemon's own cycle" wait_for 10 bash -c "'$LIAISONCTL' -c '$T/conf' status --json | grep -q '\"pid\": $pid, \"result\": \"ok\"'"
kill -TERM $pid
wait $pid
pid=
check "after it stops, status says not running" grep -qx 'daemon: *not running' <("${CTL[@]}" status)

# digest: without --dry-run it says what it queued; cancelled, it is never sent.
"${CTL[@]}" digest --now $NOW >"$T/digest.out"
check_eq "digest exits 0" "$?" 0
check "digest says to whom and for which day" grep -qx 'digest for 2026-01-10 queued to chairs@example.org; .*' "$T/digest.out"
"${CTL[@]}" digest --dry-run --now $NOW >"$T/dry.out"
check "digest --dry-run prints the digest only" grep -q '^JCA-MV secretariat digest for 2026-01-10' "$T/dry.out"
id=$("${CTL[@]}" outbox --json | python3 -c 'import json,sys; print([d["id"] for d in map(json.loads, sys.stdin) if d["kind"] == "digest"][0])')
"${CTL[@]}" outbox show "$id" >"$T/show"
check "outbox show: state" grep -qx 'state: *queued' "$T/show"
check "outbox show: the recipients" grep -q '^envelope: *from tsbjcamv@itu.int to chairs@example.org$' "$T/show"
check "outbox show: the headers" grep -qx 'Subject: JCA-MV secretariat digest for 2026-01-10' "$T/show"
check "outbox show: the text, decoded" grep -q '^JCA-MV secretariat digest for 2026-01-10$' "$T/show"
"${CTL[@]}" outbox cancel "$id" >"$T/cancel"
check_eq "outbox cancel exits 0" "$?" 0
check "and says so" grep -q "outbox $id cancelled" "$T/cancel"
"${CTL[@]}" outbox cancel "$id" 2>/dev/null
check_eq "cancelling it again exits 1" "$?" 1
"${CTL[@]}" outbox retry "$id" 2>"$T/err"
check_eq "retry does not bring it back (exit 1)" "$?" 1
check "saying it is cancelled" grep -q "outbox $id is cancelled" "$T/err"
"$LIAISOND" --once -c "$T/conf" --now $NOW 2>>"$T/log"
check_eq "a cycle after the cancel exits 0" "$?" 0
check "the cancelled digest was not spooled" test ! -e "$T/spool/digest-$id.eml"
check_eq "nor any other digest for that day" "$(cat "$T"/spool/digest-* 2>/dev/null | grep -c 'digest for 2026-01-10')" 0
check "outbox show: cancelled" grep -qx 'state: *cancelled' <("${CTL[@]}" outbox show "$id")
check "status counts it" grep -q ', 1 cancelled$' <("${CTL[@]}" status)
"${CTL[@]}" outbox >"$T/outbox"
check "outbox: a header row" grep -qx 'ID  CREATED  *KIND  *STATE  *TO  *ATTEMPTS  ERROR' <(head -n 1 "$T/outbox")
check "outbox: the digest cancelled, to its recipient" \
	grep -q "^ *$id  [0-9-]*T[0-9:]*  digest  *cancelled  *chairs@example.org  *0  -$" "$T/outbox"
"${CTL[@]}" outbox cancel 1 2>"$T/err"
check_eq "a sent mail cannot be cancelled (exit 1)" "$?" 1
check "saying it was sent" grep -q "outbox 1 is sent" "$T/err"

# quarantine show and discard: a message that stalled the parser is quarantined at the next start.
cp "$CORPUS/p01-itu-ls-docx.eml" "$T/Maildir/new/1700000001.stall"
LIAISOND_PARSE_TIMEOUT_MS=1 "$LIAISOND" --once -c "$T/conf" --now $NOW 2>>"$T/log"
"$LIAISOND" --once -c "$T/conf" --now $NOW 2>>"$T/log"
qid=$("${CTL[@]}" quarantine --json | python3 -c 'import json,sys; print([d["id"] for d in map(json.loads, sys.stdin)][0])')
"${CTL[@]}" quarantine show "$qid" >"$T/qshow"
check_eq "quarantine show exits 0" "$?" 0
check "quarantine show: the key" grep -qx 'key: *new/1700000001.stall' "$T/qshow"
check "quarantine show: the reason" grep -q '^reason: .*stalled the parser' "$T/qshow"
check "quarantine show: where it is" grep -qx "where: *$T/Maildir/.Quarantine/cur/1700000001.stall" "$T/qshow"
check "quarantine show: its headers" grep -qx 'Message-ID: <fgmv-ls1.20230310@itu.int>' "$T/qshow"
check "status: one held" grep -qx 'quarantine: 1 held' <("${CTL[@]}" status)
"${CTL[@]}" quarantine discard "$qid" >"$T/discard"
check_eq "quarantine discard exits 0" "$?" 0
check "it says the message stays at the source" grep -q 'stays in the folder Quarantine' "$T/discard"
check_eq "the record is gone: the table's header alone" "$("${CTL[@]}" quarantine)" "ID  CREATED  STATE  KEY  REASON"
check "the message is still in the quarantine folder" test -f "$T/Maildir/.Quarantine/cur/1700000001.stall"
"${CTL[@]}" quarantine discard "$qid" 2>/dev/null
check_eq "discarding it again exits 1" "$?" 1

# sdo contact list and remove.
"${CTL[@]}" sdo contact add SG16 rapporteur@example.org >/dev/null
"${CTL[@]}" sdo contact list "ITU-T SG16" >"$T/contacts"
check "contact list: a header row" grep -q '^SDO  *EMAIL  *FROM$' "$T/contacts"
check "contact list: the directory's contact" grep -q '^ITU-T SG16  *tsbsg16@itu.int  *directory$' "$T/contacts"
check "contact list: the added one" grep -q '^ITU-T SG16  *rapporteur@example.org  *added$' "$T/contacts"
"${CTL[@]}" sdo contact remove SG16 tsbsg16@itu.int 2>"$T/err"
check_eq "removing a directory contact exits 1" "$?" 1
check "saying it comes from the directory" grep -q 'comes from the directory of standards bodies' "$T/err"
"${CTL[@]}" sdo contact remove SG16 rapporteur@example.org >/dev/null
check_eq "removing the added one exits 0" "$?" 0
check "it is gone" bash -c "! '$LIAISONCTL' -c '$T/conf' sdo contact list SG16 | grep -q rapporteur"
# A body's name in words, as the shell splits it unquoted.
"${CTL[@]}" sdo contact add ITU-T SG20 sg20-rapporteur@example.org >/dev/null
check_eq "contact add ITU-T SG20 (unquoted) exits 0" "$?" 0
check "contact list ITU-T SG20 (unquoted) lists it" \
	grep -q '^ITU-T SG20  *sg20-rapporteur@example.org  *added$' <("${CTL[@]}" sdo contact list ITU-T SG20)
"${CTL[@]}" sdo contact remove ITU-T SG20 sg20-rapporteur@example.org >/dev/null
check_eq "contact remove ITU-T SG20 (unquoted) exits 0" "$?" 0

# config check: good, then a bad value (exit 2, FILE:LINE: setting).
"${CTL[@]}" config check >"$T/check"
check_eq "config check exits 0" "$?" 0
check "and says so" grep -qx "$T/conf: configuration OK" "$T/check"
sed 's/poll_interval = 1;/poll_interval = 0;/' "$T/conf" >"$T/bad.conf"
"$LIAISONCTL" -c "$T/bad.conf" config check >/dev/null 2>"$T/err"
check_eq "a bad value: config check exits 2" "$?" 2
check "naming file, line and setting" grep -q "$T/bad.conf:2: mailbox.poll_interval" "$T/err"
printf 'sdo: { file = "nosuch.conf"; };\n' >>"$T/bad2.conf"
cat "$T/conf" "$T/bad2.conf" >"$T/bad3.conf"
"$LIAISONCTL" -c "$T/bad3.conf" config check >/dev/null 2>&1
check_eq "a missing directory file: exit 2" "$?" 2

# config show: the effective configuration; a password is never printed, inline or from a file.
printf 'file-secret-4711\n' >"$T/imap.pass"
chmod 600 "$T/imap.pass"
cat >"$T/pw.conf" <<CONF
store:       { path = "$T/liaisond.db"; };
mailbox:     { url = "imaps://mail.example.org/INBOX"; user = "jca"; password_file = "imap.pass"; };
smtp:        { url = "smtps://smtp.example.org"; user = "jca"; password = "inline-secret-0815"; };
secretariat: { address = "tsbjcamv@itu.int"; };
CONF
chmod 600 "$T/pw.conf" # an inline password: others must not read the file
"$LIAISONCTL" -c "$T/pw.conf" config check >/dev/null
check_eq "config check with IMAP and SMTP URLs connects nowhere, exits 0" "$?" 0
"$LIAISONCTL" -c "$T/pw.conf" config show >"$T/shown"
check_eq "config show exits 0" "$?" 0
check "no password printed" bash -c "! grep -q 'secret-' '$T/shown'"
check "the inline one: (set)" grep -q '# password: (set)' "$T/shown"
check "the file's: (from FILE)" grep -q "# password: (from $T/imap.pass)" "$T/shown"
check "the defaults are filled in" grep -qx $'\tpoll_interval = 60;' "$T/shown"
LIAISOND_SMTP_PASSWORD=env-secret-1 "$LIAISONCTL" -c "$T/pw.conf" config show >"$T/shown2"
check "the environment's: (from \$LIAISOND_SMTP_PASSWORD)" grep -q '# password: (from $LIAISOND_SMTP_PASSWORD)' "$T/shown2"
check "still no password" bash -c "! grep -q 'secret-' '$T/shown2'"
cp "$T/shown" "$T/shown.conf"
"$LIAISONCTL" -c "$T/shown.conf" config check >/dev/null
check_eq "what config show prints loads again" "$?" 0

# Exports follow the user's umask.
(umask 022 && "${CTL[@]}" ics -o "$T/d.ics")
check_eq "ics -o under umask 022" "$(stat -c %a "$T/d.ics")" 644
(umask 077 && "${CTL[@]}" roadmap export --format csv -o "$T/r.csv")
check_eq "roadmap export -o under umask 077" "$(stat -c %a "$T/r.csv")" 600

# Bash completion: commands, sub-commands and options, read from liaisonctl's usage texts.
complete() { :; }
. "$SRC/etc/bash-completion/liaisonctl"
unset -f complete
compl() { COMP_WORDS=("$LIAISONCTL" "$@"); COMP_CWORD=$#; _liaisonctl; echo "${COMPREPLY[*]}"; }
check_eq "completion: commands" "$(compl st)" status
check_eq "completion: sub-commands" "$(compl outbox '')" "cancel retry show"
check_eq "completion: after -c FILE" "$(compl -c "$T/conf" sdo contact '')" "add list remove"
check_eq "completion: a command's options" "$(compl digest --)" "--dry-run --html --now --help"
check_eq "completion: an option's values" "$(compl roadmap export --format '')" "csv md html json docx"

if [ "$fails" -gt 0 ]; then echo "--- logs:"; tail -n 30 "$T/log" "$T/dlog" "$T/qshow" 2>/dev/null; fi
finish
