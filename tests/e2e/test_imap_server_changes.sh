#!/bin/bash
# test_imap_server_changes.sh: Dovecot restarted mid-cycle, then a new UIDVALIDITY: nothing filed twice, everything marked.
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

N=500
gen_messages "$T/gen" "$N" restart
dc_deliver "$CORPUS"/*.eml "$T/gen"/*.eml || abort "loading the mailbox"
want=$(( $(corpus_distinct) + N ))
total=$(dc_count INBOX)
conf=$(lsd_conf main fetch_chunk=50)

# 1. The server goes away in the middle of an ingest; the daemon keeps running and finishes after it returns.
lsd_start_daemon "$conf"
wait_until 60 sh -c "[ \$(sqlite3 '$DB' 'select count(*) from document' 2>/dev/null || echo 0) -gt 20 ]" ||
    abort "the daemon filed nothing within 60 s"
# Down for 2 s, so that the cycle in hand fails (libcurl alone would reconnect across a quick restart).
dc_stop
mid=$(doc_count)
sleep 2
dc_start "$DC_DIR" >"$T/dc-restart.log" 2>&1 || abort "dovecot did not restart: $(cat "$T/dc-restart.log")"
[ "$mid" -lt "$want" ] || note "the ingest finished before the restart ($mid documents)"
wait_until 120 docs_are "$want"
check_eq "Dovecot restarted at $mid/$want documents: all filed" "$(doc_count)" "$want"
# The last message's mark follows its commit: give it a moment, then look.
wait_until 20 sh -c "[ \$(doveadm -c '$DC_CONF' search -u '$DC_USER' mailbox INBOX keyword '\$Filed' | wc -l) = $total ]"
check_eq "after the restart: messages marked \$Filed" "$(dc_count_keyword INBOX '$Filed')" "$total"
lsd_kill_daemon TERM
check_eq "after the restart: Message-IDs filed twice" "$(dup_count)" 0
check "an IMAP error was logged while the server was down" grep -q "imap: " "$T/daemon.log"

# 2. A new UIDVALIDITY (a rebuilt mailbox): old UIDs mean nothing. Some marks are lost too, as on a real rebuild,
#    so the rescan meets messages already filed: they must be marked, not filed again.
doveadm -c "$DC_CONF" flags remove -u "$DC_USER" '$Filed' mailbox INBOX uid 1:40 || abort "doveadm flags remove"
dc_uidvalidity INBOX 424242 || abort "doveadm mailbox update --uid-validity"
gen_messages "$T/late" 4 late
dc_save INBOX "$T/late"/*.eml || abort "loading late mail"
lsd_once "$conf" "$T/uidv.log"
check_eq "new UIDVALIDITY: --once exit status" "$?" 0
check "new UIDVALIDITY: the change was noticed" grep -q "UIDVALIDITY changed" "$T/uidv.log"
check_eq "new UIDVALIDITY: documents (4 new)" "$(doc_count)" "$((want + 4))"
check_eq "new UIDVALIDITY: Message-IDs filed twice" "$(dup_count)" 0
check_eq "new UIDVALIDITY: messages recognised as already filed" "$(grep -c ": already filed (" "$T/uidv.log")" 40
check_eq "new UIDVALIDITY: messages marked \$Filed" "$(dc_count_keyword INBOX '$Filed')" "$((total + 4))"
v=$(sqlite3 "$DB" "select uidvalidity from mailbox where name = 'INBOX'" 2>/dev/null)
check "new UIDVALIDITY: the store keeps the new one (${v:-no row})" [ -z "$v" -o "$v" = 424242 ]

# 3. And once more: nothing.
lsd_once "$conf" "$T/final.log"
check_eq "final poll: --once exit status" "$?" 0
check_not "final poll: quiet (no mail touched again)" grep -q "filed as document\|already filed" "$T/final.log"
finish
