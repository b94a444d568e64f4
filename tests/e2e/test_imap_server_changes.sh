#!/bin/bash
# test_imap_server_changes.sh: Dovecot restarted mid-cycle, then a new UIDVALIDITY: nothing filed twice, everything marked.
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require

N=500
gen_messages "$T/gen" "$N" restart
dc_deliver "$CORPUS"/*.eml "$T/gen"/*.eml || fail "loading the mailbox"
want=$(( $(corpus_distinct) + N ))
total=$(dc_count INBOX)
conf=$(lsd_conf main fetch_chunk=50)

# 1. The server goes away in the middle of an ingest; the daemon keeps running and finishes after it returns.
lsd_start_daemon "$conf"
wait_until 60 sh -c "[ \$(sqlite3 '$DB' 'select count(*) from document' 2>/dev/null || echo 0) -gt 20 ]" ||
    fail "the daemon filed nothing within 60 s"
# Down for 2 s, so that the cycle in hand fails (libcurl alone would reconnect across a quick restart).
dc_stop
mid=$(doc_count)
sleep 2
dc_start "$DC_DIR" >"$T/dc-restart.log" 2>&1 || fail "dovecot did not restart: $(cat "$T/dc-restart.log")"
[ "$mid" -lt "$want" ] || echo "note: the ingest finished before the restart ($mid documents)"
wait_until 120 docs_are "$want" || fail "after the restart: $(doc_count) documents, expected $want"
# The last message's mark follows its commit: give it a moment, then look.
wait_until 20 sh -c "[ \$(doveadm -c '$DC_CONF' search -u '$DC_USER' mailbox INBOX keyword '\$Filed' | wc -l) = $total ]" ||
    fail "after the restart: $(dc_count_keyword INBOX '$Filed') of $total marked"
lsd_kill_daemon TERM
[ "$(dup_count)" = 0 ] || fail "$(dup_count) Message-IDs filed twice"
grep -q "imap: " "$T/daemon.log" || fail "no IMAP error logged while the server was down"
ok "Dovecot restarted at $mid/$want documents: all filed once and marked"

# 2. A new UIDVALIDITY (a rebuilt mailbox): old UIDs mean nothing. Some marks are lost too, as on a real rebuild,
#    so the rescan meets messages already filed: they must be marked, not filed again.
doveadm -c "$DC_CONF" flags remove -u "$DC_USER" '$Filed' mailbox INBOX uid 1:40 || fail "doveadm flags remove"
dc_uidvalidity INBOX 424242 || fail "doveadm mailbox update --uid-validity"
gen_messages "$T/late" 4 late
dc_save INBOX "$T/late"/*.eml || fail "loading late mail"
lsd_once "$conf" "$T/uidv.log" || fail "--once after the UIDVALIDITY change exited $?"
grep -q "UIDVALIDITY changed" "$T/uidv.log" || fail "the UIDVALIDITY change was not noticed"
[ "$(doc_count)" = "$((want + 4))" ] || fail "after the UIDVALIDITY change: $(doc_count) documents, expected $((want + 4))"
[ "$(dup_count)" = 0 ] || fail "after the UIDVALIDITY change: $(dup_count) Message-IDs filed twice"
again=$(grep -c ": already filed (" "$T/uidv.log")
[ "$again" = 40 ] || fail "$again messages recognised as already filed, expected 40"
marked=$(dc_count_keyword INBOX '$Filed')
[ "$marked" = "$((total + 4))" ] || fail "after the UIDVALIDITY change: $marked of $((total + 4)) marked"
v=$(sqlite3 "$DB" "select uidvalidity from mailbox where name = 'INBOX'" 2>/dev/null)
[ -z "$v" ] || [ "$v" = 424242 ] || fail "the store kept UIDVALIDITY $v"
ok "new UIDVALIDITY: 4 new filed, $again recognised and marked, nothing twice"

# 3. And once more: nothing.
lsd_once "$conf" "$T/final.log" || fail "final --once exited $?"
grep -q "filed as document\|already filed" "$T/final.log" && fail "the final poll touched mail again"
ok "final poll quiet"
exit 0
