#!/bin/bash
# test_imap_move_quarantine.sh: mark = "move" (UID MOVE, then COPY/\Deleted/UID EXPUNGE without MOVE), quarantine and liaisonctl requeue over IMAP.
. "$(dirname "${BASH_SOURCE[0]}")/imap_lib.sh"
lsd_require
[ -x "$LIAISONCTL" ] || fail "no $LIAISONCTL"

N=20
ncorpus=$(ls "$CORPUS"/*.eml | wc -l)
gen_messages "$T/gen" "$N" move
printf 'no header here at all\njust text\n' >"$T/bad1.eml"
printf ':\n\n' >"$T/bad2.eml"
dc_save INBOX "$CORPUS"/*.eml "$T/gen"/*.eml "$T/bad1.eml" "$T/bad2.eml" || fail "loading the mailbox"
dc_save Keep "$T/gen/move-1.eml" || fail "creating Keep"
want=$(( $(corpus_distinct) + N ))
conf=$(lsd_conf move 'mark = "move"' fetch_chunk=7)

# 1. UID MOVE (Dovecot offers MOVE): filed mail leaves INBOX for Filed, created on first use; bad mail goes to Quarantine.
l0=$(dc_logins)
lsd_once "$conf" || fail "--once in move mode exited $?"
[ "$(( $(dc_logins) - l0 ))" = 1 ] || fail "move mode: $(( $(dc_logins) - l0 )) logins in one cycle, expected 1"
[ "$(doc_count)" = "$want" ] || fail "move mode: $(doc_count) documents, expected $want"
[ "$(dc_count INBOX)" = 0 ] || fail "move mode: $(dc_count INBOX) messages left in INBOX"
[ "$(dc_count Filed)" = $((ncorpus + N)) ] || fail "move mode: $(dc_count Filed) messages in Filed"
[ "$(dc_count Quarantine)" = 2 ] || fail "$(dc_count Quarantine) messages in Quarantine, expected 2"
[ "$(sqlite3 "$DB" "select count(*) from quarantine where state = 'held'")" = 2 ] || fail "the store holds no 2 quarantined"
[ "$(dc_count Keep)" = 1 ] || fail "another folder was touched"
ok "UID MOVE: $want filed into Filed, 2 into Quarantine (both created), one login"

# 2. liaisonctl requeue: the message goes back to INBOX (found by its quarantine keyword) and is processed again.
id=$(sqlite3 "$DB" "select min(id) from quarantine where state = 'held'")
key=$(sqlite3 "$DB" "select source_key from quarantine where id = $id")
timeout 60 "$LIAISONCTL" -c "$conf" requeue "$id" >"$T/requeue.log" 2>&1 || fail "liaisonctl requeue $id exited $?"
[ "$(dc_count Quarantine)" = 1 ] || fail "after requeue: $(dc_count Quarantine) in Quarantine"
[ "$(dc_count INBOX)" = 1 ] || fail "after requeue: $(dc_count INBOX) in INBOX"
timeout 60 "$LIAISONCTL" -c "$conf" requeue "$id" >"$T/requeue2.log" 2>&1 && fail "requeue of a requeued message succeeded"
lsd_once "$conf" "$T/again.log" || fail "--once after requeue exited $?"
grep -q "quarantined: not a message" "$T/again.log" || fail "the requeued message was not processed again"
grep -q "$key: quarantined" "$T/again.log" && fail "the requeued message kept its old key"
[ "$(dc_count Quarantine)" = 2 ] || fail "after the second pass: $(dc_count Quarantine) in Quarantine"
[ "$(dc_count INBOX)" = 0 ] || fail "after the second pass: $(dc_count INBOX) in INBOX"
ok "requeue of $key: back in INBOX, processed again under a new UID"

# 3. A server without MOVE: UID COPY, \Deleted and UID EXPUNGE of that UID only. A message a person
#    marked \Deleted (and that is not ours to take: it carries the keyword) must survive: a plain EXPUNGE would purge it.
dc_stop
DC_CAPS="IMAP4rev1 LITERAL+ SASL-IR UIDPLUS NAMESPACE" dc_start "$DC_DIR" >"$T/dc-restart.log" 2>&1 ||
    fail "dovecot did not restart"
gen_messages "$T/gen2" 5 nomove
dc_save INBOX "$T/gen2"/*.eml || fail "loading"
dc_save INBOX "$T/gen/move-2.eml" || fail "loading"
doveadm -c "$DC_CONF" flags add -u "$DC_USER" '\Deleted $Filed' mailbox INBOX header Message-ID '<move-2@test.invalid>' ||
    fail "doveadm flags add"
LIAISOND_IMAP_TRACE=1 timeout 120 "$LIAISOND" -c "$conf" --once --foreground --log-level debug >"$T/nomove.log" 2>&1 ||
    fail "--once without MOVE exited $?"
grep -q "C: A[0-9]* UID MOVE" "$T/nomove.log" && fail "UID MOVE sent to a server without MOVE"
grep -q "C: A[0-9]* UID COPY" "$T/nomove.log" || fail "no UID COPY"
grep -q "C: A[0-9]* UID EXPUNGE" "$T/nomove.log" || fail "no UID EXPUNGE"
grep -q "C: A[0-9]* EXPUNGE" "$T/nomove.log" && fail "a plain EXPUNGE was sent"
[ "$(doc_count)" = "$((want + 5))" ] || fail "without MOVE: $(doc_count) documents, expected $((want + 5))"
[ "$(dc_count INBOX)" = 1 ] || fail "without MOVE: $(dc_count INBOX) in INBOX, expected the one marked \\Deleted by a person"
[ "$(dc_count Filed)" = $((ncorpus + N + 5)) ] || fail "without MOVE: $(dc_count Filed) in Filed"
ok "without MOVE: COPY + UID EXPUNGE, nobody else's \\Deleted mail expunged"
exit 0
